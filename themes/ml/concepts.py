"""Concepts: groups of words and phrases that say the same thing about care in different words.

A theme that a provider codes a few dozen times ("the service is too far away", "different staff
every visit") is spoken of in many words, most of which its coded comments use once or never:
"miles", "too far", "nearer home", "hard to find". Word and character n-grams learn each of those
separately; a concept pools them into one feature, so the model learns the idea from every comment
that expresses it, and a new comment that says it with an unseen word from the group still counts.

The groups are written from what the themes of patient-experience frameworks mean in English care
feedback (no place names, no words taken from one organisation's comments). They are features,
not rules: the model learns from coded comments how much each concept says about each theme.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import strip_accents_unicode

_PEOPLE = (
    r"(?:staff|nurses?|doctors?|gps?|workers?|therapists?|psychiatrists?|psychologists?|consultants?|"
    r"carers?|care ?co-?ordinators?|cpns?|people|person|faces?|team|clinicians?|keyworkers?)"
)

CONCEPTS: dict[str, tuple[str, ...]] = {
    "distance and location": (
        r"miles?",
        r"too far",
        r"far away",
        r"so far",
        r"distance",
        r"nearer",
        r"nearest",
        r"closer to (?:my )?home",
        r"closest",
        r"near (?:to )?(?:my |our )?home",
        r"close to (?:my |our |where )",
        r"local(?:ly|ised|ized)?",
        r"locations?",
        r"located",
        r"venues?",
        r"sign(?:s|age|posts?)",
        r"directions",
        r"hard to find",
        r"easy to (?:find|get to)",
        r"(?:long|far) (?:way|journey|drive|trip)",
        r"travel(?:l?ed|l?ing)?",
    ),
    "same or changing staff": (
        rf"same {_PEOPLE}",
        rf"different {_PEOPLE}",
        rf"new {_PEOPLE}",
        rf"(?:change|changed|changes|changing) (?:of )?(?:my |the )?{_PEOPLE}",
        rf"{_PEOPLE} (?:keep |kept )?chang(?:ing|ed|e)",
        rf"{_PEOPLE} left",
        rf"{_PEOPLE} leaving",
        r"continuity",
        r"consisten(?:t|cy)",
        r"inconsisten(?:t|cy)",
        r"locums?",
        r"agency (?:staff|nurses?|workers?)",
    ),
    "surroundings": (
        r"atmospheres?",
        r"environment",
        r"facilit(?:y|ies)",
        r"rooms?",
        r"bedrooms?",
        r"wards?",
        r"space",
        r"seat(?:s|ing)",
        r"chairs?",
        r"(?:natural )?light(?:ing)?",
        r"showers?",
        r"bath(?:s|room|rooms)?",
        r"toilets?",
        r"en-?suite",
        r"nois(?:e|y)",
        r"quiet",
        r"temperature",
        r"heating",
        r"too (?:cold|hot|warm)",
        r"decor",
        r"furniture",
        r"gardens?",
        r"buildings?",
        r"waiting (?:room|area)s?",
        r"reception area",
        r"homely",
        r"comfortable",
        r"relax(?:ed|ing)",
        r"calm(?:ing)? (?:place|environment|atmosphere)",
    ),
    "disability, age, culture and identity": (
        r"disab(?:led|ility|ilities)",
        r"deaf(?:ness)?",
        r"hard of hearing",
        r"hearing (?:aids?|impair\w*|loss)",
        r"blind(?:ness)?",
        r"sight",
        r"visual(?:ly)? impair\w*",
        r"partially sighted",
        r"autis(?:m|tic)",
        r"asperger\w*",
        r"adhd",
        r"learning (?:disabilit\w*|difficult\w*)",
        r"wheelchairs?",
        r"mobility",
        r"elderly",
        r"\d+ (?:years?|yrs?) old",
        r"(?:my|his|her|their) age",
        r"older (?:people|person|patients?|generation)",
        r"frail",
        r"(?:trans|transgender|gender|lgbt\w*|gay|lesbian|sexuality)",
        r"rac(?:e|ism|ist)",
        r"ethnic\w*",
        r"cultur(?:e|al)",
        r"religio(?:n|us)",
        r"faith",
        r"first language",
        r"interpret(?:er|ers|ing)",
        r"translat\w*",
        r"sign language",
        r"bsl",
        r"divers(?:e|ity)",
        r"discriminat\w*",
        r"equal(?:ity|ly)?",
        r"inclusi(?:on|ve)",
        r"dignity",
    ),
    "detention and restrictions": (
        r"sectioned",
        r"section \d+",
        r"on (?:a )?section",
        r"detain(?:ed)?",
        r"detention",
        r"mental health act",
        r"(?:more|my|getting|going on|ground|unescorted|escorted|section 17) leave",
        r"leave (?:granted|sooner|faster)",
        r"restrict(?:ion|ions|ive|ed)",
        r"freedom",
        r"allowed (?:out|off the ward|to go)",
        r"let (?:me|us) out",
        r"locked",
        r"seclusion",
        r"(?:un)?escorted",
        r"tribunals?",
        r"restrain(?:t|ed|ing)?",
        r"police",
        r"off the ward",
    ),
    "family and carers": (
        r"famil(?:y|ies)",
        r"relatives?",
        r"next of kin",
        r"loved ones?",
        r"(?:wife|husband|partner|son|daughter|mum|mam|mother|dad|father|parents?|children|kids|grandson|"
        r"granddaughter|grandchildren|grandma|grandad|nan|grandmother|grandfather|brother|sister|"
        r"nephew|niece|aunt|uncle|fiance|fiancee)",
        r"(?:my|our|his|her) carers?",
        r"visit(?:ing|ors|ing times)",
    ),
    "staff coming when needed": (
        r"respon(?:d|ded|ds|sive|siveness|se time)",
        r"unresponsive",
        r"attentive",
        r"call bells?",
        r"buzzers?",
        r"ignored",
        r"no ?one (?:came|answered|responded|got back)",
        r"(?:never|didn't|did not|don't|do not) (?:call|ring|phone|get|got) (?:me |us )?back",
        r"(?:call|called|ring|rang|rung|phone|phoned|get|got) (?:me |us )?back",
        r"return(?:ed)? (?:my |our )?calls?",
        r"chas(?:e|ed|ing)",
        r"(?:always|not|never) (?:there|available)",
        r"on hand",
        r"there for (?:me|us)",
        r"time for (?:me|us)",
        r"(?:came|come|acted|arrived) (?:quickly|straight away|promptly|immediately)",
    ),
    "skill and knowledge": (
        r"competen(?:t|ce|cy)",
        r"incompeten(?:t|ce)",
        r"knowledg(?:e|eable)",
        r"skill(?:s|ed|ful)",
        r"expertise",
        r"experienced",
        r"inexperienced",
        r"trained",
        r"training",
        r"qualified",
        r"unqualified",
        r"thorough",
        r"(?:didn't|did not|don't|do not) know what (?:they|he|she) (?:was|were|are|is) doing",
        r"mistakes?",
        r"errors?",
        r"clueless",
        r"misdiagnos\w*",
    ),
    "assessment and diagnosis": (
        r"diagnos(?:is|ed|e|es|ing)",
        r"triage\w*",
        r"assess(?:ed|ment|ments|ing)?",
        r"symptoms?",
        r"examin(?:ed|ation)",
        r"(?:blood )?tests?",
        r"scans?",
        r"x-?rays?",
        r"questions? (?:asked|were asked)",
        r"(?:sent|told|advised) (?:me )?to (?:go to )?(?:a ?& ?e|a and e|hospital|the gp|my gp|urgent care)",
        r"out of hours",
        r"urgent care",
        r"walk-?in",
    ),
    "referral and handover": (
        r"referr(?:al|als|ed|ing)",
        r"refer(?:s)?",
        r"waiting lists?",
        r"follow(?:ed)?[- ]?ups?",
        r"hand(?:ed)? ?over",
        r"transfer(?:red|s)?",
        r"(?:another|other|different) (?:service|team|department|hospital)",
        r"(?:passed|sent) (?:back )?to",
        r"joined[- ]up",
        r"(?:between|across) (?:services|teams)",
    ),
    "leaving care": (
        r"discharg(?:e|ed|ing)",
        r"sent home",
        r"(?:going|went|get|got|came) (?:back )?home",
        r"(?:left|leaving|leave) (?:the )?(?:hospital|ward|unit)",
        r"back home",
    ),
    "equipment": (
        r"equipment",
        r"wheelchairs?",
        r"walking (?:aids?|frames?|sticks?)",
        r"frames?",
        r"crutches",
        r"oxygen",
        r"stretchers?",
        r"hoists?",
        r"(?:mobility|hearing|daily living) aids?",
        r"dressings?",
        r"bandag(?:e|es|ed)",
        r"catheters?",
        r"monitors?",
        r"machines?",
        r"pads",
        r"supplies",
        r"devices?",
    ),
    "what treatment changed": (
        r"(?:made|make|makes|making) (?:me |a |all the |such a )?(?:feel )?(?:better|worse|difference)",
        r"helped (?:me|my|him|her|us)",
        r"(?:feel|feeling|felt|am|is|was) (?:so much |much |a lot )?(?:better|worse|well again|more confident)",
        r"recover(?:y|ed|ing)?",
        r"improve(?:d|ment|ments|ing)? (?:in )?(?:my|his|her)",
        r"life[- ]?(?:saving|changing|saver)",
        r"saved (?:my|his|her|their) li(?:fe|ves)",
        r"no (?:better|improvement|change)",
        r"progress",
        r"benefit(?:ed|ted|s)?",
        r"cop(?:e|ing)",
        r"well-?being",
        r"turned (?:my|his|her) life",
        r"back on (?:my|his|her) feet",
    ),
    "safety and fear": (
        r"safe(?:ty|ly)?",
        r"unsafe",
        r"secure",
        r"scar(?:ed|y)",
        r"afraid",
        r"frighten(?:ed|ing)",
        r"fear(?:ful)?",
        r"threat(?:s|ened|ening)?",
        r"bull(?:y|ied|ying)",
        r"violen(?:t|ce)",
        r"aggressi(?:ve|on)",
        r"assault(?:ed)?",
        r"attack(?:ed)?",
        r"vulnerable",
        r"protected",
    ),
    "enough staff": (
        r"short[- ]?staffed",
        r"under[- ]?staffed",
        r"(?:more|enough|extra|additional|lack of|shortage of|shortages of|not enough) (?:staff|nurses|doctors|carers)",
        r"staff(?:ing)? (?:levels?|shortages?|numbers)",
        r"shortages?",
        r"busy",
        r"overworked",
        r"stretched",
        r"rushed",
        r"under pressure",
    ),
    "written and general information": (
        r"leaflets?",
        r"information",
        r"info",
        r"websites?",
        r"booklets?",
        r"letters?",
        r"guidance",
        r"advice",
        r"signpost(?:ed|ing)?",
        r"written",
        r"resources",
        r"what to expect",
    ),
    "being kept informed": (
        r"kept (?:me |us )?(?:informed|updated|up to date)",
        r"keep(?:ing)? (?:me |us )?(?:informed|updated|up to date)",
        r"updates?",
        r"(?:never|not|wasn't|weren't|no one) (?:told|informed)",
        r"(?:didn't|did not|don't|do not) (?:tell|inform|let (?:me|us) know)",
        r"mixed messages",
        r"conflicting",
        r"confus(?:ed|ing|ion)",
        r"unclear",
        r"clear(?:er|ly)?",
        r"what (?:was|is) (?:going on|happening)",
        r"in the dark",
    ),
    "explained by staff": (
        r"explain(?:ed|ing|s|ation|ations)?",
        r"told (?:me|us)",
        r"talked (?:me|us) through",
        r"went through",
        r"reassur(?:e|ed|ing|ance)",
        r"answered (?:my|all|our|any)",
        r"(?:understand|understood) what",
    ),
    "appointments": (
        r"appointments?",
        r"cancel(?:l?ed|lations?|l?ing)?",
        r"re-?arrang(?:e|ed|ing)",
        r"re-?schedul(?:e|ed|ing)",
        r"re-?book(?:ed)?",
        r"book(?:ed|ing)",
        r"slots?",
        r"clinics?",
    ),
    "how care is given": (
        r"(?:tele)?phone (?:call|calls|appointment|appointments|consultation)",
        r"video",
        r"online",
        r"face[- ]to[- ]face",
        r"in person",
        r"home visits?",
        r"zoom",
        r"(?:ms |microsoft )?teams call",
        r"virtual",
        r"seen at home",
        r"(?:came|come|visit|visited|visiting) (?:to )?(?:my |our )?(?:home|house)",
    ),
    "getting through": (
        r"get(?:ting)? through",
        r"got through",
        r"on hold",
        r"phone lines?",
        r"answer(?:ed|ing)? the (?:phone|call)",
        r"call handlers?",
        r"contact(?:ed|ing)?",
        r"engaged",
        r"emails?",
        r"(?:rang|ring|ringing|phoned|phoning) (?:up|again|back|several|many|three|four)",
    ),
    "medicines": (
        r"medicat(?:ion|ions|ed)",
        r"medicines?",
        r"meds",
        r"tablets?",
        r"pills?",
        r"prescri(?:be|bed|ption|ptions|bing)",
        r"pharmac(?:y|ist|ists)",
        r"dos(?:e|es|age)",
        r"injections?",
        r"depot",
        r"side[- ]effects?",
        r"clozapine|antidepressants?|antibiotics?|insulin|inhalers?",
    ),
    "things to do and outdoors": (
        r"activit(?:y|ies)",
        r"gym",
        r"walks?",
        r"fresh air",
        r"outside",
        r"outdoors?",
        r"groups?",
        r"games?",
        r"things to do",
        r"nothing to do",
        r"bor(?:ed|edom|ing)",
        r"occupational therap\w*",
        r"(?:art|arts|music|crafts?|cooking|films?|movies?|pool|football|bingo|quiz|garden(?:ing)?)",
        r"day trips?",
        r"smok(?:e|ing)",
    ),
    "money and resources": (
        r"fund(?:ing|ed|s)?",
        r"money",
        r"cuts?",
        r"budgets?",
        r"resources",
        r"invest(?:ment|ed)?",
        r"afford",
        r"cost(?:s|ly)?",
        r"expensive",
        r"government",
        r"underfunded",
        r"nhs (?:is|needs)",
        r"(?:pay|paid|wages|salar(?:y|ies))",
    ),
    "how well it is run": (
        r"organi[sz](?:ed|ation|ational)",
        r"disorgani[sz]ed",
        r"efficien(?:t|tly|cy)",
        r"inefficien(?:t|cy)",
        r"chao(?:s|tic)",
        r"smooth(?:ly)?",
        r"well run",
        r"run (?:well|smoothly)",
        r"admin(?:istration|istrative)?",
        r"paperwork",
        r"systems?",
        r"process(?:es)?",
        r"bureaucra(?:cy|tic)",
        r"red tape",
        r"managed",
        r"management",
    ),
    "communication in general": (
        r"communicat(?:e|ed|es|ing|ion|ions|ive)",
        r"liais(?:e|ed|ing|on)",
    ),
    "being listened to": (
        r"listen(?:ed|ing|s|er)?",
        r"understand(?:ing|s)?",
        r"understood",
        r"involv(?:e|ed|ing|ement)",
        r"(?:took|take|taken) (?:me |my concerns |it )?seriously",
        r"(?:my|our|his|her) (?:views|wishes|opinions?|choices?|needs|concerns)",
        r"dismiss(?:ed|ive)",
        r"(?:not|never|wasn't|weren't) (?:heard|listened)",
        r"fobbed off",
        r"patronis(?:e|ed|ing)",
        r"made to feel",
        r"valued",
        r"respected",
    ),
    "nothing to say": (
        r"^\W*(?:nothing|none|nil|no|n/?a|na|no comments?|not applicable|nothing (?:really|else|at all|to add|to say)|"
        r"can'?t think of anything|not sure|don'?t know|no idea|all good|everything|all of it|"
        r"nothing could be better|nothing to improve|no improvements?)\W*$",
    ),
}

NAMES = tuple(CONCEPTS)

# A pattern made only of letters, digits, optional groups and \w runs matches within one word.
_ONE_WORD = re.compile(r"(?:[a-z0-9]|\[[a-z]+\]|\(\?:|\)|\?|\||\\w|\*|\+)+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Matcher:
    """Every concept's patterns, arranged so that a comment is read in three quick passes."""

    words: tuple[re.Pattern | None, ...]  # per concept: its single words, matched against whole words
    # A phrase needs its literal, and the literal's longest run of letters ("stem") lies inside one
    # word of any text that has it; so phrases are searched only in texts with a word holding a stem.
    # A phrase that starts with its literal ("leads") can only match from the literal's first
    # occurrence on, so the search starts there.
    stems: dict[str, tuple[tuple[str, int, re.Pattern, bool], ...]]  # stem -> (literal, concept, phrase, leads)
    loose: tuple[tuple[int, re.Pattern], ...]  # phrases without a usable literal, always searched


def _required_literal(pattern: str) -> str:
    """The longest run of plain characters outside any group that every match must contain."""
    runs, run, depth, index = [], "", 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            runs.append(run)
            run, index = "", index + 2
            continue
        if char in "([":
            runs.append(run)
            run = ""
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in "?*{":
            runs.append(run[:-1])  # the character before is optional
            run = ""
        elif depth == 0 and char in "+|^$.":
            runs.append(run)
            run = ""
        elif depth == 0:
            run += char
        index += 1
    runs.append(run)
    return max(runs, key=len)


_LEADING_CHOICE = re.compile(r"\(\?:([a-z' |]+)\)(?![?*])(.+)")


def _expanded(phrase: str) -> list[str]:
    """A phrase that starts with a choice of words, one phrase per word, so each has a literal."""
    match = _LEADING_CHOICE.fullmatch(phrase)
    if match is None:
        return [phrase]
    return [choice + match.group(2) for choice in match.group(1).split("|")]


def _phrase(parts: Sequence[str]) -> re.Pattern:
    if all(part.startswith("^") for part in parts):  # anchored at the start: no need to try every position
        return re.compile(r"(?:" + "|".join(parts) + r")(?!\w)")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@cache
def _matcher() -> _Matcher:
    words, phrases, loose = [], {}, []
    for column, parts in enumerate(CONCEPTS.values()):
        single = [part for part in parts if _ONE_WORD.fullmatch(part)]
        words.append(re.compile("|".join(single)) if single else None)
        unanchored = []
        for phrase in (each for part in parts if not _ONE_WORD.fullmatch(part) for each in _expanded(part)):
            literal = _required_literal(phrase)
            if len(literal) >= 3 and _WORD.search(literal):
                phrases.setdefault(literal, []).append((column, _phrase([phrase]), phrase.startswith(literal)))
            else:
                unanchored.append(phrase)
        if unanchored:
            loose.append((column, _phrase(unanchored)))
    stems: dict[str, list] = {}
    for literal, found in phrases.items():
        stem = max(_WORD.findall(literal), key=len)
        stems.setdefault(stem, []).extend((literal, column, phrase, leads) for column, phrase, leads in found)
    return _Matcher(words=tuple(words), stems={stem: tuple(found) for stem, found in stems.items()}, loose=tuple(loose))


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The concepts a word expresses on its own, and the phrase stems it contains."""
    matcher = _matcher()
    concepts = tuple(
        column for column, pattern in enumerate(matcher.words) if pattern is not None and pattern.fullmatch(word)
    )
    return concepts, tuple(stem for stem in matcher.stems if stem in word)


def _plain(text: str) -> str:
    return strip_accents_unicode((text or "").lower()).replace("\u2019", "'")


def concepts_of(text: str) -> set[int]:
    """The columns (positions in ``NAMES``) of the concepts ``text`` expresses."""
    plain = _plain(text)
    return _concepts_in(plain, _WORD.findall(plain))


def _concepts_in(plain: str, words: Sequence[str]) -> set[int]:
    """``concepts_of`` for a text read by ``_plain`` whose words (``_WORD``) are ``words``."""
    matcher = _matcher()
    found: set[int] = set()
    stems: set[str] = set()
    for concepts, contained in map(_word, words):
        if concepts or contained:  # most words are neither
            found.update(concepts)
            stems.update(contained)
    for stem in stems:
        for literal, column, phrase, leads in matcher.stems[stem]:
            if column in found:
                continue
            at = plain.find(literal)
            # The lookbehind at the start of a phrase still reads the character before ``at``.
            if at >= 0 and phrase.search(plain, at if leads else 0):
                found.add(column)
    for column, phrase in matcher.loose:
        if column not in found and phrase.search(plain):
            found.add(column)
    return found


def concept_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """An (n, len(NAMES)) 0/1 matrix: does the comment express each concept."""
    return _zero_one([concepts_of(text) for text in texts])


def concept_rows(lowered: Sequence[str], words: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """``concept_matrix`` for texts already lowercased and stripped of accents, with their words
    (``\\w+`` runs): the text features read each text once for all their blocks. The curly
    apostrophe is no word character, so straightening it leaves the words as they are."""
    return _zero_one(
        [_concepts_in(text.replace("\u2019", "'"), found) for text, found in zip(lowered, words, strict=True)]
    )


def _zero_one(concepts: Sequence[set[int]]) -> sp.csr_matrix:
    rows, columns = [], []
    for row, found in enumerate(concepts):
        rows.extend([row] * len(found))
        columns.extend(found)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, columns)), shape=(len(concepts), len(NAMES)), dtype=np.float32)
