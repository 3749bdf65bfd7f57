"""The words the reader of names in lower case or in capitals goes by (``names_any_case.py``): names folded
to lower case, titles, cues, job titles, what is said of a person or of a sum, and the ordinary words
never taken for a name."""

from __future__ import annotations

import re

from feedback.redaction.base import _words
from feedback.redaction.lexicon import (
    _ACTION_VERBS,
    _COMMON_LOWER,
    _DETERMINERS,
    _GAZ,
    _HARD_STOP,
    _INITIAL_VERBS,
    _MODALS,
    _ROLES,
    _WEAK_CUE1,
    _WEAK_CUE2,
    _WORKPLACE,
    _WORKPLACE_BARE,
    FIRST_NAMES,
    NOT_NAMES,
    SURNAMES,
    WORDLIKE_NAMES,
)
from feedback.redaction.place_words import _PLACE_PREPS, _WEAK_FACILITY

# Names that are words only in lower case ("heather", "ruby", "read"), beside those that are words
# however written ("grace", "will").
_LOWER_ONLY = frozenset(n.lower() for n in _GAZ.get("wordlike_lower", frozenset()))
_WORDLIKE = frozenset(n.lower() for n in WORDLIKE_NAMES) | _LOWER_ONLY
_NOT = frozenset(n.lower() for n in NOT_NAMES)
_FIRST = frozenset(n.lower() for n in FIRST_NAMES) - _WORDLIKE - _NOT
_SUR = frozenset(n.lower() for n in SURNAMES) - _WORDLIKE - _NOT
_ANY_NAME = _FIRST | _SUR | _WORDLIKE
_MONTHS = frozenset({"april", "may", "june", "august"})

_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "miss", "mister", "missus"})
_PERSONAL_TITLES = _TITLES - {"dr", "miss"}
# "Named X" and "called X" are read as a name only after a person: "a lady called rose".
_NAMING = frozenset({"called", "named", "nicknamed"})
_NAMING2 = frozenset({("name", "is"), ("name", "was"), ("known", "as"), ("goes", "by"), ("went", "by")})
_PERSON_BEFORE_NAMING = _ROLES | frozenset({"someone", "somebody", "person", "one", "staff"})
_LOWER_CUE1 = _WEAK_CUE1 - {"love", "praise", "dear"}
_LOWER_CUE2 = _WEAK_CUE2 | {("ask", "for"), ("asked", "for"), ("asking", "for")}
# Roles that name a group: "staff mark the charts", "the carers will come".
_GROUP_ROLES = frozenset(r for r in _ROLES if r.endswith("s") and r not in ("sis", "boss")) | {"staff", "team"}
# A word before one of these is a place: "heather close", "sapphire gardens", "rose ward".
_PLACE_AFTER = _words(
    """ward wards unit house lodge court centre center hospital hospice surgery practice clinic home manor hall
    grange place gardens view villa cottage mews towers suite wing block building annexe pavilion road street
    lane avenue drive close way crescent terrace grove park square rise walk row hill mount green fields meadow
    meadows vale ridge bank brook chase croft fold gate heath moor mill bridge wood woods farm"""
)
# Place words that are also surnames: after a cue for a name and a name, the surname ("she went by emma
# wood", "the nurse grace hill"), not the place.
_SURNAME_PLACES = frozenset(w.lower() for w in _WEAK_FACILITY)
# What may follow a name that is also a modal verb ("may", "will") when it is a name.
_AFTER_MODAL_NAME = frozenset({"was", "is", "has", "had", "said", "says", "came", "comes", "and", "from", "on", "in"})

# A sum after a verb, or more or less than one: "the dentist bill was £90", "came to £60", "was more than".
_SUM_RE = re.compile(r"\s*[£$€]\s*\d")
_NUMBER_RE = re.compile(r"\s*\d[\d,.]*\s*$")
_MONEY = frozenset({"pounds", "quid", "p", "pence", "k"})
_COST_VERBS = frozenset({"was", "is", "came", "comes", "cost", "costs", "went", "goes"})
_BEFORE_SUM = frozenset({"to", "up", "down", "over", "under", "about", "around", "nearly", "almost", "only", "just"})
_MORE_OR_LESS = _words("more less higher lower dearer cheaper")
_MULTIPLES = _words("double twice treble triple")

_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it", "who", "that", "which", "this"})
# Job titles used as a title, with no "the" or "my" before: "carer ade is so kind", "thanks to nurse abi".
_JOB_TITLES = _words(
    """nurse sister matron carer worker keyworker manager doctor doc physio therapist ot counsellor receptionist
    cleaner chef cook driver coordinator co-ordinator assistant hca cpn paramedic midwife pharmacist dentist
    advocate befriender volunteer officer housekeeper handyman"""
)
# What is said of a person, not of a thing, after "is" or "was": "carer ade is so kind" (not "carer pay
# is a disgrace").
_PERSON_ADJECTIVES = _words(
    """kind lovely brilliant amazing fantastic wonderful great gentle patient caring friendly helpful cheerful
    rude lazy funny thoughtful polite respectful professional sweet nice supportive attentive"""
)
# Of these, said of a person and of no thing: "the carer zdenka was very patient" (not "the carer
# training was really helpful").
_ONLY_OF_A_PERSON = _words("""kind gentle patient caring cheerful rude polite respectful thoughtful attentive""")
# Things a job title names, which do what a person does too: "the carer rota sorted it out", "the nurse
# helpline rang me back", "the carer leaflet explained everything" (not "the carer zdenka sorted it").
_THINGS_OF_A_JOB = _words(
    """rota rotas pay card badge leaflet booklet handbook letter notice sign poster form app website site
    portal helpline hotline line phone scheme zone forum fund grant network course role job contract uniform
    van car bus agency company firm register hub group club cafe break cover rep union policy guidance plan"""
)
_INTENSIFIERS = _words("""so very really always extremely incredibly too""")
_CUE_BEFORE_UNKNOWN = _TITLES | _NAMING | _JOB_TITLES | frozenset({"is", "was", "as", "by"})

_INTEREST = _ANY_NAME | _TITLES | _NAMING | _JOB_TITLES | frozenset({"name", "known", "goes", "went"})
_INTEREST_UPPER = frozenset(w.upper() for w in _INTEREST)
# A cue written with a capital before a word in lower case: "Dr okonjo", "Name is ngozika".
_CAPITAL_CUE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Dr|Miss|Mister|Missus|Called|Named|Nicknamed|Name is|Name was|Known as|Goes by|Went by)"
    r" {1,2}[a-z]"
)
_LETTERS_RE = re.compile(r"[^\W\d_]+")
# The pieces of an ASCII text between spaces, punctuation and digits: what may be a word of interest.
_PIECE_RE = re.compile(r"[^\s'’.,;:!?()\[\]{}\"“”\-–—/&*+=<>@#%^_|~`0-9]+")

# Ordinary lower-case words never taken for an unknown name after a title or "named".
_ORDINARY = (
    _COMMON_LOWER
    | _ROLES
    | _DETERMINERS
    | _MODALS
    | _PLACE_PREPS
    | _WORKPLACE
    | _WORKPLACE_BARE
    | _ACTION_VERBS
    | _INITIAL_VERBS
    | frozenset(w.lower() for w in _HARD_STOP)
    | _words(
        """me him her them us it you i we they who what which when where why how this that these those a an
        of in on at by for with from into onto back again round over up out off away then than as if because
        and or but not no yes was is are were be been being has have had do does did done said told says came
        went got get gets going gone come coming also always never ever just only even still already yet too
        very really quite about around after before later soon now today tonight tomorrow yesterday morning
        afternoon evening night week month year time times once twice everyone someone somebody anyone
        nobody everybody everything something nothing anything ambulance police security office reception
        ward home house surgery hospital practice team desk number phone line mobile landline directly
        straight personally myself himself herself themselves ourselves yourself there here please thanks
        thank sorry asap immediately again both all everyone lots loads alot nothing sure ok okay wrong
        incorrect correct misspelt spelt mistyped left blank unclear illegible unknown different same given
        written taken shown put right missing attitude manner manners behaviour behavior approach tone"""
    )
)
_ORDINARY_ENDINGS = ("ing", "ed", "ly", "'s", "’s")
