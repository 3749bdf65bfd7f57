"""Making Data Count's variation and assurance icons, drawn as SVG."""

from __future__ import annotations

from markupsafe import Markup

from reports.charts._common import _el, _ident, _num, _svg
from reports.charts.palette import COMMON, CONCERNING, IMPROVING, NEUTRAL, TARGET, TEXT
from reports.spc import Assurance, Variation

VARIATION_DESCRIPTIONS = {
    Variation.COMMON_CAUSE: "The latest point shows only the variation the process always has.",
    Variation.IMPROVING_HIGH: "The latest point is unusually high, and higher is better.",
    Variation.IMPROVING_LOW: "The latest point is unusually low, and lower is better.",
    Variation.CONCERNING_HIGH: "The latest point is unusually high, and higher is worse.",
    Variation.CONCERNING_LOW: "The latest point is unusually low, and lower is worse.",
    Variation.NEUTRAL_HIGH: "The latest point is unusually high.",
    Variation.NEUTRAL_LOW: "The latest point is unusually low.",
}
ASSURANCE_DESCRIPTIONS = {
    Assurance.CONSISTENTLY_PASS: "The target lies outside the process limits on the good side.",
    Assurance.CONSISTENTLY_FAIL: "The target lies outside the process limits on the bad side.",
    Assurance.HIT_AND_MISS: "The target lies between the process limits.",
}


def _variation_look(icon: Variation) -> tuple[str, str | None, int]:
    """Colour, letter (H or L) and which way the inner dots move (+1 up, -1 down, 0 flat)."""
    if icon == Variation.COMMON_CAUSE:
        return COMMON, None, 0
    kind, direction = icon.value.rsplit("_", 1)
    colour = {"improving": IMPROVING, "concerning": CONCERNING, "neutral": NEUTRAL}[kind]
    return colour, "H" if direction == "high" else "L", 1 if direction == "high" else -1


def variation_icon_svg(icon: Variation, *, size: int = 48, ident: str | None = None) -> Markup:
    colour, letter, move = _variation_look(icon)
    ident = ident or _ident("variation", icon.value)
    body = [_el("circle", cx=24, cy=24, r=21, fill="#ffffff", stroke=colour, stroke_width=3)]
    # five small dots: flat in grey, or the last two stepping up or down in colour
    for k in range(5):
        x = 11 + k * 6.5
        y = 26 - (move * (k - 2) * 4 if k >= 3 else 0)
        body.append(_el("circle", cx=x, cy=y, r=2.4, fill=colour if (move and k >= 3) else COMMON))
    if letter:
        body.append(
            _el("text", letter, x=24, y=16, fill=colour, font_size=11, font_weight="bold", text_anchor="middle")
        )
    return _svg(
        ident=ident,
        title=icon.label,
        description=VARIATION_DESCRIPTIONS[icon],
        width=size,
        height=size,
        body=[f'<g transform="scale({_num(size / 48)})">', *body, "</g>"],
        css_class="heard-icon heard-icon--variation",
    )


def assurance_icon_svg(icon: Assurance, *, size: int = 48, ident: str | None = None) -> Markup:
    colour, letter = {
        Assurance.CONSISTENTLY_PASS: (IMPROVING, "P"),
        Assurance.CONSISTENTLY_FAIL: (CONCERNING, "F"),
        Assurance.HIT_AND_MISS: (COMMON, "?"),
    }[icon]
    ident = ident or _ident("assurance", icon.value)
    body = [
        _el("circle", cx=24, cy=24, r=21, fill="#ffffff", stroke=colour, stroke_width=3),
        _el("line", x1=9, x2=39, y1=32, y2=32, stroke=TARGET, stroke_width=1.5, stroke_dasharray="2 2"),
        _el(
            "text",
            letter,
            x=24,
            y=28,
            fill=colour if colour != COMMON else TEXT,
            font_size=18,
            font_weight="bold",
            text_anchor="middle",
        ),
    ]
    return _svg(
        ident=ident,
        title=icon.label,
        description=ASSURANCE_DESCRIPTIONS[icon],
        width=size,
        height=size,
        body=[f'<g transform="scale({_num(size / 48)})">', *body, "</g>"],
        css_class="heard-icon heard-icon--assurance",
    )
