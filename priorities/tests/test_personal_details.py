"""What is written about a priority after it is chosen is saved without personal details, as the action
log's words are: why it was chosen, the progress a review heard and why an objective changed, and why an
idea or a priority was corrected or withdrawn. The idea, the title and the objectives are the words
people chose, and are kept as written."""

from governance.forms import NO_NAMES
from governance.models import Rung
from priorities import services as plan
from priorities.forms import IdeaCorrectForm, IdeaWithdrawForm, PriorityForm, PriorityWithdrawForm, ReviewForm
from priorities.models import (
    IdeaWithdrawal,
    Objective,
    ObjectiveAdjustment,
    PriorityIdea,
    PriorityReview,
    PriorityWithdrawal,
    QualityPriority,
)

from .test_priorities import choose, session

NAMED = "Spoke to Mrs Jane Smith's daughter"
CLEANED = "Spoke to Mrs [name]'s daughter"


def test_why_a_priority_was_chosen_is_saved_without_personal_details_and_its_own_words_are_kept(
    org, services, team, framework
):
    planning = session(team, services[0])
    idea = plan.idea_add(
        scope=team.scope("quality"), session_id=planning.id, text="Ask Ruby about night bells", votes=5
    )
    choose(team, planning, idea_id=idea.id, title="Night bells at Rose Ward", why=f"{NAMED} about night bells.")
    priority = QualityPriority.objects.for_org(org).get()
    assert priority.why == f"{CLEANED} about night bells."
    assert (PriorityIdea.objects.for_org(org).get().text, priority.title) == (
        "Ask Ruby about night bells",
        "Night bells at Rose Ward",
    )


def test_a_reviews_progress_and_why_an_objective_changed_are_saved_without_personal_details(
    org, services, team, framework
):
    rowan = services[0]
    priority = choose(team, session(team, rowan))
    made = Objective.objects.for_org(org).get(priority=priority)
    forum = session(team, rowan, days_ago=1, kind="forum", rung=Rung.ENGAGEMENT, title="Residents' forum")
    plan.review_record(
        scope=team.scope("manager"),
        priority_id=priority.id,
        session_id=forum.id,
        progress=f"{NAMED}: nights are better.",
        adjustments=[plan.AdjustmentInput(objective_id=made.id, target=5.0, deadline=None, why=NAMED)],
    )
    assert PriorityReview.objects.for_org(org).get().progress == f"{CLEANED}: nights are better."
    assert ObjectiveAdjustment.objects.for_org(org).get().why == CLEANED


def test_why_an_idea_or_a_priority_was_corrected_or_withdrawn_is_saved_without_personal_details(
    org, services, team, framework
):
    planning = session(team, services[0])
    quality = team.scope("quality")
    idea = plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=9)
    fixed = plan.idea_correct(scope=quality, idea_id=idea.id, text=idea.text, votes=19, reason=NAMED)
    plan.idea_withdraw(scope=quality, idea_id=fixed.id, reason=f"{NAMED} again.")
    reasons = IdeaWithdrawal.objects.for_org(org).order_by("id").values_list("reason", flat=True)
    assert list(reasons) == [CLEANED, f"{CLEANED} again."]
    priority = choose(team, planning)
    plan.priority_withdraw(scope=quality, priority_id=priority.id, reason=NAMED)
    assert PriorityWithdrawal.objects.for_org(org).get().reason == CLEANED


def test_the_forms_that_take_these_words_say_not_to_name_anyone():
    hints = {
        (form.__name__, name): field.help_text
        for form in (PriorityForm, ReviewForm, IdeaCorrectForm, IdeaWithdrawForm, PriorityWithdrawForm)
        for name, field in form().fields.items()
    }
    warned = {key for key, hint in hints.items() if hint.endswith(NO_NAMES)}
    assert warned == {
        ("PriorityForm", "why"),
        ("ReviewForm", "progress"),
        ("ReviewForm", "why"),
        ("IdeaCorrectForm", "reason"),
        ("IdeaWithdrawForm", "reason"),
        ("PriorityWithdrawForm", "reason"),
    }
