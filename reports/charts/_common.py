"""What every chart is built from: SVG elements with escaped text, and the image around them."""

from __future__ import annotations

import hashlib
from html import escape

from markupsafe import Markup

from reports.charts.palette import FONT


def _ident(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def _num(value: float) -> str:
    """Coordinates with two decimals at most, so the SVG stays small and stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(**attrs) -> str:
    out = []
    for name, value in attrs.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        value = _num(value) if isinstance(value, float) else str(value)
        out.append(f'{name}="{escape(value, quote=True)}"')
    return " ".join(out)


def _el(tag: str, text: str | None = None, **attrs) -> str:
    if text is None:
        return f"<{tag} {_attrs(**attrs)}/>"
    return f"<{tag} {_attrs(**attrs)}>{escape(text, quote=False)}</{tag}>"


def _svg(
    *, ident: str, title: str, description: str, width: int, height: int, body: list[str], css_class: str
) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="{css_class}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{escape(FONT, quote=True)}">'
    )
    # Every piece of text went through escape() in _el and _attrs: the result is safe markup.
    return Markup(  # noqa: S704
        head
        + _el("title", title, id=f"{ident}-title")
        + _el("desc", description, id=f"{ident}-desc")
        + "".join(body)
        + "</svg>"
    )
