"""The "Yours to do" part of the home page: the work waiting on the person signed in, read with each record's
own selector and permissions, the first few of each kind shown and the rest counted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from core.working_days import working_day
from governance import services as gov
from governance.models import Action
from governance.tests.conftest import action_input, days_back
from priorities.tests.test_priorities import choose, objective, session
from reports.todo import yours_to_do

pytestmark = pytest.mark.django_db


def _action(team, decided, *, title, days, by="quality", **fields):
    """Another action from the loop's decision at Rowan House, due in ``days``, led by Tom unless said."""
    fields = {"lead_id": team.manager.id, "verifier_id": team.quality.id, **fields}
    return gov.action_create(
        scope=team.scope(by),
        data=action_input(
            team,
            title=title,
            due_on=clock.today() + dt.timedelta(days=days),
            decision_id=decided["decision"].id,
            service_id=decided["decision"].service_id,
            **fields,
        ),
    )


def _make_overdue(org, action, days):
    # An action cannot be opened with a due date already past; one falls due as the days go by.
    Action.objects.for_org(org).filter(pk=action.pk).update(due_on=clock.today() - dt.timedelta(days=days))


def _home(client, person) -> str:
    client.force_login(person.user)
    return client.get(reverse("organisations:home")).content.decode()


def _section(page: str) -> str:
    start = page.index('<section aria-labelledby="home-todo">')
    return page[start : page.index("</section>", start)]


def test_a_manager_sees_his_actions_overdue_first_the_challenge_put_to_him_and_his_review_due(
    client, org, services, team, loop
):
    rowan = services[0]
    later = _action(team, loop, title="Menus with residents", days=13)
    soon = _action(team, loop, title="Night carer rota", days=3)
    _make_overdue(org, loop["action"], 166)
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject="action",
        action_id=loop["action"].id,
        question="Why is this late? Show me the impact.",
        now=days_back(103),
    )
    # Chosen 85 days ago: its first quarterly review falls due in a week.
    choose(team, session(team, rowan, days_ago=85), title="Answer call bells at night")
    # Grace leads another action: not Tom's.
    _action(team, loop, title="Grace's audit", days=5, lead_id=team.quality.id, verifier_id=team.manager.id)

    todo = _section(_home(client, team.manager))

    assert "Yours to do" in todo
    assert "3 not finished, 1 of them overdue." in todo
    overdue = loop["action"]
    assert todo.index(overdue.title) < todo.index(soon.title) < todo.index(later.title)
    due = (clock.today() - dt.timedelta(days=166)).strftime("%-d %b %Y")
    assert f"<strong>overdue</strong>, was due {due}" in todo
    assert f"due {soon.due_on.strftime('%-d %b %Y')}" in todo
    assert "Grace&#39;s audit" not in todo and "Grace's audit" not in todo
    assert "Challenges waiting for your answer" in todo
    assert "Why is this late? Show me the impact." in todo and "Waiting 103 days for an answer" in todo
    assert "asked by David Mensah" in todo
    assert "Priority reviews due" in todo and "Answer call bells at night" in todo
    review_due = working_day(clock.today() + dt.timedelta(days=7)).strftime("%-d %b %Y")
    assert f"due {review_due}" in todo
    # He records feedback too: at Rowan House, the one service he manages.
    assert reverse("feedback:capture") in todo and reverse("public:poster", args=[rowan.id]) in todo


def test_an_action_sent_for_its_check_waits_on_the_verifier_not_on_the_lead(client, org, team, loop):
    gov.action_update_add(scope=team.scope("manager"), action_id=loop["action"].id, text="Audit running weekly.")
    gov.action_request_check(scope=team.scope("manager"), action_id=loop["action"].id, note="Done: see the audit.")

    assert "Actions you lead" not in _section(_home(client, team.manager))
    todo = _section(_home(client, team.quality))
    assert "Actions for you to check" in todo and loop["action"].title in todo and "led by Tom Hargreaves" in todo


def test_staff_are_offered_to_record_feedback_and_their_service_poster(client, services, team):
    rowan, beech = services[0], services[1]
    todo = _section(_home(client, team.staff))
    assert "Record feedback" in todo and reverse("feedback:capture") in todo
    assert reverse("public:poster", args=[rowan.id]) in todo
    assert reverse("public:poster", args=[beech.id]) not in todo
    assert "Nothing else is waiting for you." in todo


def test_people_with_nothing_to_do_and_no_feedback_to_record_see_no_section(client, team):
    assert 'aria-labelledby="home-todo"' not in _home(client, team.commissioner)
    assert 'aria-labelledby="home-todo"' not in _home(client, team.partner)
    assert not yours_to_do(scope=team.scope("commissioner"), today=clock.today())


def test_someone_over_many_services_is_sent_to_choose_one_for_its_poster(client, services, team, monkeypatch):
    monkeypatch.setattr("reports.todo.POSTERS_SHOWN", len(services) - 1)
    todo = _section(_home(client, team.quality))
    assert "Choose a service" in todo and reverse("organisations:service-list") in todo
    assert "/poster/" not in todo


def test_a_long_list_shows_the_first_few_and_counts_the_rest(client, org, team, loop, monkeypatch):
    monkeypatch.setattr("reports.todo.TODO_SHOWN", 2)
    for n in range(3):
        _action(team, loop, title=f"Extra {n}", days=40 + n)
    todo = _section(_home(client, team.manager))
    assert "4 not finished." in todo
    assert loop["action"].title in todo and "Extra 0" in todo and "Extra 1" not in todo
    assert "See all 4 actions you lead or check" in todo
    assert reverse("governance:actions") + "?mine=1&amp;status=active" in todo


def test_the_home_page_asks_as_many_questions_however_much_is_waiting(client, org, team, loop):
    def queries() -> int:
        client.force_login(team.manager.user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("organisations:home")).status_code == 200
        return len(ctx.captured_queries)

    queries()  # the first visit fills caches the later ones read
    before = queries()
    for n in range(4):
        action = _action(team, loop, title=f"More {n}", days=5 + n)
        gov.challenge_raise(scope=team.scope("leader"), subject="action", action_id=action.id, question="When?")
    assert queries() == before


def test_a_review_far_off_or_of_someone_else_s_objective_is_not_listed(org, services, team, framework):
    rowan = services[0]
    choose(team, session(team, rowan, days_ago=10), title="Reviewed in three months")
    choose(
        team,
        session(team, rowan, days_ago=85),
        title="Led by Grace",
        objectives=[objective(team, lead_id=team.quality.id)],
    )
    assert yours_to_do(scope=team.scope("manager"), today=clock.today()).reviews == []
    [(priority, due)] = yours_to_do(scope=team.scope("quality"), today=clock.today()).reviews
    assert priority.title == "Led by Grace" and due == working_day(clock.today() + dt.timedelta(days=7))


def _deadline_in(org, priority, days):
    # An objective is set with a deadline after today; one passes as the days go by.
    from priorities.models import Objective

    Objective.objects.for_org(org).filter(priority=priority).update(deadline=clock.today() + dt.timedelta(days=days))


def test_a_lead_sees_the_deadlines_of_objectives_due_soon_those_passed_first(client, org, services, team, framework):
    rowan = services[0]
    # Chosen 10 days ago: none of these is due for its review for nearly three months.
    passed = choose(team, session(team, rowan, days_ago=10), title="Quiet nights", objectives=[
        objective(team, description="Fewer people woken at night"),
    ])  # fmt: skip
    soon = choose(team, session(team, rowan, days_ago=11), title="Call bells", objectives=[
        objective(team, description="Bells answered in five minutes", deadline=clock.today() + dt.timedelta(days=9)),
    ])  # fmt: skip
    choose(team, session(team, rowan, days_ago=12), title="Far off", objectives=[
        objective(team, description="More trips out", deadline=clock.today() + dt.timedelta(days=15)),
    ])  # fmt: skip
    choose(team, session(team, rowan, days_ago=13), title="Grace's", objectives=[
        objective(team, description="Menus chosen with residents", lead_id=team.quality.id,
                  deadline=clock.today() + dt.timedelta(days=3)),
    ])  # fmt: skip
    _deadline_in(org, passed, -4)

    todo = _section(_home(client, team.manager))

    assert "Objective deadlines" in todo and "Priority reviews due" not in todo
    assert todo.index("Fewer people woken at night") < todo.index("Bells answered in five minutes")
    was = (clock.today() - dt.timedelta(days=4)).strftime("%-d %b %Y")
    assert f"<strong>deadline passed</strong> on {was}" in todo
    assert f"to be met by {(clock.today() + dt.timedelta(days=9)).strftime('%-d %b %Y')}" in todo
    assert reverse("priorities:priority", args=[soon.id]) in todo
    assert "More trips out" not in todo  # beyond the fortnight
    assert "Menus chosen with residents" not in todo  # Grace leads it
    deadlines = yours_to_do(scope=team.scope("quality"), today=clock.today()).deadlines
    assert [d.objective.description for d in deadlines] == ["Menus chosen with residents"]


def test_the_home_page_asks_as_many_questions_however_many_deadlines_are_due(client, org, services, team, framework):
    def queries() -> tuple[int, int]:
        client.force_login(team.manager.user)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("organisations:home"))
        assert page.status_code == 200
        return len(ctx.captured_queries), page.content.decode().count("): to be met by")

    soon = dt.timedelta(days=5)
    choose(team, session(team, services[0], days_ago=85), title="First", objectives=[
        objective(team, description="First objective", deadline=clock.today() + soon),
    ])  # fmt: skip
    queries()  # the first visit fills caches the later ones read
    before, listed = queries()
    assert listed == 1
    for n in range(3):
        choose(team, session(team, services[0], days_ago=80 + n), title=f"More {n}", objectives=[
            objective(team, description=f"Objective {n}a", deadline=clock.today() + soon),
            objective(team, description=f"Objective {n}b", deadline=clock.today() + soon + dt.timedelta(days=1)),
        ])  # fmt: skip
    after, listed = queries()
    assert listed == 5 and after == before  # five shown, the rest counted


def test_a_manager_sees_who_is_waiting_for_a_reply_and_staff_do_not(client, org, services, team):
    from feedback.models import Channel, ReplyMethod
    from feedback.services import FeedbackInput, ReplyInput, feedback_record, reply_record
    from organisations.scope import system_scope

    def asked(days):
        return feedback_record(
            scope=system_scope(organisation=org),
            data=FeedbackInput(
                service_id=services[0].id,
                channel=Channel.PAPER,
                received_on=clock.today() - dt.timedelta(days=days),
                comments=[("What could be better?", "The tea is often cold")],
                wants_reply=True,
                reply_method=ReplyMethod.PHONE,
                reply_contact="07700 900123",
            ),
        )

    oldest, answered = asked(20), asked(5)
    reply_record(
        scope=team.scope("manager"),
        feedback_id=answered.id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=clock.today()),
    )
    section = _section(_home(client, team.manager))
    assert "1 person is waiting for a reply they asked for, the longest since" in section
    assert oldest.received_on.strftime("%-d %b %Y") in section
    assert "See who is waiting for a reply" in section
    assert "waiting for a reply" not in _home(client, team.staff)


def test_changes_checked_as_working_wait_to_be_told_until_they_are_worded(client, org, services, team, loop):
    from reports.you_said import you_said_save

    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Bells answered in four minutes.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Waits fell.",
        link="/audits/",
    )
    told = "1 change checked as working is not yet told to the people who use the service."
    assert told in _section(_home(client, team.quality))
    assert "not yet told" not in _home(client, team.staff)  # staff do not word them
    you_said_save(
        scope=team.scope("quality"), action_id=action.id, you_said="Call bells rang too long.", we_did="More staff."
    )
    assert "not yet told" not in _home(client, team.quality)
