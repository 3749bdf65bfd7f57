"""The loop tracker, the agenda pack and the daily reminders."""

import datetime as dt
import io
from dataclasses import replace

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.loops import loop_tracker
from governance.models import Action, Challenge, ChallengeSubject
from governance.packs import agenda_pack
from governance.reminders import reminder_digests
from governance.selectors import meeting_get
from governance.tasks import send_reminders
from themes.services import urgent_flag_raise

from .conftest import action_input, hear, theme

LINK = "https://heard.example.org/feedback/?theme=call-bells"
CALL_BELLS = "call-bells-and-responsiveness"


def _loop(loops, code, service):
    return next(lp for lp in loops if lp.code == code and lp.service_id == service.id)


def test_a_closed_loop_shows_who_listened_decided_acted_and_checked(org, services, team, loop):
    action = loop["action"]
    gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Started.")
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Fewer waits.",
        link=LINK,
    )
    [found] = [lp for lp in loop_tracker(scope=team.scope("leader"), today=clock.today()) if lp.code == CALL_BELLS]
    assert found.state == "checked" and not found.is_stalled
    assert found.listened == {"Aisha Rahman"}
    assert found.decided == [f"Monthly quality and safety, {clock.today():%-d %b %Y} (chaired by Grace Okafor)"]
    assert found.acted == ["Tom Hargreaves"] and found.checked == ["Grace Okafor"]
    assert found.mentions == 3


def test_who_listened_is_who_recorded_the_feedback_and_who_coded_it_at_that_service_only(
    org, services, team, framework
):
    rowan, beech = services[0], services[1]
    hear(team.staff, rowan, CALL_BELLS, days_ago=[3, 2], coder=team.manager)
    hear(team.staff, rowan, CALL_BELLS, days_ago=[1])
    hear(team.beech_manager, beech, CALL_BELLS, days_ago=[3, 2, 1])
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today())
    assert _loop(loops, CALL_BELLS, rowan).listened == {"Aisha Rahman", "Tom Hargreaves"}
    assert _loop(loops, CALL_BELLS, beech).listened == {"Sian Rowlands"}


def test_a_meeting_that_decided_twice_on_a_theme_is_named_once(org, services, team, loop):
    gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=loop["meeting"].id,
        text="Ask residents at the next meeting whether nights are better.",
        evidence=gov.Evidence(theme_ids=[theme(org, CALL_BELLS).id]),
    )
    found = _loop(loop_tracker(scope=team.scope("leader"), today=clock.today()), CALL_BELLS, services[0])
    assert len(found.decisions) == 2
    assert found.decided == [f"Monthly quality and safety, {clock.today():%-d %b %Y} (chaired by Grace Okafor)"]


def test_loop_states_move_from_heard_to_decided_to_acting(org, services, team, framework, settings):
    rowan = services[0]
    hear(team.staff, rowan, "food-and-drink", days_ago=[60, 50, 3])
    hear(team.staff, rowan, "laundry-and-personal-belongings", days_ago=[2])  # below the minimum: not a loop
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today())
    food = _loop(loops, "food-and-drink", rowan)
    assert food.state == "heard" and food.stalls == ["Raised 60 days ago with no decision"]
    assert not [lp for lp in loops if lp.code == "laundry-and-personal-belongings"]
    settings.HEARD_LOOP_NO_DECISION_DAYS = 90
    assert not _loop(loop_tracker(scope=team.scope("quality"), today=clock.today()), "food-and-drink", rowan).is_stalled

    meeting = gov.meeting_create(
        scope=team.scope("quality"), meeting_type="coproduction_forum", service_id=rowan.id, held_on=clock.today()
    )
    gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=meeting.id,
        text="Residents choose the menu each month.",
        evidence=gov.Evidence(theme_ids=[theme(org, "food-and-drink").id]),
    )
    assert (
        _loop(loop_tracker(scope=team.scope("quality"), today=clock.today()), "food-and-drink", rowan).state
        == "decided"
    )
    gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team, title="Menu panel", source="theme", theme_id=theme(org, "food-and-drink").id, service_id=rowan.id
        ),
    )
    assert (
        _loop(loop_tracker(scope=team.scope("quality"), today=clock.today()), "food-and-drink", rowan).state == "acting"
    )


def test_a_stall_one_day_past_says_one_day(org, services, team, loop, settings):
    settings.HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS = 0
    a_day_late = loop["action"].due_on + dt.timedelta(days=1)
    found = _loop(loop_tracker(scope=team.scope("leader"), today=a_day_late), CALL_BELLS, services[0])
    assert "is 1 day overdue and nobody has challenged it" in found.stalls[0]


def test_an_overdue_action_nobody_challenged_stalls_the_loop_until_a_leader_does(org, services, team, loop, settings):
    later = clock.today() + dt.timedelta(days=60)  # the action was due in 30 days: now 30 days late
    found = _loop(loop_tracker(scope=team.scope("leader"), today=later), CALL_BELLS, services[0])
    assert found.state == "acting" and "30 days overdue and nobody has challenged it" in found.stalls[0]
    gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why late?"
    )
    assert not _loop(loop_tracker(scope=team.scope("leader"), today=later), CALL_BELLS, services[0]).is_stalled


def test_an_action_withdrawn_without_evidence_stalls_the_loop(org, services, team, loop):
    gov.action_withdraw(scope=team.scope("quality"), action_id=loop["action"].id, reason="Superseded.")
    found = _loop(loop_tracker(scope=team.scope("leader"), today=clock.today()), CALL_BELLS, services[0])
    assert found.state == "decided" and "was withdrawn without evidence of impact" in found.stalls[0]


def test_the_tracker_shows_only_loops_in_the_persons_services(org, services, team, loop):
    hear(team.quality, services[1], "food-and-drink", days_ago=[10, 9, 8])
    beech = loop_tracker(scope=team.scope("beech_manager"), today=clock.today())
    assert {(lp.code, lp.service_id) for lp in beech} == {("food-and-drink", services[1].id)}


def test_the_pack_gathers_evidence_since_the_last_meeting_of_the_same_kind(client, org, services, team, framework):
    rowan = services[0]
    qs = team.scope("quality")
    first = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today() - dt.timedelta(days=30)
    )
    gov.meeting_create(
        scope=qs, meeting_type="coproduction_forum", service_id=rowan.id, held_on=clock.today() - dt.timedelta(days=10)
    )
    second = gov.meeting_create(scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today())
    hear(team.staff, rowan, "food-and-drink", days_ago=[25, 20, 15, 5])  # rising: 4 against 0 before
    hear(team.staff, rowan, CALL_BELLS, days_ago=[50, 45, 20])  # 1 against 2 before: not rising
    hear(team.quality, services[1], "privacy", days_ago=[3, 2, 1])  # another service
    # Flagged as urgent as it arrives (the detector reads it in the same transaction).
    feedback = hear(
        team.staff, rowan, "safety-and-safeguarding", days_ago=[4], text="My dad has bruises nobody explained."
    )[0]
    overdue = gov.action_create(
        scope=qs,
        data=action_input(team, source="theme", theme_id=theme(org, CALL_BELLS).id, service_id=rowan.id),
        now=clock.now() - dt.timedelta(days=60),
    )
    type(overdue).objects.for_org(org).filter(pk=overdue.pk).update(due_on=clock.today() - dt.timedelta(days=5))
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=overdue.id, question="Why?"
    )

    pack = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=second.id), today=clock.today())
    assert pack.previous == first and pack.since == first.held_on
    # One mention after none is not "new" to the meeting (the flag below is in its own section)
    assert [(t.code, t.now, t.before, t.is_new) for t in pack.themes] == [("food-and-drink", 4, 0, True)]
    assert "privacy" not in {t.code for t in pack.top_themes}
    assert [f.comment.feedback_id for f in pack.flags] == [feedback.id]
    assert pack.overdue == [overdue] and pack.challenges == [challenge] and pack.awaiting_check == []
    # Someone who may not see urgent flags gets none, and is told so by the page.
    staff_pack = agenda_pack(
        scope=team.scope("staff"),
        meeting=meeting_get(scope=team.scope("staff"), meeting_id=second.id),
        today=clock.today(),
    )
    assert staff_pack.flags is None
    # Someone flagging the comment again adds a worry to its flag: the pack shows it, and still says
    # that nothing has been done
    [comment] = feedback.comments.all()
    urgent_flag_raise(scope=qs, comment_id=comment.id, reason="Her daughter rang about it too.")
    client.force_login(team.quality.user)
    page = " ".join(client.get(f"/governance/meetings/{second.id}/pack/").content.decode().split())
    assert "flagged it too: Her daughter rang about it too." in page
    assert "Nothing has been recorded as done yet." in page


def test_daily_reminders_reach_the_lead_the_manager_the_verifier_and_the_person_challenged(
    org, services, team, loop, framework
):
    qs = team.scope("quality")
    late = gov.action_create(
        scope=qs,
        data=action_input(
            team,
            title="Fix the rota",
            lead_id=team.staff.id,
            source="theme",
            theme_id=theme(org, CALL_BELLS).id,
            service_id=services[0].id,
        ),
        now=clock.now() - dt.timedelta(days=40),
    )
    type(late).objects.for_org(org).filter(pk=late.pk).update(due_on=clock.today() - dt.timedelta(days=3))
    gov.action_request_check(scope=team.scope("manager"), action_id=loop["action"].id, note="Done.")
    gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=late.id, question="Why late?"
    )

    digests = {d.person.full_name: d for d in reminder_digests(organisation=org, today=clock.today())}
    assert [a.title for a in digests["Aisha Rahman"].overdue] == ["Fix the rota"]
    assert [c.question for c in digests["Aisha Rahman"].to_answer] == ["Why late?"]
    assert [a.title for a in digests["Tom Hargreaves"].team_overdue] == ["Fix the rota"]  # Aisha's manager
    assert [a.id for a in digests["Grace Okafor"].to_check] == [loop["action"].id]
    assert "Sian Rowlands" not in digests  # manages another service

    mail.outbox = []
    assert send_reminders.call() == {org.name: 3}
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert f"/governance/actions/{late.id}/" in by_person[team.staff.user.email]
    assert "Overdue actions in your team" in by_person[team.manager.user.email]
    assert "waiting for your check" in by_person[team.quality.user.email]
    assert AuditEvent.objects.for_org(org).filter(verb="governance.reminders.send").exists()

    mail.outbox = []
    out = io.StringIO()
    call_command("reminders", stdout=out)
    assert len(mail.outbox) == 3 and f"{org.name}: 3 reminder emails sent" in out.getvalue()


def test_a_past_meetings_pack_shows_actions_and_challenges_as_they_stood_that_day(
    client, org, services, team, framework
):
    rowan, qs = services[0], team.scope("quality")
    held = clock.today() - dt.timedelta(days=10)
    meeting = gov.meeting_create(scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=held)
    bells = gov.action_create(
        scope=qs,
        data=action_input(team, source="theme", theme_id=theme(org, CALL_BELLS).id, service_id=rowan.id),
        now=clock.now() - dt.timedelta(days=60),
    )
    Action.objects.for_org(org).filter(pk=bells.pk).update(due_on=held - dt.timedelta(days=5))
    why = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=bells.id, question="Why late?"
    )
    Challenge.objects.for_org(org).filter(pk=why.pk).update(raised_at=clock.now() - dt.timedelta(days=20))
    # After the meeting: the bells go for their check, and a new late action and challenge appear.
    gov.action_request_check(scope=team.scope("manager"), action_id=bells.id, note="New bells fitted.")
    paint = gov.action_create(
        scope=qs,
        data=action_input(
            team, title="Repaint the lounge", source="theme", theme_id=theme(org, CALL_BELLS).id, service_id=rowan.id
        ),
    )
    Action.objects.for_org(org).filter(pk=paint.pk).update(due_on=clock.today() - dt.timedelta(days=1))
    later = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=paint.id, question="And the lounge?"
    )

    then = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=meeting.id), today=clock.today())
    assert then.as_of == held
    assert (then.overdue, then.awaiting_check, then.challenges) == ([bells], [], [why])

    coming = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today() + dt.timedelta(days=7)
    )
    now = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=coming.id), today=clock.today())
    assert now.as_of == clock.today()
    assert (now.overdue, now.awaiting_check, now.challenges) == ([paint], [bells], [why, later])

    client.force_login(team.quality.user)
    page = client.get(f"/governance/meetings/{meeting.id}/pack/").content.decode()
    assert "as they stood on" in page and "Repaint the lounge" not in page and "New bells" not in page
    # One statement of the day the pack's actions are shown as of, not two that disagree.
    assert f"as they stood on {held:%-d %B %Y}, the day of the meeting" in page
    assert "as they stand on" not in page
    ahead = client.get(f"/governance/meetings/{coming.id}/pack/").content.decode()
    assert f"as they stand on {clock.today():%-d %B %Y}" in ahead and "as they stood on" not in ahead


def test_the_tracker_on_a_past_day_counts_only_what_had_happened_by_then(org, services, team, loop):
    rowan, qs = services[0], team.scope("quality")
    hear(team.staff, rowan, "food-and-drink", days_ago=[40, 38, 35])
    food = gov.action_create(
        scope=qs,
        data=action_input(
            team, title="New menu", source="theme", theme_id=theme(org, "food-and-drink").id, service_id=rowan.id
        ),
        now=clock.now() - dt.timedelta(days=30),
    )
    for action in (food, loop["action"]):
        gov.action_update_add(scope=team.scope("manager"), action_id=action.id, text="Started.")
        gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.")
        gov.action_check(
            scope=qs,
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="Better.",
            link=LINK,
        )

    now = loop_tracker(scope=qs, today=clock.today())
    assert _loop(now, "food-and-drink", rowan).state == "checked"
    assert _loop(now, CALL_BELLS, rowan).state == "checked"

    yesterday = loop_tracker(scope=qs, today=clock.today() - dt.timedelta(days=1))
    food_then, bells_then = _loop(yesterday, "food-and-drink", rowan), _loop(yesterday, CALL_BELLS, rowan)
    assert food_then.state == "acting" and food_then.checked == []  # closed today, so still open then
    assert bells_then.state == "heard" and bells_then.decided == [] and bells_then.acted == []  # decided today
    assert bells_then.mentions == 3

    a_week_ago = loop_tracker(scope=qs, today=clock.today() - dt.timedelta(days=7))
    assert not [lp for lp in a_week_ago if lp.code == CALL_BELLS]  # heard twice by then: below the minimum


def test_stalled_loops_come_most_raised_lately_first_not_by_name(org, services, team, framework, client):
    rowan, beech = services[0], services[1]
    hear(team.staff, rowan, "food-and-drink", days_ago=[300, 250, 200, 150, 120])  # quiet for three months
    hear(team.staff, rowan, "laundry-and-personal-belongings", days_ago=[100, 30, 10, 5])
    hear(team.quality, beech, "food-and-drink", days_ago=[80, 70, 50])
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today())
    order = [(lp.code, lp.service_id) for lp in loops if lp.is_stalled]
    assert order == [
        ("laundry-and-personal-belongings", rowan.id),
        ("food-and-drink", beech.id),
        ("food-and-drink", rowan.id),
    ]
    laundry, quiet = _loop(loops, "laundry-and-personal-belongings", rowan), _loop(loops, "food-and-drink", rowan)
    assert (laundry.mentions, laundry.recent, laundry.raised_lately) == (4, 3, "3 in the last 90 days")
    assert (quiet.mentions, quiet.recent, quiet.raised_lately) == (5, 0, "none in the last 90 days")
    # The count says its span, which is not the span of "raised N days ago"
    window = settings.HEARD_LOOP_WINDOW_DAYS
    assert quiet.raised_in_window == (
        f"5 pieces of feedback raised it in the last {window} days, none in the last 90 days"
    )

    client.force_login(team.quality.user)
    page = client.get(reverse("governance:loops")).content.decode()
    assert page.index("Laundry") < page.index("Food")
    assert "Raised in 4 pieces of feedback (3 in the last 90 days)" in page
    home = client.get(reverse("organisations:home")).content.decode()
    assert home.index("Laundry") < home.index("Food")
    assert "(4 pieces of feedback raised it in the last 365 days, 3 in the last 90 days)" in home


def test_the_home_page_says_which_stalled_loops_it_leaves_out(org, services, team, framework, client, monkeypatch):
    monkeypatch.setattr("reports.home.HOME_OVERDUE", 1)
    hear(team.staff, services[0], "food-and-drink", days_ago=[60, 50, 3])
    hear(team.staff, services[0], "laundry-and-personal-belongings", days_ago=[60, 50, 40])
    client.force_login(team.quality.user)
    home = client.get(reverse("organisations:home")).content.decode()
    assert "The 1 of 2 stalled loops raised most often in the last 90 days." in home
    assert "Food &amp; drink, Rowan House" in home and "Laundry &amp; personal belongings, Rowan" not in home
    # The link leads to Rowan House's loop on the theme's page, not to the top of every service's.
    anchor = f"loop-food-and-drink-{services[0].id}"
    assert f'href="/governance/themes/food-and-drink/#{anchor}"' in home
    theme_page = client.get("/governance/themes/food-and-drink/").content.decode()
    assert f'<tr id="{anchor}"' in theme_page


def test_a_concern_raised_on_and_off_for_years_counts_from_when_it_was_first_raised(org, services, team, framework):
    rowan, beech = services[0], services[1]
    hear(team.staff, rowan, "food-and-drink", days_ago=[700, 500, 380, 300, 10, 5])  # never quiet for a year
    hear(team.quality, beech, "food-and-drink", days_ago=[900, 300, 10, 5])  # quiet for 600 days, then again
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today())
    assert _loop(loops, "food-and-drink", rowan).stalls == ["Raised 700 days ago with no decision"]
    assert _loop(loops, "food-and-drink", beech).stalls == ["Raised 300 days ago with no decision"]
    # A month on, the mention 300 days ago has nearly left the window; the day count still grows.
    later = loop_tracker(scope=team.scope("quality"), today=clock.today() + dt.timedelta(days=30))
    assert _loop(later, "food-and-drink", rowan).stalls == ["Raised 730 days ago with no decision"]


def test_a_decision_for_the_whole_organisation_decides_the_loop_for_everyone_who_sees_it(
    org, services, team, framework, client
):
    rowan = services[0]
    # Shared, so the partner hears the loop on the theme's page too (it counts what they can open).
    hear(team.staff, rowan, "food-and-drink", days_ago=[60, 50, 3], shared=True)
    meeting = gov.meeting_create(
        scope=team.scope("quality"), meeting_type="quality_safety", service_id=None, held_on=clock.today()
    )
    gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=meeting.id,
        text="Every home reviews its menus with residents.",
        evidence=gov.Evidence(theme_ids=[theme(org, "food-and-drink").id]),
    )
    label = f"Monthly quality and safety, {clock.today():%-d %b %Y}"
    for who in ("quality", "manager", "staff", "partner"):
        loops = loop_tracker(scope=team.scope(who), today=clock.today())
        food = _loop(loops, "food-and-drink", rowan)
        assert (food.state, food.is_stalled) == ("decided", False), who
        assert food.decided[0].startswith(label), who
        whole = [lp for lp in loops if lp.service_id is None]
        # Only those who cover every service see the whole organisation's own loop.
        assert bool(whole) == (who == "quality"), who
    client.force_login(team.partner.user)
    page = client.get(reverse("governance:theme", args=["food-and-drink"])).content.decode()
    assert label in page and "No decision for your services has given this theme as a reason." in page


def test_the_pack_lists_the_stalled_loops_at_the_meetings_service(client, org, services, team, framework):
    rowan, beech = services[0], services[1]
    qs = team.scope("quality")
    hear(team.staff, rowan, "food-and-drink", days_ago=[120, 80, 60, 10])
    hear(team.staff, rowan, "laundry-and-personal-belongings", days_ago=[100, 20, 10, 5, 3])
    hear(team.staff, rowan, "privacy", days_ago=[12, 10, 8])  # raised lately: not stalled yet
    hear(team.quality, beech, "food-and-drink", days_ago=[90, 70, 50])  # another service
    meeting = gov.meeting_create(scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today())
    # The service chosen in the switcher does not narrow the pack of a meeting of the whole organisation.
    whole = gov.meeting_create(scope=qs, meeting_type="leadership", service_id=None, held_on=clock.today())
    looking_at_beech = replace(qs, current_service_id=beech.id)

    pack = agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=meeting.id), today=clock.today())
    assert [(lp.code, lp.service_id) for lp in pack.stalled] == [
        ("laundry-and-personal-belongings", rowan.id),
        ("food-and-drink", rowan.id),
    ]
    wide = agenda_pack(scope=looking_at_beech, meeting=meeting_get(scope=qs, meeting_id=whole.id), today=clock.today())
    assert {(lp.code, lp.service_id) for lp in wide.stalled} == {
        ("laundry-and-personal-belongings", rowan.id),
        ("food-and-drink", rowan.id),
        ("food-and-drink", beech.id),
    }

    client.force_login(team.manager.user)
    page = client.get(reverse("governance:meeting-pack", args=[meeting.id])).content.decode()
    assert "7. Stalled loops" in page
    assert (
        "Raised 100 days ago with no decision (5 pieces of feedback raised it in the last 365 days, 4 in the last 90 days)"
        in page
    )
    assert page.index("Laundry") < page.index("Raised 120 days ago")


def _decided_ago(scope, service, days_ago, theme_, text):
    """A quality meeting at the service ``days_ago`` days ago that decided on the theme."""
    meeting = gov.meeting_create(
        scope=scope,
        meeting_type="quality_safety",
        service_id=service.id,
        held_on=clock.today() - dt.timedelta(days=days_ago),
    )
    gov.decision_record(
        scope=scope,
        meeting_id=meeting.id,
        text=text,
        evidence=gov.Evidence(theme_ids=[theme_.id]),
        now=clock.now() - dt.timedelta(days=days_ago),
    )


def test_a_decision_older_than_a_year_with_nothing_done_stalls_a_concern_still_raised(org, services, team, framework):
    rowan, beech = services[0], services[1]
    qs = team.scope("quality")
    for service, decided_ago in ((rowan, 400), (beech, 200)):
        _decided_ago(qs, service, decided_ago, theme(org, "food-and-drink"), "Keep an eye on it.")
        hear(team.quality, service, "food-and-drink", days_ago=[100, 60, 10])
    loops = loop_tracker(scope=qs, today=clock.today())
    old, recent = _loop(loops, "food-and-drink", rowan), _loop(loops, "food-and-drink", beech)
    assert old.state == recent.state == "decided"
    assert old.stalls == ["Decided 400 days ago and raised 3 times since, with no new decision"]
    assert recent.stalls == []


def test_a_concern_noted_again_and_again_while_it_rises_stalls(org, services, team, framework, settings):
    """Three decisions in a year with nothing done: fair for a steady concern, stalled for a rising one
    (raised more in the last 90 days than the rest of the year would lead one to expect)."""
    rowan, beech = services[0], services[1]
    qs = team.scope("quality")
    food = theme(org, "food-and-drink")
    for service in (rowan, beech):
        for decided_ago in (250, 150, 60):
            _decided_ago(qs, service, decided_ago, food, "Keep watching; look again in three months.")
    hear(team.quality, rowan, "food-and-drink", days_ago=[300, 200, 80, 60, 40, 30, 20, 5])  # 2, then 6 lately
    hear(team.quality, beech, "food-and-drink", days_ago=[300, 250, 200, 150, 120, 100, 50, 10])  # 6, then 2
    loops = loop_tracker(scope=qs, today=clock.today())
    rising, steady = _loop(loops, "food-and-drink", rowan), _loop(loops, "food-and-drink", beech)
    assert rising.state == steady.state == "decided"
    assert rising.stalls == [
        "Decided 3 times in the last 365 days with nothing done, while raised more often: "
        "6 times in the last 90 days, 2 in the 275 days before"
    ]
    assert steady.stalls == []

    settings.HEARD_LOOP_REPEAT_DECISIONS = 4  # two decisions fewer than that are not "again and again"
    assert not _loop(loop_tracker(scope=qs, today=clock.today()), "food-and-drink", rowan).is_stalled
    settings.HEARD_LOOP_REPEAT_DECISIONS = 3
    gov.action_create(
        scope=qs,
        data=action_input(team, title="Menu panel", source="theme", theme_id=food.id, service_id=rowan.id),
    )
    acting = _loop(loop_tracker(scope=qs, today=clock.today()), "food-and-drink", rowan)
    assert acting.state == "acting" and not acting.is_stalled
