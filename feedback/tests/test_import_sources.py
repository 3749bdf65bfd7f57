"""Where an imported file comes from: a row is the same as one imported before only if it has the same
key from the same source, so another survey or system whose row IDs also run 1, 2, 3 is imported."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from feedback.imports.parsing import ImportFileError
from feedback.imports.selectors import import_sources
from feedback.imports.services import feedback_import, feedback_import_preview
from feedback.models import Feedback
from feedback.tests.test_import import MAPPING, write_csv
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

# Two surveys of one provider, each numbering its rows from 1.
WARD_CARDS = [
    ["1", "01/02/2024", "Patient Transport", "1", "", "Kind driver"],
    ["2", "02/02/2024", "Patient Transport", "2", "", "On time"],
    ["3", "03/02/2024", "Patient Transport", "4", "", "Cold ambulance"],
]
ONLINE_SURVEY = [
    ["1", "10/03/2024", "Patient Transport", "5", "", "Nobody called back"],
    ["2", "11/03/2024", "Patient Transport", "1", "", "Lovely crew"],
    ["3", "12/03/2024", "Patient Transport", "3", "", "Fine"],
]


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def service(org):
    return ServiceFactory(organisation=org, name="Patient Transport")


@pytest.fixture
def files(tmp_path):
    return write_csv(tmp_path / "ward-cards.csv", WARD_CARDS), write_csv(tmp_path / "online.csv", ONLINE_SURVEY)


def texts(org) -> list[str]:
    return sorted(Feedback.objects.for_org(org).values_list("comments__text", flat=True))


def test_a_second_survey_with_the_same_row_ids_imports_when_its_source_is_named(admin_scope, org, service, files):
    cards, online = files
    first = feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source="Ward cards")
    second = feedback_import(scope=admin_scope, file=online, mapping=MAPPING, mode="keep_good", source="Online survey")

    assert (first.feedback_created, second.feedback_created, second.duplicates) == (3, 3, 0)
    assert texts(org) == sorted(r[5] for r in WARD_CARDS + ONLINE_SURVEY)
    assert set(Feedback.objects.for_org(org).values_list("import_source", "source_key")) == {
        (source, f"import:{i}") for source in ("Ward cards", "Online survey") for i in (1, 2, 3)
    }


def test_the_same_file_from_the_same_source_adds_nothing_new_however_the_source_is_typed(
    admin_scope, org, service, files
):
    cards, _ = files
    feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source="Ward cards")
    for typed in ("Ward cards", "  ward   CARDS "):
        again = feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source=typed)
        assert (again.feedback_created, again.duplicates, again.clashes) == (0, 3, 0)
        assert again.source == "Ward cards"
    assert Feedback.objects.for_org(org).count() == 3


def test_feedback_imported_without_a_source_is_still_recognised_without_one(admin_scope, org, service, files):
    # Every import before sources were named has none: importing those files again as before adds nothing.
    cards, _ = files
    feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good")
    assert set(Feedback.objects.for_org(org).values_list("import_source", flat=True)) == {""}
    again = feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good")
    assert (again.feedback_created, again.duplicates) == (0, 3)
    assert Feedback.objects.for_org(org).count() == 3


def test_a_row_id_imported_before_with_other_details_is_not_skipped_silently(admin_scope, org, service, files):
    cards, online = files
    feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good")

    preview = feedback_import_preview(scope=admin_scope, file=online, mapping=MAPPING)
    assert (preview.feedback_to_create, preview.duplicates, preview.clashes) == (0, 3, 3)
    report = feedback_import(scope=admin_scope, file=online, mapping=MAPPING, mode="keep_good")

    assert (report.feedback_created, report.duplicates, report.clashes) == (0, 3, 3)
    assert [(w.line, w.field) for w in report.warnings] == [(2, "source_id"), (3, "source_id"), (4, "source_id")]
    assert report.warnings[0].reason.startswith(
        "Not imported: row ID '1' was imported before from a file whose source was not named, with a different "
        "date and rating. If this file comes from another survey or system,"
    )
    # The same file again is simply a duplicate, with nothing to say about it.
    assert feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good").warnings == []


def test_a_source_name_too_long_is_refused_and_nothing_is_written(admin_scope, org, service, files):
    cards, _ = files
    with pytest.raises(ImportFileError, match="up to 100 characters"):
        feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source="x" * 101)
    assert Feedback.objects.for_org(org).count() == 0


def test_sources_named_before_are_offered_only_from_the_services_in_scope(make_scope, org, services, tmp_path):
    rowan, beech, _ = services
    admin = make_scope(Role.ADMINISTRATOR)
    for name, source in (("Rowan House", "Rowan cards"), ("Beech Court", "Beech survey")):
        path = write_csv(tmp_path / f"{source}.csv", [["1", "01/02/2024", name, "1", "", "Good"]])
        feedback_import(scope=admin, file=path, mapping=MAPPING, mode="keep_good", source=source)
    assert import_sources(scope=admin) == ["Beech survey", "Rowan cards"]
    assert import_sources(scope=make_scope(Role.SERVICE_MANAGER, services=[rowan])) == ["Rowan cards"]


# --- the pages and the command -------------------------------------------------------------------


def _cards_imported_then_uploaded(client, org, cards, upload) -> tuple[str, str]:
    """The ward cards imported from the command line (no source named), then `upload` uploaded by a
    quality lead: the columns page's address and the upload's token."""
    call_command("import", "feedback", str(cards), org="northgate", map=["source_id=ID"], stdout=StringIO())
    client.force_login(person_with_role(org, Role.QUALITY_LEAD, all_services=True).user)
    response = client.post("/feedback/import/", {"file": SimpleUploadedFile(upload.name, upload.read_bytes())})
    columns_url = response["Location"]
    return columns_url, columns_url.split("/")[-3]


def test_the_pages_import_a_second_survey_once_its_source_is_named(client, org, service, files):
    cards, online = files
    columns_url, token = _cards_imported_then_uploaded(client, org, cards, online)
    choice = {
        "source_id": "ID",
        "date": "Date",
        "service": "Service",
        "rating": "Rating",
        "text": "Comment",
        "date_format": "dd/mm/yyyy",
    }

    # Without a source the rows look imported before, and the check page says why they probably are not.
    client.post(columns_url, choice)
    page = client.get(f"/feedback/import/{token}/check/").content.decode()
    assert "This file may come from another survey or system" in page
    assert "0 pieces of feedback would be added" in page

    # Named, the survey is its own source: every row is added, and the source is offered next time.
    assert client.post(columns_url, {**choice, "source": "Online survey"}).status_code == 302
    page = client.get(f"/feedback/import/{token}/check/").content.decode()
    assert "From Online survey" in page and "3 pieces of feedback would be added" in page
    assert "another survey or system" not in page
    b"".join(client.post(f"/feedback/import/{token}/check/", {"mode": "all_or_nothing"}).streaming_content)
    page = client.get(f"/feedback/import/{token}/result/").content.decode()
    assert "Online survey" in page and "3 (with 3 comments)" in page
    assert texts(org) == sorted(r[5] for r in WARD_CARDS + ONLINE_SURVEY)

    response = client.post("/feedback/import/", {"file": SimpleUploadedFile("online.csv", online.read_bytes())})
    assert "Named before: Online survey." in client.get(response["Location"]).content.decode()


def test_the_command_imports_a_second_survey_by_its_source_and_the_same_file_once(org, service, files):
    cards, online = files

    def run(path, **options) -> str:
        out = StringIO()
        call_command("import", "feedback", str(path), org="northgate", map=["source_id=ID"], stdout=out, **options)
        return out.getvalue()

    run(cards)
    text = run(online, source="Online survey")
    assert "source          Online survey" in text and "Feedback created: 3 (with 3 comments)" in text
    text = run(online, source="online survey")
    assert "Feedback created: 0 (with 0 comments)" in text and "Rows skipped as already imported: 3" in text
    assert Feedback.objects.for_org(org).count() == 6


def test_the_same_survey_under_another_name_is_pointed_out_before_and_after_it_is_imported(
    admin_scope, org, service, files
):
    cards, online = files
    feedback_import(scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source="Ward cards")

    # Another survey numbering its rows alike is not taken for it: its dates and ratings differ.
    other = feedback_import_preview(scope=admin_scope, file=online, mapping=MAPPING, source="Online survey")
    assert (other.feedback_to_create, other.imported_elsewhere) == (3, 0)

    preview = feedback_import_preview(scope=admin_scope, file=cards, mapping=MAPPING, source="Ward comment cards")
    assert (preview.feedback_to_create, preview.duplicates, preview.imported_elsewhere) == (3, 0, 3)
    assert preview.elsewhere_sources == ["Ward cards"]
    # The person may still import it (it may be a second survey that happens to match); the result says so.
    report = feedback_import(
        scope=admin_scope, file=cards, mapping=MAPPING, mode="keep_good", source="Ward comment cards"
    )
    assert report.feedback_created == 3
    assert [str(w.reason) for w in report.warnings if w.field == "source"] == [
        "3 rows match feedback imported before from 'Ward cards', with the same ID, date, service and rating, and "
        "are imported again under 'Ward comment cards'. If this is the same survey or system, name it as before, "
        "or the feedback is counted twice."
    ]


def test_the_check_page_warns_of_a_survey_imported_before_under_another_name(client, org, service, files):
    cards, _ = files
    columns_url, token = _cards_imported_then_uploaded(client, org, cards, cards)
    choice = {"source_id": "ID", "date": "Date", "service": "Service", "rating": "Rating", "text": "Comment"}
    client.post(columns_url, {**choice, "date_format": "dd/mm/yyyy", "source": "Ward cards"})
    page = client.get(f"/feedback/import/{token}/check/").content.decode()
    assert "This file may have been imported before under another name" in page
    assert "3 rows match feedback imported before from a file whose source was not named" in page


# A survey export where each row has its own ID and most rows name the respondent who gave them; an
# anonymous answer names nobody.
RESPONDENT_HEADER = ["Row", "Respondent", "Date", "Service", "Rating", "Question", "Comment"]
RESPONDENT_MAPPING = MAPPING.with_columns(source_id="Row", respondent="Respondent")


def test_a_row_naming_nobody_is_not_taken_for_a_respondent_with_the_same_id(admin_scope, org, service, tmp_path):
    rows = [
        ["17", "5", "01/02/2024", "Patient Transport", "1", "Overall", "Kind driver"],
        ["18", "5", "01/02/2024", "Patient Transport", "1", "Better", "Nothing"],
        ["5", "", "03/02/2024", "Patient Transport", "4", "Overall", "Cold ambulance"],
    ]
    path = write_csv(tmp_path / "survey.csv", rows, header=RESPONDENT_HEADER)

    report = feedback_import(scope=admin_scope, file=path, mapping=RESPONDENT_MAPPING, mode="keep_good")

    # Before, row 5 (nobody named) shared respondent 5's key and was dropped as a repeat.
    assert (report.feedback_created, report.comments_created, report.repeated_in_file, report.warnings) == (
        2,
        3,
        0,
        [],
    )
    assert texts(org) == ["Cold ambulance", "Kind driver", "Nothing"]
    again = feedback_import(scope=admin_scope, file=path, mapping=RESPONDENT_MAPPING, mode="keep_good")
    assert (again.feedback_created, again.duplicates) == (0, 3)


def test_a_later_file_s_anonymous_row_is_not_skipped_for_an_earlier_respondent(admin_scope, org, service, tmp_path):
    first = write_csv(
        tmp_path / "january.csv",
        [["1", "5", "01/01/2024", "Patient Transport", "1", "Overall", "Kind driver"]],
        header=RESPONDENT_HEADER,
    )
    second = write_csv(
        tmp_path / "february.csv",
        [["5", "", "01/01/2024", "Patient Transport", "1", "Overall", "Driver got lost"]],
        header=RESPONDENT_HEADER,
    )
    feedback_import(scope=admin_scope, file=first, mapping=RESPONDENT_MAPPING, mode="keep_good", source="Survey")

    report = feedback_import(
        scope=admin_scope, file=second, mapping=RESPONDENT_MAPPING, mode="keep_good", source="Survey"
    )

    assert (report.feedback_created, report.duplicates) == (1, 0)
    assert texts(org) == ["Driver got lost", "Kind driver"]


def test_an_anonymous_row_stored_under_its_bare_row_id_before_is_still_recognised(admin_scope, org, service, tmp_path):
    rows = [
        ["17", "5", "01/02/2024", "Patient Transport", "1", "Overall", "Kind driver"],
        ["8", "", "03/02/2024", "Patient Transport", "4", "Overall", "Cold ambulance"],
    ]
    path = write_csv(tmp_path / "survey.csv", rows, header=RESPONDENT_HEADER)
    feedback_import(scope=admin_scope, file=path, mapping=RESPONDENT_MAPPING, mode="keep_good")
    # Heard stored such a row under its bare row ID until row IDs were kept apart from respondents'.
    Feedback.objects.for_org(org).filter(source_key="import:row:8").update(source_key="import:8")

    again = feedback_import(scope=admin_scope, file=path, mapping=RESPONDENT_MAPPING, mode="keep_good")

    assert (again.feedback_created, again.duplicates) == (0, 2)
    assert Feedback.objects.for_org(org).count() == 2
