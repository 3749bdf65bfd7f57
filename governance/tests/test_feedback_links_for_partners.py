"""A meeting, a decision and an action name the feedback they rest on, and link to it only for people
who may open it: a co-production partner opens only feedback shared with consent (ADR 0004), so for
them the rest is named without a link that would only say it was not found."""

from django.urls import reverse

from feedback.models import Feedback
from governance import services as gov

from .conftest import action_input


def link(feedback) -> str:
    return f'href="{reverse("feedback:detail", args=[feedback.id])}"'


def test_a_partner_is_not_led_to_feedback_they_cannot_open(client, org, services, team, loop):
    # Given the decision cites feedback given without consent to be shared, and an action comes from another
    cited, source = loop["feedback"][0], loop["feedback"][1]
    action = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team, title="Ring the family back", service_id=services[0].id, source="feedback", feedback_id=source.id
        ),
    )
    pages = {
        "meeting": reverse("governance:meeting", args=[loop["meeting"].id]),
        "decision": reverse("governance:decision", args=[loop["decision"].id]),
        "action": reverse("governance:action", args=[action.id]),
    }

    def read(person):
        client.force_login(person.user)
        return {name: client.get(address).content.decode() for name, address in pages.items()}

    # Then Margaret, a partner, reads which feedback it was, with no link to it
    partner = read(team.partner)
    assert client.get(reverse("feedback:detail", args=[cited.id])).status_code == 404
    for name in ("meeting", "decision"):
        assert f"Feedback {cited.id}:" in partner[name] and link(cited) not in partner[name], name
    assert f"Feedback {source.id}" in partner["action"] and link(source) not in partner["action"]
    # And the service's manager, who may open it, has the links
    manager = read(team.manager)
    assert (
        link(cited) in manager["meeting"] and link(cited) in manager["decision"] and link(source) in manager["action"]
    )

    # Once it is shared with consent, Margaret has the links too, and they open
    Feedback.objects.for_org(org).filter(pk__in=[cited.pk, source.pk]).update(consent_to_quote=True)
    partner = read(team.partner)
    assert (
        link(cited) in partner["meeting"] and link(cited) in partner["decision"] and link(source) in partner["action"]
    )
    assert client.get(reverse("feedback:detail", args=[cited.id])).status_code == 200
