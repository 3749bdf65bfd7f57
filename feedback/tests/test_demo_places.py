"""A sentence that names a kind of service is said only at services of that kind: nobody at a nursing
home writes about lunch at the day centre, and nobody at a day centre about their morning call."""

import datetime as dt
import re

from feedback import demo_phrases
from feedback.demo import feedback_demo_build
from feedback.models import Comment
from organisations.models import ServiceType
from organisations.tests.factories import ServiceFactory

UNTIL = dt.date(2026, 11, 26)

# Words that say which kind of service someone is writing about, and the service types of that kind.
NAMES_A_KIND = {
    re.compile(r"\bday centre\b", re.I): {ServiceType.DAY_SERVICE},
    re.compile(
        r"\b(the home|care home|nursing home|residents?'?|moved in|came here|first floor|dad's floor)\b", re.I
    ): {
        ServiceType.CARE_HOME,
        ServiceType.CARE_HOME_NURSING,
    },
    re.compile(r"\b(flats?|tenants'?|tenancy|house meetings?)\b", re.I): {ServiceType.SUPPORTED_LIVING},
    # Where people sleep, or have a room of their own, or are booked in by an office.
    re.compile(r"\b(go to bed|bedtime|my room)\b", re.I): {
        ServiceType.CARE_HOME,
        ServiceType.CARE_HOME_NURSING,
        ServiceType.SUPPORTED_LIVING,
        ServiceType.HOME_CARE,
    },
    re.compile(r"\bbook me in\b", re.I): {ServiceType.HOME_CARE},
    re.compile(
        r"\b((every|each|the|my|morning) visit|(morning|lunch|lunchtime|evening|bedtime) call|key safe"
        r"|comes through my door)\b",
        re.I,
    ): {ServiceType.HOME_CARE},
}


def _misplaced(text: str, service_type: str) -> list[str]:
    return [words.pattern for words, kinds in NAMES_A_KIND.items() if words.search(text) and service_type not in kinds]


def _sayable(service_type: str) -> list[str]:
    """Every sentence the demo may write at a service of this type."""
    weights = demo_phrases.WEIGHTS.get(service_type, demo_phrases.WEIGHTS["other"])
    said = demo_phrases.forum_notes(service_type)
    said += [t for t, _, _ in demo_phrases.WELL_LED + demo_phrases.WELL_LED_STAFF]
    for positive in (True, False):
        banks = demo_phrases.banks(service_type, positive=positive)
        said += [s for theme in weights for s in banks.get(theme, [])]
    return said


def test_no_sentence_the_demo_may_write_at_a_service_names_another_kind_of_service():
    misplaced = {
        kind: [(s, _misplaced(s, kind)) for s in _sayable(kind) if _misplaced(s, kind)] for kind in ServiceType.values
    }
    assert not any(misplaced.values()), {k: v for k, v in misplaced.items() if v}
    # and each kind of service has sentences of its own
    for words, kinds in NAMES_A_KIND.items():
        for kind in kinds:
            assert any(words.search(s) for s in _sayable(kind)), (words.pattern, kind)


def test_the_day_centres_lunch_is_heard_at_the_day_centre_and_not_at_a_nursing_home(org):
    nursing = ServiceFactory(organisation=org, name="Rowan", service_type=ServiceType.CARE_HOME_NURSING)
    day = ServiceFactory(organisation=org, name="Willow", service_type=ServiceType.DAY_SERVICE)
    flat = ServiceFactory(organisation=org, name="Elm", service_type=ServiceType.SUPPORTED_LIVING)
    visits = ServiceFactory(organisation=org, name="Out", service_type=ServiceType.HOME_CARE)
    feedback_demo_build(organisation=org, seed=3, until=UNTIL, total=1500)
    lunch = "lunch at the day centre is nearly always a sandwich and crisps"
    said = {}
    for service in (nursing, day, flat, visits):
        texts = Comment.objects.for_org(org).filter(feedback__service=service).values_list("text", flat=True)
        said[service.service_type] = list(texts)
        assert not [(t, _misplaced(t, service.service_type)) for t in texts if _misplaced(t, service.service_type)]
    assert not [t for t in said[ServiceType.CARE_HOME_NURSING] if lunch in t.lower()]
    # The day centre hears its own sentences (which of them, the draws decide).
    assert [t for t in said[ServiceType.DAY_SERVICE] if "day centre" in t.lower()]
