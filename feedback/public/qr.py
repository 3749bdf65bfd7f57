"""QR codes for a service's public feedback link, to print on posters and leaflets."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse

from organisations import feedback_codes

# Medium error correction survives a scuffed or partly covered poster and keeps the code small.
ERROR_CORRECTION = "m"
# Large enough modules to print at A4 without blurring; the quiet zone is the 4 modules the standard asks for.
PNG_SCALE = 16
SVG_SCALE = 10
BORDER = 4


def public_form_url(service, *, site_url: str | None = None, easy_read: bool = False) -> str:
    """The address of the service's public feedback form (or of its easy read version) as Heard gives
    it out, at ``site_url``, the address people reach Heard at (the site's own address,
    HEARD_SITE_URL, when none is given): the short one, ``/f/k7m2-9xqd/``, that a person can type
    from a poster. The long one, ``/give-feedback/<link id>/``, printed on posters made before, still
    leads to the same form."""
    name = "short:easy-read" if easy_read else "short:form"
    address = reverse(name, args=[feedback_codes.shown(service.feedback_code)])
    return (site_url or settings.HEARD_SITE_URL).rstrip("/") + address


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_CORRECTION, micro=False)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=PNG_SCALE, border=BORDER)
    return buffer.getvalue()


def qr_svg(url: str, *, title: str = "") -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(
        buffer,
        kind="svg",
        scale=SVG_SCALE,
        border=BORDER,
        xmldecl=True,
        title=title or None,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue()
