"""Sentences that name a kind of service (a care home, a supported living flat, a home care visit, a
day centre), drawn only at services of that kind: nobody at a nursing home writes about lunch at the
day centre. Everything in the theme banks (`good`, `better`, `safety_choice`) may be said anywhere
the theme is heard, except what `NOT_SAID_AT` rules out at a kind of service: nobody sleeps at a day
centre, home care happens in the person's own home, and a care home has no care calls.
"""

import re

# The kind of service each service type is, for the sentences below.
KIND = {
    "care_home": "home",
    "care_home_nursing": "home",
    "supported_living": "flat",
    "home_care": "visit",
    "day_service": "day centre",
}

GOOD_AT = {
    "home": {
        "kindness": [
            "The girls on the first floor are like family to mum now.",
            "The team are warm and welcoming whenever we visit.",
            "The night staff are wonderful and so reassuring.",
        ],
        "food": ["Mum has started eating properly again since she moved in."],
        "communication": [
            "The nurse rang to tell us how mum had settled in.",
            "When the GP visited they called me that afternoon to explain what was said.",
        ],
        "environment": [
            "The home is always clean and smells fresh.",
            "lovely clean home",
            "My room was decorated before I moved in and I got to pick the colour.",
            "Pictures on the doors help dad find his way back to his room.",
            "My room is bright and I can have my own things around me.",
        ],
        "continuity": [
            "The team hardly changes, some of them have been here longer than mum.",
            "They've kept the same night staff on dad's floor, so he isn't unsettled when they come in.",
            "Mum has had the same key worker for three years and she adores her.",
        ],
        "individual": ["my care is planned around me, not around the home"],
        "safety": ["Mum has settled in and feels safe here, she says she sleeps better than she did at home."],
        "personal_care": ["The hairdresser comes to the home every Friday and mum never misses it."],
        "choice": ["I choose what time I get up and go to bed."],
    },
    "flat": {
        "continuity": ["Having the same support worker for two years has made all the difference to my son."],
        "choice": [
            "I chose where I live and who I live with.",
            "We decide together in the flat what we have for tea and whose turn it is to cook.",
            "I choose what time I get up and go to bed.",
        ],
        "safety": ["Staff showed me how to lock up the flat properly and what to do if someone knocks late."],
        "information": ["The tenancy agreement came in easy read so I knew what I was signing for my flat."],
    },
    "visit": {
        "kindness": ["The carer who comes on Tuesday mornings always makes me laugh."],
        "communication": [
            "Staff write in the communication book every visit so my daughter can see what has been done."
        ],
        "continuity": [
            "Same carer Monday to Friday, she knows exactly how I like things.",
            "We see the same faces every visit, which really helps dad settle.",
            "When someone new starts they come with my usual carer first so I get to know them.",
            "I know everyone who comes through my door.",
        ],
        "safety": ["My carer always puts the key back in the key safe and checks the door is locked when she goes."],
        "choice": ["I can change the time of my morning call if I've got somewhere to be."],
        "personal_care": ["My carer helps me have a proper wash every morning visit and never makes me feel awkward."],
    },
    "day centre": {
        "food": ["The homemade soup at the day centre is gorgeous."],
        "environment": ["the day centre is bright and airy and easy to get about with a walker"],
        "choice": ["At the day centre I pick what I do each day from the board."],
    },
}

BETTER_AT = {
    "home": {
        "activities": ["The activities are aimed at older people, there is nothing for younger residents."],
        "individual": [
            "They don't seem to know anything about mum's life before she came here.",
            "he's just another resident to them",
            "Nobody asked what music or food dad likes when he moved in.",
        ],
        "choice": [
            "Everyone in the home has to have a bath on the same day, there's no choice.",
            "Nobody asked if I wanted to move rooms, it just happened",
            "I don't get a say in when I go to bed.",
        ],
        "environment": ["The heating in my room does not work properly."],
        "safety": [
            "The fire door at the end of the corridor gets propped open with a chair.",
            "Staff don't always check mum's bed rails are up at night.",
        ],
        "personal_care": ["Mum's hairdresser visits are booked but staff forget to take her down"],
    },
    "flat": {
        "involvement": [
            "House meetings happen but nothing changes afterwards.",
            "The house meetings are in the day when most of us are at work or college.",
        ],
        "choice": [
            "I'd like a say in who moves into the spare room in our flat.",
            "I don't get a say in when I go to bed.",
        ],
        "safety": ["The front door of the flats doesn't always shut properly behind you."],
    },
    "visit": {
        "safety": ["The carer left the back door unlocked when she went after the evening call."],
        "choice": ["I'd like my bedtime call later but I'm told that's the only slot."],
        "listened": ["I told the office I prefer mornings and they still book me in the afternoon."],
        "personal_care": ["The visit is too short to help me wash properly, it's a quick flannel and that's it."],
    },
    "day centre": {
        "food": ["Lunch at the day centre is nearly always a sandwich and crisps."],
        "environment": ["The toilets at the day centre are often out of paper and soap."],
        "information": ["The day centre's newsletter is all small print, mum can't read it."],
    },
}


# Words a sentence may not say at a kind of service (None: a clinic or a community team), whatever
# theme it is in: the rules `banks` and the urgent comments keep to.
_NIGHT_AND_BEDS = (
    r"nights?|beds?|bedrooms?|bedtime|bed rails|go to bed|get up|getting up|lie in|wake|sleeps?|asleep|night owl"
)
# What belongs to a building where people live together: rooms along corridors, a lounge, meals from
# the kitchen brought round, residents, laundry done for them, visitors signing in.
_LIVING_TOGETHER = (
    r"residents?|the home|everyone in the home|rooms|my room|her room|his room|move rooms|other people's rooms"
    r"|dad's room|lounge|corridors?|dining room|top floor|first floor|upstairs|the lift|hallway|tea trolley|trolley"
    r"|menus?|the cook|chef|laundry|sensor mat|fire doors?|fire drill|sign in|visitors|car park|moved in"
    r"|the sport on the telly|everyone gets the same routine|production line|one time for getting up"
)
# Visits meaning care calls: said only of home care (a relative visiting is said anywhere people live).
_CARE_CALLS = (
    r"(morning|lunch|lunchtime|evening|bedtime) call|calls are|carer's visit|every visit|each visit|the visit"
    r"|visits are cut short|weekday visits|morning visit|who is coming|comes through my door|key safe"
    r"|twice in a month|book me in|in and out in|half hour|turn up|turned up"
)
# A relative visiting where the person lives, and what someone does at home.
_VISITING = (
    r"we visit|when we come|when i visited|visiting|visited|bath|bathroom|shower|wash|dressed|clothes"
    r"|wear every morning|curtains|knock and ask before coming in"
)
_DAY_TIMES = r"breakfast|(for|after|at) tea|tea is|evenings?|weekends?|sunday|saturday|dinner|tray"

NOT_SAID_AT = {
    "home": re.compile(rf"\b({_CARE_CALLS}|came home)\b", re.I),
    # People's own tenancies: no residents or kitchen; a relative visits, support comes when it is needed.
    "flat": re.compile(
        rf"\b({_CARE_CALLS}|residents?|the home|care home|tea trolley|menus?|the cook|chef|dining room|sign in)\b", re.I
    ),
    # The person's own home: a bed and a bath, but no night staff, lounge full of residents or kitchen.
    "visit": re.compile(
        rf"\b({_LIVING_TOGETHER}|night staff|nights?|sleeps?|asleep|night owl|group|the floors|paving slab"
        rf"|entrance|code for the door|side gate|bench|bedroom walls|patch of her own)\b",
        re.I,
    ),
    "day centre": re.compile(
        rf"\b({_NIGHT_AND_BEDS}|{_LIVING_TOGETHER}|{_CARE_CALLS}|{_VISITING}|{_DAY_TIMES})\b", re.I
    ),
    None: re.compile(
        rf"\b({_NIGHT_AND_BEDS}|{_LIVING_TOGETHER}|{_CARE_CALLS}|{_VISITING}|breakfast|tea|dinner|tray|garden|front door"
        rf"|side gate|door|floors|stairs|handrails|walking frame|hoover|hair|nails|shave|glasses|kitchen|carers?|eats"
        rf"|patch of her own)\b",
        re.I,
    ),
}


def fits(sentence: str, kind: str | None) -> bool:
    """Whether a sentence can be said at a service of this kind (``KIND``)."""
    return not NOT_SAID_AT[kind].search(sentence)
