"""People's names: the context rules (the words they read and which are places in ``name_tokens.py``,
names grown over the words beside them in ``name_runs.py``)."""

from __future__ import annotations

from feedback.redaction.lexicon import (
    _ABBREV_TITLES,
    _ACTION_VERBS,
    _CAMEL_RE,
    _COMMON_LOWER,
    _CONTACT_CUES,
    _DETERMINERS,
    _HARD_STOP,
    _INITIAL_VERBS,
    _IS_FOLLOW,
    _MODALS,
    _MONTH_NAMES,
    _NOUN_SUFFIXES,
    _PERSON_VERBS,
    _POSSESSED,
    _ROLES,
    _STARTING_WORDS,
    _STRONG_CUE1,
    _STRONG_CUE2,
    _TITLES,
    _WEAK_CUE1,
    _WEAK_CUE2,
    _WORKPLACE,
    _WORKPLACE_BARE,
    FACILITY_WORDS,
    FIRST_NAMES,
    NOT_NAMES,
    SURNAMES,
    WORDLIKE_NAMES,
)
from feedback.redaction.lower_words import _ORDINARY
from feedback.redaction.name_runs import _grow_names
from feedback.redaction.name_tokens import _mark_places, _read_tokens
from feedback.redaction.place_words import (
    _ASKING_A_PERSON,
    _AT_A_PERSON,
    _COMING_VERBS,
    _PLACE_LIKE_NAMES,
    _PLACE_PREPS,
    _PLACE_SUFFIXES,
    _THANKS,
)
from feedback.redaction.word_names import _people_named_like_places, _person_at_a_place

# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------

# Capitalised at the start of a sentence, these are the ordinary word, not an unknown name.
_ORDINARY_AT_START = _ORDINARY | _STARTING_WORDS


def _run_end(toks: list, i: int, n: int) -> int:
    """End offset of the run of up to 3 adjacent capitalised tokens starting at i."""
    j = i
    while j + 1 < n and j - i < 2 and toks[j].joined_next and toks[j + 1] is not None and toks[j + 1].cap:
        j += 1
    return toks[j].end


def _to_a_place(toks: list, i: int, n: int) -> bool:
    """Token i is where someone comes or goes, or where something is: "come to Willow", "at Holly",
    "in Heather"; not "shouted at Holly", "thanks go to Ivy" nor "went to Willow on reception"."""
    p1, p2 = toks[i - 1], toks[i - 2] if i >= 2 else None
    p2l = p2.low if p2 is not None and p2.joined_next else ""
    if p1.low in ("at", "in", "into"):
        if p2l in _AT_A_PERSON:
            return False
    elif p1.low != "to" or p2l not in _COMING_VERBS:
        return False
    elif any(k >= 0 and toks[k] is not None and toks[k].low in _THANKS for k in (i - 3, i - 4)):
        return False  # "thanks go to Ivy"
    nxt = toks[i + 1] if i + 1 < n else None
    after = toks[i + 2] if i + 2 < n else None
    if nxt is not None and toks[i].joined_next and nxt.low in _ASKING_A_PERSON and p1.low == "to":
        return False  # "go to Rose if you need anything", "went to Holly about the bill": someone to ask
    if nxt is None or after is None or not toks[i].joined_next or nxt.low not in ("on", "in", "from", "at"):
        return True
    # "Willow on reception", "Holly from the office": a person at work
    if after.low in _WORKPLACE_BARE and after.low != "the":
        return False
    return not (after.low == "the" and i + 3 < n and toks[i + 3] is not None and toks[i + 3].low in _WORKPLACE)


def _after_title(toks: list, i: int) -> bool:
    """Token i follows a title directly: "Mrs Ward", "Dr House"."""
    p1 = toks[i - 1] if i >= 1 else None
    return (
        p1 is not None
        and p1.joined_next
        and not toks[i].initial
        and p1.low in _TITLES
        and (p1.cap or p1.low in _ABBREV_TITLES)
        and (p1.low != "miss" or p1.cap)
    )


def _find_names(text: str, out: list) -> bool:
    """Add the names in ``text`` to ``out``; whether the text was read as Title Case, where unknown
    words are not names (redaction reads the text again when it was: ``rereading.py``)."""
    toks, cand = _read_tokens(text)
    if not cand:
        return False
    n = len(toks)
    caps = [i for i in cand if toks[i].cap]
    if not caps:
        return False
    is_name = [False] * n
    # Title Case or shouty text ("Mum's Carer Was Late Again"): unknown words are not names.
    title_case = n >= 4 and len(caps) * 10 >= n * 6

    place = _mark_places(toks, caps, n)

    # --- base rules -----------------------------------------------------------
    for i in caps:
        t = toks[i]
        if not t.cap or place[i] or t.single:
            continue
        c = t.core
        if c in _HARD_STOP and not (
            c in FACILITY_WORDS and _after_title(toks, i) and not text[t.end : t.end + 2].strip()[:1].isdigit()
        ):
            continue  # but "Mrs Ward": a title followed by a capitalised word is a name (not "Dr. Ward 5")
        p1 = toks[i - 1] if i >= 1 else None
        p2 = toks[i - 2] if i >= 2 else None
        nxt = toks[i + 1] if i + 1 < n else None
        in_first = c in FIRST_NAMES
        in_sur = c in SURNAMES
        if "-" in c and not (in_first or in_sur):
            parts = c.split("-")
            in_first = parts[0] in FIRST_NAMES and parts[0] not in NOT_NAMES
            in_sur = any(p in SURNAMES and p not in NOT_NAMES for p in parts)
        in_word = c in WORDLIKE_NAMES
        in_not = c in NOT_NAMES
        gazetteer = in_first or in_sur or in_word
        unknown = (
            not gazetteer
            and not in_not
            and not title_case
            and t.low not in _COMMON_LOWER
            and not (t.initial and t.low in _ORDINARY_AT_START)
            and not t.low.endswith(_PLACE_SUFFIXES)
            and not _CAMEL_RE.match(c)
        )
        p1_adj = p1 is not None and p1.joined_next and not t.initial
        p1l = p1.low if p1 is not None else ""
        p2l = p2.low if p2 is not None else ""

        # 1. title: Mr/Mrs/Dr ... (capitalised title, or any case for the abbreviations)
        if p1 is not None and p1_adj and p1.single:
            # "Mr P. Whitworth", "Mrs J. A. Smith": look through initials to a title
            k = i - 1
            while (
                k > 0 and toks[k] is not None and toks[k].single and toks[k - 1] is not None and toks[k - 1].joined_next
            ):
                k -= 1
            if k < i - 1 and toks[k] is not None and toks[k].low in _TITLES:
                p1, p1l = toks[k], toks[k].low
        if (
            p1 is not None
            and p1_adj
            and p1l in _TITLES
            and (p1.cap or p1l in _ABBREV_TITLES)
            and (p1l != "miss" or p1.cap)
        ):
            is_name[i] = True
            continue
        # initials after a title: "Dr A. Patel" -> handled in extension
        # 2. role word: "nurse Kelly", "my son Jamie", "Sister Agnes"
        if p1 is not None and p1_adj and p1l in _ROLES and (gazetteer or unknown):
            is_name[i] = True
            continue
        # 2b. apposition: "my advocate, Rosalind, came", "The OT, Dee, fitted"
        if (
            p1 is not None
            and p1l in _ROLES
            and (gazetteer or unknown)
            and not t.initial
            and text[p1.wend : t.start] == ", "
            and text[_run_end(toks, i, n) : _run_end(toks, i, n) + 1] in (",", ")", ".")
        ):
            is_name[i] = True
            continue
        # 3. a home or ward named after a tree or flower, where a place is: "people who come to Willow"
        if c in _PLACE_LIKE_NAMES and t.word == t.core and p1_adj and _to_a_place(toks, i, n):
            place[i] = True
            continue
        # 4. cue phrases
        strong = p1l in _STRONG_CUE1 or (p2l, p1l) in _STRONG_CUE2
        weak = p1l in _WEAK_CUE1 or (p2l, p1l) in _WEAK_CUE2
        if (
            p1 is not None
            and not t.initial
            and (strong or weak)
            and (gazetteer or (unknown and (strong or nxt is None or not nxt.cap)))
        ):
            is_name[i] = True
            continue
        # 5. gazetteer
        if in_not or p1l in ("a", "an"):
            continue
        nxt_low = nxt.low if nxt is not None else ""
        if in_word:
            if c in _MONTH_NAMES:
                continue
            if not t.initial:
                if p1l not in ("the", "a", "an"):
                    is_name[i] = True
            elif nxt_low in _PERSON_VERBS and nxt_low not in _MODALS and nxt_low not in ("is", "are"):
                is_name[i] = True
            elif nxt_low == "is" and i + 2 < n and toks[i + 2] is not None and toks[i + 2].low in _IS_FOLLOW:
                is_name[i] = True  # "Faith is my favourite carer" (but not "Joy is what we saw")
            elif (
                nxt_low in ("on", "in", "from", "at")
                and i + 2 < n
                and toks[i + 2].low == "the"
                and nxt.start - t.wend == 1
            ):
                is_name[i] = True  # "Mark in the kitchen", "Will on the day shift"
            elif _person_at_a_place(toks, i, n):
                is_name[i] = True  # "Holly at Willow is the best carer"
            continue
        if in_first:
            is_name[i] = True
            continue
        if in_sur:
            if not t.initial or nxt_low in _PERSON_VERBS:
                is_name[i] = True
            continue
        # 6. unknown capitalised word mid-sentence followed by a verb
        if (
            unknown
            and not t.initial
            and p1l not in _PLACE_PREPS
            and nxt_low in _PERSON_VERBS
            and nxt_low not in _MODALS
            and len(c) > 2
            and nxt is not None
            and not nxt.cap
            and text[t.wend : nxt.start] == " "
            and not (p1 is not None and p1.cap and not is_name[i - 1] and p1.joined_next)
        ):
            is_name[i] = True
            continue
        # 7. more context for unknown capitalised words (any position)
        if unknown and len(c) > 2 and not t.low.endswith(_NOUN_SUFFIXES) and nxt is not None:
            gap_next = text[t.wend : nxt.start]
            if t.word != t.core and gap_next == " " and (nxt_low in _ROLES or nxt_low in _POSSESSED):
                is_name[i] = True  # "Philomena's family"
                continue
            if gap_next == " " and t.initial and (nxt_low in _ACTION_VERBS or nxt_low in _INITIAL_VERBS):
                is_name[i] = True  # "Zdenek plays the piano", "Cosmin was the only one"
                continue
            if (
                gap_next == " "
                and t.initial
                and nxt_low in ("on", "at", "in", "from")
                and i + 2 < n
                and toks[i + 2] is not None
                and toks[i + 2].low in _WORKPLACE_BARE
            ):
                is_name[i] = True  # "Rosheen on nights", "Lyndon in maintenance"
                continue
            if (
                p1l not in _PLACE_PREPS
                and gap_next == " "
                and nxt_low in ("on", "in", "from", "at")
                and i + 3 < n
                and toks[i + 2] is not None
                and toks[i + 2].low == "the"
                and toks[i + 3] is not None
                and toks[i + 3].low in _WORKPLACE
            ):
                is_name[i] = True  # "Marguerite on the early shift", "Lettie from the hospice team"
                continue
            if (
                gap_next == ", "
                and nxt_low in _DETERMINERS
                and any(toks[k] is not None and toks[k].low in _ROLES for k in range(i + 2, min(n, i + 5)))
            ):
                is_name[i] = True  # "Delphine, the activities coordinator, ..."
                continue
            if (
                not t.initial
                and p1 is not None
                and text[p1.wend : t.start] == ", "
                and gap_next == ", "
                and nxt_low in _PERSON_VERBS
                and nxt_low not in _MODALS
            ):
                is_name[i] = True  # "on Tuesday, Saoirse, was brilliant"
                continue
        if unknown and not t.initial and p1l in _CONTACT_CUES and len(c) > 2 and (nxt is None or not nxt.cap):
            is_name[i] = True  # "please contact Dorcas on ..."
            continue
        if (gazetteer or unknown) and p1l in ("can", "could", "would", "will") and nxt_low == "please":
            is_name[i] = True  # "Can Juliet please ring me"

    _people_named_like_places(text, toks, is_name, place, n)  # "Grace Hill was lovely to mum"
    _grow_names(text, toks, is_name, place, n)

    # --- build spans ------------------------------------------------------------
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and is_name[j + 1] and toks[j].joined_next and toks[j].word == toks[j].core:
            j += 1
        out.append((toks[i].start, toks[j].end, "name"))
        i = j + 1
    return title_case
