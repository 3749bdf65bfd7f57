"""Ideas raised at a planning session: a mistyped idea or vote total is corrected (the correction takes
its place, the old one is kept with what was wrong), and an idea raised by mistake is withdrawn and no
longer ranked, unless a priority rests on it."""

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from governance.tests.conftest import scope_of
from priorities import selectors
from priorities import services as plan
from priorities.models import IdeaWithdrawal, PriorityIdea, QualityPriority

from .test_priorities import choose, session


def ranking(team, planning):
    got = selectors.session_get(scope=team.scope("partner"), session_id=planning.id)
    return [(i.text, i.votes) for i in selectors.session_ideas(got).ranked]


def test_a_mistyped_total_is_corrected_ranked_by_the_corrected_figure_and_the_old_one_kept(
    org, services, team, framework
):
    planning = session(team, services[0])
    quality = team.scope("quality")
    quiet = plan.idea_add(scope=quality, session_id=planning.id, text="More trips out", votes=4)
    plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=11)
    assert ranking(team, planning) == [("Answer bells at night", 11), ("More trips out", 4)]

    fixed = plan.idea_correct(
        scope=team.scope("manager"), idea_id=quiet.id, text="More trips out", votes=14, reason="Two tallies missed."
    )
    assert ranking(team, planning) == [("More trips out", 14), ("Answer bells at night", 11)]
    assert fixed.replaces == quiet and fixed.recorded_by == team.manager
    withdrawal = IdeaWithdrawal.objects.for_org(org).get(idea=quiet)
    assert (withdrawal.withdrawn_by, withdrawal.reason) == (team.manager, "Two tallies missed.")
    assert PriorityIdea.objects.for_org(org).get(pk=quiet.pk).votes == 4  # kept as it was recorded
    event = AuditEvent.objects.for_org(org).get(verb="priorities.idea.correct")
    assert event.changes["votes"] == {"from": 4, "to": 14} and "words" not in event.changes

    # Corrected again: the history holds both earlier versions, newest first; the old ones are closed.
    again = plan.idea_correct(
        scope=quality, idea_id=fixed.id, text="More trips out, in summer too", votes=14, reason="Words cut short."
    )
    with pytest.raises(ValidationError) as caught:
        plan.idea_correct(scope=quality, idea_id=quiet.id, text="Trips", votes=1, reason="Wrong.")
    assert "already been corrected or withdrawn" in caught.value.message_dict["__all__"][0]
    ideas = selectors.session_ideas(selectors.session_get(scope=quality, session_id=planning.id))
    assert [(i.text, i.votes) for i in ideas.earlier[again.id]] == [("More trips out", 14), ("More trips out", 4)]
    assert ideas.withdrawn == [] and ideas.replaced_by[quiet.id] == fixed
    last = AuditEvent.objects.for_org(org).filter(verb="priorities.idea.correct").order_by("id").last()
    assert last.changes["words"] == {"from": "(changed)", "to": "(changed)"} and "votes" not in last.changes


def test_a_wrong_correction_says_what_is_wrong_and_changes_nothing(org, services, team, framework):
    planning = session(team, services[0])
    quality = team.scope("quality")
    idea = plan.idea_add(scope=quality, session_id=planning.id, text="More trips out", votes=4)
    plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=11)
    with pytest.raises(ValidationError) as caught:
        plan.idea_correct(scope=quality, idea_id=idea.id, text=" ", votes=-1, reason="")
    assert caught.value.message_dict == {
        "text": ["Enter the idea in the words people used."],
        "votes": ["Enter the number of votes, from 0 to 100,000."],
        "reason": ["Say what was wrong with the idea or its votes."],
    }
    with pytest.raises(ValidationError) as caught:
        plan.idea_correct(scope=quality, idea_id=idea.id, text="answer bells at NIGHT", votes=4, reason="Typo.")
    assert caught.value.message_dict == {"text": ["That idea is already recorded for this session, with 11 votes."]}
    with pytest.raises(ValidationError) as caught:
        plan.idea_correct(scope=quality, idea_id=idea.id, text="More trips out", votes=4, reason="Typo.")
    assert caught.value.message_dict == {"__all__": ["Change the words or the votes, or leave the idea as it is."]}
    # Only the case of its own words changed: not a copy of itself.
    plan.idea_correct(scope=quality, idea_id=idea.id, text="More Trips Out", votes=4, reason="Capitals.")
    assert PriorityIdea.objects.for_org(org).count() == 3 and IdeaWithdrawal.objects.for_org(org).count() == 1


def test_a_withdrawn_idea_is_kept_not_ranked_and_not_chosen(org, services, team, framework):
    planning = session(team, services[0])
    quality = team.scope("quality")
    twice = plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=11)
    plan.idea_add(scope=quality, session_id=planning.id, text="More trips out", votes=4)
    with pytest.raises(ValidationError) as caught:
        plan.idea_withdraw(scope=quality, idea_id=twice.id, reason=" ")
    assert caught.value.message_dict == {"reason": ["Say why the idea is withdrawn."]}
    plan.idea_withdraw(scope=quality, idea_id=twice.id, reason="Typed in for the wrong session.")
    assert ranking(team, planning) == [("More trips out", 4)]
    ideas = selectors.session_ideas(selectors.session_get(scope=quality, session_id=planning.id))
    assert ideas.withdrawn == [twice] and ideas.withdrawn[0].withdrawal.reason == "Typed in for the wrong session."
    assert AuditEvent.objects.for_org(org).filter(verb="priorities.idea.withdraw").count() == 1
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=twice.id)
    assert caught.value.message_dict["idea"] == [
        "That idea has been corrected or withdrawn: choose it again from the session's ideas."
    ]
    with pytest.raises(ValidationError):
        plan.idea_withdraw(scope=quality, idea_id=twice.id, reason="Again.")
    assert not QualityPriority.objects.for_org(org).exists()


def test_a_chosen_idea_is_corrected_not_withdrawn(org, services, team, framework):
    planning = session(team, services[0])
    quality = team.scope("quality")
    idea = plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=9)
    priority = choose(team, planning, idea_id=idea.id)
    with pytest.raises(ValidationError) as caught:
        plan.idea_withdraw(scope=quality, idea_id=idea.id, reason="Not wanted.")
    assert caught.value.message_dict["__all__"] == [
        "This idea cannot be withdrawn: it was chosen as the priority “Answer call bells at night”, which rests "
        "on it. If its words or votes are wrong, correct them instead."
    ]
    assert not IdeaWithdrawal.objects.for_org(org).exists()

    # Its total is put right: the priority names the corrected idea, and says the corrected figure.
    fixed = plan.idea_correct(scope=quality, idea_id=idea.id, text=idea.text, votes=19, reason="Counted twice over.")
    assert QualityPriority.objects.for_org(org).get().idea == fixed
    assert selectors.priority_get(scope=quality, priority_id=priority.id).idea.votes == 19
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=fixed.id)
    assert caught.value.message_dict["idea"] == ["That idea is already a priority."]

    # Once the priority is withdrawn nothing rests on the idea, and it may be withdrawn too.
    plan.priority_withdraw(scope=quality, priority_id=priority.id, reason="Chosen by mistake.")
    plan.idea_withdraw(scope=quality, idea_id=fixed.id, reason="Raised by mistake.")
    assert ranking(team, planning) == []


def test_only_those_who_record_the_session_change_its_ideas(org, services, team, framework):
    planning = session(team, services[0])
    idea = plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="More trips out", votes=4)
    for name in ("staff", "partner"):
        with pytest.raises(PermissionDenied):
            plan.idea_correct(scope=team.scope(name), idea_id=idea.id, text="Trips", votes=5, reason="Typo.")
        with pytest.raises(PermissionDenied):
            plan.idea_withdraw(scope=team.scope(name), idea_id=idea.id, reason="Twice.")
    with pytest.raises(ObjectDoesNotExist):  # a manager of another home cannot reach it
        plan.idea_correct(scope=scope_of(team.beech_manager), idea_id=idea.id, text="T", votes=5, reason="Typo.")
    with pytest.raises(ObjectDoesNotExist):
        plan.idea_withdraw(scope=scope_of(team.beech_manager), idea_id=idea.id, reason="Twice.")
    assert PriorityIdea.objects.for_org(org).count() == 1 and not IdeaWithdrawal.objects.for_org(org).exists()


def test_ideas_are_corrected_and_withdrawn_from_their_page_and_the_session_shows_the_history(
    client, org, services, team, framework
):
    planning = session(team, services[0])
    quality = team.scope("quality")
    idea = plan.idea_add(scope=quality, session_id=planning.id, text="More trips out", votes=4)
    twice = plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=11)
    chosen = plan.idea_add(scope=quality, session_id=planning.id, text="A garden to sit in", votes=2)
    choose(team, planning, idea_id=chosen.id, title="A garden to sit in")
    url = reverse("priorities:idea", args=[idea.id])

    client.force_login(team.partner.user)
    page = client.get(url).content.decode()
    assert "More trips out" in page and "Correct the words or the votes" not in page
    client.post(url, {"form": "correct", "correct-text": "Trips", "correct-votes": "5", "correct-reason": "Typo."})
    assert PriorityIdea.objects.for_org(org).count() == 3

    client.force_login(team.quality.user)
    wrong = client.post(url, {"form": "correct", "correct-text": "More trips out", "correct-votes": "x"})
    body = wrong.content.decode()
    assert (
        wrong.status_code == 400
        and "Enter a whole number for ‘Votes it got when people ranked the ideas’, like 4" in body
    )
    assert "Say what was wrong with the idea or its votes." in body and 'value="x"' in body
    done = client.post(
        url,
        {"form": "correct", "correct-text": "More trips out", "correct-votes": "14", "correct-reason": "Tally missed."},
    )
    assert done.status_code == 302 and done.url == reverse("priorities:session", args=[planning.id])
    done = client.post(
        reverse("priorities:idea", args=[twice.id]), {"form": "withdraw", "withdraw-reason": "Typed in twice."}
    )
    assert done.status_code == 302

    client.force_login(team.partner.user)
    body = client.get(reverse("priorities:session", args=[planning.id])).content.decode()
    ranked, withdrawn = body.split("Withdrawn ideas")
    assert ranked.index("More trips out") < ranked.index("A garden to sit in")
    assert "it was “More trips out”, 4 votes. Tally missed." in ranked and "Answer bells at night" not in ranked
    assert "Answer bells at night" in withdrawn and "Typed in twice." in withdrawn
    old = client.get(url).content.decode()
    assert "This idea was corrected" in old and "See the corrected idea" in old

    client.force_login(team.quality.user)
    page = client.get(reverse("priorities:idea", args=[chosen.id])).content.decode()
    assert "Withdraw this idea" not in page
    assert "cannot be withdrawn: it was chosen as the priority “A garden to sit in”" in page
