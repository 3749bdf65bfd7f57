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
from feedback.demo_phrases import voices as V
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
        return 3.0 if months_ago >= 13 else (1.5 if months_ago >= 10 else 0.1)
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


def _well_led_comment(
    rng: random.Random, draw: float, voice: V.Voice, place: str | None, *, staff: bool
) -> tuple[str, str] | None:
    """Now and then a comment on leadership, speaking up, community links or fairness: a member of
    staff's (``staff``), or one the feedback's speaker would say and that fits the kind of service."""
    if staff:
        text, _, polarity = rng.choice([w for w in P.WELL_LED_STAFF if P.places.fits(w[0], place)])
    elif P.WELL_LED_STAFF_SHARE <= draw < P.WELL_LED_STAFF_SHARE + P.WELL_LED_SHARE:
        sayable = [w for w in P.WELL_LED if voice.fits(w[0]) and P.places.fits(w[0], place)]
        if not sayable:
            return None
        text, _, polarity = rng.choice(sayable)
        voice.say(text)
    else:
        return None
    return (QUESTION_GOOD if polarity <= 2 else QUESTION_BETTER), text


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


def _opened(rng: random.Random, sentence: str, voice: V.Voice | None = None) -> str:
    """Now and then an opener before a sentence; never before a few casual words ("lovely staff"). One
    that says or feels something ("I would say ") comes only before a sentence that starts with who or
    what it is about, and "As a family we feel" only from a relative."""
    if rng.random() >= P.OPENER_SHARE or len(sentence.split()) < 5 or not sentence[:1].isupper():
        return sentence
    opener = rng.choice(P.OPENERS)
    if opener in P.FAMILY_OPENERS and (voice is None or voice.speaker != V.FAMILY):
        return sentence
    if not opener.endswith(", ") and sentence.split(" ", 1)[0] not in P.SUBJECT_STARTS:
        return sentence
    return _after_opener(opener, sentence)


def _joined(text: str, more: str) -> str:
    """A second sentence after the first: a full stop between them where the first has none and the
    second starts with a capital ("buzzer takes ages. The food is cold"), a comma before one written
    all in lower case ("lovely staff, the garden is nice")."""
    if text[-1:] in ".!?":
        return f"{text} {more}"
    return f"{text}. {more}" if more[:1].isupper() else f"{text}, {more}"


def _comment_text(
    rng: random.Random,
    service: Service,
    months_ago: int,
    *,
    positive: bool,
    voice: V.Voice,
    avoid: frozenset[str] = frozenset(),
    plain: bool = False,
) -> tuple[str, str, set[str]] | None:
    """One answer in one voice: a sentence, and now and then a second, both of which this speaker
    says about the same person (``voice``), and neither on a theme in ``avoid`` (what the other answer
    said the opposite of). ``plain``: one sentence as it is, as an easy read form's answer is.
    Returns the question, the text and the themes it is about; None if this voice has nothing to say."""
    weights = P.WEIGHTS.get(service.service_type, P.WEIGHTS["other"])
    bank = {t: ss for t, ss in P.banks(service.service_type, positive=positive).items() if t not in avoid}

    def sayable() -> dict[str, list[str]]:
        return {t: fitting for t, ss in bank.items() if (fitting := [s for s in ss if voice.fits(s)])}

    said = sayable()
    themes = [
        (t, w * _story_factor(t, service, months_ago, positive=positive)) for t, w in weights.items() if t in said
    ]
    if not any(w for _, w in themes):
        themes = [(t, 1.0) for t in said]
    if not themes:
        return None
    theme = _pick(rng, themes)
    first = _sentence(rng, said[theme])
    voice.say(first)
    question = QUESTION_GOOD if positive else QUESTION_BETTER
    if plain:
        return question, first, {theme}
    text, about = _opened(rng, first, voice), {theme}
    if rng.random() < 0.35:
        said = sayable()
        others = [(t, w) for t, w in themes if t in said and w]
        if others:
            other = _pick(rng, others)
            more = _sentence(rng, [s for s in said[other] if s.lower() != first.lower()] or said[other])
            voice.say(more)
            text, about = _joined(text, more), about | {other}
    if rng.random() < 0.05:
        name = rng.choice(P.NAMES)
        text = _joined(text, f"{name} was especially good." if positive else f"I told {name} about it.")
    return question, text, about


def _voice(rng: random.Random, giver: str, urgent: str | None) -> tuple[V.Voice, str]:
    """Who speaks through a piece of feedback, from who gave it; an urgent comment says who it was
    ("my dad has bruises": a relative), so the giver is the one who said it. Returns the voice and the
    giver."""
    if urgent is not None:
        said = V.said_by(urgent)
        if said.speaker == V.PERSON:
            giver = GiverType.PERSON if giver != GiverType.NOT_SAID else giver
            speaker = V.PERSON
        elif said.speaker == V.ABOUT and giver in (GiverType.ADVOCATE, GiverType.STAFF, GiverType.OTHER):
            speaker = V.ABOUT
        else:
            giver = GiverType.FAMILY if giver != GiverType.NOT_SAID else giver
            speaker = V.FAMILY
        voice = V.Voice(speaker)
        voice.say(urgent)
        return voice, giver
    if giver == GiverType.PERSON:
        return V.Voice(V.PERSON), giver
    if giver == GiverType.FAMILY:
        return V.Voice(V.FAMILY), giver
    if giver == GiverType.NOT_SAID:  # someone wrote it without saying who they are: one of the two
        return V.Voice(V.PERSON if rng.random() < 0.6 else V.FAMILY), giver
    return V.Voice(V.ABOUT), giver  # an advocate, a member of staff or someone else speaks of "he" or "she"


def _easy_read_asks(rating: int | None) -> tuple[bool, bool]:
    """Which answers an easy read form has beside its rating, so they agree with it: what was good
    after a good rating, what could be better after a poor one, either after a middling one."""
    if rating == Rating.VERY_GOOD:
        return True, False
    if rating in (Rating.POOR, Rating.VERY_POOR):
        return False, True
    return True, True


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
    """Create demo feedback for every service of the organisation. Returns how many pieces were made.

    Each piece is said in one voice (its giver's: the person, a relative, or someone speaking of
    them), about one person; an easy read form's answers agree with each other and with its rating."""
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
                place = P.places.KIND.get(service.service_type)
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
                easy_read = channel == Channel.EASY_READ_FORM
                # Which answers there are (True: what was good), drawn before who gave them, as always.
                plan: list[bool] = []
                if kind == Kind.FORUM:
                    rating, comments = None, [("Notes", rng.choice(P.forum_notes(service.service_type)))]
                else:
                    comments = []
                    mood = rng.random()
                    if kind == Kind.COMPLIMENT or mood < 0.55:
                        rating = rng.choice([Rating.VERY_GOOD, Rating.VERY_GOOD, Rating.GOOD])
                        plan = [True, False] if rng.random() < 0.3 else [True]
                    elif kind == Kind.COMPLAINT or mood > 0.85:
                        rating = rng.choice([Rating.POOR, Rating.VERY_POOR])
                        plan = [False]
                    else:
                        rating = rng.choice([Rating.GOOD, Rating.NEITHER, Rating.DONT_KNOW])
                        plan = [True, False]
                consent = rng.random() < 0.6
                giver = _pick(rng, GIVERS)
                assisted = channel in (Channel.IN_PERSON, Channel.EASY_READ_FORM) and rng.random() < 0.5
                may_attribute = consent and rng.random() < 0.1
                if kind != Kind.FORUM:
                    well_led_draw = well_led_rng.random()
                    urgent = None
                    recent = recent_urgent and (until - day).days < P.URGENT_RECENT_DAYS
                    if urgent_rng.random() < (0.25 if recent else P.URGENT_SHARE):
                        recent_urgent -= bool(recent)
                        if not urgent_deck:
                            urgent_deck = urgent_rng.sample(P.URGENT, len(P.URGENT))
                        fits = [i for i, said in enumerate(urgent_deck) if P.urgent_fits(said, place)]
                        if not fits:  # what is left cannot be said here: a new deck beneath it
                            urgent_deck = urgent_rng.sample(P.URGENT, len(P.URGENT)) + urgent_deck
                            fits = [i for i, said in enumerate(urgent_deck) if P.urgent_fits(said, place)]
                        urgent = urgent_deck.pop(fits[-1])
                    staff_says = urgent is None and well_led_draw < P.WELL_LED_STAFF_SHARE
                    if staff_says:  # a member of staff's feedback about how the service is led
                        giver = GiverType.STAFF
                    voice, giver = _voice(words, giver, urgent)
                    asks_good, asks_better = True, True
                    if easy_read:
                        if urgent is not None and rating not in (Rating.POOR, Rating.VERY_POOR):
                            rating = Rating.POOR  # what it tells cannot sit beside a good rating
                        asks_good, asks_better = _easy_read_asks(rating)
                        # One answer to each question; an urgent one is what could be better.
                        plan = [p for p in plan if (asks_good if p else asks_better and urgent is None)]
                    said_about: set[str] = set()
                    for positive in plan:
                        answer = _comment_text(
                            words,
                            service,
                            months_ago,
                            positive=positive,
                            voice=voice,
                            # An easy read form's two answers are not on one theme ("the food is good",
                            # "the food is cold"); elsewhere people do say both, and the stories' shares
                            # of each theme stay as they were.
                            avoid=frozenset(said_about) if easy_read else frozenset(),
                            plain=easy_read,
                        )
                        if answer is not None:
                            comments.append(answer[:2])
                            said_about |= answer[2]
                    well_led = _well_led_comment(well_led_rng, well_led_draw, voice, place, staff=staff_says)
                    if well_led is not None:
                        asked = {q for q, _ in comments} | ({QUESTION_BETTER} if urgent else set())
                        wanted = asks_good if well_led[0] == QUESTION_GOOD else asks_better
                        if not easy_read or (wanted and well_led[0] not in asked):
                            comments.append(well_led)
                    if urgent is not None:
                        comments.append((QUESTION_BETTER, urgent))
                items.append(
                    Feedback(
                        organisation=organisation,
                        service=service,
                        kind=kind,
                        channel=channel,
                        received_on=day,
                        rating=rating,
                        giver_type=giver,
                        assisted=assisted,
                        consent_to_quote=consent,
                        may_attribute=may_attribute,
                        source_key=f"demo:{seed}:{made + len(items)}",
                    )
                )
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


# Co-production partners who give feedback themselves, and who they are to the service: a resident,
# a tenant or a client gives it as the person using the service, a family carer as family. Staff help
# them give it (assisted, in person or on an easy read form), so the service knows who gave it.
KNOWN_GIVERS = {
    "Margaret Wilson": GiverType.PERSON,
    "Jean Taylor": GiverType.FAMILY,
    "Callum Reid": GiverType.PERSON,
    "Bernard Hughes": GiverType.PERSON,
}
KNOWN_SHARE = 0.25  # of the assisted feedback at their service that they could have given


@transaction.atomic
def known_givers_demo_build(
    *, organisation: Organisation, seed: int = 2026, today: dt.date | None = None
) -> dict[str, int]:
    """Link a share of the assisted feedback at each partner's services, given by someone like them
    (``KNOWN_GIVERS``), to the partner: feedback given by people known to the service, which what
    Heard holds about them lists (ADR 0026). The former tenant whose details the demo removes gave
    hers before she moved out. Forum notes are the meeting's, not one person's, so none is linked. Drawn from
    its own random numbers, so the rest of the demo is the same as without it; like the replies asked
    for, it changes the demo's bulk-written feedback where it lies. Returns how many each was given."""
    from organisations.demo.northgate import FORMER_MEMBER, FORMER_MEMBER_LEFT_DAYS_AGO  # the demo names her

    rng = random.Random(f"known-givers:{seed}")
    givers = {**KNOWN_GIVERS, FORMER_MEMBER: GiverType.PERSON}
    left = {FORMER_MEMBER: (today or clock.today()) - dt.timedelta(days=FORMER_MEMBER_LEFT_DAYS_AGO)}
    linked: dict[str, int] = {}
    partners = (
        RoleAssignment.objects.for_org(organisation)
        .filter(role=Role.PARTNER, person__full_name__in=list(givers), person__archived_at__isnull=True)
        .select_related("person")
        .order_by("person__full_name")
    )
    for assignment in partners:
        person = assignment.person
        candidates = (
            Feedback.objects.for_org(organisation)
            .filter(
                service__in=assignment.services.all(),
                assisted=True,
                person__isnull=True,
                giver_type=givers[person.full_name],
            )
            .exclude(kind=Kind.FORUM)
            .order_by("id")
        )
        if person.full_name in left:
            candidates = candidates.filter(received_on__lt=left[person.full_name])
        ids = list(candidates.values_list("pk", flat=True))
        chosen = rng.sample(ids, max(1, round(len(ids) * KNOWN_SHARE))) if ids else []
        linked[person.full_name] = Feedback.objects.for_org(organisation).filter(pk__in=chosen).update(person=person)
    return linked
