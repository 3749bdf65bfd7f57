"""Personal details written in comments: hidden from co-production partners, as written for everyone else
(ADR 0004). Per service, as every permission (ADR 0002): a partner at one home who is staff at another
reads the words as written only at the home where they work."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from accounts.services import api_token_create
from feedback import export, selectors
from feedback import rules as feedback_rules
from feedback.models import Channel, Comment, Feedback
from feedback.rules import Perm, has_perm
from feedback.services import FeedbackInput, feedback_record
from organisations import rules as org_rules
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import api_call, api_token_for, person_with_role
from themes.models import UrgentFlag
from themes.services import framework_install

WRITTEN = "Nurse Sarah Thompson rang me on 07700 900123 to say the new chair had come."
SHOWN = "Nurse [name] rang me on [phone number] to say the new chair had come."
OTHER = "Mrs Okonkwo planted sweet peas with my dad in the garden."
OTHER_SHOWN = "Mrs [name] planted sweet peas with my dad in the garden."
NOTICE = "personal details in comments are hidden from you"


def record(org, service, text, *, consent_to_quote=True) -> Feedback:
    """Feedback whose giver agreed to be quoted (partners read only such feedback), unless told not."""
    item = feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.IN_PERSON,
            received_on=dt.date(2026, 11, 2),
            comments=[("What was good?", text)],
            consent_to_quote=consent_to_quote,
        ),
    )
    assert not UrgentFlag.objects.for_org(org).filter(comment__feedback=item).exists()
    return item


@pytest.fixture
def rowan(org, services):
    """Feedback at Rowan House naming a nurse and giving a phone number."""
    return record(org, services[0], WRITTEN)


@pytest.fixture
def beech(org, services):
    """Feedback at Beech Court naming a member of staff."""
    return record(org, services[1], OTHER)


def add_role(person, role, services):
    assignment = RoleAssignment.objects.for_org(person.organisation).create(
        organisation=person.organisation, person=person, role=role
    )
    assignment.services.set(services)


@pytest.fixture
def partner(org, services):
    return person_with_role(org, Role.PARTNER, services=[services[0]])


@pytest.fixture
def staff(org, services):
    return person_with_role(org, Role.STAFF, services=[services[0]])


@pytest.fixture
def partner_here_staff_there(org, services):
    """A family carer who is a co-production partner at Rowan House and works at Beech Court."""
    person = person_with_role(org, Role.PARTNER, services=[services[0]])
    add_role(person, Role.STAFF, [services[1]])
    return person


def page(client, person, url, **params) -> str:
    client.force_login(person.user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the rule --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_only_partners_and_commissioners_do_not_read_personal_details_in_comments(services, make_scope, role):
    scope = make_scope(role, services=[services[0]])
    reads = has_perm(scope, Perm.VIEW_PERSONAL_IN_TEXT, services[0].id)
    assert reads == (role not in (Role.PARTNER, Role.COMMISSIONER))


def test_the_rule_is_checked_at_the_comments_service(org, services, rowan, beech, partner_here_staff_there):
    scope = scope_for(user=partner_here_staff_there.user, organisation=org)
    assert selectors.comment_text_for(scope=scope, comment=rowan.comments.get()) == SHOWN
    assert selectors.comment_text_for(scope=scope, comment=beech.comments.get()) == OTHER
    assert selectors.comment_text_for(scope=None, comment=beech.comments.get()) == OTHER_SHOWN
    assert selectors.comment_details_hidden(scope=scope, service_ids=[services[0].id])
    assert not selectors.comment_details_hidden(scope=scope, service_ids=[services[1].id])


# --- the feedback pages ------------------------------------------------------------------------------


def test_a_partner_reads_the_list_and_the_feedback_page_with_details_hidden(client, partner, rowan):
    for url in (reverse("feedback:list"), reverse("feedback:detail", args=[rowan.id])):
        body = page(client, partner, url)
        assert escape(SHOWN) in body, url
        assert "Sarah" not in body and "Thompson" not in body and "07700" not in body, url
        assert body.count(NOTICE) == 1, url


def test_a_partner_reads_only_feedback_whose_giver_agreed_to_be_quoted(
    client, org, services, partner, staff, rowan, beech, partner_here_staff_there
):
    private = record(
        org, services[0], "Please keep this between us: the night staff are rushed.", consent_to_quote=False
    )
    record(org, services[1], "Between us, the lounge is cold.", consent_to_quote=False)
    listed = page(client, partner, reverse("feedback:list"))
    assert escape(SHOWN) in listed and "night staff are rushed" not in listed
    assert client.get(reverse("feedback:detail", args=[private.id])).status_code == 404
    assert "night staff are rushed" not in page(client, partner, reverse("feedback:list"), q="rushed")
    # Staff read it; someone who is a partner at one home and staff at another reads it only where they work.
    assert "night staff are rushed" in page(client, staff, reverse("feedback:list"))
    both = page(client, partner_here_staff_there, reverse("feedback:list"))
    assert "the lounge is cold" in both and "night staff are rushed" not in both


def test_staff_at_the_same_service_read_the_words_as_written(client, staff, rowan):
    for url in (reverse("feedback:list"), reverse("feedback:detail", args=[rowan.id])):
        body = page(client, staff, url)
        assert escape(WRITTEN) in body and "[name]" not in body, url
        assert NOTICE not in body, url


def test_a_partner_at_one_service_and_staff_at_another_sees_details_hidden_only_where_a_partner(
    client, rowan, beech, partner_here_staff_there
):
    listed = page(client, partner_here_staff_there, reverse("feedback:list"))
    assert escape(SHOWN) in listed and escape(OTHER) in listed and "07700" not in listed
    assert listed.count(NOTICE) == 1
    at_rowan = page(client, partner_here_staff_there, reverse("feedback:detail", args=[rowan.id]))
    assert escape(SHOWN) in at_rowan and NOTICE in at_rowan
    at_beech = page(client, partner_here_staff_there, reverse("feedback:detail", args=[beech.id]))
    assert escape(OTHER) in at_beech and NOTICE not in at_beech


def test_the_list_says_nothing_is_hidden_when_the_page_shows_only_words_as_written(
    client, services, beech, partner_here_staff_there
):
    listed = page(client, partner_here_staff_there, reverse("feedback:list"), service=services[1].id)
    assert escape(OTHER) in listed and NOTICE not in listed


# --- search ---------------------------------------------------------------------------------------------


def found(scope, search) -> list[str]:
    items = selectors.feedback_list(scope=scope, filters=selectors.FeedbackFilters(search=search))
    return [c.text for f in items for c in f.comments.all()]


def test_a_partner_cannot_find_a_comment_by_a_word_hidden_from_them(org, rowan, partner, staff):
    partner_scope = scope_for(user=partner.user, organisation=org)
    assert found(partner_scope, "Thompson") == []
    assert found(partner_scope, "07700") == []
    assert found(partner_scope, "sarah chair") == []
    assert found(partner_scope, "new chair") == [WRITTEN]  # they read these words
    assert found(scope_for(user=staff.user, organisation=org), "Thompson") == [WRITTEN]


def test_a_comment_stays_found_when_the_word_is_also_where_the_partner_can_read_it(org, services, partner):
    record(org, services[0], "Mr Hall moved us to the hall upstairs, which is quieter.")
    partner_scope = scope_for(user=partner.user, organisation=org)
    assert len(found(partner_scope, "hall")) == 1


def test_a_hidden_name_is_not_stood_in_for_by_a_longer_word_the_partner_can_read(org, services, partner):
    text = "Mrs Ann Hughes sorted out the annual review."
    record(org, services[0], text)
    results = found(scope_for(user=partner.user, organisation=org), "Ann")
    if connection.vendor == "postgresql":
        # The search finds whole (stemmed) words: only the hidden name matched, so nothing is found.
        assert results == []
    else:
        # Elsewhere the search finds the letters anywhere, and "annual" is there to read.
        assert [t for t in results if "annual" in t] == [text]


def test_search_hides_by_service_for_a_person_with_two_roles(org, services, partner_here_staff_there):
    record(org, services[0], "Mrs Okonkwo and the chef made a lovely birthday cake for everyone.")
    record(org, services[1], OTHER)
    scope = scope_for(user=partner_here_staff_there.user, organisation=org)
    assert found(scope, "Okonkwo") == [OTHER]


def test_the_list_page_search_leaves_out_what_only_hidden_words_matched(client, partner, rowan):
    body = page(client, partner, reverse("feedback:list"), q="Thompson")
    assert "0 pieces of feedback" in body and "chair" not in body


# --- coding pages ---------------------------------------------------------------------------------------


def test_the_coding_queue_and_page_show_staff_comments_as_written_and_refuse_partners(
    client, org, rowan, partner, staff
):
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    comment = rowan.comments.get()
    urls = (
        reverse("themes:coding-queue", args=[framework.slug]),
        reverse("themes:coding-comment", args=[framework.slug, comment.pk]),
    )
    for url in urls:
        # Partners do not open the coding pages at all (ADR 0008), so nothing of the comment reaches them.
        client.force_login(partner.user)
        refused = client.get(url)
        assert refused.status_code == 403 and "Thompson" not in refused.content.decode(), url
        body = page(client, staff, url)
        assert escape(WRITTEN) in body and NOTICE not in body, url


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_gives_a_person_with_two_roles_only_the_service_where_they_work(
    client, org, services, rowan, beech, partner_here_staff_there
):
    # Partners do not use the API (organisations.rules.USE_API): its scope is the rest of their roles.
    scope = scope_for(user=partner_here_staff_there.user, organisation=org)
    token = api_token_create(scope=scope, name="tests")[1]
    items = api_call(client, "get", "/api/feedback", token).json()["items"]
    assert [c["text"] for f in items for c in f["comments"]] == [OTHER]
    assert api_call(client, "get", f"/api/feedback/{rowan.id}", token).status_code == 404


def test_were_partners_let_into_the_api_they_would_read_comments_with_details_hidden(
    client, org, services, rowan, monkeypatch
):
    monkeypatch.setitem(org_rules.RULES, org_rules.Perm.USE_API, frozenset(Role.values))
    token = api_token_for(org, Role.PARTNER, services)
    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    comment = rowan.comments.get()
    answers = {
        "list": api_call(client, "get", "/api/feedback", token),
        "get": api_call(client, "get", f"/api/feedback/{rowan.id}", token),
        "fhir": api_call(client, "get", f"/api/fhir/QuestionnaireResponse/{rowan.id}", token),
    }
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        assert SHOWN in body and "Thompson" not in body and "07700" not in body, name
    # Coding stays refused to them, as on the pages (ADR 0008): the queue is not theirs to read.
    for path in (f"/api/coding/{framework.slug}/queue", f"/api/coding/{framework.slug}/comments/{comment.pk}"):
        refused = api_call(client, "get", path, token)
        assert refused.status_code == 403 and "Thompson" not in refused.content.decode(), path


def test_the_api_gives_staff_the_words_as_written(client, org, services, rowan):
    token = api_token_for(org, Role.STAFF, services)
    body = api_call(client, "get", f"/api/feedback/{rowan.id}", token).json()
    assert body["comments"][0]["text"] == WRITTEN


def test_were_partners_let_download_they_would_read_comments_with_details_hidden(
    org, services, rowan, make_scope, monkeypatch
):
    monkeypatch.setitem(feedback_rules.RULES, Perm.EXPORT_FEEDBACK, frozenset(Role.values))
    table = export.feedback_export_rows(scope=make_scope(Role.PARTNER, services=[services[0]]))
    assert SHOWN in str(table.rows) and "07700" not in str(table.rows)
    table = export.feedback_export_rows(scope=make_scope(Role.LEADER, services=[services[0]], all_services=False))
    assert WRITTEN in str(table.rows)
    assert Comment.objects.for_org(org).get().text == WRITTEN  # reading never changes what is stored


def test_the_list_page_query_count_for_a_partner_is_pinned(client, org, services, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(partner.user)
    url = reverse("feedback:list")

    def add(n):
        for _ in range(n):
            record(org, services[0], WRITTEN)

    add(2)
    client.get(url, {"q": "chair"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "chair"})
    add(20)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url, {"q": "chair"}).content.decode()
    assert len(many) == len(few)
    assert "22 pieces of feedback" in body and "Thompson" not in body


# --- every template prints comment text through `comment_text` ---------------------------------------

# Only people who act on urgent flags reach these pages (themes.rules), and a safeguarding concern
# needs the names in it.
FLAG_PAGES = {"themes/jinja2/themes/flag.jinja", "themes/jinja2/themes/queue.jinja"}


def test_templates_print_comment_text_only_through_comment_text():
    base = Path(settings.BASE_DIR)
    direct = re.compile(r"\{[{%][^}]*\b(comment|c)\.text\b")
    printed_as_stored = [
        str(path.relative_to(base))
        for path in [*base.glob("*/jinja2/**/*.jinja"), *base.glob("templates/**/*.jinja")]
        if direct.search(path.read_text()) and str(path.relative_to(base)) not in FLAG_PAGES
    ]
    assert printed_as_stored == []
