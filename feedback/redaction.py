"""Remove personal details from free-text feedback before it is quoted.

``redact(text)`` returns a :class:`Redacted` with the redacted text and the
spans ``(start, end, kind)`` of every personal detail in the ORIGINAL text.

Kinds and placeholders::

    name        [name]            people's names ("Sarah", "Dr Patel" -> "Dr [name]")
    phone       [phone number]    UK phone numbers (not 111/999/101 etc.)
    nhs_number  [NHS number]      10 digits passing the Modulus 11 check
    email       [email address]
    postcode    [postcode]        full UK postcodes, any case, with or without space
    address     [address]         house number + street ("Flat 3, 45 High Street")

Design decisions (documented so reviewers can argue with them):

* Pure standard library, no models, no network.  Names come from a shipped
  gazetteer (``redaction_names.txt``: ~2,500 first names of many origins,
  ~500 surnames, word-like names, non-name capitalised words, place words)
  plus context rules, in this order:
    - titles: Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Rev (initials looked through:
      "Mr P. Whitworth");
    - role and relationship words: "nurse Kelly", "my son Jamie", "the
      manager Claire", and apposition "my advocate, Rosalind, came";
    - cue phrases: "called X", "named X", "name is X", "ask for X", "thanks
      to X", "contact X", "Can X please ...";
    - gazetteer first names anywhere; surnames when not sentence-initial;
    - unknown capitalised words in person-like contexts: mid-sentence before
      a verb ("... and Bartek was"), "X's family", "X on nights", "X, the
      activities coordinator", sentence-initial before an animate verb
      ("Zdenek plays the piano");
    - coordination ("Tom or Priya") and extension over adjacent name words
      ("Sarah Thompson", "J. A. Smith-Jones").
* Titles and role words are kept: "Dr Patel" -> "Dr [name]".  The role is
  useful for governance and does not identify anyone on its own.
* Capitalised words directly before a place word are a place, not a person:
  "Rose Ward", "Florence Ward", "Mary Seacole House", "Oak Lodge", "Royal
  Victoria", "St Anne's" are kept.  The service's own place names (wards,
  homes, teams) are not personal details.  The cost: a person whose surname
  is Ward/House/Lodge ("Sarah Ward") is missed unless a title precedes
  ("Mrs Ward").  Weak place words that are also common surnames (Hall, Wood,
  Green, Hill, Park, Court...) after a known first name are read as a
  surname ("Emma Wood").
* Names that are ordinary words (Will, May, Hope, Joy, Mark, Grace...) need
  context; months (April, May, June, August) need a title, role or cue.
* Not caught: lower-case names ("sarah was lovely"), ALL-CAPS names, and
  unknown names at the start of a sentence before a copula ("Cosmin was
  the only one"), because "Gravy was cold" looks the same.  Street names
  without a house number are kept; partial postcodes ("LS1") are kept.
* Phone numbers: UK numbers in the usual groupings, +44 / 0044 / (0), and
  other countries' numbers written with "+".  111, 999, 101, 116 123 are
  not matched (too short).  NHS numbers: 10 digits, grouped 3-3-4 or
  ungrouped, passing Modulus 11; an ungrouped 10-digit number starting with
  0 is read as a phone number.
* Idempotent by construction: detection is repeated on the redacted text
  until it finds nothing new outside placeholders, so
  ``redact(redact(t).text).text == redact(t).text``.  Placeholders already in
  the input are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Redacted", "redact", "is_valid_nhs_number", "PLACEHOLDERS", "KINDS"]

PLACEHOLDERS: dict[str, str] = {
    "name": "[name]",
    "phone": "[phone number]",
    "nhs_number": "[NHS number]",
    "email": "[email address]",
    "postcode": "[postcode]",
    "address": "[address]",
}
KINDS = tuple(PLACEHOLDERS)


# Lower number wins when two detections overlap.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PRIORITY = {"email": 0, "nhs_number": 1, "phone": 2, "address": 3, "postcode": 4, "name": 5}

_PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass(frozen=True)
class Redacted:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------


def _load_gazetteer() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    path = Path(__file__).with_name("redaction_names.txt")
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), set())
            continue
        if current is not None:
            current.update(line.split())
    return {k: frozenset(v) for k, v in sections.items()}


_GAZ = _load_gazetteer()
FIRST_NAMES: frozenset[str] = _GAZ.get("first", frozenset())
SURNAMES: frozenset[str] = _GAZ.get("surname", frozenset())
WORDLIKE_NAMES: frozenset[str] = _GAZ.get("wordlike", frozenset())
NOT_NAMES: frozenset[str] = _GAZ.get("notname", frozenset())
FACILITY_WORDS: frozenset[str] = _GAZ.get("facility", frozenset())

_MONTH_NAMES = frozenset({"April", "May", "June", "August"})

# Words that are never part of a name, even after a title.
_HARD_STOP = _words(
    """I I'm I've I'd I'll The A An This That These Those There Their They Them Then When While Where What Which
    Who Why How He She We You It His Her Our Your My Me Us And Or But So If As At In On Of To For From With By
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March July September October
    November December NHS GP CQC Ward Unit Team Staff Please Thanks Thank Not No Yes Very"""
)

# Facility words that are also common surnames: after a known first name they
# are read as a surname ("Emma Wood"), otherwise as a place ("Oak Lodge" is
# strong anyway; "Rose Court" -> Rose is wordlike, so place).
_WEAK_FACILITY = _words(
    """Hall Court Wood Woods Green Hill Park Lane Field Fields Heath Brook Bridge Mill Mount Chase Bank Gate Croft
    Marsh Moor Vale Meadow Grange Manor Place Gardens Way Walk Row Rise View Fold Ridge Cottage Farm"""
)

_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "rev",
        "revd",
        "reverend",
        "sir",
        "dame",
        "mister",
        "missus",
    }
)
_ABBREV_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "revd", "st"})

_ROLES = _words(
    """nurse nurses sister matron carer carers worker keyworker manager doctor doc gp consultant physio
    physiotherapist therapist ot psychiatrist psychologist counsellor receptionist cleaner chef cook driver
    coordinator co-ordinator lead assistant hca cpn paramedic midwife visitor pharmacist dentist surgeon
    registrar practitioner advocate befriender volunteer officer navigator champion housekeeper handyman
    son daughter husband wife partner mum mam mom mother dad father brother nan nana nanna gran granny grandma
    grandad granddad grandpa grandson granddaughter grandchild aunt auntie aunty uncle nephew niece cousin
    friend neighbour boyfriend girlfriend fiance fiancé fiancee fiancée stepson stepdaughter stepmum stepdad
    sibling twin baby child colleague student resident patient client tenant housemate flatmate buddy
    lady gentleman man woman chap lad girl boy guy fella bloke hubby wifey sis bro mate"""
)

_STRONG_CUE1 = frozenset({"called", "named", "nicknamed", "name"})
_STRONG_CUE2 = frozenset(
    {
        ("name", "is"),
        ("name", "was"),
        ("names", "are"),
        ("names", "were"),
        ("known", "as"),
        ("ask", "for"),
        ("asked", "for"),
        ("asking", "for"),
        ("name", "being"),
        ("goes", "by"),
        ("went", "by"),
    }
)
_WEAK_CUE1 = frozenset(
    {
        "thanks",
        "thank",
        "especially",
        "particularly",
        "including",
        "cheers",
        "love",
        "hi",
        "hello",
        "dear",
        "esp",
        "notably",
        "ty",
        "thx",
        "bravo",
        "kudos",
        "praise",
    }
)
_WEAK_CUE2 = frozenset(
    {
        ("thanks", "to"),
        ("you", "to"),
        ("out", "to"),
        ("shoutout", "to"),
        ("off", "to"),
        ("credit", "to"),
        ("praise", "for"),
        ("thank", "you"),
        ("thankyou", "to"),
        ("spoke", "to"),
        ("speak", "to"),
        ("talk", "to"),
        ("talked", "to"),
        ("spoken", "to"),
        ("mention", "to"),
        ("mentions", "to"),
        ("goes", "to"),
        ("go", "to"),
        ("with", "both"),
        ("looked", "after"),
        ("by", "both"),
        ("sat", "with"),
        ("chat", "with"),
        ("chats", "with"),
        ("chatted", "with"),
        ("talking", "to"),
        ("worked", "with"),
        ("working", "with"),
        ("works", "with"),
    }
)

_PERSON_VERBS = _words(
    """was is has had have were are came comes come helped helps made makes said says told tells explained
    explains listened listens sorted sorts took takes gave gives went goes did does treated treats looked looks
    visited visits rang rings called calls phoned phones stayed stays sat sits showed shows knew knows always
    never really who will would could can should might arrived noticed spotted spent brought brings cared cares
    kept keeps asked asks got gets managed manages organised arranged arranges works worked from did didn't
    doesn't wasn't isn't hasn't won't can't couldn't wouldn't understood understands reassured reassures
    supported supports stayed spoke speaks talked talks held holds washed dressed cooked fed sang sings
    remembered remembers checked checks greeted greets welcomed welcomes"""
)

_COMMON_LOWER = _PERSON_VERBS | _words(
    """the and or but to too so not very again today late early help us said all any our your about after
    before over under up down out off more less here there yes no good bad well new old best worst first last
    next only also just still even really quite much many some every each other another same different
    happy sad poor great lovely kind rude"""
)

_NOUN_SUFFIXES = (
    "ing",
    "ion",
    "ions",
    "ment",
    "ments",
    "ness",
    "ity",
    "ance",
    "ence",
    "ure",
    "ism",
    "ers",
    "ors",
    "ents",
    "ants",
    "ies",
    "ly",
    "ed",
    "ful",
    "less",
    "able",
    "ible",
    "ive",
    "ical",
    "ship",
    "hood",
    "ery",
    "ary",
    "ory",
    "ics",
    "age",
    "ist",
    "ists",
)
_ACTION_VERBS = _words(
    """sings sang plays played rang rings phoned phones visited visits hugged hugs cried laughed smiled listened
    listens explained explains cooked cooks washed washes dressed dresses fed feeds chatted chats talked talks
    told tells said says asked asks knows knew noticed notices spotted spots reassured reassures comforted
    comforts organised organises arranged arranges sorted sorts popped pops drove drives volunteers volunteered
    greeted greets welcomed welcomes remembered remembers brushes brushed stayed stays sat sits bakes baked
    paints painted dances danced walks walked"""
)
_WORKPLACE = _words(
    """early late night day twilight weekend weekends morning afternoon evening shift shifts kitchen laundry office
    team ward unit home reception activities pharmacy desk crisis community district hospice
    cafe café shop salon hairdressers admin finance agency council surgery practice clinic door
    memory mental dementia nursing care support bank day-centre"""
)
_POSSESSED = _words(
    """family families room relatives children kids grandchildren funeral birthday medication medications
    belongings clothes glasses teeth dentures hearing wheelchair bed needs care plan behaviour health dementia
    condition weight notes file records friends visitors carers"""
)
_DETERMINERS = frozenset({"the", "a", "an", "our", "my", "his", "her", "their", "your", "mum's", "dad's"})

# Verbs that after an unknown sentence-initial word suggest a person (animate subject). Copulas
# ("was", "has") are left out: "Gravy was cold", "Sepsis was missed".
_INITIAL_VERBS = _words("""loves likes cares deserves manages cleans cooks loved liked cared managed adores adored""")
_WORKPLACE_BARE = _words(
    """nights days earlies lates twilights weekends reception maintenance housekeeping admin activities laundry
    security the"""
)
_CONTACT_CUES = frozenset(
    {
        "contact",
        "ring",
        "phone",
        "text",
        "email",
        "e-mail",
        "tell",
        "thank",
        "thanked",
        "met",
        "meet",
        "told",
        "asked",
        "ask",
    }
)
_PLACE_PREFIX = frozenset(
    {
        "Royal",
        "St",
        "Saint",
        "Queen",
        "King",
        "Princess",
        "Prince",
        "Lady",
        "Sir",
        "Holy",
        "Great",
        "Little",
        "Old",
        "New",
        "Upper",
        "Lower",
        "North",
        "South",
        "East",
        "West",
    }
)

_IS_FOLLOW = frozenset(
    {
        "the",
        "my",
        "our",
        "a",
        "an",
        "always",
        "so",
        "very",
        "really",
        "brilliant",
        "lovely",
        "amazing",
        "fantastic",
        "wonderful",
        "great",
        "kind",
        "one",
        "mum's",
        "dad's",
    }
)

_MODALS = frozenset({"will", "would", "could", "can", "should", "might", "may", "must"})
# camelCase product names (FaceTime, WhatsApp) but not Mc/Mac/O'/De names
_CAMEL_RE = re.compile(r"(?!Mc|Mac|O'|O’|D'|D’|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z][a-z]+[A-Z]")

_PLACE_PREPS = frozenset(
    {
        "at",
        "in",
        "to",
        "from",
        "near",
        "into",
        "on",
        "of",
        "the",
        "a",
        "an",
        "our",
        "their",
        "via",
        "towards",
        "outside",
        "inside",
        "opposite",
        "around",
        "visit",
        "visiting",
        "moved",
        "this",
        "that",
        "your",
        "its",
    }
)

_LOWER_FACILITY = frozenset(
    {
        "ward",
        "unit",
        "lodge",
        "hospital",
        "hospice",
        "surgery",
        "clinic",
        "centre",
        "center",
        "practice",
        "road",
        "street",
        "lane",
        "avenue",
        "house",
        "team",
        "teams",
        "service",
        "services",
        "hub",
        "project",
        "charity",
        "trust",
    }
)

# Unknown capitalised words with these endings are read as places (care homes, towns).
_PLACE_SUFFIXES = (
    "wood",
    "field",
    "fields",
    "dale",
    "dene",
    "view",
    "bank",
    "croft",
    "holme",
    "lands",
    "side",
    "mead",
    "gate",
    "ridge",
    "brook",
    "hurst",
    "bury",
    "worth",
    "thorpe",
    "caster",
    "chester",
    "mouth",
    "moor",
    "haven",
    "cliffe",
    "combe",
    "shire",
    "ington",
    "borough",
    "ford",
    "leigh",
    "lea",
    "stead",
    "court",
    "house",
    "lodge",
    "grange",
    "manor",
    "park",
    "hall",
    "mill",
    "ways",
    "view",
    "acre",
    "acres",
    "meadow",
    "meadows",
    "well",
    "wells",
    "water",
    "burn",
)
_LOWER_FACILITY_HEAD = frozenset(
    {
        "care",
        "nursing",
        "medical",
        "health",
        "day",
        "residential",
        "respite",
        "community",
        "mental",
        "carers",
        "support",
    }
)
_LOWER_FACILITY_TAIL = frozenset(
    {"home", "homes", "centre", "center", "unit", "service", "services", "team", "hub", "group", "clinic", "trust"}
)

_CONTRACTION_SUFFIXES = frozenset({"s", "m", "ve", "d", "ll", "re", "t"})

_LETTER = r"[^\W\d_]"
_TOKEN_RE = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*(?:-{_LETTER}+(?:['’]{_LETTER}+)*)*")
_BOUNDARY_RE = re.compile(r"[.!?:;\n\r•\-–—\"“”()\[\]]")
_SPACE_ONLY_RE = re.compile(r"[ \t]{1,3}")

# --------------------------------------------------------------------------
# Numbers: phone and NHS
# --------------------------------------------------------------------------

_NUMBER_RUN_RE = re.compile(r"(?<![\w£$€.+])(?:\+\d+|\(?\d+\)?)(?:(?:[ \-]|(?<=\))|(?=\())\(?\d+\)?)*")
_GROUP_RE = re.compile(r"\+?\(?\d+\)?")


def is_valid_nhs_number(value: str) -> bool:
    """Modulus 11 check on a 10-digit NHS number (spaces/hyphens ignored)."""
    digits = re.sub(r"[ \-]", "", value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def _phone_digits(groups: list[str]) -> str | None:
    """Normalise a window of digit groups to a national UK number, or None."""
    first = groups[0]
    rest = groups[1:]
    if first.startswith("+44") and len(first) > 3:
        first, rest = "+44", [first[3:]] + rest
    if first.startswith("+"):
        if first != "+44":
            # other countries: + and 8 to 15 digits in all
            other = "".join(g.strip("()+") for g in groups)
            return other if 8 <= len(other) <= 15 and len(groups) >= 2 else None
        if rest and rest[0] == "(0)":
            rest = rest[1:]
        body = "".join(g.strip("()") for g in rest)
        if not body or body.startswith("0"):
            return None
        digits = "0" + body
    else:
        digits = "".join(g.strip("()") for g in groups)
        if digits.startswith("0044"):
            digits = "0" + digits[4:]
    if not digits.startswith("0") or len(digits) < 10 or digits[1] == "0":
        return None
    if len(digits) == 11 and digits[1] in "1235789":
        return digits
    if len(digits) == 10 and (digits.startswith("01") or digits.startswith("0800") or digits.startswith("0500")):
        return digits
    return None


def _classify_window(groups: list[str]) -> str | None:
    plain = "".join(g.strip("()+") for g in groups)
    shape = tuple(len(g) for g in groups)
    if (
        len(plain) == 10
        and all(g.isdigit() for g in groups)
        and (shape == (3, 3, 4) or (shape == (10,) and not plain.startswith("0")))
        and is_valid_nhs_number(plain)
    ):
        return "nhs_number"
    if _phone_digits(groups) is not None:
        return "phone"
    return None


def _find_numbers(text: str, out: list[tuple[int, int, str]]) -> None:
    for run in _NUMBER_RUN_RE.finditer(text):
        s = run.group()
        if len(s) < 8:
            continue
        base = run.start()
        groups = [(m.start() + base, m.end() + base, m.group()) for m in _GROUP_RE.finditer(s)]
        n = len(groups)
        # prefix sums of digit counts: only windows with 8..15 digits can match
        cum = [0]
        for g in groups:
            cum.append(cum[-1] + sum(ch.isdigit() for ch in g[2]))
        i = 0
        while i < n:
            found = False
            for j in range(min(n, i + 6), i, -1):
                digits = cum[j] - cum[i]
                if digits < 8 or digits > 15:
                    continue
                kind = _classify_window([g[2] for g in groups[i:j]])
                if kind:
                    out.append((groups[i][0], groups[j - 1][1], kind))
                    i = j
                    found = True
                    break
            if not found:
                i += 1


# --------------------------------------------------------------------------
# Email, postcode, address
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+"
)

_POSTCODE_AREAS = _words(
    """AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH
    EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML
    N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN
    TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
)
_POSTCODE_RE = re.compile(
    r"(?<![\w£$])(?:(GIR) ?0AA|([A-Z]{1,2})(\d[A-Z\d]?) {0,2}(\d)([ABD-HJLNP-UW-Z]{2}))(?![\w])",
    re.IGNORECASE,
)
_ORDINAL_SUFFIX = frozenset({"st", "nd", "rd", "th"})

_STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Court|Ct|Crescent|Cres|Gardens|Gdns|Terrace|"
    r"Terr|Place|Pl|Grove|Gr|Park|Square|Sq|Walk|Row|Rise|Hill|Mews|View|Green|Parade|Vale|Boulevard|Wharf|Yard|"
    r"Croft|Meadows?|Fold|Gate|Chase|Mount|Heights|Brow|Bank|Side|Wynd|Brae|Lea|Approach|Circus|Hollow|Way)"
)
_STREET_WORD = r"(?:St\.? |[A-Z][a-z]+(?:['’][a-z]+|-[A-Z][a-z]+)?\s+)"
_ADDRESS_RE = re.compile(
    r"(?<![\w£$/.])"
    r"(?:(?:Flat|Apartment|Apt|Unit)\.?\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?(?:[-–/]\d{1,4}[A-Za-z]?)?,?\s+"
    rf"{_STREET_WORD}{{1,3}}"
    rf"{_STREET_SUFFIX}\b\.?",
)


def _find_emails(text: str, out: list) -> None:
    if "@" not in text:
        return
    for m in _EMAIL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".-":
            end -= 1
        out.append((m.start(), end, "email"))


def _find_postcodes(text: str, out: list) -> None:
    for m in _POSTCODE_RE.finditer(text):
        if m.group(1):
            out.append((m.start(), m.end(), "postcode"))
            continue
        area, inward = m.group(2), m.group(5)
        if area.upper() not in _POSTCODE_AREAS:
            continue
        if inward.islower() and inward in _ORDINAL_SUFFIX:
            continue
        token = m.group()
        # All-lowercase or mixed-case forms must still look deliberate: mixed case
        # like "Me2 3ab" is rejected, lowercase "ls1 4ab" and upper "LS1 4AB" accepted.
        letters = [c for c in token if c.isalpha()]
        if not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
            continue
        out.append((m.start(), m.end(), "postcode"))


def _find_addresses(text: str, out: list) -> None:
    for m in _ADDRESS_RE.finditer(text):
        end = m.end()
        if text[end - 1] == ".":
            # keep a full stop that ends the sentence out of the span unless it ends an abbreviation
            word = text[m.start() : end - 1].rsplit(None, 1)[-1]
            if (
                word not in {"St", "Rd", "Ave", "Ln", "Cl", "Dr", "Ct", "Cres", "Gdns", "Terr", "Pl", "Gr", "Sq"}
                or end == len(text)
                or text[end : end + 1] in "\n"
            ):
                end -= 1
        out.append((m.start(), end, "address"))


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


class _Tok:
    __slots__ = ("start", "end", "wend", "word", "core", "low", "cap", "initial", "joined_next", "single")

    def __init__(self, start: int, end: int, word: str):
        self.start = start
        self.wend = end
        self.word = word
        core = word
        if "'" in word or "’" in word:
            idx = max(word.rfind("'"), word.rfind("’"))
            suffix = word[idx + 1 :]
            if idx > 0 and suffix in _CONTRACTION_SUFFIXES:
                core = word[:idx]
        self.core = core
        self.end = start + len(core)
        self.low = word.lower()
        if core[0].isupper():
            self.single = len(core) == 1
            self.cap = self.single or not core.isupper() or "'" in core
        else:
            self.single = False
            self.cap = False
        self.initial = False
        self.joined_next = False


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


def _run_end(toks: list, i: int, n: int) -> int:
    """End offset of the run of up to 3 adjacent capitalised tokens starting at i."""
    j = i
    while j + 1 < n and j - i < 2 and toks[j].joined_next and toks[j + 1] is not None and toks[j + 1].cap:
        j += 1
    return toks[j].end


def _find_names(text: str, out: list) -> None:
    matches = list(_TOKEN_RE.finditer(text))
    n = len(matches)
    spans = [m.span() for m in matches]
    cand = [i for i, sp in enumerate(spans) if text[sp[0]].isupper()]
    if not cand:
        return
    # Only tokens near a capitalised word matter: build those (3 before, 4 after).
    need: set[int] = set()
    for c in cand:
        need.update(range(max(0, c - 3), min(n, c + 5)))
    order = sorted(need)
    toks: list = [None] * n
    for i in order:
        st, en = spans[i]
        toks[i] = _Tok(st, en, text[st:en])
    for i in order:
        t = toks[i]
        if i == 0:
            t.initial = True
        else:
            ps, pe = spans[i - 1]
            gap = text[pe : t.start]
            if gap != " " and _BOUNDARY_RE.search(gap):
                pw = text[ps:pe]
                t.initial = not (
                    gap.strip() == "." and (pw.lower() in _ABBREV_TITLES or (len(pw) == 1 and pw.isupper()))
                )
        if i + 1 < n:
            gap = text[t.wend : spans[i + 1][0]]
            t.joined_next = (
                gap == " "
                or bool(_SPACE_ONLY_RE.fullmatch(gap))
                or (gap in (".", ". ") and (t.low in _ABBREV_TITLES or t.single))
            )

    caps = [i for i in cand if toks[i].cap]
    if not caps:
        return
    is_name = [False] * n
    place = [False] * n
    # Title Case or shouty text ("Mum's Carer Was Late Again"): unknown words are not names.
    title_case = n >= 4 and len(caps) * 10 >= n * 6

    # --- place marking: capitalised run before a facility word -------------
    for i in caps:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else None
        if not t.cap or nxt is None or not t.joined_next:
            continue
        facility = False
        if nxt.cap and nxt.core in FACILITY_WORDS:
            if nxt.core in _WEAK_FACILITY and t.core in FIRST_NAMES and t.core not in WORDLIKE_NAMES:
                facility = False  # "Emma Wood": surname
            else:
                facility = True
        elif not nxt.cap and t.word == t.core:
            facility = nxt.low in _LOWER_FACILITY or (
                nxt.low in _LOWER_FACILITY_HEAD
                and i + 2 < n
                and toks[i + 2] is not None
                and toks[i + 2].low in _LOWER_FACILITY_TAIL
                and nxt.joined_next
            )
        if not facility and nxt.cap and t.core in _PLACE_PREFIX and nxt.core not in _HARD_STOP:
            # "Royal Victoria", "St Anne's", "Queen Elizabeth": place names, mark the word after
            k2 = i + 1
            while k2 < n and toks[k2] is not None and toks[k2].cap:
                place[k2] = True
                if not toks[k2].joined_next or toks[k2].word != toks[k2].core:
                    break
                k2 += 1
        if facility:
            k = i
            while k >= 0 and toks[k].cap and toks[k].low not in _TITLES:
                place[k] = True
                if k == 0 or not toks[k - 1].joined_next:
                    break
                k -= 1

    # --- base rules -----------------------------------------------------------
    for i in caps:
        t = toks[i]
        if not t.cap or place[i] or t.single:
            continue
        c = t.core
        if c in _HARD_STOP:
            continue
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
            and not (in_not and not gazetteer and c in FACILITY_WORDS)
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
        # 3. cue phrases
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
        # 4. gazetteer
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
            continue
        if in_first:
            is_name[i] = True
            continue
        if in_sur:
            if not t.initial or nxt_low in _PERSON_VERBS:
                is_name[i] = True
            continue
        # 5. unknown capitalised word mid-sentence followed by a verb
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
        # 6. more context for unknown capitalised words (any position)
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

    # --- coordination: "Tom or Priya", "Sarah, Bartek and Jo" ------------------
    changed = True
    rounds = 0
    while changed and rounds < 4:
        changed = False
        rounds += 1
        for i in [x for x in range(n) if is_name[x]]:
            if not is_name[i]:
                continue
            # forward: name (and|or|&|,) X
            for j, step in ((i + 2, 1), (i - 2, -1)):
                if not (0 <= j < n) or is_name[j] or place[j]:
                    continue
                mid = toks[i + step]
                if mid.low not in ("and", "or", "&", "nor"):
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


# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------


def _detect(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    _find_emails(text, found)
    _find_numbers(text, found)
    _find_postcodes(text, found)
    _find_addresses(text, found)
    _find_names(text, found)
    if not found:
        return found
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
    return chosen


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
    if not isinstance(text, str):
        raise TypeError("redact() expects a str")
    spans = _detect(text)
    if not spans:
        return Redacted(text=text, spans=[])
    out, segs = _render(text, spans)
    while True:
        extra = _detect(out)
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
