"""The word lists that tell names from other capitalised words (loaded from names.txt and written here)."""

from __future__ import annotations

import re
from pathlib import Path

from feedback.redaction.base import (
    _words,
)

# --------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------


def _load_gazetteer() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    path = Path(__file__).with_name("names.txt")
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

_COMMON_LOWER = (
    _PERSON_VERBS
    | _words(
        """the and or but to too so not very again today late early help us said all any our your about after
    before over under up down out off more less here there yes no good bad well new old best worst first last
    next only also just still even really quite much many some every each other another same different
    happy sad poor great lovely kind rude"""
    )
    | _words(
        # Verbs an incident note or a comment starts with ("Fell in the lounge", "Look at the letter"):
        # the "-ed" ones are never taken for names already, these are not.
        """fell fallen fall hit cut bit fought found left lay slept ran put lost broke burnt struck stuck threw
    shook swore spat tore woke wet soiled hurt stood felt heard saw seen ate drank spilt trip slip choke
    cough vomit bleed bleeding bled bruise kick punch bite scratch push pull grab shout scream swear spit
    refuse refused wander abscond collapse faint look explain check call ring phone ask tell give make
    keep let send bring take get go listen speak talk wait stop start try see"""
    )
)

# Ordinary words that start a sentence, or an action's title, before where or when ("Due on the last
# day", "Rain in the lounge", "Post from the office was late"): at the start, where every word has a
# capital, such a word is the word, not an unknown name (``names.py`` reads the ordinary words of
# ``lower_words.py`` the same way there).
_STARTING_WORDS = _words(
    """due based owing according prior along upstairs downstairs earlier born rain damp mould mold litter mess
    dust post mail parcel parcels bins windows doors lifts traffic buses taxis cars weather snow ice heat water
    leaks leak floods flooding lights wifi internet"""
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

_CONTRACTION_SUFFIXES = frozenset({"s", "m", "ve", "d", "ll", "re", "t"})

_LETTER = r"[^\W\d_]"
_TOKEN_RE = re.compile(rf"{_LETTER}+(?:['’]{_LETTER}+)*(?:-{_LETTER}+(?:['’]{_LETTER}+)*)*")
_BOUNDARY_RE = re.compile(r"[.!?:;\n\r•\-–—\"“”()\[\]]")
_SPACE_ONLY_RE = re.compile(r"[ \t]{1,3}")
