"""Growing the names found over the words beside them: coordination ("Tom or Priya", "Sarah, Bartek and
Jo") and extension over adjacent name words ("Sarah Thompson", "J. A. Smith-Jones")."""

from __future__ import annotations

from feedback.redaction.lexicon import (
    _COMMON_LOWER,
    _HARD_STOP,
    _MONTH_NAMES,
    _TITLES,
    FIRST_NAMES,
    NOT_NAMES,
    SURNAMES,
    WORDLIKE_NAMES,
)
from feedback.redaction.name_tokens import _at_a_place, _Tok
from feedback.redaction.place_words import _PLACE_PREFIX, _WEAK_FACILITY


def _is_nameish(t: _Tok) -> bool:
    """Token that could be part of a multi-word name (extension step)."""
    c = t.core
    if not t.cap or t.single or c in _HARD_STOP or t.low in _COMMON_LOWER:
        return False
    if c in FIRST_NAMES or c in SURNAMES:
        return True
    if c in WORDLIKE_NAMES:
        return c not in _MONTH_NAMES
    return c not in NOT_NAMES


def _surname_end(toks: list, i: int, n: int) -> int:
    """The last of the surnames right after name i: "Sarah" in "Sarah Lane and ...", up to two."""
    end = i
    while end - i < 2 and end + 1 < n and toks[end].joined_next:
        after = toks[end + 1]
        if (
            after is None
            or not after.cap
            or after.single
            or not (after.core in SURNAMES or after.core in _WEAK_FACILITY)
        ):
            break
        end += 1
    return end


def _name_before_place_word(toks: list, i: int, n: int) -> bool:
    """Tokens i and i + 1 are a first name and a surname that is also a place word ("Mark Hill"),
    with nothing before them that says a place follows."""
    t = toks[i]
    after = toks[i + 1] if i + 1 < n else None
    return (
        t is not None
        and after is not None
        and t.cap
        and t.joined_next
        and after.cap
        and (t.core in FIRST_NAMES or t.core in WORDLIKE_NAMES)
        and t.core not in _MONTH_NAMES
        and after.core in _WEAK_FACILITY
        and not _at_a_place(toks, i)
    )


def _names_before_surname(toks: list, is_name: list[bool], place: list[bool], n: int) -> None:
    """Words read as the start of a place ("Sarah Birch" before "Wood", "Jack" before "Wood") where the
    place word was read as a surname are the start of that person's name when a first name is among
    them: "Sarah Birch Wood", one name, not "[name] [name]"."""
    for i in range(1, n):
        if not is_name[i] or toks[i].core not in _WEAK_FACILITY:
            continue
        k = i - 1
        while k >= 0 and place[k] and toks[k] is not None and toks[k].joined_next and toks[k].word == toks[k].core:
            if not _is_nameish(toks[k]):
                break
            k -= 1
        run = range(k + 1, i)
        if not run or (k >= 0 and toks[k] is not None and toks[k].joined_next and toks[k].core in _PLACE_PREFIX):
            continue  # "Upper Mark Field" is a place
        if any(toks[j].core in FIRST_NAMES or toks[j].core in WORDLIKE_NAMES for j in run):
            for j in run:
                is_name[j], place[j] = True, False


def _grow_names(text: str, toks: list, is_name: list[bool], place: list[bool], n: int) -> None:
    """Grow the names found over the words beside them: "Tom or Priya", "Sarah, Bartek and Jo",
    "Sarah Thompson", "J. A. Smith-Jones". Changes ``is_name`` (and ``place``) in place."""
    _names_before_surname(toks, is_name, place, n)
    # --- coordination: "Tom or Priya", "Sarah, Bartek and Jo" ------------------
    changed = True
    rounds = 0
    while changed and rounds < 4:
        changed = False
        rounds += 1
        for i in [x for x in range(n) if is_name[x]]:
            if not is_name[i]:
                continue
            # name (and|or|&|nor) X, X (and|or|&|nor) name; after a surname too: "Sarah Lane and Mark Hill"
            end = _surname_end(toks, i, n)
            for j, mid in ((end + 2, end + 1), (i - 2, i - 1)):
                if not (0 <= j < n) or toks[mid].low not in ("and", "or", "&", "nor"):
                    continue
                first = j if j > i else j - 1
                if first >= 0 and place[first] and _name_before_place_word(toks, first, n):
                    # "Mark Hill" beside a person is a person, beside a place ("Rose Hill") a place
                    is_name[first] = is_name[first + 1] = True
                    place[first] = False
                    changed = True
                    continue
                if is_name[j] or place[j]:
                    continue
                cand = toks[j]
                if cand.cap and _is_nameish(cand):
                    is_name[j] = True
                    changed = True
            # comma lists: "Sarah, Tom and Jo"
            if i + 1 < n:
                gap = text[toks[i].wend : toks[i + 1].start]
                cand = toks[i + 1]
                if (
                    gap.strip() == ","
                    and cand.cap
                    and not is_name[i + 1]
                    and not place[i + 1]
                    and (cand.core in FIRST_NAMES or cand.core in WORDLIKE_NAMES)
                    and cand.core not in _MONTH_NAMES
                    and cand.core not in NOT_NAMES
                ):
                    is_name[i + 1] = True
                    changed = True

    # --- extension over adjacent capitalised words -------------------------------
    for i in [x for x in range(n) if is_name[x]]:
        if not is_name[i]:
            continue
        j = i + 1
        while j < n and toks[j - 1].joined_next and not is_name[j] and not place[j]:
            tj = toks[j]
            cj = tj.core
            if tj.single and j + 1 < n and tj.joined_next and toks[j + 1].cap:
                is_name[j] = True  # middle initial
            elif (
                tj.cap
                and not tj.single
                and (
                    cj in SURNAMES
                    or (cj in FIRST_NAMES and cj not in NOT_NAMES)
                    or (_is_nameish(tj) and cj not in _MONTH_NAMES)
                )
            ):
                is_name[j] = True
            else:
                break
            j += 1
        k = i - 1
        while k >= 0 and toks[k].joined_next and not is_name[k] and not place[k]:
            tk = toks[k]
            ck = tk.core
            if (
                tk.single
                and tk.cap
                and k >= 1
                and toks[k - 1] is not None
                and (toks[k - 1].low in _TITLES or toks[k - 1].single)
            ):
                is_name[k] = True  # "Dr A Patel"
            elif (
                tk.cap
                and not tk.single
                and ck not in NOT_NAMES
                and ck not in _HARD_STOP
                and tk.low not in _COMMON_LOWER
                and ck not in _MONTH_NAMES
                and (
                    ck in FIRST_NAMES or ck in WORDLIKE_NAMES or (not ck.lower().endswith("ly") and tk.word == tk.core)
                )
            ):
                is_name[k] = True
            else:
                break
            k -= 1
