"""Phrases the demo generator combines into feedback. Invented, in the voice of UK care feedback."""

from feedback.demo_phrases.better import BETTER
from feedback.demo_phrases.good import GOOD

__all__ = ["BETTER", "GOOD"]

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
# Besides those, a few arrive in the last fortnight, so the demo has flags still being dealt with.
URGENT_RECENT = 2
URGENT_RECENT_DAYS = 14

# How the service is led, in the words of staff and of the people and families it serves: the
# themes CQC's well-led quality statements draw on. (text, bank, 2 = praise or 4 = a concern)
WELL_LED_STAFF_SHARE = 0.02  # pieces of feedback given by a member of staff about leadership
WELL_LED_SHARE = 0.04  # pieces of feedback from anyone else with a comment on how things are run
WELL_LED_STAFF = [
    ("The manager listens when we raise things and comes back to us with what changed.", "leadership", 2),
    ("I felt able to speak up about the night rota and it was sorted.", "leadership", 2),
    ("Supervision is regular and I get time to talk about how I am doing.", "wellbeing", 2),
    ("We are short on nights and everyone is exhausted.", "wellbeing", 4),
    ("I raised a concern weeks ago and have heard nothing back.", "leadership", 4),
]
WELL_LED = [
    ("The manager's door is always open and she really listens.", "leadership", 2),
    ("Since the new manager came things are much better organised.", "leadership", 2),
    ("Nobody seems to know who is in charge at weekends.", "leadership", 4),
    ("They take dad to his church every Sunday, which means the world to him.", "community", 2),
    ("The school choir visiting at Christmas was lovely.", "community", 2),
    ("It would be good if people could get out to the local shops more.", "community", 4),
    ("They made sure mum's halal meals were always right.", "equality", 2),
    ("They found a carer who speaks Punjabi for my grandmother.", "equality", 2),
    ("My partner was not treated as family when he visited, which hurt.", "equality", 4),
]

# Which themes each type of service hears about most.
WEIGHTS = {
    "care_home": {
        "kindness": 3,
        "food": 3,
        "activities": 2,
        "call_bells": 3,
        "laundry": 2,
        "environment": 2,
        "communication": 2,
        "individual": 1,
        "listened": 1,
        "personal_care": 3,  # heard only in the months its story runs (see the demo's story factors)
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
    },
    "home_care": {"timekeeping": 5, "kindness": 3, "communication": 2, "continuity": 2, "individual": 1, "listened": 1},
    "community_mental_health": {
        "appointments": 5,
        "communication": 3,
        "involvement": 2,
        "listened": 1,
        "continuity": 1,
        "individual": 1,
    },
    "nhs_community": {"appointments": 4, "communication": 3, "kindness": 2, "listened": 1},
    "day_service": {"activities": 4, "kindness": 2, "environment": 1, "food": 1, "individual": 1, "listened": 1},
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

# First words that keep their capital after an opener.
KEEP_CAPITAL = {"I", "I've", "Mum", "Mum's", "Dad", "Dad's", "Sunday"}
NAMES = ["Sarah", "Tom", "Priya", "Jamie", "Kelly", "Mohammed", "Anne", "Dr Patel", "nurse Kelly"]

FORUM_NOTES = [
    "Residents' meeting: people asked for more trips out and a say in the menu.",
    "Co-production forum: members said letters are hard to understand and offered to help rewrite them.",
    "Family forum: concerns raised about missing laundry and slow call bells at night.",
    "Tenants' meeting: people want to choose who supports them at weekends.",
    "Service user forum: waiting times for first appointments discussed; members want a call back when cancelled.",
]
