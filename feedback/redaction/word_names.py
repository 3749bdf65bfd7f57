"""A first name that is also a word before a surname that is also a place word: "Grace Hill", "Jack
Wood", "Mark Lane". Either is a person ("Grace Hill was lovely to mum") or a place ("We walked up
Grace Hill"); ``name_tokens.py`` reads them as a place, and this module takes the whole of them for
one person's name when a cue for a person comes before them or what follows says something of a
person. A word of place before them ("at", "up", "moved to") keeps them a place whatever follows.
A name that is also a word before "at" a home's name is read here too: "Holly at Willow is the best
carer".
"""

from __future__ import annotations

from feedback.redaction.lexicon import (
    _ACTION_VERBS,
    _CONTACT_CUES,
    _DETERMINERS,
    _POSSESSED,
    _ROLES,
    _STRONG_CUE1,
    _STRONG_CUE2,
    _WEAK_CUE2,
    _WORKPLACE,
    _WORKPLACE_BARE,
    WORDLIKE_NAMES,
)
from feedback.redaction.lower_words import _PERSON_ADJECTIVES
from feedback.redaction.name_tokens import _at_a_place
from feedback.redaction.place_words import _LOCATION_PREPS, _WEAK_FACILITY, _words

# Words before a name that say a person: "thanks to", "spoke to", "ask for", "thank", "seen by",
# "picked up". Not "go to", "off to" nor "love", which come before places as often.
_PERSON_CUE1 = _STRONG_CUE1 | _CONTACT_CUES | _words("""thanks cheers kudos praise dear hi hello""")
_PERSON_CUE2 = (
    ((_STRONG_CUE2 | _WEAK_CUE2) - {("goes", "to"), ("go", "to"), ("off", "to"), ("you", "to")})
    | frozenset(
        # What is done to someone by a person: "seen by Mark Hill", "looked after by Grace Hill", "picked
        # up by Will Hill".
        (done, "by")
        for done in _words(
            """seen visited assessed examined treated helped supported met greeted called phoned rung told
        checked reviewed admitted discharged referred collected contacted washed bathed after for up"""
        )
    )
    | {("pick", "up"), ("picks", "up"), ("picked", "up"), ("picking", "up")}
)  # someone collected
# Words before a place that are no word of place elsewhere: "walked up Grace Hill", "past Hope Park".
_PLACE_BEFORE = _LOCATION_PREPS | _words("""up down across through over to beyond behind""")

# What a person does, after their name: "Bill Green sorted the heating", "Mark Wood helped us".
_DOES = _ACTION_VERBS | _words(
    """helped helps came comes rang rings called calls told tells said says explained explains listened listens
    sorted sorts visited visits gave gives showed shows arrived noticed brought brings cared cares asked asks
    managed manages understood understands reassured reassures supported supports spoke speaks talked talks
    treated treats checked checks looked who"""
)
_ADVERBS = _words("""always never really often still also even just""")
_COPULAS = _words("""is was has been 's""")
_INTENSIFIERS = _words("""so very really always extremely incredibly too""")
# Said of a person only: "Faith Hall was rude". Said of a place as well ("lovely", "great"), these say
# a person only with a person after them: "Grace Hill was lovely to mum" (not "was lovely in the snow").
_OF_A_PERSON = _PERSON_ADJECTIVES - _words("""lovely brilliant amazing fantastic wonderful great nice""")
_PEOPLE = _ROLES | _words("""me us him her them you mum dad mam nan everyone everybody""")
# Capitalised words that say when, before a name: "On Monday Jack Lane came", "Yesterday Bill Hall rang".
_WHEN = _words(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mondays Tuesdays Wednesdays Thursdays Fridays
    Saturdays Sundays Today Yesterday Tonight Tomorrow"""
)


def _tok(toks: list, k: int, n: int):
    return toks[k] if 0 <= k < n else None


def _word_after(toks: list, k: int, n: int):
    """Token k + 1 when it follows token k with nothing but a space between, else None."""
    t = _tok(toks, k, n)
    return _tok(toks, k + 1, n) if t is not None and t.joined_next else None


def _said_of_a_person(toks: list, k: int, n: int) -> bool:
    """Token k and what follows it say something of a person: "helped us", "never rushes her", "is a
    nurse", "has been our social worker", "was so kind", "was lovely to mum"."""
    w = _tok(toks, k, n)
    if w is None or w.cap:
        return False
    if w.low in _DOES:
        return True
    if w.low in _ADVERBS:  # "never rushes her", "always makes him laugh"
        verb, obj = _word_after(toks, k, n), _word_after(toks, k + 1, n)
        return verb is not None and (verb.low in _DOES or (obj is not None and obj.low in _PEOPLE))
    if w.low not in _COPULAS:
        return False
    k += 1
    w = _word_after(toks, k - 1, n)
    if w is not None and w.low == "been":
        k, w = k + 1, _word_after(toks, k, n)
    if w is not None and w.low in _INTENSIFIERS:
        k, w = k + 1, _word_after(toks, k, n)
    if w is None:
        return False
    if w.low in _OF_A_PERSON:
        return True
    if w.low in _PERSON_ADJECTIVES:  # "lovely to mum", "brilliant with Dad"
        prep, who = _word_after(toks, k, n), _word_after(toks, k + 1, n)
        return prep is not None and prep.low in ("to", "with") and who is not None and who.low in _PEOPLE
    if w.low in _DETERMINERS:  # "is a nurse", "has been our social worker"
        return any((r := _word_after(toks, j, n)) is not None and r.low in _ROLES for j in (k, k + 1))
    return False


def _person_at_a_place(toks: list, i: int, n: int) -> bool:
    """Token i, a name that is also a word, is a person at a place when "at" or "from" and a place's
    name follow it, then what is said of a person: "Holly at Willow is the best carer" (not "Holly at
    Christmas is the best time")."""
    prep, k = _word_after(toks, i, n), i + 2
    if prep is None or prep.low not in ("at", "from"):
        return False
    where = _word_after(toks, i + 1, n)
    if where is None or not where.cap or where.word != where.core:
        return False
    while k < i + 4 and (more := _word_after(toks, k, n)) is not None and more.cap and more.word == more.core:
        k += 1  # "at Oak Lodge", "from Mary Seacole House"
    return _said_of_a_person(toks, k + 1, n)


def _cue_before(text: str, toks: list, i: int, n: int) -> bool:
    """A cue for a person before token i: a role ("my carer Joy Green", "our advocate, Joy Marsh,"),
    "thanks to", "spoke to", "thank"."""
    p1, p2, p3 = _tok(toks, i - 1, n), _tok(toks, i - 2, n), _tok(toks, i - 3, n)
    if p1 is None:
        return False
    if p1.low in _ROLES and (p1.joined_next or text[p1.wend : toks[i].start] == ", "):
        return True
    if not p1.joined_next:
        return False
    if p1.low in _PERSON_CUE1:
        return True
    p2l = p2.low if p2 is not None and p2.joined_next else ""
    p3l = p3.low if p3 is not None and p3.joined_next and p2l else ""
    return (p2l, p1.low) in _PERSON_CUE2 or (p3l, p2l, p1.low) == ("thank", "you", "to")


def _at_work_after(toks: list, k: int, n: int) -> bool:
    """ "Jack Lane on nights", "Will Wood from the agency"."""
    w, after = _tok(toks, k, n), _word_after(toks, k, n)
    if w is None or after is None or w.low not in ("on", "in", "from", "at"):
        return False
    if after.low in _WORKPLACE_BARE and after.low != "the":
        return True
    last = _word_after(toks, k + 1, n)
    return after.low == "the" and last is not None and last.low in _WORKPLACE


def _people_named_like_places(text: str, toks: list, is_name: list[bool], place: list[bool], n: int) -> None:
    """Take "Grace Hill", "Jack Wood" for one person's name when a cue for a person comes before or what
    follows says something of a person. Changes ``is_name`` and ``place`` in place."""
    for i in range(n - 1):
        t, sur = toks[i], toks[i + 1]
        if (
            t is None
            or sur is None
            or not t.cap
            or t.single
            or not t.joined_next
            or t.word != t.core
            or t.core not in WORDLIKE_NAMES
            or not sur.cap
            or sur.core not in _WEAK_FACILITY
        ):
            continue
        p1 = _tok(toks, i - 1, n)
        if p1 is not None and p1.joined_next and p1.cap and not t.initial and p1.core not in _WHEN:
            continue  # a longer run: "Old Mark Lane", "Mrs Grace Field" (a title is read elsewhere)
        nxt = _word_after(toks, i + 1, n)
        if nxt is not None and nxt.cap:
            continue  # "Rose Hill Surgery"
        owned = sur.word != sur.core  # "Grace Hill's carer", "Jack Wood's family"
        if owned:
            nxt = None if nxt is None or nxt.low not in _ROLES and nxt.low not in _POSSESSED else nxt
        if _at_a_place(toks, i, place) or (p1 is not None and p1.joined_next and p1.low in _PLACE_BEFORE):
            if not _cue_before(text, toks, i, n):
                continue
        elif not (
            _cue_before(text, toks, i, n)
            or (owned and nxt is not None)
            or (not owned and nxt is not None and (_said_of_a_person(toks, i + 2, n) or _at_work_after(toks, i + 2, n)))
        ):
            continue
        is_name[i] = is_name[i + 1] = True
        place[i] = place[i + 1] = False
