"""The audit pages a co-production partner reads: an audit done again is compared with the one before
it, by more than chance, with no p values; never a baseline, a re-audit or noise (ADR 0009)."""

from django.urls import reverse

from audits import services as audit
from organisations.tests.words import page_words, read_as, says

from .test_audits import _planned, answer_all, published

JARGON = ("baseline", "re-audit", "re-audited", "noise", "compliance", "p", "version")


def audited_twice(team, services):
    """Knocking before coming in: no at the first audit, yes when it was done again."""
    quality = team.scope("quality")
    version = published(team)
    before = _planned(team, services, version)
    for _ in range(10):
        audit.case_record(scope=quality, run_id=before.id, consent="agreed", answers=answer_all(before, "no"))
    audit.run_complete(scope=quality, run_id=before.id)
    again = _planned(team, services, version, baseline_id=before.id)
    for _ in range(10):
        audit.case_record(scope=quality, run_id=again.id, consent="agreed", answers=answer_all(again, "yes"))
    audit.run_complete(scope=quality, run_id=again.id)
    return before, again


def pages(client, person, before, again):
    return read_as(
        client,
        person,
        {
            "programme": reverse("audits:programme"),
            "before": reverse("audits:run", args=[before.id]),
            "again": reverse("audits:run", args=[again.id]),
        },
    )


def test_a_partner_reads_an_audit_done_again_in_plain_words(client, org, services, team):
    before, again = audited_twice(team, services)
    shown = pages(client, team.partner, before, again)
    for name, html in shown.items():
        assert says(html, *JARGON) == [], name
    assert "done again to compare" in page_words(shown["programme"])
    assert "Repeated in The audit of" in page_words(shown["before"])
    words = page_words(shown["again"])
    assert "Repeats The audit of" in words
    assert "Said yes" in words and "Compared with the audit before it" in words
    assert "Is it more than chance?" in words and "Better, more than chance" in words
    assert "Fisher" not in words  # how it is worked out is staff's, with its p values


def test_staff_see_how_it_is_worked_out_with_its_p_values(client, org, services, team):
    before, again = audited_twice(team, services)
    words = page_words(pages(client, team.quality, before, again)["again"])
    assert "Compared with the audit before it" in words and "Better, more than chance (p = 0.000)" in words
    assert "Fisher's exact test" in words and says(words, "noise") == []
