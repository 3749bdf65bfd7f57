"""The "You said, we did" poster: A4 or A3, large type, a picture beside each part, made offline.

The pictures are the easy read form's own, drawn inline so WeasyPrint fetches nothing. The foot of
the poster says where to give feedback: the service's public feedback address and its QR code, the
same link and code as on the service's feedback poster page.
"""

from __future__ import annotations

import base64
import re
from functools import cache

from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from markupsafe import Markup

from core.audit import audit_record
from feedback.public.qr import public_form_url, qr_png
from organisations.models import Service
from organisations.scope import Scope
from reports.render import offline_fetcher
from reports.rules import Perm, require
from reports.you_said import you_said_public

SIZES = {"A4": 3, "A3": 3}  # how many pairs fit in large type (an A3 poster is an A4 one made bigger)
TYPE_SIZE = {"A4": 20, "A3": 28}  # points, for the words of the pairs; headings are bigger
PICTURE_DIR = settings.BASE_DIR / "assets" / "images" / "easy-read"


@cache
def picture(name: str) -> Markup:
    """An easy read picture as inline SVG (decorative: the words say it all)."""
    path = PICTURE_DIR / f"{name}.svg"
    if not path.is_file() or path.parent != PICTURE_DIR:
        raise ValueError(f"There is no easy read picture {name!r}.")
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 (a file shipped with Heard, not user input)


def poster_html(*, service: Service, size: str, site_url: str | None = None) -> str:
    pairs = you_said_public(service=service, limit=SIZES[size])
    # An archived service's link no longer works: its poster asks people to talk to staff instead.
    address = public_form_url(service, site_url=site_url) if service.archived_at is None else ""
    qr = f"data:image/png;base64,{base64.b64encode(qr_png(address)).decode()}" if address else ""
    # The address may break only after a slash: a break at a hyphen would read as a word split in two.
    address_lines = re.findall(r"^[^/]*//[^/]*/?|[^/]+/?", address)
    return get_template("reports/you_said/poster.jinja", using="jinja2").render(
        {
            "service": service,
            "address_lines": address_lines,
            "pairs": pairs,
            "size": size,
            "type_size": TYPE_SIZE[size],
            "picture": picture,
            "address": address,
            "qr": qr,
        }
    )


def poster_pdf(*, scope: Scope, service: Service, size: str, site_url: str | None = None) -> bytes:
    """The poster as a tagged PDF; who printed it is audited, as for every report that leaves Heard."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    if size not in SIZES:
        raise ValueError(f"A poster is A4 or A3, not {size!r}.")
    from weasyprint import HTML

    html = poster_html(service=service, size=size, site_url=site_url)
    data = HTML(string=html, base_url=None, url_fetcher=offline_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )
    with transaction.atomic():
        audit_record(scope=scope, verb="report.you_said.poster", obj=service, label=f"You said, we did poster ({size})")
    return data
