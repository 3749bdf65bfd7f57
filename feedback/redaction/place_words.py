"""The words that say a capitalised word is a place, not a person ("Rose Ward", "on Sophie Lane",
"Royal Victoria", "the Oakwood care home")."""

from __future__ import annotations

from feedback.redaction.base import (
    _words,
)

# Facility words that are also common surnames: after a known first name they are read as a
# surname ("Emma Wood", "Sophie Lane") unless a word of place comes before ("on Sophie Lane", "moved
# to Sophie Lane"). Other street and building words are no one's surname, and make a place after
# any capitalised word: "Heather Close", "Florence Court", "Jasmine Gardens", "Lily Way".
_WEAK_FACILITY = _words(
    """Hall Wood Woods Green Hill Park Lane Field Fields Heath Brook Bridge Mill Bank Marsh Moor Croft Chase"""
)
# Words before a place ("at", "on", "near", "between"), verbs of moving before "to" ("moved to"), and
# the parts of a street before "of" ("the end of", "the corner of").
_LOCATION_PREPS = _words(
    """at on in near off along opposite outside inside into past around round via towards between"""
)
_MOTION_VERBS = _words("""moved move moves moving went go goes going""")
_PLACE_PARTS = _words("""end top bottom corner junction far side middle foot""")
# Before "by" a place: "they live by Emma Wood", "the bus drove by Hope Park" (not "seen by Mark Hill",
# nor "she went by Emma", known as).
_BY_A_PLACE = _words(
    """live lives lived living stay stays stayed staying park parks parked parking drive drives drove
    driving walk walks walked walking pass passes passed passing run runs ran running stop stops stopped
    move moves moved moving"""
)

# First names that are also trees, flowers and stones, which homes, wards and day centres are often
# named after: after "at", "in", or "come to" and "go to" they are the place ("people who come to
# Willow", "the activities at Holly"), unless something says a person ("shouted at Holly").
_PLACE_LIKE_NAMES = _words(
    """Willow Holly Ivy Hazel Heather Rowan Rose Iris Olive Laurel Daisy Poppy Lily Jasmine Violet Fern Flora
    Primrose Bluebell Lavender Myrtle Juniper Aspen Cedar Maple Briar Clover Amber Pearl Ruby Jade Robin"""
)
# Before "to" a place: "people who come to Willow", "Mum loves going to Hazel".
_COMING_VERBS = _MOTION_VERBS | _words("""come comes came coming""")
# Before "at" a person: "Mum shouted at Holly".
_AT_A_PERSON = _words(
    """shout shouts shouted shouting yell yelled yelling scream screamed screaming snap snapped snapping swore
    swear swearing laugh laughed laughing smile smiled smiling look looked looking stare stared staring glare
    glared wave waved point pointed nod nodded lash lashed angry cross annoyed mad"""
)
# After "go to Rose": someone to ask, not somewhere to be.
_ASKING_A_PERSON = _words("""if about""")
_THANKS = _words("""thanks thank credit praise kudos shoutout gratitude appreciation""")

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
        "car",
    }
)
_LOWER_FACILITY_TAIL = frozenset(
    {
        "home",
        "homes",
        "centre",
        "center",
        "unit",
        "service",
        "services",
        "team",
        "hub",
        "group",
        "clinic",
        "trust",
        "park",
        "parks",
    }
)
