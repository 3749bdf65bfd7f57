import datetime as dt
import random

from feedback import demo_phrases
from feedback.demo import _joined, _opened, feedback_demo_build
from feedback.models import Channel, Comment, Feedback, Kind
from organisations.models import ServiceType
from organisations.tests.factories import ServiceFactory
from themes.urgent.detector import assess

UNTIL = dt.date(2026, 11, 26)


def test_eighteen_months_across_channels_and_kinds(org, services):
    made = feedback_demo_build(organisation=org, seed=5, until=UNTIL)
    items = Feedback.objects.for_org(org)
    assert made == items.count() == 14 * 18 * 3
    dates = items.values_list("received_on", flat=True)
    assert min(dates) >= UNTIL - dt.timedelta(days=18 * 30) and max(dates) <= UNTIL
    assert set(items.values_list("channel", flat=True)) >= {
        Channel.ONLINE_FORM,
        Channel.EASY_READ_FORM,
        Channel.MEETING,
    }
    assert set(items.values_list("kind", flat=True)) == set(Kind.values)
    assert set(items.values_list("service_id", flat=True)) == {s.id for s in services}
    assert items.filter(consent_to_quote=True).exists() and items.filter(consent_to_quote=False).exists()


def test_the_same_seed_gives_the_same_feedback(org, other_org):
    a = ServiceFactory(organisation=org, name="A")
    b = ServiceFactory(organisation=other_org, name="A")
    feedback_demo_build(organisation=org, seed=9, until=UNTIL, total=200)
    feedback_demo_build(organisation=other_org, seed=9, until=UNTIL, total=200)

    def texts(o, s):
        return list(
            Comment.objects.for_org(o)
            .filter(feedback__service=s)
            .order_by("feedback__source_key", "position")
            .values_list("text", flat=True)
        )

    assert texts(org, a) == texts(other_org, b)


def test_the_call_bell_story_rises_then_falls(org):
    home = ServiceFactory(organisation=org, service_type=ServiceType.CARE_HOME_NURSING)
    feedback_demo_build(organisation=org, seed=1, until=UNTIL, total=6000)

    bell_sentences = [s.lower().rstrip(".") for s in demo_phrases.BETTER["call_bells"]]

    def share(lo, hi):
        window = Comment.objects.for_org(org).filter(
            feedback__service=home,
            feedback__received_on__gt=UNTIL - dt.timedelta(days=hi * 30),
            feedback__received_on__lte=UNTIL - dt.timedelta(days=lo * 30),
        )
        texts = [text.lower() for text in window.values_list("text", flat=True)]
        bells = sum(any(s in text for s in bell_sentences) for text in texts)
        return bells / max(len(texts), 1)

    assert share(9, 14) > 2 * share(0, 4)


def test_an_opener_runs_on_into_its_sentence(org, services):
    feedback_demo_build(organisation=org, seed=5, until=UNTIL)
    texts = list(Comment.objects.for_org(org).values_list("text", flat=True))
    for opener in filter(None, demo_phrases.OPENERS):
        opened = [text[len(opener) :] for text in texts if text.startswith(opener)]
        assert opened, opener
        for rest in opened:
            first = rest.split(" ", 1)[0]
            assert rest[0].islower() or first in demo_phrases.KEEP_CAPITAL, opener + rest


def test_most_comments_start_straight_in(org, services):
    feedback_demo_build(organisation=org, seed=5, until=UNTIL)
    texts = list(Comment.objects.for_org(org).values_list("text", flat=True))
    opened = [text for text in texts if text.startswith(tuple(demo_phrases.OPENERS))]
    assert 0 < len(opened) < 0.2 * len(texts)
    casual = [s for bank in (demo_phrases.GOOD, demo_phrases.BETTER) for ss in bank.values() for s in ss]
    casual = [s for s in casual if len(s.split()) < 5]
    assert casual
    for opener in demo_phrases.OPENERS:
        assert not any(text.lower().startswith((opener + s).lower()) for text in opened for s in casual)


def _said(*, positive: bool) -> list[str]:
    """Every sentence a comment of the demo's may be built from, said at any kind of service."""
    places = demo_phrases.places.GOOD_AT if positive else demo_phrases.places.BETTER_AT
    banks = [demo_phrases.GOOD if positive else demo_phrases.BETTER, *places.values()]
    return [s for bank in banks for ss in bank.values() for s in ss]


def test_no_everyday_phrase_reads_as_urgent():
    """The demo's urgent flags come from its few urgent comments, not from everyday complaints."""
    everyday = _said(positive=True) + _said(positive=False)
    everyday += [s for s, _, _ in demo_phrases.WELL_LED + demo_phrases.WELL_LED_STAFF]
    everyday += [note for notes in demo_phrases.FORUM_NOTES.values() for note in notes]
    assert [s for s in everyday if assess(s, use_model=False).urgent] == []
    assert all(assess(s, use_model=False).urgent for s in demo_phrases.URGENT)


def test_no_two_everyday_phrases_in_one_comment_read_as_urgent():
    """A comment joins two sentences of the same kind: a near miss and a 'nobody told us' in one
    ("...someone will trip on. We were not told about...") added up to an urgent flag."""
    for positive in (True, False):
        hinting = [s for s in _said(positive=positive) if assess(s, use_model=False).score]
        joined = [_joined(a, b) for a in hinting for b in hinting if a != b]
        assert [t for t in joined if assess(t, use_model=False).urgent] == []


def test_a_second_sentence_never_runs_on_after_one_without_a_full_stop(org, services):
    """ "buzzer takes ages The food is cold" read as made by a machine: a capital after a word needs a
    full stop before it."""
    feedback_demo_build(organisation=org, seed=5, until=UNTIL)
    texts = list(Comment.objects.for_org(org).values_list("text", flat=True))
    sentences = [s for bank in (demo_phrases.GOOD, demo_phrases.BETTER) for ss in bank.values() for s in ss]
    unstopped = [s for s in sentences if s[-1:] not in ".!?"]
    assert unstopped
    keep = demo_phrases.KEEP_CAPITAL | {n.split()[0] for n in demo_phrases.NAMES}
    run_on = [
        t
        for t in texts
        for s in unstopped
        if t.startswith(s + " ") and t[len(s) + 1 :][:1].isupper() and t[len(s) + 1 :].split()[0] not in keep
    ]
    assert run_on == []


def test_an_opener_that_says_something_is_not_put_before_someone_speaking():
    """ "As a family we feel I would like more say" read badly; other openers still come."""
    saying = [o for o in demo_phrases.OPENERS if not o.endswith(", ")]
    assert saying
    sentence = "I would like more say in my care plan."
    made = {_opened(random.Random(seed), sentence) for seed in range(400)}
    assert not [text for text in made if text.startswith(tuple(saying))]
    assert any(text.startswith(("Overall, ", "To be honest, ")) for text in made)


def test_urgent_comments_are_flagged_the_day_they_arrived_and_not_repeated_early(org, services):
    from django.utils import timezone

    from core import clock
    from themes.models import UrgentFlag

    until = clock.today()
    feedback_demo_build(organisation=org, seed=4, until=until, total=3000)
    flags = list(UrgentFlag.objects.for_org(org).select_related("comment__feedback"))
    assert len(flags) >= 8
    for flag in flags:
        assert timezone.localdate(flag.detected_at) == flag.comment.feedback.received_on
        assert flag.detected_at <= clock.now()
    # A few arrive in the last fortnight, so the demo has flags still being dealt with.
    recent = [f for f in flags if (until - f.comment.feedback.received_on).days < demo_phrases.URGENT_RECENT_DAYS]
    assert len(recent) >= demo_phrases.URGENT_RECENT
    # Every urgent comment is used once before any is used again.
    texts = [f.comment.text for f in sorted(flags, key=lambda f: f.comment.feedback.source_key)]
    first_round = texts[: len(demo_phrases.URGENT)]
    assert len(set(first_round)) == len(first_round)


def test_compliments_say_what_was_good_and_urgent_words_fit_the_kind_of_service(org):
    day_centre = ServiceFactory(organisation=org, service_type=ServiceType.DAY_SERVICE)
    home = ServiceFactory(organisation=org, service_type=ServiceType.CARE_HOME)
    feedback_demo_build(organisation=org, seed=3, until=UNTIL, total=4000)
    compliments = Comment.objects.for_org(org).filter(feedback__kind=Kind.COMPLIMENT)
    assert compliments.exists() and not compliments.filter(question="What could be better?").exists()
    urgent = {text for text in demo_phrases.URGENT if "night" in text.lower()}
    said = Comment.objects.for_org(org).filter(text__in=urgent)
    assert said.filter(feedback__service=home).exists()  # they are said where people stay the night
    assert not said.filter(feedback__service=day_centre).exists()


def test_an_urgent_sentence_about_the_night_is_said_only_where_people_are_cared_for_at_night():
    fits = demo_phrases.urgent_fits
    assert fits("Mum was left in a wet pad all night.", "home") and fits("Mum was left in a wet pad all night.", "flat")
    # Home care comes by day to the person's own home: nobody is there through the night.
    assert not fits("Mum was left in a wet pad all night.", "visit")
    assert not fits("Mum was left in a wet pad all night.", "day centre")
    assert fits("One of the night staff shouted at my mum.", "flat")
    assert not fits("One of the night staff shouted at my mum.", "visit")
    assert fits("My dad has bruises on his arms.", "day centre")


def test_an_urgent_sentence_fits_the_kind_of_service_it_is_said_at():
    """Nobody is in bed at a day centre; a carer's visit is home care's; nobody at a care home comes home."""
    fits = demo_phrases.urgent_fits
    wrist = "She told me a carer grabbed her wrist hard when she would not get out of bed."
    assert fits(wrist, "home") and fits(wrist, "visit") and not fits(wrist, "day centre")
    purse = "Some money went missing from my nan's purse after a carer's visit."
    assert fits(purse, "visit") and not fits(purse, "home") and not fits(purse, "day centre")
    burn = "My son came home with a burn on his hand and staff said they did not know how."
    assert fits(burn, "day centre") and not fits(burn, "home")
    # Every urgent sentence can be said at some kind of service, and each kind hears some of them.
    kinds = [*demo_phrases.places.NOT_SAID_AT]
    assert all(any(fits(said, kind) for kind in kinds) for said in demo_phrases.URGENT)
    assert all(any(fits(said, kind) for said in demo_phrases.URGENT) for kind in kinds)
