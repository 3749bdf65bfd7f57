"""Putting the detectors together: overlaps, placeholders and offsets in the original text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from feedback.redaction.base import (
    _PLACEHOLDER_RE,
    _PRIORITY,
    PLACEHOLDERS,
    Redacted,
)
from feedback.redaction.names import (
    _find_names,
)
from feedback.redaction.names_any_case import _find_names_any_case
from feedback.redaction.numbers import (
    _find_numbers,
)
from feedback.redaction.patterns import (
    _find_addresses,
    _find_emails,
    _find_postcodes,
)
from feedback.redaction.rereading import worth_reading_again

# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------


_DIGIT_RE = re.compile(r"\d")


def _detect(text: str) -> tuple[list[tuple[int, int, str]], bool]:
    """The personal details in ``text``, and whether its names were read as Title Case."""
    found: list[tuple[int, int, str]] = []
    _find_emails(text, found)
    if _DIGIT_RE.search(text):  # numbers, postcodes and addresses all hold a digit
        _find_numbers(text, found)
        _find_postcodes(text, found)
        _find_addresses(text, found)
    title_case = _find_names(text, found)
    _find_names_any_case(text, found)
    if not found:
        return found, title_case
    protected = [(m.start(), m.end()) for m in _PLACEHOLDER_RE.finditer(text)] if "[" in text else []
    protected_starts = [p[0] for p in protected]
    found.sort(key=lambda sp: (_PRIORITY[sp[2]], -(sp[1] - sp[0]), sp[0]))
    starts: list[int] = []  # chosen spans kept sorted and non-overlapping
    chosen: list[tuple[int, int, str]] = []
    for s, e, k in found:
        if e <= s:
            continue
        if protected:
            idx = bisect_right(protected_starts, s) - 1
            if idx >= 0 and e <= protected[idx][1]:
                continue  # wholly inside an existing placeholder
        idx = bisect_left(starts, s)
        if idx > 0 and chosen[idx - 1][1] > s:
            continue
        if idx < len(chosen) and chosen[idx][0] < e:
            continue
        starts.insert(idx, s)
        chosen.insert(idx, (s, e, k))
    return chosen, title_case


def _render(text: str, spans: list[tuple[int, int, str]]):
    """Return (redacted text, segments) where segments map output to input ranges."""
    parts: list[str] = []
    segs: list[tuple[int, int, int, int, bool]] = []  # out_s, out_e, in_s, in_e, is_placeholder
    pos = 0
    out_pos = 0
    for s, e, k in spans:
        if s > pos:
            parts.append(text[pos:s])
            segs.append((out_pos, out_pos + s - pos, pos, s, False))
            out_pos += s - pos
        ph = PLACEHOLDERS[k]
        parts.append(ph)
        segs.append((out_pos, out_pos + len(ph), s, e, True))
        out_pos += len(ph)
        pos = e
    if pos < len(text):
        parts.append(text[pos:])
        segs.append((out_pos, out_pos + len(text) - pos, pos, len(text), False))
    return "".join(parts), segs


def _to_original(segs, seg_starts: list[int], a: int, b: int) -> tuple[int, int]:
    """Map a span [a, b) of the redacted text back to the original text."""
    i = bisect_right(seg_starts, a) - 1
    os_, _oe, is_, _ie, ph = segs[i]
    start = is_ if ph else is_ + (a - os_)
    j = bisect_left(seg_starts, b) - 1  # segment containing position b - 1
    os_, _oe, is_, ie, ph = segs[j]
    end = ie if ph else is_ + (b - os_)
    return start, end


def redact(text: str) -> Redacted:
    """Replace personal details in ``text`` by placeholders; spans refer to ``text``."""
    return _redact(text, read_again=worth_reading_again)


def _always(redacted: str, segs: list, title_case: bool) -> bool:
    return True


def _redact(text: str, *, read_again=_always) -> Redacted:
    """Redact ``text``, reading the redacted text again until nothing new is found, or until
    ``read_again`` says nothing could be (``_always``: read it again to be sure)."""
    if not isinstance(text, str):
        raise TypeError("redact() expects a str")
    spans, title_case = _detect(text)
    if not spans:
        return Redacted(text=text, spans=[])
    out, segs = _render(text, spans)
    while read_again(out, segs, title_case):
        extra, title_case = _detect(out)
        if not extra:
            break
        seg_starts = [sg[0] for sg in segs]
        mapped = sorted(_to_original(segs, seg_starts, a, b) + (kind,) for a, b, kind in extra)
        # merge the new spans with the existing ones (union of overlapping spans)
        merged: list[tuple[int, int, str]] = []
        for s, e, k in sorted(spans + mapped, key=lambda sp: (sp[0], -sp[1])):
            if merged and s < merged[-1][1]:
                ps, pe, pk = merged[-1]
                merged[-1] = (ps, max(pe, e), pk if pe - ps >= e - s else k)
            else:
                merged.append((s, e, k))
        spans = merged
        out, segs = _render(text, spans)
    return Redacted(text=out, spans=list(spans))


def as_saved(text: str, limit: int | None = None) -> str:
    """``text`` as a record written by staff is saved: personal details replaced by placeholders
    ("Spoke to Mrs [name]'s daughter"), then cut to ``limit`` characters if one is given, as a
    placeholder may be longer than what it replaces. What is saved keeps no personal details to leak
    later into packs, reports or the audit log (ADR 0016)."""
    cleaned = redact(text).text
    return cleaned if limit is None else cleaned[:limit]
