"""Where an uploaded file waits between the import steps, and where progress is kept.

Files live in a private folder per organisation, settings.VAR_DIR / "imports" / <organisation id>,
under a random name, never anywhere static or media files are served from. Beside each file a
small JSON file holds the original name, who uploaded it and the chosen column mapping. Both are
deleted after the import, and anything left over for more than a day is deleted at the next upload.

Progress and the final report are kept in the Django cache, keyed by organisation and upload.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from feedback.imports.parsing import MAX_FILE_BYTES, ImportFileError

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
KEEP_SECONDS = 24 * 60 * 60
CACHE_SECONDS = 24 * 60 * 60
# An import takes a minute or two; a claim left by a stopped process lapses after this.
CLAIM_SECONDS = 60 * 60


@dataclass
class Upload:
    token: str
    folder: Path
    original_name: str
    user_id: int | None
    mapping: dict = field(default_factory=dict)
    service_id: int | None = None
    source: str = ""

    @property
    def path(self) -> Path:
        return self.folder / f"{self.token}.upload"

    @property
    def meta_path(self) -> Path:
        return self.folder / f"{self.token}.json"

    def save_meta(self) -> None:
        data = {
            "original_name": self.original_name,
            "user_id": self.user_id,
            "mapping": self.mapping,
            "service_id": self.service_id,
            "source": self.source,
        }
        self.meta_path.write_text(json.dumps(data))

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


def _folder(organisation_id: int) -> Path:
    folder = Path(settings.VAR_DIR) / "imports" / str(int(organisation_id))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _clear_old(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def upload_save(*, organisation_id: int, user_id: int | None, uploaded) -> Upload:
    """Stream an uploaded file (a Django UploadedFile) into the organisation's folder."""
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {uploaded.size / 1024 / 1024:.1f} MB. Files can be up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB: split it into smaller files."
        )
    folder = _folder(organisation_id)
    _clear_old(folder)
    upload = Upload(
        token=secrets.token_urlsafe(18),
        folder=folder,
        original_name=Path(uploaded.name or "file").name[:200],
        user_id=user_id,
    )
    written = 0
    with upload.path.open("wb") as out:
        for chunk in uploaded.chunks():
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                out.close()
                upload.delete()
                raise ImportFileError(
                    f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: split it into smaller files."
                )
            out.write(chunk)
    upload.path.chmod(0o600)
    upload.save_meta()
    return upload


def upload_get(*, organisation_id: int, user_id: int | None, token: str) -> Upload | None:
    """The upload with this token, if it belongs to this organisation and login; else None."""
    if not TOKEN.match(token or ""):
        return None
    folder = _folder(organisation_id)
    upload = Upload(token=token, folder=folder, original_name="", user_id=user_id)
    try:
        data = json.loads(upload.meta_path.read_text())
    except (OSError, ValueError):
        return None
    if data.get("user_id") != user_id or not upload.path.exists():
        return None
    upload.original_name = data.get("original_name", "")
    upload.mapping = data.get("mapping") or {}
    upload.service_id = data.get("service_id")
    upload.source = data.get("source") or ""
    return upload


def _cache_key(organisation_id: int, token: str) -> str:
    return f"heard:import:{int(organisation_id)}:{token}"


def job_set(*, organisation_id: int, token: str, **state) -> None:
    cache.set(_cache_key(organisation_id, token), state, CACHE_SECONDS)


def job_claim(*, organisation_id: int, token: str) -> bool:
    """Start the upload's import: False if it is already running (the button pressed twice, or the
    page sent again), so that one file is never imported by two requests at once."""
    return cache.add(f"{_cache_key(organisation_id, token)}:claimed", True, CLAIM_SECONDS)


def job_release(*, organisation_id: int, token: str) -> None:
    cache.delete(f"{_cache_key(organisation_id, token)}:claimed")


def job_get(*, organisation_id: int, token: str) -> dict | None:
    if not TOKEN.match(token or ""):
        return None
    return cache.get(_cache_key(organisation_id, token))
