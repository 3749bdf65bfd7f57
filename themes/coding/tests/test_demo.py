"""The demo organisation arrives with coded feedback, a model in use, and suggestions waiting."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from core import clock
from core.models import AuditEvent
from core.working_days import in_office_hours
from feedback import demo_phrases as P
from feedback.demo import feedback_demo_build
from organisations.demo import demo_build
from organisations.scope import system_scope
from themes.coding import selectors
from themes.coding.demo import BANK_THEMES, _as_a_person_codes, coding_demo_build, known_coding
from themes.models import CodingReview, ModelStatus, Source, ThemeAssignment


def test_demo_phrases_carry_their_themes_and_sentiment():
    assert known_coding("The food is lovely and there is always a choice.") == (["food-and-drink"], 2)
    codes, level = known_coding(
        "Overall, the staff are so kind and always have time for a chat. Sunday lunch is the highlight of the week!"
    )
    assert codes == ["kindness-and-compassion", "food-and-drink"] and level == 1
    assert known_coding("Something nobody planned for.") == ([], 3)


def test_demo_coders_mostly_agree_with_the_phrases_but_not_always():
    import random

    noise = random.Random(1)
    coded = [_as_a_person_codes((["food-and-drink", "kindness-and-compassion"], 2), noise) for _ in range(1000)]
    same = sum(c == (["food-and-drink", "kindness-and-compassion"], 2) for c in coded)
    main_point_only = sum(c[0] == ["food-and-drink"] for c in coded)
    warmer = sum(c[1] == 1 for c in coded)
    assert 700 < same < 850 and 80 < main_point_only < 170 and 80 < warmer < 170
    assert all(c[1] in (1, 2) for c in coded)
    assert _as_a_person_codes(([], 5), noise) == ([], 5)  # an urgent comment's level is never softened


@pytest.mark.django_db(transaction=True)
def test_the_demo_is_coded_by_named_people_and_has_a_model_in_use(monkeypatch):
    # Built in the small hours of a Saturday: the quality lead still trains and reviews at work.
    saturday_night = timezone.make_aware(dt.datetime(2026, 12, 5, 3, 0))
    monkeypatch.setattr(clock, "now", lambda: saturday_night)
    monkeypatch.setattr(clock, "today", lambda: saturday_night.date())
    northgate = demo_build()[0].organisation
    feedback_demo_build(organisation=northgate, total=400)
    result = coding_demo_build(organisation=northgate, review_suggestions=40)
    model = result["model"]
    friday_close = timezone.make_aware(dt.datetime(2026, 12, 4, 18, 0))
    assert model.requested_at == model.started_at == model.finished_at
    assert friday_close - dt.timedelta(minutes=10) < model.requested_at < friday_close
    reviewed = list(
        ThemeAssignment.objects.for_org(northgate)
        .filter(source=Source.PERSON, made_at__gt=model.requested_at)
        .values_list("made_at", flat=True)
    )
    assert reviewed and all(in_office_hours(at) and at <= friday_close for at in reviewed)
    suggested = ThemeAssignment.objects.for_org(northgate).filter(source=Source.MODEL).values_list("made_at", flat=True)
    assert set(suggested) == {model.requested_at}  # made by the training, before any was reviewed
    lead_did = AuditEvent.objects.for_org(northgate).filter(verb__startswith="coding.").exclude(actor=None)
    assert lead_did.exists() and all(in_office_hours(e.at) for e in lead_did)
    scope = system_scope(organisation=northgate)
    framework = selectors.primary_framework(scope=scope)
    assert framework.slug == "social-care"
    assert result["model"].status == ModelStatus.PROMOTED
    assert selectors.model_in_use(scope=scope, framework=framework) == result["model"]
    people_rows = ThemeAssignment.objects.for_org(northgate).filter(source=Source.PERSON)
    assert people_rows.exists() and not people_rows.filter(made_by__isnull=True).exists()
    assert CodingReview.objects.for_org(northgate).count() == result["coded"]
    waiting = selectors.coding_queue(scope=scope, framework=framework)
    assert waiting.count() == result["waiting"] > 0
    suggested = ThemeAssignment.objects.for_org(northgate).filter(
        source=Source.MODEL, superseded_at__isnull=True, comment__in=waiting
    )
    assert suggested.exists()
    agreement = [a for a in selectors.agreement_by_theme(scope=scope, framework=framework) if a.compared]
    assert sum(a.accepted for a in agreement) > 0
    # The lead does not agree with every suggestion, so the table shows where the model needs help.
    assert sum(a.rejected for a in agreement) > 0 and sum(a.missed for a in agreement) > 0
    assert any(a.agreement < 1 for a in agreement)


def test_every_demo_sentence_is_coded_with_its_own_theme_alone():
    """Each theme speaks in many sentences, and none is part of another, so coding stays honest (and a
    model learns the theme rather than remembering a few sentences)."""
    banks = [(P.GOOD, (1, 2)), (P.BETTER, (4,))]
    banks += [(at, (1, 2)) for at in P.places.GOOD_AT.values()] + [(at, (4,)) for at in P.places.BETTER_AT.values()]
    said = [(sentence, key, levels) for bank, levels in banks for key, ss in bank.items() for sentence in ss]
    said += [(sentence, key, (level,)) for sentence, key, level in P.WELL_LED + P.WELL_LED_STAFF]
    sentences_of = Counter()
    for sentence, key, levels in said:
        codes, level = known_coding(sentence)
        assert codes == [BANK_THEMES[key]] and level in levels, sentence
        sentences_of[BANK_THEMES[key]] += 1
    assert set(sentences_of) == set(BANK_THEMES.values())
    assert not {code: n for code, n in sentences_of.items() if n < 12}
