"""Phrases the demo generator combines into feedback. Invented, in the voice of UK care feedback."""

GOOD = {
    "kindness": [
        "The staff are so kind and always have time for a chat.",
        "Everyone treats mum with real dignity and respect.",
        "The carers are gentle and patient, even when dad is confused.",
        "staff are lovely, nothing is too much trouble",
        "They always knock and ask before coming in, which matters to me.",
        "The night staff are wonderful and so reassuring.",
    ],
    "food": [
        "The food is lovely and there is always a choice.",
        "They remembered I like my tea weak with no sugar.",
        "Sunday lunch is the highlight of the week.",
        "The cook comes round and asks what we'd like, which is nice.",
    ],
    "activities": [
        "I really enjoy the music afternoons and the garden club.",
        "The trips out to the seaside were brilliant.",
        "There is always something going on if you want to join in.",
        "My son loves the art group on Tuesdays.",
    ],
    "communication": [
        "They phone me straight away if anything changes.",
        "The manager always makes time to talk to families.",
        "I was kept informed every step of the way.",
        "They explained my medication clearly and wrote it down for me.",
    ],
    "timekeeping": [
        "My carers arrive on time and never rush me.",
        "It's the same two carers most days, which makes a big difference.",
        "They let me know if they are running late.",
    ],
    "appointments": [
        "I was seen quickly after my referral.",
        "My care coordinator really listens and understands.",
        "The team helped me get back to work at my own pace.",
        "Easy to get hold of someone when I needed to.",
    ],
    "environment": [
        "The home is always clean and smells fresh.",
        "My room is bright and I can have my own things around me.",
        "The new garden is beautiful and easy to get around.",
    ],
    "independence": [
        "Staff help me do things for myself, like cooking and shopping.",
        "I chose my own support worker and we get on well.",
        "I go to college now with support, which I never thought I would.",
    ],
}

BETTER = {
    "call_bells": [
        "The call bell takes too long to be answered at night.",
        "I waited twenty minutes for someone to come when I pressed my buzzer.",
        "Sometimes nobody comes when mum rings and she gets upset.",
        "Night time is the problem, there aren't enough staff on.",
    ],
    "food": [
        "The food is often cold by the time it reaches the rooms.",
        "Not much choice for people who are vegetarian.",
        "Tea is too early, we are hungry again by eight.",
        "The portions are small and the menu is the same every week.",
    ],
    "laundry": [
        "Clothes keep going missing in the laundry.",
        "Dad was wearing someone else's cardigan again.",
        "Labels come off and things come back shrunk.",
    ],
    "communication": [
        "Nobody told us the doctor had been.",
        "It is hard to get through on the phone to the office.",
        "We were not told about the change of medication.",
        "Letters are full of jargon, I didn't understand them.",
    ],
    "timekeeping": [
        "Carers turn up at different times every day so I don't know when to get ready.",
        "The morning call was two hours late on Monday.",
        "Too many different faces, I never know who is coming.",
        "They rush the visit and leave early.",
    ],
    "appointments": [
        "I waited months for a first appointment.",
        "Appointments get cancelled at short notice.",
        "I had to tell my story again to every new worker.",
        "Nobody called me back when I was struggling.",
    ],
    "activities": [
        "There isn't much to do at weekends.",
        "It would be nice to go out more, not just stay in the lounge.",
        "Activities stopped when the coordinator left.",
    ],
    "environment": [
        "The lift has been broken for weeks.",
        "The bathroom on the top floor needs a proper clean.",
        "It is too hot in the lounge in the afternoon.",
    ],
    "continuity": [
        "Care feels different depending on who helps me.",
        "New staff don't know how I like things done.",
        "Every carer does it differently, so mum never knows what to expect.",
        "Agency staff at night don't know dad's routine.",
    ],
    "personal_care": [
        "Mum's hair isn't washed as often as she would like.",
        "Dad is sometimes left unshaven and he hates that.",
        "Nobody helps her put her hearing aids in after her wash.",
    ],
    "involvement": [
        "I would like more say in my care plan.",
        "Families should be invited to the reviews.",
        "Ask us before changing things, not after.",
    ],
}

# Rare comments that should reach the safeguarding lead at once (about 1 in 250 pieces of feedback).
URGENT_SHARE = 0.004
URGENT = [
    "My dad has bruises on his arms and nobody could explain them.",
    "Mum was left in a wet pad all night and no one came when she called.",
    "Some money went missing from my nan's purse after a carer's visit.",
    "He keeps saying he wants to end it all and nobody is listening to him.",
]

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
        "personal_care": 3,  # heard only in the months its story runs (see the demo's story factors)
    },
    "care_home_nursing": {
        "kindness": 3,
        "food": 2,
        "call_bells": 4,
        "communication": 3,
        "laundry": 1,
        "environment": 1,
        "continuity": 2,  # heard only in the months its story runs (see the demo's story factors)
    },
    "supported_living": {"independence": 4, "activities": 3, "kindness": 2, "involvement": 3, "communication": 1},
    "home_care": {"timekeeping": 5, "kindness": 3, "communication": 2},
    "community_mental_health": {"appointments": 5, "communication": 3, "involvement": 2},
    "nhs_community": {"appointments": 4, "communication": 3, "kindness": 2},
    "day_service": {"activities": 4, "kindness": 2, "environment": 1, "food": 1},
    "other": {"kindness": 1, "communication": 1},
}

OPENERS = ["", "", "", "Overall, ", "To be honest, ", "As a family we feel ", "I just want to say "]

KEEP_CAPITAL = {"I", "Mum's", "Dad", "Sunday"}  # first words that keep their capital after an opener
NAMES = ["Sarah", "Tom", "Priya", "Jamie", "Kelly", "Mohammed", "Anne", "Dr Patel", "nurse Kelly"]

FORUM_NOTES = [
    "Residents' meeting: people asked for more trips out and a say in the menu.",
    "Co-production forum: members said letters are hard to understand and offered to help rewrite them.",
    "Family forum: concerns raised about missing laundry and slow call bells at night.",
    "Tenants' meeting: people want to choose who supports them at weekends.",
    "Service user forum: waiting times for first appointments discussed; members want a call back when cancelled.",
]
