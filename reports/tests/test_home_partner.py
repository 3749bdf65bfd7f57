"""A co-production partner's home page counts only the feedback they can open: what people agreed could
be shared, less what is held back for an urgent flag, as their feedback list does (ADR 0004, 0007)."""

from django.urls import reverse

from core import clock
from feedback.models import Feedback
from governance.tests.conftest import hear
from organisations.scope import scope_for
from reports.home import home_dashboard

CALL_BELLS = "call-bells-and-responsiveness"
FOOD = "food-and-drink"


def shared(org, items):
    Feedback.objects.for_org(org).filter(pk__in=[i.pk for i in items]).update(consent_to_quote=True)


def stalled_figures(scope, code):
    home = home_dashboard(scope=scope, today=clock.today())
    return {(lp.code, lp.mentions, lp.recent) for lp in home.stalled if lp.code == code}, home


def test_a_partner_counts_only_the_feedback_they_can_open(client, org, services, team, framework):
    rowan = services[0]
    # Call bells raised at Rowan House long enough ago to stall: 3 pieces shared, 4 not.
    shared(org, hear(team.staff, rowan, CALL_BELLS, days_ago=[100, 60, 50]))
    hear(team.staff, rowan, CALL_BELLS, days_ago=[95, 58, 55, 52])
    # Food raised in 3 pieces that nobody agreed to share, and 3 shared pieces held back for an urgent
    # check: the partner can open none of them.
    hear(team.staff, rowan, FOOD, days_ago=[90, 70, 65])
    pending = hear(team.staff, rowan, FOOD, days_ago=[80, 75, 66])
    shared(org, pending)
    Feedback.objects.for_org(org).filter(pk__in=[i.pk for i in pending]).update(urgent_check_pending=True)

    partner = team.scope("partner")
    figures, home = stalled_figures(partner, CALL_BELLS)
    assert figures == {(CALL_BELLS, 3, 2)}
    assert not [lp for lp in home.stalled if lp.code == FOOD]
    assert home.loops_total == 1 and sum(home.loops.values()) == 1
    # The same three pieces their feedback list shows at Rowan House.
    client.force_login(team.partner.user)
    listed = client.get(reverse("feedback:list")).content.decode()
    assert "You see the feedback people agreed could be shared: 3 of" in listed

    page = client.get("/").content.decode()
    assert "3 pieces of feedback raised it in the last 365 days" in page
    assert "7 pieces" not in page
    assert "did not agree to share" not in page and "cannot open" not in page

    # The service's manager opens all of it, and counts all of it.
    manager = scope_for(user=team.manager.user, organisation=org)
    figures, home = stalled_figures(manager, CALL_BELLS)
    assert figures == {(CALL_BELLS, 7, 5)}
    assert {lp.code for lp in home.stalled} == {CALL_BELLS, FOOD}
