"""Phrases the demo generator combines into feedback. Invented, in the voice of UK care feedback."""

GOOD = {
    "kindness": [
        "The staff are so kind and always have time for a chat.",
        "Everyone treats mum with real dignity and respect.",
        "The carers are gentle and patient, even when dad is confused.",
        "staff are lovely, nothing is too much trouble",
        "They always knock and ask before coming in, which matters to me.",
        "The night staff are wonderful and so reassuring.",
        "The carers treat dad like one of their own family.",
        "Staff always say hello and use my name.",
        "They sat with mum and chatted when she felt low.",
        "The team are warm and welcoming whenever we visit.",
    ],
    "food": [
        "The food is lovely and there is always a choice.",
        "They remembered I like my tea weak with no sugar.",
        "Sunday lunch is the highlight of the week.",
        "The cook comes round and asks what we'd like, which is nice.",
        "They make a birthday cake for everyone.",
        "Plenty of drinks and snacks are offered through the day.",
        "Mum has started eating properly again since she moved in.",
    ],
    "activities": [
        "I really enjoy the music afternoons and the garden club.",
        "The trips out to the seaside were brilliant.",
        "There is always something going on if you want to join in.",
        "My son loves the art group on Tuesdays.",
        "The pet therapy visits make everyone smile.",
        "Dad loved the gardening group and growing tomatoes.",
        "We had a lovely summer fete with the families.",
    ],
    "communication": [
        "They phone me straight away if anything changes.",
        "The manager always makes time to talk to families.",
        "I was kept informed every step of the way.",
        "They explained my medication clearly and wrote it down for me.",
        "The nurse rang to tell us how mum had settled in.",
        "The newsletter keeps us up to date with what is happening.",
        "Any question I have gets a straight answer.",
    ],
    "timekeeping": [
        "My carers arrive on time and never rush me.",
        "It's the same two carers most days, which makes a big difference.",
        "They let me know if they are running late.",
        "My carer always stays the full time and never watches the clock.",
        "The rota comes out a week ahead so I know who is coming.",
        "Calls are reliable, even over Christmas.",
    ],
    "appointments": [
        "I was seen quickly after my referral.",
        "My care coordinator really listens and understands.",
        "The team helped me get back to work at my own pace.",
        "Easy to get hold of someone when I needed to.",
        "My first appointment came through within a fortnight.",
        "The duty worker rang me back the same afternoon.",
        "Reviews are booked at a time that suits me.",
    ],
    "environment": [
        "The home is always clean and smells fresh.",
        "My room is bright and I can have my own things around me.",
        "The new garden is beautiful and easy to get around.",
        "The lounge is cosy and there is always somewhere quiet to sit.",
        "Everything is spotless, even the corridors.",
        "The accessible bathroom makes bath time so much easier.",
    ],
    "independence": [
        "Staff help me do things for myself, like cooking and shopping.",
        "I chose my own support worker and we get on well.",
        "I go to college now with support, which I never thought I would.",
        "I make my own breakfast now with a little help.",
        "They supported me to get my bus pass and travel on my own.",
        "I manage my own money with support, which I am proud of.",
    ],
}

BETTER = {
    "call_bells": [
        "The call bell takes too long to be answered at night.",
        "I waited twenty minutes for someone to come when I pressed my buzzer.",
        "Sometimes nobody comes when mum rings and she gets upset.",
        "Night time is the problem, there aren't enough staff on.",
        "It takes ages for anyone to answer the buzzer after tea.",
        "Staff say they will come back in a minute and then forget.",
        "At night you can hear bells ringing for a long time.",
    ],
    "food": [
        "The food is often cold by the time it reaches the rooms.",
        "Not much choice for people who are vegetarian.",
        "Tea is too early, we are hungry again by eight.",
        "The portions are small and the menu is the same every week.",
        "There is no fresh fruit unless we bring it in.",
        "Soft diets all look the same and are not very appetising.",
        "The tea trolley does not come round often enough in the afternoon.",
    ],
    "laundry": [
        "Clothes keep going missing in the laundry.",
        "Dad was wearing someone else's cardigan again.",
        "Labels come off and things come back shrunk.",
        "Mum's glasses were mislaid for a week.",
        "Her best blouse was ironed badly and creased.",
        "Name tags are not sewn in, so things get mixed up.",
    ],
    "communication": [
        "Nobody told us the doctor had been.",
        "It is hard to get through on the phone to the office.",
        "We were not told about the change of medication.",
        "Letters are full of jargon, I didn't understand them.",
        "We only found out about the care review after it had happened.",
        "Emails to the office go unanswered for days.",
        "Things we tell one shift are not passed on to the next.",
    ],
    "timekeeping": [
        "Carers turn up at different times every day so I don't know when to get ready.",
        "The morning call was two hours late on Monday.",
        "Too many different faces, I never know who is coming.",
        "They rush the visit and leave early.",
        "The evening call is so early I am put to bed at seven.",
        "Visits are cut short when they are running behind.",
        "The rota changes at the last minute and nobody tells me.",
    ],
    "appointments": [
        "I waited months for a first appointment.",
        "Appointments get cancelled at short notice.",
        "I had to tell my story again to every new worker.",
        "Nobody called me back when I was struggling.",
        "My review was postponed three times.",
        "I was passed between teams and nobody took responsibility.",
        "The waiting list for therapy is far too long.",
    ],
    "activities": [
        "There isn't much to do at weekends.",
        "It would be nice to go out more, not just stay in the lounge.",
        "Activities stopped when the coordinator left.",
        "The activities are aimed at older people, there is nothing for younger residents.",
        "Trips out were cancelled because there was no driver.",
        "The garden path is uneven so we hardly use it.",
    ],
    "environment": [
        "The lift has been broken for weeks.",
        "The bathroom on the top floor needs a proper clean.",
        "It is too hot in the lounge in the afternoon.",
        "The carpets in the corridor need replacing.",
        "The heating in my room does not work properly.",
        "It is noisy at night with the fire doors banging.",
    ],
    "continuity": [
        "Care feels different depending on who helps me.",
        "New staff don't know how I like things done.",
        "Every carer does it differently, so mum never knows what to expect.",
        "Agency staff at night don't know dad's routine.",
        "We have had four different key workers this year.",
        "Each new carer has to be shown how dad likes his tea.",
        "With so many staff changes no one knows mum's history.",
    ],
    "personal_care": [
        "Mum's hair isn't washed as often as she would like.",
        "Dad is sometimes left unshaven and he hates that.",
        "Nobody helps her put her hearing aids in after her wash.",
        "Dad's teeth aren't always cleaned at night.",
        "Her make-up is not done the way she likes.",
        "Mum's nails are left too long between trims.",
    ],
    "involvement": [
        "I would like more say in my care plan.",
        "Families should be invited to the reviews.",
        "Ask us before changing things, not after.",
        "Nobody asked me what I wanted in my support plan.",
        "The new daily routine was decided without asking us.",
        "Residents' meetings happen but nothing changes afterwards.",
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
