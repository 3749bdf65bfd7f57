"""The service pages say what CQC is: a co-production partner reads them too."""

from django.urls import reverse

from organisations.roles import Role
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words


def test_a_partner_reads_the_regulator_named_in_full_on_the_service_pages(client, org, services):
    client.force_login(person_with_role(org, Role.PARTNER, services=[services[0]]).user)
    for address in (
        reverse("organisations:service-list"),
        reverse("organisations:service-detail", args=[services[0].id]),
    ):
        words = page_words(client.get(address).content.decode())
        assert "Care Quality Commission (CQC) location ID" in words, address
        assert words.count("CQC") == words.count("(CQC)"), address  # never the letters alone
