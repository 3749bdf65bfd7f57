"""The "You said, we did" poster: A4 or A3, large type, a picture beside each part, made offline.

The pictures are the easy read form's own, drawn inline so WeasyPrint fetches nothing. The foot of
the poster says where to give feedback: the service's short public feedback address and its QR code,
the same address and code as on the service's feedback poster page.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
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
# Points, for the words of the pairs (headings are bigger): the poster is printed in the largest of
# these that keeps it to one page. Three pairs of the longest words a pair may have (see
# reports.you_said) fit at the smallest: easy read's least, 14 points, on A4, and about as much larger
# on A3 as the page.
TYPE_SIZES = {"A4": (20, 18, 16, 14), "A3": (28, 25, 22, 19)}
TYPE_SIZE = {size: steps[0] for size, steps in TYPE_SIZES.items()}
PICTURE_DIR = settings.BASE_DIR / "assets" / "images" / "easy-read"


@cache
def picture(name: str) -> Markup:
    """An easy read picture as inline SVG (decorative: the words say it all)."""
    path = PICTURE_DIR / f"{name}.svg"
    if not path.is_file() or path.parent != PICTURE_DIR:
        raise ValueError(f"There is no easy read picture {name!r}.")
    return Markup(path.read_text(encoding="utf-8"))  # noqa: S704 (a file shipped with Heard, not user input)


def printed_address(*, service: Service, site_url: str | None = None) -> str:
    """Where the poster sends people: the service's short feedback address, which its QR code holds too.
    An archived service's address no longer works, so its poster asks people to talk to staff instead."""
    return public_form_url(service, site_url=site_url) if service.archived_at is None else ""


def poster_html(
    *, service: Service, size: str, site_url: str | None = None, type_size: int | None = None, limit: int | None = None
) -> str:
    pairs = you_said_public(service=service, limit=SIZES[size] if limit is None else limit)
    address = printed_address(service=service, site_url=site_url)
    qr = f"data:image/png;base64,{base64.b64encode(qr_png(address)).decode()}" if address else ""
    # The address may break only after a slash: a break at a hyphen would read as a word split in two.
    address_lines = re.findall(r"^[^/]*//[^/]*/?|[^/]+/?", address)
    return get_template("reports/you_said/poster.jinja", using="jinja2").render(
        {
            "service": service,
            "address_lines": address_lines,
            "pairs": pairs,
            "size": size,
            "type_size": type_size or TYPE_SIZE[size],
            "picture": picture,
            "address": address,
            "qr": qr,
        }
    )


def poster_key(*, service: Service, size: str, site_url: str | None = None) -> str:
    """What the poster would print, as a SHA-256: the same key is the same poster, so a PDF already made
    is handed over again; a pair changed, published or taken down (or a new address) makes a new one."""
    pairs = you_said_public(service=service, limit=SIZES[size])
    printed = {
        "size": size,
        "service": [service.id, service.name, service.archived_at is None],
        "address": printed_address(service=service, site_url=site_url),
        "pairs": [dataclasses.astuple(pair) for pair in pairs],
    }
    return hashlib.sha256(json.dumps(printed, default=str, sort_keys=True).encode()).hexdigest()


def poster_pdf(*, scope: Scope, service: Service, size: str, site_url: str | None = None) -> bytes:
    """The poster as a tagged PDF; who printed it is audited, as for every report that leaves Heard."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    if size not in SIZES:
        raise ValueError(f"A poster is A4 or A3, not {size!r}.")
    from weasyprint import HTML

    options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": False}

    def layout(type_size: int, limit: int):
        html = poster_html(service=service, size=size, site_url=site_url, type_size=type_size, limit=limit)
        return HTML(string=html, base_url=None, url_fetcher=offline_fetcher()).render(**options)

    # Smaller type, step by step, until the poster is one page; pairs saved before words were capped
    # at their present length may still not fit at the smallest, and then the oldest are left off.
    tries = [(t, SIZES[size]) for t in TYPE_SIZES[size]]
    tries += [(TYPE_SIZES[size][-1], n) for n in range(SIZES[size] - 1, -1, -1)]
    for type_size, limit in tries:
        document = layout(type_size, limit)
        if len(document.pages) == 1:
            break
    data = document.write_pdf(**options)
    with transaction.atomic():
        audit_record(scope=scope, verb="report.you_said.poster", obj=service, label=f"You said, we did poster ({size})")
    return data
