"""Co-produced quality priorities: ideas ranked at a planning session, priorities with measurable
objectives, and quarterly reviews with people who use services."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core import clock
from core.models import AuditEvent
from core.working_days import working_day
from feedback.models import Channel
from feedback.services import FeedbackInput, feedback_record
from governance import services as gov
from governance.models import Rung
from governance.tests.conftest import action_input, hear, scope_of
from organisations.scope import system_scope
from priorities import selectors
from priorities import services as plan
from priorities.measures import measure_value
from priorities.models import (
    Measure,
    Objective,
    ObjectiveAdjustment,
    PriorityIdea,
    PriorityReview,
    PriorityWithdrawal,
    QualityPriority,
)
from themes.services import framework_install, framework_make_primary

BELLS = "call-bells-and-responsiveness"


def session(team, service, *, days_ago=30, kind="planning", partner=True, **fields):
    return gov.coproduction_record(
        scope=team.scope("quality"),
        kind=kind,
        service_id=service.id if service else None,
        held_on=clock.today() - dt.timedelta(days=days_ago),
        title=fields.pop("title", "Planning session"),
        rung=fields.pop("rung", Rung.CO_PRODUCTION),
        recognition="payment",
        # Rowan House's people; another service's session names its own (`participant_ids`).
        participant_ids=fields.pop("participant_ids", [team.partner.id] if partner else [team.manager.id]),
        **fields,
    )


def objective(team, **overrides):
    fields = {
        "description": "Fewer people wait for the call bell",
        "measure": Measure.THEME_SHARE,
        "theme_code": BELLS,
        "target": 10.0,
        "deadline": clock.today() + dt.timedelta(days=300),
        "lead_id": team.manager.id,
    }
    return plan.ObjectiveInput(**{**fields, **overrides})


def choose(team, planning, **overrides):
    fields = {
        "session_id": planning.id,
        "title": "Answer call bells at night",
        "year": planning.held_on.year + 1,
        "service_id": planning.service_id,
        "objectives": [objective(team)],
    }
    return plan.priority_choose(scope=team.scope("quality"), **{**fields, **overrides})


def test_an_idea_becomes_a_priority_with_a_measured_baseline_and_is_reviewed_with_people(
    org, services, team, framework
):
    rowan = services[0]
    # 2 of 5 pieces of feedback with words at Rowan House in the last quarter raise call bells.
    hear(team.staff, rowan, BELLS, days_ago=[10, 40])
    hear(team.staff, rowan, "privacy", days_ago=[5, 20, 60])
    hear(team.staff, rowan, BELLS, days_ago=[200])  # outside the 91 days
    planning = session(team, rowan)
    quiet = plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="More trips out", votes=4)
    loud = plan.idea_add(scope=team.scope("manager"), session_id=planning.id, text="Answer bells at night", votes=11)
    ranked = selectors.session_get(scope=team.scope("partner"), session_id=planning.id).priority_ideas.all()
    assert list(ranked) == [loud, quiet]

    priority = choose(team, planning, idea_id=loud.id, why="Residents wait twenty minutes at night.")
    [made] = Objective.objects.for_org(org).filter(priority=priority)
    assert made.baseline == pytest.approx(40.0) and made.lead == team.manager
    assert PriorityIdea.objects.for_org(org).get(pk=loud.pk).chosen_as == priority
    verbs = set(AuditEvent.objects.for_org(org).values_list("verb", flat=True))
    assert {"priorities.idea.add", "priorities.priority.choose", "priorities.objective.add"} <= verbs

    # A quarter later people hear the progress at a forum; the target is brought forward.
    hear(team.staff, rowan, "privacy", days_ago=[2, 3, 4])
    forum = session(team, rowan, days_ago=1, kind="forum", rung=Rung.ENGAGEMENT, title="Residents' forum")
    review = plan.review_record(
        scope=team.scope("manager"),
        priority_id=priority.id,
        session_id=forum.id,
        progress="Night waits are shorter; residents want it kept up.",
        adjustments=[
            plan.AdjustmentInput(objective_id=made.id, target=5.0, deadline=None, why="Already close to 10%.")
        ],
    )
    [reading] = review.readings.all()
    assert reading.value == pytest.approx(100 * 2 / 8)
    got = selectors.priority_get(scope=team.scope("partner"), priority_id=priority.id)
    [current] = got.objectives.all()
    assert (current.target, current.target_now, current.deadline_now) == (10.0, 5.0, made.deadline)
    [now] = selectors.objectives_now(scope=team.scope("partner"), priority=got, today=clock.today())
    assert now.value == pytest.approx(25.0) and now.met is False
    assert selectors.next_review_due(got) == working_day(forum.held_on + dt.timedelta(days=92))


def test_an_idea_is_recorded_once_per_session_so_its_votes_are_not_split_or_doubled(
    client, org, services, team, framework
):
    rowan = services[0]
    planning = session(team, rowan)
    other = session(team, rowan, days_ago=20, title="Another planning session")
    plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="Answer bells at night", votes=11)
    with pytest.raises(ValidationError) as caught:
        plan.idea_add(scope=team.scope("manager"), session_id=planning.id, text="  answer BELLS at  night ", votes=3)
    assert caught.value.message_dict == {"text": ["That idea is already recorded for this session, with 11 votes."]}
    plan.idea_add(scope=team.scope("quality"), session_id=other.id, text="Answer bells at night", votes=2)

    # The form sent twice (a double click) says so and keeps what was typed.
    client.force_login(team.quality.user)
    url = reverse("priorities:session", args=[planning.id])
    response = client.post(url, {"text": "More trips out", "votes": 4})
    assert response.status_code == 302
    again = client.post(url, {"text": "More trips out", "votes": 4})
    body = again.content.decode()
    assert again.status_code == 400 and "already recorded for this session, with 4 votes" in body
    assert 'value="More trips out"' in body
    ideas = PriorityIdea.objects.for_org(org).filter(session=planning)
    assert sorted((i.text, i.votes) for i in ideas) == [("Answer bells at night", 11), ("More trips out", 4)]


def test_a_wrong_priority_says_what_is_wrong_and_saves_nothing(org, services, team, framework):
    rowan, beech = services[0], services[1]
    planning = session(team, rowan)
    forum = session(team, rowan, kind="forum")
    with pytest.raises(ValidationError) as caught:
        choose(team, forum, objectives=[])
    assert set(caught.value.message_dict) == {"session", "objectives"}
    with pytest.raises(ValidationError) as caught:
        choose(
            team,
            planning,
            service_id=beech.id,
            year=planning.held_on.year + 5,
            objectives=[objective(team, theme_code="no-such-theme", deadline=clock.today(), target=150.0)],
        )
    assert set(caught.value.message_dict) == {"service", "year", "theme_code", "deadline", "target", "lead"}
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, objectives=[objective(team, lead_id=team.beech_manager.id)])
    assert set(caught.value.message_dict) == {"lead"}
    assert not QualityPriority.objects.for_org(org).exists() and not Objective.objects.for_org(org).exists()

    idea = plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="Bells", votes=1)
    choose(team, planning, idea_id=idea.id)
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=idea.id)
    assert caught.value.message_dict["idea"] == ["That idea is already a priority."]
    with pytest.raises(ValidationError) as caught:
        plan.idea_add(scope=team.scope("quality"), session_id=forum.id, text=" ", votes=-1)
    assert set(caught.value.message_dict) == {"session", "text", "votes"}


def test_a_commissioner_is_not_offered_or_accepted_as_an_objectives_lead(client, org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan)
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, objectives=[objective(team, lead_id=team.commissioner.id)])
    assert caught.value.message_dict == {
        "lead": ["Choose someone who has a role at Rowan House: a commissioner cannot be named for this."]
    }
    assert not QualityPriority.objects.for_org(org).exists()
    priority = choose(team, planning)
    with pytest.raises(ValidationError):
        plan.objective_add(
            scope=team.scope("quality"), priority_id=priority.id, data=objective(team, lead_id=team.commissioner.id)
        )

    # Partners and staff may lead; the forms offer everyone at the service but the commissioner.
    client.force_login(team.quality.user)
    for url, name in (
        (reverse("priorities:new"), "lead"),
        (reverse("priorities:priority", args=[priority.id]), "objective-lead"),
    ):
        page = client.get(url).content.decode()
        [choices] = re.findall(rf'name="{name}".*?</select>', page, re.S)
        assert "Margaret Wilson" in choices and "Helen Brooks" not in choices
    leads = selectors.lead_choices(scope=team.scope("quality"), service_id=rowan.id)
    assert team.partner in leads and team.staff in leads and team.commissioner not in leads


def test_a_review_is_held_with_people_who_use_services_after_the_priority_was_chosen(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan, days_ago=30)
    priority = choose(team, planning)
    staff_only = session(team, rowan, days_ago=2, kind="review", partner=False, title="Managers' review")
    before = session(team, rowan, days_ago=40, kind="forum")
    forum = session(team, rowan, days_ago=1, kind="forum")
    for wrong in (staff_only, before):
        with pytest.raises(ValidationError) as caught:
            plan.review_record(scope=team.scope("quality"), priority_id=priority.id, session_id=wrong.id, progress="x")
        assert set(caught.value.message_dict) == {"session"}
    [made] = priority.objectives.all()
    with pytest.raises(ValidationError) as caught:
        plan.review_record(
            scope=team.scope("quality"),
            priority_id=priority.id,
            session_id=forum.id,
            progress="Going well.",
            adjustments=[plan.AdjustmentInput(objective_id=made.id, target=10.0, deadline=None, why="")],
        )
    assert set(caught.value.message_dict) == {"target", "why"}
    assert not PriorityReview.objects.for_org(org).exists() and not ObjectiveAdjustment.objects.for_org(org).exists()
    plan.review_record(
        scope=team.scope("quality"), priority_id=priority.id, session_id=forum.id, progress="Going well."
    )
    with pytest.raises(ValidationError):
        plan.review_record(scope=team.scope("quality"), priority_id=priority.id, session_id=forum.id, progress="Again.")
    assert PriorityReview.objects.for_org(org).count() == 1


def test_the_session_that_chose_a_priority_is_not_its_review(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan, days_ago=30)
    priority = choose(team, planning)
    same_day = session(team, rowan, days_ago=30, kind="forum", title="Residents' forum after the planning day")
    later = session(team, rowan, days_ago=29, kind="forum", title="Residents' forum the day after")
    for wrong in (planning, same_day):
        with pytest.raises(ValidationError) as caught:
            plan.review_record(scope=team.scope("quality"), priority_id=priority.id, session_id=wrong.id, progress="x")
        assert caught.value.message_dict == {
            "session": ["Choose a session held after the day the priority was chosen."]
        }
    assert not PriorityReview.objects.for_org(org).exists()
    staff_only = session(team, rowan, days_ago=20, kind="review", partner=False, title="Managers' review")
    counted_in = session(
        team, rowan, days_ago=10, kind="forum", partner=False, others_count=6, others_description="residents"
    )
    got = selectors.priority_get(scope=team.scope("quality"), priority_id=priority.id)
    offered = selectors.review_sessions(scope=team.scope("quality"), priority=got)
    assert offered == [counted_in, later] and staff_only not in offered
    plan.review_record(scope=team.scope("quality"), priority_id=priority.id, session_id=later.id, progress="Started.")


def test_a_review_recorded_late_does_not_overrule_a_change_agreed_since(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan, days_ago=90)
    spring = session(team, rowan, days_ago=60, kind="forum", title="Spring forum")
    chosen_at = clock.now() - dt.timedelta(days=90)
    priority = choose(team, planning, year=spring.held_on.year, now=chosen_at)
    [made] = priority.objectives.all()
    summer = session(team, rowan, days_ago=5, kind="forum", title="Summer forum")
    quality = team.scope("quality")
    later_deadline = made.deadline + dt.timedelta(days=90)

    # The summer review is recorded first: people asked for a higher bar.
    plan.review_record(
        scope=quality,
        priority_id=priority.id,
        session_id=summer.id,
        progress="Better.",
        adjustments=[plan.AdjustmentInput(objective_id=made.id, target=5.0, deadline=None, why="Aim higher.")],
    )
    # The spring review is recorded afterwards; that day people gave it more time, nothing else.
    plan.review_record(
        scope=quality,
        priority_id=priority.id,
        session_id=spring.id,
        progress="Slow start.",
        adjustments=[
            plan.AdjustmentInput(objective_id=made.id, target=None, deadline=later_deadline, why="A slow start.")
        ],
    )
    spring_change = ObjectiveAdjustment.objects.for_org(org).get(review__session=spring)
    assert (spring_change.target, spring_change.deadline) == (10.0, later_deadline)  # as it stood in spring

    # What summer agreed is in force, on the page, in the API and in the report of the quarter.
    got = selectors.priority_get(scope=team.scope("partner"), priority_id=priority.id)
    [current] = got.objectives.all()
    assert (current.target_now, current.deadline_now) == (5.0, made.deadline)
    [row] = selectors.progress_for_report(scope=quality, first=spring.held_on, until=clock.today())
    assert (row.target, row.deadline) == (5.0, made.deadline)
    [row] = selectors.progress_for_report(scope=quality, first=spring.held_on, until=spring.held_on)
    assert (row.target, row.deadline) == (10.0, later_deadline)


def test_a_review_recorded_late_reads_only_the_objectives_set_by_the_day_it_was_held(org, services, team, framework):
    rowan, quality = services[0], team.scope("quality")
    planning = session(team, rowan, days_ago=90)
    spring = session(team, rowan, days_ago=75, kind="forum", title="Spring forum")
    summer = session(team, rowan, days_ago=10, kind="forum", title="Summer forum")
    # The priority was typed in a fortnight after the planning day, after the spring forum: its first
    # objective was still set at the planning day. Another was added a month ago.
    priority = choose(team, planning, year=planning.held_on.year, now=clock.now() - dt.timedelta(days=70))
    [first] = priority.objectives.all()
    added = plan.objective_add(
        scope=quality,
        priority_id=priority.id,
        data=objective(
            team,
            description="More people say they are asked first",
            measure=Measure.FFT_POSITIVE,
            theme_code="",
            target=90.0,
        ),
        now=clock.now() - dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as caught:
        plan.review_record(
            scope=quality,
            priority_id=priority.id,
            session_id=spring.id,
            progress="Started.",
            adjustments=[plan.AdjustmentInput(objective_id=added.id, target=80.0, deadline=None, why="Too high.")],
        )
    assert caught.value.message_dict == {
        "objective": [
            f"That objective was added on {timezone.localdate(added.recorded_at):%-d %B %Y}, after the session was "
            "held: change it at a review held since."
        ]
    }
    assert not PriorityReview.objects.for_org(org).exists()

    late = plan.review_record(scope=quality, priority_id=priority.id, session_id=spring.id, progress="Started.")
    assert [r.objective for r in late.readings.all()] == [first]
    since = plan.review_record(scope=quality, priority_id=priority.id, session_id=summer.id, progress="Going well.")
    assert [r.objective for r in since.readings.all()] == [first, added]
    # The report of the spring quarter reads them the same way: the first objective, not the later one.
    spring_rows = selectors.progress_for_report(scope=quality, first=planning.held_on, until=spring.held_on)
    assert [row.objective for row in spring_rows] == [first.description]
    now_rows = selectors.progress_for_report(scope=quality, first=planning.held_on, until=clock.today())
    assert [row.objective for row in now_rows] == [first.description, added.description]


def test_a_review_cannot_move_a_deadline_to_a_day_already_gone(org, services, team, framework):
    rowan = services[0]
    priority = choose(team, session(team, rowan, days_ago=30))
    [made] = priority.objectives.all()
    forum = session(team, rowan, days_ago=1, kind="forum")
    with pytest.raises(ValidationError) as caught:
        plan.review_record(
            scope=team.scope("quality"),
            priority_id=priority.id,
            session_id=forum.id,
            progress="Slow.",
            adjustments=[
                plan.AdjustmentInput(
                    objective_id=made.id, target=None, deadline=forum.held_on, why="A typo in the year."
                )
            ],
        )
    assert caught.value.message_dict == {
        "deadline": [f"The new date must be after the session, held on {forum.held_on:%-d %B %Y}."]
    }
    assert not PriorityReview.objects.for_org(org).exists() and not ObjectiveAdjustment.objects.for_org(org).exists()


def test_priorities_follow_roles_and_services(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan)
    priority = choose(team, planning)
    for name in ("staff", "partner"):
        with pytest.raises(PermissionDenied):
            plan.idea_add(scope=team.scope(name), session_id=planning.id, text="An idea")
    with pytest.raises(ValidationError):  # a session they cannot see is one they cannot choose
        plan.idea_add(scope=scope_of(team.beech_manager), session_id=planning.id, text="An idea")
    with pytest.raises(ObjectDoesNotExist):
        selectors.priority_get(scope=scope_of(team.beech_manager), priority_id=priority.id)
    assert not selectors.priority_list(scope=scope_of(team.beech_manager)).exists()
    with pytest.raises(PermissionDenied):
        selectors.priority_list(scope=team.scope("commissioner"))
    assert list(selectors.priority_list(scope=team.scope("partner"))) == [priority]


def test_the_measures_count_what_heard_holds_in_the_91_days(org, services, team, framework):
    rowan, beech = services[0], services[1]
    for rating, days_ago in ((1, 3), (2, 10), (4, 20), (5, 200)):
        feedback_record(
            scope=team.scope("quality"),
            data=FeedbackInput(
                service_id=rowan.id,
                channel=Channel.PAPER,
                rating=rating,
                received_on=clock.today() - dt.timedelta(days=days_ago),
            ),
        )
    scope, today = team.scope("quality"), clock.today()
    fft = measure_value(scope=scope, measure=Measure.FFT_POSITIVE, service_id=rowan.id, until=today)
    assert fft == pytest.approx(100 * 2 / 3)
    assert measure_value(scope=scope, measure=Measure.FFT_POSITIVE, service_id=beech.id, until=today) is None
    session(team, rowan, days_ago=5, rung=Rung.CO_DESIGN, kind="forum")
    session(team, rowan, days_ago=6, rung=Rung.CONSULTATION, kind="forum")
    session(team, rowan, days_ago=100, rung=Rung.CO_PRODUCTION, kind="forum")
    assert measure_value(scope=scope, measure=Measure.COPRODUCTION_HIGH, service_id=rowan.id, until=today) == 1.0
    assert (
        measure_value(scope=scope, measure=Measure.THEME_SHARE, theme_code=BELLS, service_id=rowan.id, until=today)
        is None
    )


def test_a_theme_the_main_framework_does_not_have_is_not_measured_rather_than_read_as_zero(
    org, services, team, framework
):
    rowan, today = services[0], clock.today()
    feedback_record(
        scope=team.scope("quality"),
        data=FeedbackInput(
            service_id=rowan.id,
            channel=Channel.PAPER,
            received_on=today - dt.timedelta(days=3),
            comments=[("What could be better?", "The bell rang for ages before anyone came.")],
        ),
    )
    scope = team.scope("quality")

    def share(code):
        return measure_value(
            scope=scope, measure=Measure.THEME_SHARE, theme_code=code, service_id=rowan.id, until=today
        )

    assert share(BELLS) == 0.0  # a theme of the framework nobody has coded yet: measured, and none
    # The NHS framework, chosen as the main one since the objective was set, has no call-bells theme.
    nhs = framework_install(scope=system_scope(organisation=org), key="nhs-pe-v6")
    framework_make_primary(scope=scope, framework=nhs)
    assert share(BELLS) is None


def test_a_priority_chosen_by_mistake_is_withdrawn_kept_and_no_longer_counted(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan)
    kept = choose(team, planning)
    twice = choose(team, planning, title="Answer call bells at night (again)")
    with pytest.raises(ValidationError) as caught:
        plan.priority_withdraw(scope=team.scope("quality"), priority_id=twice.id, reason="  ")
    assert set(caught.value.message_dict) == {"reason"}
    for name in ("staff", "partner"):
        with pytest.raises(PermissionDenied):
            plan.priority_withdraw(scope=team.scope(name), priority_id=twice.id, reason="Chosen twice.")
    with pytest.raises(ObjectDoesNotExist):  # a manager of another home cannot reach it
        plan.priority_withdraw(scope=scope_of(team.beech_manager), priority_id=twice.id, reason="Chosen twice.")
    assert not PriorityWithdrawal.objects.for_org(org).exists()

    withdrawal = plan.priority_withdraw(scope=team.scope("manager"), priority_id=twice.id, reason="Chosen twice.")
    assert (withdrawal.priority, withdrawal.withdrawn_by, withdrawal.reason) == (twice, team.manager, "Chosen twice.")
    assert QualityPriority.objects.for_org(org).count() == 2  # kept
    assert list(selectors.priority_list(scope=team.scope("quality"))) == [kept]
    assert list(selectors.priority_list(scope=team.scope("quality"), withdrawn=True)) == [twice]
    assert selectors.priority_get(scope=team.scope("quality"), priority_id=twice.id).withdrawal == withdrawal
    today = clock.today()
    report = selectors.progress_for_report(
        scope=team.scope("quality"), first=today.replace(month=1, day=1), until=today
    )
    assert {row.priority for row in report} <= {kept.title}
    assert [
        p.id for p in selectors.session_get(scope=team.scope("quality"), session_id=planning.id).priorities_chosen.all()
    ] == [kept.id]
    assert AuditEvent.objects.for_org(org).filter(verb="priorities.priority.withdraw", object_id=str(twice.id)).exists()

    # Nothing more is added to it, and it is not withdrawn twice.
    with pytest.raises(ValidationError):
        plan.priority_withdraw(scope=team.scope("quality"), priority_id=twice.id, reason="Again.")
    with pytest.raises(ValidationError):
        plan.objective_add(scope=team.scope("quality"), priority_id=twice.id, data=objective(team))
    forum = session(team, rowan, days_ago=1, kind="forum")
    with pytest.raises(ValidationError):
        plan.review_record(scope=team.scope("quality"), priority_id=twice.id, session_id=forum.id, progress="x")
    with pytest.raises(ValidationError):
        plan.objective_action_open(
            scope=team.scope("quality"), objective_id=twice.objectives.get().id, action=action_input(team)
        )
    assert PriorityWithdrawal.objects.for_org(org).count() == 1


def test_a_priority_being_worked_on_is_not_withdrawn(org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan, days_ago=30)
    reviewed = choose(team, planning)
    acted_on = choose(team, planning, title="Trips out every month")
    plan.review_record(
        scope=team.scope("quality"),
        priority_id=reviewed.id,
        session_id=session(team, rowan, days_ago=1, kind="forum").id,
        progress="Going well.",
    )
    plan.objective_action_open(
        scope=team.scope("quality"), objective_id=acted_on.objectives.get().id, action=action_input(team)
    )
    for priority, said in ((reviewed, "it has been reviewed"), (acted_on, "actions were opened for it")):
        with pytest.raises(ValidationError) as caught:
            plan.priority_withdraw(scope=team.scope("quality"), priority_id=priority.id, reason="Not wanted now.")
        assert said in caught.value.message_dict["__all__"][0]
    assert not PriorityWithdrawal.objects.for_org(org).exists()


def test_an_idea_whose_priority_was_withdrawn_says_so_when_chosen_again(org, services, team, framework):
    planning = session(team, services[0])
    idea = plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="Answer bells at night", votes=9)
    first = choose(team, planning, idea_id=idea.id)
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=idea.id)
    assert caught.value.message_dict["idea"] == ["That idea is already a priority."]
    plan.priority_withdraw(scope=team.scope("quality"), priority_id=first.id, reason="Wrong year.")
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=idea.id)
    assert "later withdrawn: leave the idea out" in caught.value.message_dict["idea"][0]
    again = choose(team, planning, year=planning.held_on.year)
    assert list(selectors.priority_list(scope=team.scope("quality"))) == [again]


def test_only_someone_covering_every_service_withdraws_a_whole_organisation_priority(org, services, team, framework):
    whole = choose(
        team,
        session(team, None),
        service_id=None,
        title="Ask people first",
        objectives=[objective(team, lead_id=team.quality.id)],
    )
    # Rowan House's manager plans there, not everywhere: not offered, and refused.
    assert not plan.may_withdraw(team.scope("manager"), whole) and plan.may_withdraw(team.scope("quality"), whole)
    with pytest.raises(ObjectDoesNotExist):
        plan.priority_withdraw(scope=team.scope("manager"), priority_id=whole.id, reason="Chosen twice.")
    assert not PriorityWithdrawal.objects.for_org(org).exists()
    plan.priority_withdraw(scope=team.scope("quality"), priority_id=whole.id, reason="Chosen twice.")
    assert PriorityWithdrawal.objects.for_org(org).get().priority == whole
