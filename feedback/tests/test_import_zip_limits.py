"""An .xlsx is a zip: one that would unpack to far more than a spreadsheet holds is refused before it
is opened, with a message saying which part and what is wrong. The zips here are real, made in each test."""

from __future__ import annotations

import os
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from feedback.imports import parsing
from feedback.imports.parsing import ImportFileError, read_table
from feedback.models import Feedback
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def real_workbook(path: Path) -> Path:
    book = Workbook()
    book.active.append(["Date", "Comment"])
    book.active.append(["01/02/2024", "Kind staff"])
    book.save(path)
    return path


def with_part(path: Path, name: str, megabytes: int, chunk: bytes = b" " * MB) -> Path:
    """A real workbook whose part `name` (replaced or added) is `chunk`, a megabyte of spaces unless
    said, written `megabytes` times."""
    original = real_workbook(path.with_suffix(".original.xlsx"))
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename != name:
                archive.writestr(item, source.read(item))
        with archive.open(name, "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(chunk)
    return path


def test_a_part_packed_like_a_zip_bomb_is_refused_quickly(tmp_path):
    path = with_part(tmp_path / "survey.xlsx", SHEET, 40)
    assert path.stat().st_size < MB  # 40 MB of spaces pack to a few dozen kilobytes
    started = time.monotonic()
    with pytest.raises(ImportFileError) as exc:
        read_table(path)
    assert time.monotonic() - started < 2
    message = str(exc.value)
    assert message.startswith("Heard cannot safely open this Excel file: opened, one part of it grows ")
    assert "times, to 40 MB, and a spreadsheet grows at most 100 times" in message
    # In words the person importing knows: not the names of the file's insides, nor zip words.
    assert "xl/" not in message and "unpack" not in message and "packed" not in message


def test_a_part_that_unpacks_beyond_the_limit_is_refused(tmp_path):
    path = with_part(tmp_path / "big.xlsx", "xl/sharedStrings.xml", 251)
    with pytest.raises(ImportFileError) as exc:
        read_table(path)
    assert str(exc.value) == (
        "This Excel file is too big to read: opened, one part of it comes to 251 MB, and Heard reads at most "
        "250 MB. Split it into smaller files."
    )


def test_a_file_whose_parts_together_unpack_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    # Each part is within the limits, packed as text packs; together they are too much.
    monkeypatch.setattr(parsing, "MAX_XLSX_BYTES", 3 * MB)
    path = real_workbook(tmp_path / "many.xlsx")
    lines = b"".join(f"<row r='{i}'><c><v>{i * 7919 % 100003}</v></c></row>".encode() for i in range(80_000))
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for n in (2, 3):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", lines[: 2 * MB])
    with pytest.raises(
        ImportFileError, match=r"too big to read: opened, it comes to 4 MB, and Heard reads at most 3 MB\. Split it"
    ):
        read_table(path)


def test_a_file_of_thousands_of_parts_is_refused(tmp_path):
    path = real_workbook(tmp_path / "parts.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(1000):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    with pytest.raises(ImportFileError, match=r"made of 1,009 parts; .* up to 1,000\."):
        read_table(path)


def test_a_real_workbook_within_the_limits_is_read(tmp_path):
    path = with_part(tmp_path / "fine.xlsx", "xl/media/photo.png", 2, chunk=os.urandom(MB))
    assert list(read_table(path).rows()) == [(2, ["01/02/2024", "Kind staff"])]


def test_the_upload_page_and_the_command_name_the_file_and_what_is_wrong(client, org, tmp_path):
    ServiceFactory(organisation=org, name="Patient Transport")
    path = with_part(tmp_path / "bomb.xlsx", SHEET, 20)
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    page = client.post("/feedback/import/", {"file": SimpleUploadedFile("bomb.xlsx", path.read_bytes())})
    assert page.status_code == 200
    assert "bomb.xlsx: Heard cannot safely open this Excel file" in page.content.decode()
    with pytest.raises(CommandError, match=r"^bomb\.xlsx: Heard cannot safely open this Excel file"):
        call_command("import", "feedback", str(path), org="northgate", service="Patient Transport", stdout=StringIO())
    assert Feedback.objects.for_org(org).count() == 0
