"""QR codes for a service's public feedback link, to print on posters and leaflets."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse

# Medium error correction survives a scuffed or partly covered poster and keeps the code small.
ERROR_CORRECTION = "m"
# Large enough modules to print at A4 without blurring; the quiet zone is the 4 modules the standard asks for.
PNG_SCALE = 16
SVG_SCALE = 10
BORDER = 4


def public_form_url(service, *, site_url: str | None = None) -> str:
    """The service's public feedback form at ``site_url``, the address people reach Heard at (the
    site's own address, HEARD_SITE_URL, when none is given)."""
    return (site_url or settings.HEARD_SITE_URL).rstrip("/") + reverse("public:form", args=[service.feedback_link_id])


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
