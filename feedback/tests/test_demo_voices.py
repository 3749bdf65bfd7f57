"""The demo's feedback reads as real people wrote it: each comment in one voice, about one person,
said where it could be said, and an easy read form's answers agreeing with its rating.

Tests the text-choosing functions directly (no demo is built) apart from one small build of easy read
forms."""

import datetime as dt
import random
import re

import pytest

from feedback import demo_phrases as P
from feedback.demo import _comment_text, _easy_read_asks, _voice, feedback_demo_build
from feedback.demo_phrases import voices as V
from feedback.models import QUESTION_BETTER, QUESTION_GOOD, Channel, Comment, Feedback, GiverType, Rating
from organisations.models import Service, ServiceType
from organisations.tests.factories import ServiceFactory

# Words that must never be said at a kind of service, written apart from the generator's own rules.
NEVER_AT = {
    # Nobody sleeps, has a room, lives or is visited at a day service, and it shuts in the evening.
    ServiceType.DAY_SERVICE: re.compile(
        r"\b(beds?|bedrooms?|bedtime|nights?|night staff|asleep|sleeps?|residents?|my room|visiting|when we visit"
        r"|breakfast|tea trolley|morning call|key safe)\b",
        re.I,
    ),
    # Care happens in the person's own home: no night staff, residents, lounge or kitchen serving rooms.
    ServiceType.HOME_CARE: re.compile(
        r"\b(night staff|nights?|residents?|lounge|corridors?|dining room|menus?|tea trolley|the rooms"
        r"|other people's rooms|the cook|chef|sign in)\b",
        re.I,
    ),
    # A care home has no care calls: "visits" there are relatives', a hairdresser's or a pet's.
    ServiceType.CARE_HOME: re.compile(
        r"\b((morning|lunch|evening|bedtime) call|carer's visit|every visit|the visit|key safe|comes through my door)\b",
        re.I,
    ),
    ServiceType.CARE_HOME_NURSING: re.compile(
        r"\b((morning|lunch|evening|bedtime) call|carer's visit|every visit|the visit|key safe|comes through my door)\b",
        re.I,
    ),
    # A tenancy is the person's own: no residents, no kitchen serving them.
    ServiceType.SUPPORTED_LIVING: re.compile(r"\b(residents?|care home|tea trolley|menus?|the cook|chef)\b", re.I),
    ServiceType.COMMUNITY_MENTAL_HEALTH: re.compile(
        r"\b(beds?|bedrooms?|night staff|residents?|my room|lounge|laundry|breakfast|tea trolley)\b", re.I
    ),
}


def _pools(service_type: str) -> list[str]:
    """Every sentence the demo may write at a service of this type."""
    place = P.places.KIND.get(service_type)
    said = [s for positive in (True, False) for ss in P.banks(service_type, positive=positive).values() for s in ss]
    said += [s for s, _, _ in P.WELL_LED + P.WELL_LED_STAFF if P.places.fits(s, place)]
    said += [s for s in P.URGENT if P.urgent_fits(s, place)]
    return said


@pytest.mark.parametrize("service_type", sorted(NEVER_AT))
def test_every_sentence_said_at_a_kind_of_service_fits_it(service_type):
    wrong = [s for s in _pools(service_type) if NEVER_AT[service_type].search(s)]
    assert wrong == []


@pytest.mark.parametrize("service_type", sorted(set(P.WEIGHTS) - {"other"}))
def test_every_theme_a_service_hears_about_still_has_sentences_in_each_voice(service_type):
    """The stories (call bells, food, timekeeping, continuity...) still have words at every service: the
    person has something to say on every theme, and a relative or someone else on most (a voice with
    nothing to say on a theme only leaves it to the others)."""
    for positive in (True, False):
        bank = P.banks(service_type, positive=positive)
        themes = [theme for theme in P.WEIGHTS[service_type] if theme in bank]
        for theme in themes:
            assert len(bank[theme]) >= 3, (service_type, positive, theme)
            assert any(V.Voice(V.PERSON).fits(s) for s in bank[theme]), (service_type, positive, theme)
        for speaker in (V.FAMILY, V.ABOUT):
            silent = [t for t in themes if not any(V.Voice(speaker).fits(s) for s in bank[t])]
            assert len(silent) <= len(themes) // 4, (service_type, positive, speaker, silent)


def test_the_rules_catch_what_a_reviewer_found():
    assert not P.places.fits("The food is often cold by the time it reaches the rooms.", "day centre")
    assert not P.places.fits("the wifi doesnt reach the back bedrooms", "day centre")
    assert not P.urgent_fits(
        "She told me a carer grabbed her wrist hard when she would not get out of bed.", "day centre"
    )
    assert not P.places.fits("Some money went missing from my nan's purse after a carer's visit.", "home")
    assert not P.places.fits("Agency staff at night don't know dad's routine.", "visit")
    assert P.places.fits("Lunch at the day centre is nearly always a sandwich and crisps.", "day centre")


def test_who_says_a_sentence():
    assert V.said_by("The support plan is full of things I never said").speaker == V.PERSON
    assert V.said_by("nobody pays attention to what my son actually wants") == V.Said(V.FAMILY, "son", "m")
    assert V.said_by("Mum's glasses were mislaid for a week.") == V.Said(V.FAMILY, "mum", "f")
    assert V.said_by("He was a proud man and they don't seem to see that.") == V.Said(V.ABOUT, None, "m")
    assert V.said_by("lovely staff").speaker == V.ANYONE
    # A "she" in a sentence about a carer is the carer.
    assert V.said_by("Same carer Monday to Friday, she knows exactly how I like things.").speaker == V.PERSON


def test_one_voice_does_not_say_both_a_persons_words_and_a_relatives():
    person, family = V.Voice(V.PERSON), V.Voice(V.FAMILY)
    assert person.fits("The support plan is full of things I never said")
    assert not person.fits("nobody pays attention to what my son actually wants")
    family.say("Mum's glasses were mislaid for a week.")
    assert family.fits("Her glasses are often smeary when we visit.")
    assert not family.fits("He was a proud man and they don't seem to see that.")  # mum, then "he"
    assert not family.fits("nobody pays attention to what my son actually wants")  # mum, then my son


_KNOWN = sorted(
    {
        s
        for bank in (P.GOOD, P.BETTER, *P.places.GOOD_AT.values(), *P.places.BETTER_AT.values())
        for ss in bank.values()
        for s in ss
    }
    | {s for s, _, _ in P.WELL_LED}
    | set(P.URGENT),
    key=len,
    reverse=True,
)


def _sentences_in(text: str) -> list[str]:
    """The demo's sentences a comment is made of."""
    lowered, found = text.lower(), []
    for sentence in _KNOWN:
        words = sentence.lower().rstrip(".")
        if words in lowered:
            found.append(sentence)
            lowered = lowered.replace(words, "")
    return found


@pytest.mark.parametrize("service_type", sorted(set(P.WEIGHTS) - {"other"}))
def test_joined_comments_keep_one_voice_and_match_the_giver(service_type):
    service = Service(service_type=service_type)
    rng = random.Random(service_type)
    joined = 0
    for giver in (GiverType.PERSON, GiverType.FAMILY, GiverType.ADVOCATE, GiverType.STAFF, GiverType.NOT_SAID):
        for _ in range(150):
            voice, kept = _voice(rng, giver, None)
            assert kept == giver
            answers, said_about = [], set()
            for positive in (True, False):
                answer = _comment_text(
                    rng, service, rng.randrange(18), positive=positive, voice=voice, avoid=frozenset(said_about)
                )
                answers.append(answer)
                said_about |= answer[2] if answer else set()
            sentences = [s for a in answers if a for s in _sentences_in(a[1])]
            joined += any(a and len(_sentences_in(a[1])) > 1 for a in answers)
            # Said again from the start, every sentence fits the one speaker, about one person.
            check = V.Voice(voice.speaker)
            for sentence in sentences:
                assert check.fits(sentence), (giver, sentences)
                check.say(sentence)
            if giver == GiverType.PERSON:
                assert all(V.said_by(s).speaker != V.FAMILY for s in sentences), sentences
            if giver == GiverType.FAMILY:
                assert all(V.said_by(s).speaker != V.PERSON for s in sentences), sentences
            assert len({V.said_by(s).relative for s in sentences} - {None}) <= 1, sentences
            # What was good is not what could be better: the two answers are on different themes.
            if all(answers):
                good, better = answers
                assert not good[2] & better[2]
    assert joined > 50  # two sentences in one comment still come, in one voice


def test_an_urgent_comment_says_who_gave_the_feedback():
    voice, giver = _voice(
        random.Random(1), GiverType.PERSON, "My dad has bruises on his arms and nobody could explain them."
    )
    assert giver == GiverType.FAMILY and voice.relative == "dad"
    assert not voice.fits("Mum's glasses were mislaid for a week.")
    voice, giver = _voice(
        random.Random(1),
        GiverType.FAMILY,
        "I am scared of the man in the next room, he comes in at night and nobody stops him.",
    )
    assert giver == GiverType.PERSON and voice.speaker == V.PERSON


def test_an_easy_read_form_asks_what_its_rating_leads_to():
    assert _easy_read_asks(Rating.VERY_GOOD) == (True, False)
    assert _easy_read_asks(Rating.NEITHER) == (True, True)
    assert _easy_read_asks(Rating.VERY_POOR) == (False, True)


def test_easy_read_answers_agree_with_each_other_and_the_rating(org):
    ServiceFactory(organisation=org, service_type=ServiceType.SUPPORTED_LIVING)
    ServiceFactory(organisation=org, service_type=ServiceType.DAY_SERVICE)
    feedback_demo_build(organisation=org, seed=7, until=dt.date(2026, 11, 26), total=600)
    forms = Feedback.objects.for_org(org).filter(channel=Channel.EASY_READ_FORM)
    assert forms.count() > 20
    for item in forms:
        answers = list(Comment.objects.for_org(org).filter(feedback=item).order_by("position"))
        questions = [a.question for a in answers]
        assert len(questions) == len(set(questions)), [a.text for a in answers]  # one answer to each
        if item.rating == Rating.VERY_GOOD:
            assert QUESTION_BETTER not in questions
        if item.rating in (Rating.POOR, Rating.VERY_POOR):
            assert QUESTION_GOOD not in questions
        # Each answer is one plain sentence: nothing joined, no opener.
        for answer in answers:
            assert len(_sentences_in(answer.text)) <= 1 and not answer.text.startswith(tuple(P.OPENERS))
