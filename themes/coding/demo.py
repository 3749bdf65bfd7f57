"""Demo coding: the demo organisation's feedback coded by its own people, and a model trained on it.

The demo's comments are built from a known phrase bank, so their themes are known: each phrase
belongs to a theme of the social-care framework. Older feedback is coded by the service's manager
or the quality lead a few days after it arrived; recent feedback waits in the queue with the
trained model's suggestions, and a few of those are reviewed so agreement has something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from core import clock
from core.working_days import at_work, last_at_work, working_day
from feedback import demo_phrases as P
from feedback.models import Comment
from organisations.models import Organisation, Person, RoleAssignment
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from themes.coding.selectors import primary_framework, primary_version, themes_by_code
from themes.coding.services import comment_code
from themes.coding.training import model_train_now
from themes.models import CodingReview, SentimentAssignment, Source, ThemeAssignment

BANK_THEMES = {
    "kindness": "kindness-and-compassion",
    "food": "food-and-drink",
    "activities": "activities-and-social-life",
    "communication": "communication-with-families",
    "timekeeping": "organisation-and-reliability",
    "appointments": "organisation-and-reliability",
    "environment": "environment-and-cleanliness",
    "independence": "independence",
    "call_bells": "call-bells-and-responsiveness",
    "laundry": "laundry-and-personal-belongings",
    "involvement": "involvement-in-care-planning",
    "continuity": "staff-continuity",
    "listened": "being-listened-to",
    "individual": "treated-as-an-individual",
    "personal_care": "personal-care-and-appearance",
    "safety": "safety-and-safeguarding",
    "choice": "choice-and-control",
    "information": "information-and-accessibility",
    "leadership": "leadership-and-management",
    "wellbeing": "staff-wellbeing",
    "community": "community-links",
    "equality": "equality-and-fairness",
}
FORUM_WORDS = {
    "trips": "activities-and-social-life",
    "menu": "food-and-drink",
    "letters": "information-and-accessibility",
    "laundry": "laundry-and-personal-belongings",
    "call bells": "call-bells-and-responsiveness",
    "choose who supports": "choice-and-control",
    "waiting times": "organisation-and-reliability",
}
CODED_AFTER_DAYS = 45


def _phrases() -> list[tuple[str, str, int]]:
    found = []
    banks = [(P.GOOD, 2), (P.BETTER, 4)]
    banks += [(at, 2) for at in P.places.GOOD_AT.values()] + [(at, 4) for at in P.places.BETTER_AT.values()]
    for bank, polarity in banks:
        for key, sentences in bank.items():
            found += [(s.lower().rstrip("."), BANK_THEMES[key], polarity) for s in sentences]
    found += [(s.lower().rstrip("."), "safety-and-safeguarding", 5) for s in P.URGENT]
    found += [(s.lower().rstrip("."), BANK_THEMES[key], polarity) for s, key, polarity in P.WELL_LED_STAFF + P.WELL_LED]
    return found


def known_coding(text: str, phrases=None) -> tuple[list[str], int]:
    """The themes and sentiment a demo comment was built with."""
    lowered = text.lower()
    codes, levels = [], []
    for sentence, code, level in phrases or _phrases():
        if sentence in lowered:
            codes.append(code)
            levels.append(level)
    for words, code in FORUM_WORDS.items():
        if (
            lowered.startswith(("residents'", "co-production", "family forum", "tenants'", "service user"))
            and words in lowered
        ):
            codes.append(code)
            levels.append(3)
    if not levels:
        return [], 3
    level = max(levels) if 5 in levels else (3 if len(set(levels)) > 1 else levels[0])
    if level == 2 and "!" in text:
        level = 1
    return list(dict.fromkeys(codes)), level


def _coders(organisation: Organisation) -> tuple[dict[int, Person], Person]:
    """Who codes each service's feedback: its manager, else the quality lead."""
    lead_assignment = (
        RoleAssignment.objects.for_org(organisation)
        .filter(role=Role.QUALITY_LEAD, person__user__isnull=False)
        .select_related("person")
        .order_by("id")
        .first()
    )
    managers = {}
    for assignment in (
        RoleAssignment.objects.for_org(organisation)
        .filter(role=Role.SERVICE_MANAGER, person__user__isnull=False)
        .select_related("person")
        .prefetch_related("services")
        .order_by("id")
    ):
        for service in assignment.services.all():
            managers.setdefault(service.id, assignment.person)
    return managers, lead_assignment.person


def _as_a_person_codes(coding: tuple[list[str], int], noise: random.Random) -> tuple[list[str], int]:
    """People coding by hand do not always agree with the words that built a comment: now and then one
    codes only the main point of a two-theme comment, sees a theme beyond the words, or reads a
    comment a level warmer or cooler. So the demo's model is measured against coding like a real
    organisation's, not against a phrase bank it can learn by heart."""
    codes, level = list(coding[0]), coding[1]
    if len(codes) > 1 and noise.random() < 0.12:
        codes.pop()
    elif codes and noise.random() < 0.04:
        codes.append(noise.choice(["being-listened-to", "treated-as-an-individual", "staff-continuity"]))
    if level in (1, 2) and noise.random() < 0.12:
        level = 3 - level
    elif level == 4 and noise.random() < 0.08:
        level = 3
    return list(dict.fromkeys(codes)), level


def coding_demo_build(*, organisation: Organisation, seed: int = 2026, review_suggestions: int = 120) -> dict:
    """Code the demo organisation's older feedback, train its first model, review a few suggestions."""
    scope = system_scope(organisation=organisation, label="Demo set-up")
    framework = primary_framework(scope=scope)
    version = primary_version(scope=scope, framework=framework)
    themes = themes_by_code(version=version)
    managers, lead = _coders(organisation)
    rng = random.Random(f"coding:{seed}")
    noise = random.Random(f"coders:{seed}")  # its own stream, so which comments are coded stays the same
    phrases = _phrases()
    today, now = clock.today(), clock.now()
    comments = list(
        Comment.objects.for_org(organisation).select_related("feedback").order_by("feedback__received_on", "pk")
    )
    rows, sentiments, reviews, levels = [], [], [], {}
    waiting = []
    for comment in comments:
        received = comment.feedback.received_on
        if (today - received).days < CODED_AFTER_DAYS or rng.random() < 0.05:
            waiting.append(comment)
            continue
        codes, level = _as_a_person_codes(known_coding(comment.text, phrases), noise)
        coder = managers.get(comment.feedback.service_id, lead)
        # Coded a few days after it came in, at work: never at a weekend, out of hours or after now.
        at = at_work(
            min(working_day(received + dt.timedelta(days=rng.randint(1, 10))), today),
            10 + rng.randint(0, 6),
            now=now,
        )
        common = {"organisation": organisation, "comment": comment, "made_at": at}
        rows += [
            ThemeAssignment(theme=themes[c], applies=True, source=Source.PERSON, made_by=coder, **common) for c in codes
        ]
        sentiments.append(SentimentAssignment(level=level, source=Source.PERSON, made_by=coder, **common))
        reviews.append(
            CodingReview(
                organisation=organisation,
                comment=comment,
                framework=framework,
                version=version,
                source=Source.PERSON,
                reviewed_by=coder,
                reviewed_at=at,
            )
        )
        levels[comment.pk] = level
    with transaction.atomic():
        ThemeAssignment.objects.bulk_create(rows, batch_size=2000)
        SentimentAssignment.objects.bulk_create(sentiments, batch_size=2000)
        CodingReview.objects.bulk_create(reviews, batch_size=2000)
        for level in range(1, 6):
            ids = [pk for pk, value in levels.items() if value == level]
            Comment.objects.for_org(organisation).filter(pk__in=ids).update(sentiment=level)
    lead_scope = scope_for(user=lead.user, organisation=organisation)
    # The quality lead trains the model and then reviews suggestions a few seconds apart, at work: at
    # the latest moment in office hours that leaves room for them all before now, as everyone else
    # in the demo acts, however late at night or at a weekend the demo is built.
    to_review = waiting[:review_suggestions]
    step = dt.timedelta(seconds=10)
    trained_at = last_at_work(now, room=step * (len(to_review) + 1))
    model = model_train_now(scope=lead_scope, framework=framework, now=trained_at)
    # The quality lead works through some of the model's suggestions, correcting where it was wrong
    # and, being a person, now and then disagreeing where it was not: the agreement table then shows
    # themes people kept, removed and added, as an organisation's would.
    reviewed = 0
    for comment in to_review:
        codes, level = _as_a_person_codes(known_coding(comment.text, phrases), noise)
        if rng.random() < 0.2:
            # People see more in a comment than the words that built it.
            codes.append(rng.choice(["being-listened-to", "staff-continuity", "treated-as-an-individual"]))
        comment_code(
            scope=lead_scope,
            comment_id=comment.pk,
            framework=framework,
            theme_ids=[themes[c].pk for c in codes],
            sentiment=level,
            now=trained_at + step * (reviewed + 1),
        )
        reviewed += 1
    return {"coded": len(reviews) + reviewed, "waiting": len(waiting) - reviewed, "model": model}
