"""Eighteen months of realistic demo feedback, deterministic from a seed, scalable to millions of rows.

Written with bulk inserts (the demo is not a person acting), with one audit event saying so.
The sentences come from `demo_phrases`: fifteen or so for each theme, in people's own styles, so
someone coding the demo does not meet the same few again and again; those naming a kind of service
(a day centre, a home, a flat, a visit) are said only at services of that kind. Most comments start
straight in, as real ones do; only a few open with "To be honest," or the like.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import clock
from core.audit import audit_record
from core.working_days import working_day
from feedback import demo_phrases as P
from feedback.models import (
    QUESTION_BETTER,
    QUESTION_GOOD,
    Channel,
    Comment,
    Feedback,
    GiverType,
    Kind,
    Rating,
    ReplyMethod,
)
from organisations.models import Organisation, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import scope_of_person, system_scope
from themes.services import urgent_check_demo

CHANNELS = [
    (Channel.ONLINE_FORM, 35),
    (Channel.EASY_READ_FORM, 9),
    (Channel.PAPER, 15),
    (Channel.IN_PERSON, 15),
    (Channel.PHONE, 6),
    (Channel.EMAIL, 5),
    (Channel.LETTER, 3),
    (Channel.MEETING, 5),
    (Channel.IMPORT, 7),
]
GIVERS = [
    (GiverType.PERSON, 55),
    (GiverType.FAMILY, 30),
    (GiverType.ADVOCATE, 4),
    (GiverType.STAFF, 3),
    (GiverType.OTHER, 3),
    (GiverType.NOT_SAID, 5),
]


def _pick(rng: random.Random, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


def _story_factor(theme: str, service: Service, months_ago: int, *, positive: bool) -> float:
    """Stories the demo tells: problems that grew, were acted on, and eased."""
    if theme == "call_bells" and service.service_type == "care_home_nursing":
        # Slow bells at night through a summer and autumn, until the monthly meeting decided on a
        # weekly audit and a second night carer (about thirteen months ago); fewer under agency cover
        # that winter, and few once the carer was in post (the governance demo tells the same story).
        return 3.0 if months_ago >= 13 else (1.5 if months_ago >= 10 else 0.15)
    if theme == "food" and service.service_type == "care_home":
        return 2.5 if 3 <= months_ago <= 7 else 0.8
    if theme == "timekeeping" and service.service_type == "home_care":
        return 2.0 if months_ago <= 4 else 1.0  # still rising: a loop not yet closed
    if theme == "continuity" and service.service_type == "care_home_nursing":
        # Care that felt different with each carer, until the audit residents designed led to shadow
        # shifts; since they were checked, residents say new staff know them.
        if positive:
            return 1.0 if months_ago < 6 else 0.0
        return 2.0 if 9 <= months_ago <= 12 else 0.0
    if theme == "personal_care" and service.service_type == "care_home" and not positive:
        return 3.0 if months_ago <= 2 else 0.3  # raised more lately at the care home: an audit is planned
    return 1.0


def _sentence(rng: random.Random, bank: list[str]) -> str:
    text = rng.choice(bank)
    if rng.random() < 0.08:
        text = text.lower()
    return text


def _after_opener(opener: str, sentence: str) -> str:
    """An opener runs on into its sentence ("To be honest, the food..."); "I", names and days keep capitals."""
    if not opener or sentence.split(" ", 1)[0] in P.KEEP_CAPITAL:
        return opener + sentence
    return opener + sentence[:1].lower() + sentence[1:]


def _opened(rng: random.Random, sentence: str) -> str:
    """Now and then an opener before a sentence; never before a few casual words ("lovely staff")."""
    if rng.random() >= P.OPENER_SHARE or len(sentence.split()) < 5 or not sentence[:1].isupper():
        return sentence
    opener = rng.choice(P.OPENERS)
    if not opener.endswith(", ") and sentence.split(" ", 1)[0] in P.SPEAKING_STARTS:
        return sentence
    return _after_opener(opener, sentence)


def _joined(text: str, more: str) -> str:
    """A second sentence after the first: a full stop between them where the first has none and the
    second starts with a capital ("buzzer takes ages. The food is cold"), a comma before one written
    all in lower case ("lovely staff, the garden is nice")."""
    if text[-1:] in ".!?":
        return f"{text} {more}"
    return f"{text}. {more}" if more[:1].isupper() else f"{text}, {more}"


def _comment_text(rng, service, months_ago, *, positive: bool) -> tuple[str, str]:
    weights = P.WEIGHTS.get(service.service_type, P.WEIGHTS["other"])
    bank = P.banks(service.service_type, positive=positive)
    themes = [
        (t, w * _story_factor(t, service, months_ago, positive=positive)) for t, w in weights.items() if t in bank
    ]
    if not themes:
        themes = [(t, 1.0) for t in bank]
    theme = _pick(rng, themes)
    text = _opened(rng, _sentence(rng, bank[theme]))
    if rng.random() < 0.35:
        other = _pick(rng, themes)
        text = _joined(text, _sentence(rng, bank[other]))
    if rng.random() < 0.05:
        name = rng.choice(P.NAMES)
        text = _joined(text, f"{name} was especially good." if positive else f"I told {name} about it.")
    return (QUESTION_GOOD if positive else QUESTION_BETTER), text


def _well_led_comment(rng: random.Random, item: Feedback) -> tuple[str, str] | None:
    """Now and then a comment on leadership, speaking up, community links or fairness; a member of
    staff's feedback is marked as theirs."""
    draw = rng.random()
    if draw < P.WELL_LED_STAFF_SHARE:
        item.giver_type = GiverType.STAFF
        text, _, polarity = rng.choice(P.WELL_LED_STAFF)
    elif draw < P.WELL_LED_STAFF_SHARE + P.WELL_LED_SHARE and item.giver_type != GiverType.STAFF:
        text, _, polarity = rng.choice(P.WELL_LED)
    else:
        return None
    return (QUESTION_GOOD if polarity <= 2 else QUESTION_BETTER), text


def feedback_demo_build(
    *,
    organisation: Organisation,
    seed: int = 2026,
    months: int = 18,
    per_service_month: int = 14,
    total: int | None = None,
    until: dt.date | None = None,
    batch: int = 5000,
) -> int:
    """Create demo feedback for every service of the organisation. Returns how many pieces were made."""
    rng = random.Random(seed)
    # A separate stream, so the rare urgent comments leave the rest of the demo as it was.
    urgent_rng = random.Random(f"urgent:{seed}")
    urgent_deck: list[str] = []  # each urgent comment once before any comes again
    recent_urgent = P.URGENT_RECENT
    well_led_rng = random.Random(f"well-led:{seed}")  # likewise for comments on how the service is led
    # And what people say has its own: sentences added or moved between banks leave when, where and
    # how feedback arrived (and so the urgent comments' days) as they were.
    words = random.Random(f"words:{seed}")
    until = until or clock.today()
    services = list(Service.objects.for_org(organisation).filter(archived_at__isnull=True).order_by("id"))
    if not services:
        return 0
    days = months * 30
    count = total if total is not None else per_service_month * months * len(services)
    made = 0
    scope = system_scope(organisation=organisation, label="Demo set-up")
    with transaction.atomic():
        while made < count:
            size = min(batch, count - made)
            items, texts = [], []
            for _ in range(size):
                service = rng.choice(services)
                day = until - dt.timedelta(days=rng.randrange(days))
                months_ago = (until - day).days // 30
                kind = _pick(
                    rng,
                    [
                        (Kind.FEEDBACK, 80),
                        (Kind.COMPLIMENT, 8),
                        (Kind.COMPLAINT, 6),
                        (Kind.FORUM, 4),
                        (Kind.CONVERSATION, 2),
                    ],
                )
                channel = Channel.MEETING if kind == Kind.FORUM else _pick(rng, CHANNELS)
                if kind == Kind.FORUM:
                    rating, comments = None, [("Notes", rng.choice(P.forum_notes(service.service_type)))]
                else:
                    mood = rng.random()
                    if kind == Kind.COMPLIMENT or mood < 0.55:
                        rating = rng.choice([Rating.VERY_GOOD, Rating.VERY_GOOD, Rating.GOOD])
                        comments = [_comment_text(words, service, months_ago, positive=True)]
                        if rng.random() < 0.3:
                            comments.append(_comment_text(words, service, months_ago, positive=False))
                    elif kind == Kind.COMPLAINT or mood > 0.85:
                        rating = rng.choice([Rating.POOR, Rating.VERY_POOR])
                        comments = [_comment_text(words, service, months_ago, positive=False)]
                    else:
                        rating = rng.choice([Rating.GOOD, Rating.NEITHER, Rating.DONT_KNOW])
                        comments = [
                            _comment_text(words, service, months_ago, positive=True),
                            _comment_text(words, service, months_ago, positive=False),
                        ]
                consent = rng.random() < 0.6
                items.append(
                    Feedback(
                        organisation=organisation,
                        service=service,
                        kind=kind,
                        channel=channel,
                        received_on=day,
                        rating=rating,
                        giver_type=_pick(rng, GIVERS),
                        assisted=channel in (Channel.IN_PERSON, Channel.EASY_READ_FORM) and rng.random() < 0.5,
                        consent_to_quote=consent,
                        may_attribute=consent and rng.random() < 0.1,
                        source_key=f"demo:{seed}:{made + len(items)}",
                    )
                )
                if kind != Kind.FORUM:
                    comments.append(_well_led_comment(well_led_rng, items[-1]))
                    if comments[-1] is None:
                        comments.pop()
                if kind != Kind.FORUM:
                    recent = recent_urgent and (until - day).days < P.URGENT_RECENT_DAYS
                    if urgent_rng.random() < (0.25 if recent else P.URGENT_SHARE):
                        recent_urgent -= bool(recent)
                        if not urgent_deck:
                            urgent_deck = urgent_rng.sample(P.URGENT, len(P.URGENT))
                        place = P.places.KIND.get(service.service_type)
                        fits = [i for i, said in enumerate(urgent_deck) if P.urgent_fits(said, place)]
                        if not fits:  # what is left cannot be said here: a new deck beneath it
                            urgent_deck = urgent_rng.sample(P.URGENT, len(P.URGENT)) + urgent_deck
                            fits = [i for i, said in enumerate(urgent_deck) if P.urgent_fits(said, place)]
                        comments.append((QUESTION_BETTER, urgent_deck.pop(fits[-1])))
                if kind == Kind.COMPLIMENT and any(q == QUESTION_BETTER for q, _ in comments):
                    # A compliment says what was good, and only that: one that says what could be
                    # better too is feedback (the same words, so the rest of the demo is unchanged).
                    items[-1].kind = Kind.FEEDBACK
                texts.append(comments)
            created = Feedback.objects.bulk_create(items, batch_size=1000)
            new_comments = Comment.objects.bulk_create(
                [
                    Comment(organisation=organisation, feedback=f, question=q, text=t, position=i)
                    for f, comments in zip(created, texts, strict=True)
                    for i, (q, t) in enumerate(comments)
                ],
                batch_size=2000,
            )
            urgent_check_demo(scope=scope, comments=new_comments)
            made += size
        audit_record(
            scope=scope,
            verb="feedback.demo.generate",
            obj=organisation,
            changes={"feedback": {"from": 0, "to": made}},
        )
    return made


# Who asked for a reply, and how: complaints and poor ratings given in writing or on the phone.
REPLY_CHANNELS = {
    Channel.ONLINE_FORM: ReplyMethod.EMAIL,
    Channel.EASY_READ_FORM: ReplyMethod.PHONE,
    Channel.PAPER: ReplyMethod.LETTER,
    Channel.PHONE: ReplyMethod.PHONE,
    Channel.EMAIL: ReplyMethod.EMAIL,
    Channel.LETTER: ReplyMethod.LETTER,
}
REPLY_WITHIN = (2, 14)  # days the manager took to reply
REPLY_NOTES = [
    "Talked it through and said what we are changing.",
    "Apologised and explained what happens next.",
    "Thanked them and said it will go to the next quality meeting.",
    "Explained what we have changed since, and asked them to tell us if it happens again.",
    "Arranged to meet them at the service to talk it through.",
]


@transaction.atomic
def replies_demo_build(*, organisation: Organisation, seed: int = 2026, today: dt.date | None = None) -> dict:
    """Some people who complained or rated the service poorly asked for a reply. The service's manager
    replied to nearly all within a fortnight; those of the last three weeks are still waiting, and a
    few older ones were missed, which is what the list of replies waiting is for. Drawn from its own
    random numbers, so the rest of the demo is the same as without it."""
    from feedback.services import ReplyInput, reply_record  # the demo acts through the service

    rng = random.Random(f"replies:{seed}")
    now = clock.now() if today in (None, clock.today()) else clock.end_of_day(today)
    today = today or clock.today()
    managers = {}
    for assignment in (
        RoleAssignment.objects.for_org(organisation).filter(role=Role.SERVICE_MANAGER).select_related("person")
    ):
        for service in assignment.services.all():
            managers.setdefault(service.id, assignment.person)
    asked = replied = 0
    items = (
        Feedback.objects.for_org(organisation)
        .filter(channel__in=list(REPLY_CHANNELS), urgent_check_pending=False)
        .filter(Q(kind=Kind.COMPLAINT) | Q(rating__in=(Rating.POOR, Rating.VERY_POOR)))
        .order_by("id")
    )
    for item in items:
        if rng.random() > 0.4 or item.service_id not in managers:
            continue
        method = REPLY_CHANNELS[item.channel]
        contact = {
            ReplyMethod.EMAIL: f"reply{item.id}@example.com",
            ReplyMethod.PHONE: f"07700 900{item.id % 1000:03d}",
            ReplyMethod.LETTER: f"{item.id % 90 + 1} Station Road, Northgate NG1 {item.id % 9 + 1}AB",
        }[method]
        Feedback.objects.for_org(organisation).filter(pk=item.pk).update(
            wants_reply=True, reply_method=method, reply_contact=contact
        )
        asked += 1
        # Replied on a working day, in the afternoon, and never later than now.
        on = working_day(item.received_on + dt.timedelta(days=rng.randint(*REPLY_WITHIN)))
        at = timezone.make_aware(dt.datetime.combine(on, dt.time(15)))
        if at > now or (today - item.received_on).days < 21 or rng.random() < 0.05:
            continue
        manager = managers[item.service_id]
        reply_record(
            scope=scope_of_person(manager),
            feedback_id=item.pk,
            data=ReplyInput(method=method, replied_on=on, note=rng.choice(REPLY_NOTES)),
            now=at,
        )
        replied += 1
    return {"asked": asked, "replied": replied, "waiting": asked - replied}
