"""The "You said, we did" poster keeps to one page: pairs saved before their words were capped may not
fit even in the smallest type, and then the oldest are left off (ADR 0011)."""

import datetime as dt
import re

import pytest

from governance import services as gov
from governance.tests.conftest import NOW, action_input, theme
from reports.models import PairStatus, YouSaidPair
from reports.poster import SIZES, TYPE_SIZES, poster_pdf
from reports.tests.test_render import pdf_words, poppler

# As long as a part of a pair could be before the cap (the column's length), in plain words.
FILLER = "people told us that things could be better so we changed how the team works by day and by night "
LONGEST = YouSaidPair._meta.get_field("you_said").max_length
FIELDS = {"you_said": "Heard", "we_did": "Done", "now": "Different"}


def words_before_the_cap(first: str) -> str:
    middle = (FILLER * 4)[: LONGEST - len(first) - len(" last.") - 1]
    return f"{first} {middle.rstrip().ljust(len(middle), 'x')} last."


@pytest.fixture
def long_pairs(org, services, team, framework):
    """Three pairs published a week apart at Rowan House, each part as long as it could be before the cap."""
    quality = team.scope("quality")
    source = {"source": "theme", "theme_id": theme(org, "call-bells-and-responsiveness").id}
    for n, mark in enumerate("abc"):
        action = gov.action_create(
            scope=quality, data=action_input(team, title=f"Action {mark}", service_id=services[0].id, **source)
        )
        parts = {field: words_before_the_cap(f"{first}{mark}") for field, first in FIELDS.items()}
        assert {len(p) for p in parts.values()} == {LONGEST}
        # Written as it was kept then: saving words this long is refused now.
        YouSaidPair.objects.create(
            organisation=org,
            service=services[0],
            action=action,
            status=PairStatus.PUBLISHED,
            edited_by=team.quality,
            edited_at=NOW,
            published_at=NOW - dt.timedelta(weeks=3 - n),
            **parts,
        )
    return quality


@pytest.mark.parametrize("size", sorted(SIZES))
def test_pairs_too_long_for_one_page_leave_the_oldest_off_the_poster(services, long_pairs, size, tmp_path):
    path = tmp_path / f"poster-{size}.pdf"
    path.write_bytes(poster_pdf(scope=long_pairs, service=services[0], size=size))

    assert re.search(r"^Pages:\s+1$", poppler("pdfinfo", str(path)), re.M)
    words = pdf_words(path)
    text = " ".join(w["text"] for w in words)
    shown = [mark for mark in "abc" if f"Heard{mark} people" in text]
    # The newest come first and stay; the oldest is the one left off.
    assert "c" in shown and "a" not in shown and shown == sorted(shown)
    for mark in "abc":
        for first in FIELDS.values():
            assert (f"{first}{mark} people" in text) == (mark in shown), (first, mark)
    assert text.count("last.") == 3 * len(shown)  # what is shown is shown whole
    assert "Tell us what you think" in text
    last = [w for w in words if w["text"] == "last."]
    assert all(w["y1"] - w["y0"] >= 1.1 * TYPE_SIZES[size][-1] for w in last)
