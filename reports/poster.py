"""The "You said, we did" poster: A4 or A3, large type, a picture beside each part, made offline.

The pictures are the easy read form's own, drawn inline so WeasyPrint fetches nothing.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from markupsafe import Markup

from core.audit import audit_record
from organisations.models import Service
from organisations.scope import Scope
from reports.render import offline_fetcher
from reports.rules import Perm, require
from reports.you_said import you_said_public

SIZES = {"A4": 6, "A3": 8}  # how many pairs fit in large type
PICTURE_DIR = settings.BASE_DIR / "assets" / "images" / "easy-read"


@cache
def picture(name: str) -> Markup:
    """An easy read picture as inline SVG (decorative: the words say it all)."""
    path = PICTURE_DIR / f"{name}.svg"
    if not path.is_file() or path.parent != PICTURE_DIR:
        raise ValueError(f"There is no easy read picture {name!r}.")
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 (a file shipped with Heard, not user input)


def poster_html(*, service: Service, size: str) -> str:
    pairs = you_said_public(service=service, limit=SIZES[size])
    return get_template("reports/you_said/poster.jinja", using="jinja2").render(
        {"service": service, "pairs": pairs, "size": size, "picture": picture}
    )


def poster_pdf(*, scope: Scope, service: Service, size: str) -> bytes:
    """The poster as a tagged PDF; who printed it is audited, as for every report that leaves Heard."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    if size not in SIZES:
        raise ValueError(f"A poster is A4 or A3, not {size!r}.")
    from weasyprint import HTML

    html = poster_html(service=service, size=size)
    data = HTML(string=html, base_url=None, url_fetcher=offline_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )
    with transaction.atomic():
        audit_record(scope=scope, verb="report.you_said.poster", obj=service, label=f"You said, we did poster ({size})")
    return data
