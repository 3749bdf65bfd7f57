import datetime as dt

from feedback import demo_phrases
from feedback.demo import feedback_demo_build
from feedback.models import Channel, Comment, Feedback, Kind
from organisations.models import ServiceType
from organisations.tests.factories import ServiceFactory

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

    def share(lo, hi):
        window = Comment.objects.for_org(org).filter(
            feedback__service=home,
            feedback__received_on__gt=UNTIL - dt.timedelta(days=hi * 30),
            feedback__received_on__lte=UNTIL - dt.timedelta(days=lo * 30),
        )
        bells = window.filter(text__iregex=r"call bell|buzzer|rings|night time").count()
        return bells / max(window.count(), 1)

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
