"""The page and the poster print each part of a "You said, we did" after its label: the label is read
once, whether the words are Heard's draft, what a person typed starting with the label again, or a
pair saved when drafts began "We did this: …"."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from reports.models import PairStatus, YouSaidPair
from reports.poster import poster_pdf
from reports.tests.test_render import poppler
from reports.you_said import you_said_candidates, you_said_draft, you_said_save

pytestmark = pytest.mark.django_db


def page_text(client, service) -> str:
    """The public page's words, as read: tags taken out, spaces as one."""
    client.logout()
    body = client.get(reverse("public:you-said", args=[service.feedback_link_id])).content.decode()
    main = body[body.index("<h1>") :]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", main)).split()).replace(" :", ":")


def poster_text(scope, service, tmp_path) -> str:
    """The A4 poster's words as pdftotext reads them, lines run together."""
    path = tmp_path / "poster.pdf"
    path.write_bytes(poster_pdf(scope=scope, service=service, size="A4", site_url="https://heard.example.org"))
    return " ".join(poppler("pdftotext", str(path), "-").split())


def test_heards_draft_reads_we_did_once_on_the_form_the_page_and_the_poster(client, team, services, closed, tmp_path):
    scope = team.scope("quality")
    [candidate] = [c for c in you_said_candidates(scope=scope) if c.action.id == closed.id]
    draft = you_said_draft(candidate=candidate)
    assert draft["we_did"] == "Answer call bells within five minutes."
    client.force_login(team.quality.user)
    form = client.get(reverse("evidence:you-said-edit", args=[closed.id])).content.decode()
    assert "We did this" not in form and ">Answer call bells within five minutes.</textarea>" in form

    you_said_save(scope=scope, action_id=closed.id, you_said=draft["you_said"], we_did=draft["we_did"], publish=True)

    for text in (page_text(client, services[0]), poster_text(scope, services[0], tmp_path)):
        assert "We did: Answer call bells within five minutes." in text, text
        assert text.count("We did") == 1 and "We did this" not in text, text


def test_words_typed_starting_with_their_label_read_it_once(client, team, services, closed, tmp_path):
    scope = team.scope("quality")
    you_said_save(
        scope=scope,
        action_id=closed.id,
        you_said="You said the call bells took too long at night.",
        we_did="We did this: added a second night carer.",
        now_text="Now bells are answered in 4 minutes on average.",
        publish=True,
    )
    for text in (page_text(client, services[0]), poster_text(scope, services[0], tmp_path)):
        assert "You said: The call bells took too long at night." in text, text
        assert "We did: Added a second night carer." in text, text
        assert "Now: Bells are answered in 4 minutes on average." in text, text
        pair = text.replace("You said, we did", "")  # the heading
        for label in ("You said", "We did", "Now"):
            assert pair.count(label) == 1, (label, text)
    # What the person typed is kept as they typed it: only its showing leaves the label out.
    pair = YouSaidPair.objects.for_org(closed.organisation).get(action=closed)
    assert pair.we_did == "We did this: added a second night carer."


def test_a_pair_saved_when_drafts_began_we_did_this_reads_it_once(client, team, services, closed, tmp_path):
    scope = team.scope("quality")
    you_said_save(
        scope=scope,
        action_id=closed.id,
        you_said="You told us about call bells.",
        we_did="We did this: answer call bells within five minutes.",
        publish=True,
    )
    assert YouSaidPair.objects.for_org(closed.organisation).get().status == PairStatus.PUBLISHED
    for text in (page_text(client, services[0]), poster_text(scope, services[0], tmp_path)):
        assert "We did: Answer call bells within five minutes." in text, text
        assert "We did this" not in text and text.count("We did") == 1, text


def test_words_that_only_begin_like_a_label_are_left_as_written(client, team, services, closed):
    you_said_save(
        scope=team.scope("quality"),
        action_id=closed.id,
        you_said="You told us the garden was locked.",
        we_did="We did not close the garden again; we asked you first.",
        now_text="Now that the garden is open, you go out more.",
        publish=True,
    )
    text = page_text(client, services[0])
    assert "You said: You told us the garden was locked." in text
    assert "We did: We did not close the garden again; we asked you first." in text
    assert "Now: Now that the garden is open, you go out more." in text
