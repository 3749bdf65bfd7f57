"""Phrases the demo generator combines into feedback. Invented, in the voice of UK care feedback."""

from functools import cache

from feedback.demo_phrases import better, good, places, safety_choice
from feedback.demo_phrases.well_led import WELL_LED, WELL_LED_STAFF

GOOD = good.GOOD | safety_choice.GOOD
BETTER = better.BETTER | safety_choice.BETTER

__all__ = ["BETTER", "GOOD", "WELL_LED", "WELL_LED_STAFF", "banks", "forum_notes"]


@cache
def banks(service_type: str, *, positive: bool) -> dict[str, list[str]]:
    """The sentences for each theme that may be said at a service of this type: the theme's own, and
    those naming this kind of service, less any that do not fit it (``places.NOT_SAID_AT``)."""
    common, at = (GOOD, places.GOOD_AT) if positive else (BETTER, places.BETTER_AT)
    kind = places.KIND.get(service_type)
    extra = at.get(kind, {})
    said = {
        theme: [s for s in common.get(theme, []) + extra.get(theme, []) if places.fits(s, kind)]
        for theme in common.keys() | extra.keys()
    }
    return {theme: sentences for theme, sentences in said.items() if sentences}


# Rare comments that should reach the safeguarding lead at once (about 1 in 250 pieces of feedback).
URGENT_SHARE = 0.004
URGENT = [
    "My dad has bruises on his arms and nobody could explain them.",
    "Mum was left in a wet pad all night and no one came when she called.",
    "Some money went missing from my nan's purse after a carer's visit.",
    "He keeps saying he wants to end it all and nobody is listening to him.",
    "One of the night staff shouted at my mum and called her a stupid old woman.",
    "dad hadnt had a drink all day when i visited, his lips were cracked and the jug was empty",
    "She told me a carer grabbed her wrist hard when she would not get out of bed.",
    "My son came home with a burn on his hand and staff said they did not know how.",
    "I am scared of the man in the next room, he comes in at night and nobody stops him.",
    "Mum has lost a lot of weight and her meals are left on the tray where she cannot reach them.",
    "He told me he has been saving up his tablets so he can take them all at once.",
    "My sister says a man on the staff touched her inappropriately and she is frightened of him.",
]


def urgent_fits(sentence: str, place: str | None) -> bool:
    """Whether an urgent sentence can be said of a service of this kind (``places.KIND``), by the same
    rules as every other sentence (``places.NOT_SAID_AT``): what happened at night or in bed, only where
    people are cared for at night; a carer's visit, only in home care; a bed never at a day centre."""
    return places.fits(sentence, place)


# Besides those, a few arrive in the last fortnight, so the demo has flags still being dealt with.
URGENT_RECENT = 2
URGENT_RECENT_DAYS = 14

# How often feedback carries a comment on how the service is led (the sentences are in `well_led`).
WELL_LED_STAFF_SHARE = 0.03  # pieces of feedback given by a member of staff about leadership
WELL_LED_SHARE = 0.1  # pieces of feedback from anyone else with a comment on how things are run

# Which themes each type of service hears about most.
WEIGHTS = {
    "care_home": {
        "kindness": 3,
        "food": 3,
        "activities": 2,
        "call_bells": 3,
        "laundry": 3,
        "environment": 2,
        "communication": 2,
        "individual": 1,
        "listened": 1,
        "personal_care": 3,  # raised most in the months its story runs (see the demo's story factors)
        "safety": 1,
        "choice": 1,
        "information": 1,
    },
    "care_home_nursing": {
        "kindness": 3,
        "food": 2,
        "call_bells": 4,
        "communication": 3,
        "laundry": 1,
        "environment": 1,
        "individual": 1,
        "listened": 1,
        "continuity": 2,  # raised, acted on, then praised: when follows its story (see the demo's story factors)
    },
    "supported_living": {
        "independence": 4,
        "activities": 3,
        "kindness": 2,
        "involvement": 3,
        "communication": 1,
        "individual": 1,
        "listened": 2,
        "continuity": 1,
        "choice": 1,
        "safety": 1,
    },
    "home_care": {
        "timekeeping": 5,
        "kindness": 3,
        "communication": 2,
        "continuity": 2,
        "individual": 1,
        "listened": 1,
        "personal_care": 2,
        "safety": 1,
        "choice": 1,
    },
    "community_mental_health": {
        "appointments": 5,
        "communication": 3,
        "involvement": 2,
        "listened": 1,
        "continuity": 1,
        "individual": 1,
        "information": 2,
        "choice": 1,
        "safety": 1,
    },
    "nhs_community": {"appointments": 4, "communication": 3, "kindness": 2, "listened": 1, "information": 1},
    "day_service": {
        "activities": 4,
        "kindness": 2,
        "environment": 1,
        "food": 1,
        "individual": 1,
        "listened": 1,
        "choice": 1,
        "safety": 1,
        "information": 1,
    },
    "other": {"kindness": 1, "communication": 1},
}

# Most people start straight in; now and then one opens with a phrase that runs into the sentence.
OPENER_SHARE = 0.12
OPENERS = [
    "Overall, ",
    "To be honest, ",
    "Honestly, ",
    "On the whole, ",
    "I just want to say ",
    "If I'm honest, ",
    "All in all, ",
    "For what it's worth, ",
    "I would say ",
    "As a family we feel ",
]

# Openers that say or feel something read badly before a sentence that is itself someone speaking
# ("As a family we feel I would like...") or telling ("I would say ask us...").
SPEAKING_STARTS = {"I", "I've", "I'm", "I'd", "We", "We've", "Ask"}
# An opener that says or feels something ("I would say ") needs a sentence that starts with who or
# what it is about: "I would say the staff are kind", not "I would say didnt recieve the newsletter".
SUBJECT_STARTS = {
    "The",
    "Staff",
    "They",
    "Everyone",
    "Everything",
    "Mum",
    "Dad",
    "Mum's",
    "Dad's",
    "My",
    "Her",
    "His",
    "She",
    "He",
    "It",
    "It's",
    "Its",
    "Nobody",
    "Carers",
    "Appointments",
    "Letters",
    "Care",
    "Calls",
    "Clothes",
}
# Openers only a relative says.
FAMILY_OPENERS = {"As a family we feel "}

# First words that keep their capital after an opener.
KEEP_CAPITAL = {"I", "I've", "Mum", "Mum's", "Dad", "Dad's", "Sunday"}
NAMES = ["Sarah", "Tom", "Priya", "Jamie", "Kelly", "Mohammed", "Anne", "Dr Patel", "nurse Kelly"]

# Notes of a meeting, by the kind of service that holds it (a co-production forum anywhere).
_FORUM_ANYWHERE = [
    "Co-production forum: members said letters are hard to understand and offered to help rewrite them.",
]
FORUM_NOTES = {
    "home": [
        "Residents' meeting: people asked for more trips out and a say in the menu.",
        "Family forum: concerns raised about missing laundry and slow call bells at night.",
        "Residents' meeting: people want to choose who supports them with a bath and when.",
    ],
    "flat": [
        "Tenants' meeting: people want to choose who supports them at weekends.",
        "Tenants' meeting: the letters about the new rent are hard to follow; staff will go through them.",
    ],
    "visit": [
        "Service user forum: people want to choose who supports them and to know who is coming.",
    ],
    "day centre": [
        "Service user forum: members asked for more trips out and letters home in easy read.",
    ],
    None: [
        "Service user forum: waiting times for first appointments discussed; members want a call back when cancelled.",
        "Service user forum: members said the letters about appointments are hard to understand.",
    ],
}


def forum_notes(service_type: str) -> list[str]:
    """Notes of meetings a service of this type might hold."""
    return _FORUM_ANYWHERE + FORUM_NOTES[places.KIND.get(service_type)]
