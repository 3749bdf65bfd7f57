"""End to end: a co-production partner follows the tracker from her home page and reads concerns in
plain words, never loops or stalled; and reads the themes, audits, priorities, actions and challenges
in plain words too, each page headed and titled as its link. Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from audits.tests.test_plain_words import audited_twice
from feedback.models import Feedback
from governance import services as gov
from governance.tests.conftest import framework, hear, loop, team, theme  # noqa: F401
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from priorities.tests.test_priorities import choose, session
from themes.services import framework_install

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_reads_what_is_being_done_about_concerns_in_plain_words(visit, org, services):
    # Given food raised at Rowan House for two months with no decision, and Margaret, a partner there
    rowan = services[0]
    framework_install(scope=system_scope(organisation=org), key="social-care")
    staff = person_with_role(org, Role.STAFF, services=[rowan], full_name="Aisha Rahman")
    heard = hear(staff, rowan, "food-and-drink", days_ago=[60, 50, 3])
    # Given with consent to be shared: a partner's home page hears loops only in what they can open.
    Feedback.objects.for_org(org).filter(pk__in=[f.pk for f in heard]).update(consent_to_quote=True)
    margaret = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson")

    # When she signs in, her home page says what is being done about concerns, and which have waited too long
    page = visit.sign_in(margaret.user.email)
    expect(page.get_by_role("heading", level=2, name="What is being done about concerns")).to_be_visible()
    expect(page.get_by_role("img", name="Concerns by where they stand")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Concerns waiting too long")).to_be_visible()
    visit.check_accessibility()

    # And she opens Concerns from Governance: the page is titled as its link, in plain words
    visit.section("Governance", "Concerns")
    expect(page.get_by_role("heading", level=1)).to_have_text("Concerns")
    expect(page).to_have_title("Concerns – Heard")
    expect(page.get_by_text("Waiting too long: Raised 60 days ago with no decision")).to_be_visible()
    visit.check_accessibility()

    # Then the theme's page says what is being done about it, and nothing says loop or stalled
    visit.follow(page.get_by_role("link", name="Food & drink"))
    expect(page.get_by_role("heading", level=2, name="What is being done about it")).to_be_visible()
    visit.check_accessibility()
    expect(page.locator("body")).not_to_contain_text("loop", ignore_case=True)
    expect(page.locator("body")).not_to_contain_text("stalled", ignore_case=True)


STAFF_TERMS = re.compile(
    r"\b(framework|taxonomy|benchmark|version|baseline|re-audit|more than noise|objectives?|measure|"
    r"closed with evidence of impact|escalated|co-production partner|ledger|action log|p = )\b",
    re.I,
)


def test_a_partner_reads_themes_audits_priorities_and_actions_in_plain_words(
    visit,
    org,
    services,
    team,  # noqa: F811
    loop,  # noqa: F811
):
    # Given an audit done again at Rowan House, a priority chosen there, and the loop's action closed
    # with evidence of impact after a leader's challenge about it was taken further
    audited_twice(team, services)
    choose(team, session(team, services[0]))
    action = loop["action"]
    manager, leader = team.scope("manager"), team.scope("leader")
    # (closed first: an action is not closed while a challenge on it waits for an answer)
    gov.action_request_check(scope=manager, action_id=action.id, note="Bells answered in four minutes.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Fell.",
        link="https://example.org/",
    )
    challenge = gov.challenge_raise(scope=leader, subject="action", action_id=action.id, question="Show the impact.")
    gov.challenge_respond(scope=manager, challenge_id=challenge.id, text="The bell log is linked.")
    gov.challenge_conclude(scope=leader, challenge_id=challenge.id, satisfied=False, text="To the board, please.")
    page = visit.sign_in(team.partner.user.email)
    main = page.locator("main")

    def headed(name):
        # The page is headed and titled as the link she followed
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(page).to_have_title(f"{name} – Heard")

    def plain():
        expect(main).not_to_contain_text(STAFF_TERMS)
        visit.check_accessibility()

    # When she opens Themes: lists of themes, the one in use, what the Care Quality Commission looks for
    visit.nav("Themes")
    headed("Themes")
    expect(main).to_contain_text("The list we use is Social care feedback")
    plain()
    visit.follow(page.get_by_role("link", name="Social care feedback"))
    expect(page).to_have_title("Social care feedback – Heard")
    expect(main).to_contain_text("What the Care Quality Commission looks for, from 2024")
    plain()

    # Audits: the audit done again is compared with the one before it, by more than chance
    visit.section("Governance", "Audits")
    headed("Audits")
    plain()
    visit.follow(page.get_by_role("link", name="Dignity in personal care").first)
    expect(page.get_by_role("heading", level=2, name="Compared with the audit before it")).to_be_visible()
    expect(main).to_contain_text("Better, more than chance")
    plain()

    # Quality priorities: goals, with the figure before
    visit.section("Governance", "Quality priorities")
    headed("Quality priorities")
    plain()
    visit.follow(page.get_by_role("link", name="Answer call bells at night"))
    expect(page.get_by_role("columnheader", name="Before")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Goals", exact=True)).to_be_visible()
    plain()

    # Actions and leadership challenges: done and checked that it worked; taken further
    visit.section("Governance", "Actions")
    headed("Actions")
    page.get_by_label("Status").select_option(label="Done, and checked that it worked")
    visit.follow(page.get_by_role("button", name="Show actions"))
    expect(main.locator(".nhsuk-tag", has_text="Done, and checked that it worked")).to_be_visible()
    plain()
    visit.section("Governance", "Leadership challenges")
    headed("Leadership challenges")
    expect(main.get_by_text("Taken further").first).to_be_visible()
    plain()
    visit.section("Governance", "Co-production")
    headed("Co-production")
    plain()

    # Then her home page names her role plainly
    visit.nav("Home")
    expect(main).to_contain_text("Partner in making care better: Rowan House")
    plain()
