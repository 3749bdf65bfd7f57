"""The demo's priorities: chosen from ranked ideas, measured, reviewed each quarter with people."""

from django.urls import reverse

from core import clock
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from governance.models import ActionStatus
from organisations.demo import demo_build
from organisations.models import Person
from organisations.scope import system_scope
from priorities import selectors
from priorities.demo import NEXT_YEAR_SESSION, priorities_demo_build
from priorities.models import ObjectiveAction, ObjectiveAdjustment, PriorityIdea, PriorityReview, QualityPriority
from themes.coding.demo import coding_demo_build


def test_the_demo_priorities_come_from_ranked_ideas_and_are_reviewed_with_people(db, client):
    northgate = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=northgate, seed=2026, total=600)
    coding_demo_build(organisation=northgate, seed=2026, review_suggestions=5)
    governance_demo_build(organisation=northgate, seed=2026)
    made = priorities_demo_build(organisation=northgate)

    priorities = QualityPriority.objects.for_org(northgate).filter(withdrawal__isnull=True)
    assert made == {"priorities": 2, "withdrawn": 1, "reviews": 6, "sessions": 4} and priorities.count() == 2
    [twice] = QualityPriority.objects.for_org(northgate).filter(withdrawal__isnull=False)
    assert "Recorded twice" in twice.withdrawal.reason and twice.withdrawal.withdrawn_by.full_name == "Grace Okafor"
    assert all(p.idea is not None and p.idea.votes >= 19 for p in priorities)
    # The board committed to adopt what people ranked highest, before the planning day.
    [board] = {p.decision for p in priorities}
    assert board.meeting.meeting_type == "leadership" and board.meeting.held_on <= priorities[0].session.held_on
    # Its page says so, rather than that the priority was adopted before it was chosen.
    client.force_login(Person.objects.for_org(northgate).get(full_name="Grace Okafor").user)
    page = client.get(reverse("priorities:priority", args=[priorities[0].id])).content.decode()
    assert "Adopted in advance by" in page
    [link] = ObjectiveAction.objects.for_org(northgate)
    assert link.action.status == ActionStatus.CLOSED and link.objective.priority.service.name == "Rowan House"
    assert PriorityReview.objects.for_org(northgate).count() == 6
    assert ObjectiveAdjustment.objects.for_org(northgate).count() == 1
    # This autumn's planning session has its ideas ranked, none chosen yet.
    waiting = PriorityIdea.objects.for_org(northgate).filter(chosen_as__isnull=True, session__title=NEXT_YEAR_SESSION)
    assert waiting.count() >= 3
    scope = system_scope(organisation=northgate)
    bells = priorities.get(service__name="Rowan House")
    [objective] = selectors.objectives_now(
        scope=scope, priority=selectors.priority_get(scope=scope, priority_id=bells.id), today=clock.today()
    )
    assert objective.objective.baseline is not None and objective.value is not None
    assert objective.objective.target_now == 5.0
