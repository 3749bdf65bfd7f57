"""Back links to where a page was opened from: only to pages of this site that the page allows."""

import pytest
from django.test import RequestFactory

from organisations.web import BackLink, back_link

ALLOWED = {"feedback:detail": "Back to the feedback"}


@pytest.mark.parametrize(
    "back",
    [
        "",
        "//elsewhere.example/feedback/3/",
        "https://elsewhere.example/feedback/3/",
        "feedback/3/",
        "/feedback/",  # a page of the site, but not one this page goes back to
        "/no-such-page/",
        "/\\elsewhere.example/feedback/3/",
    ],
)
def test_anything_but_an_allowed_page_of_this_site_gives_no_back_link(back):
    assert back_link(RequestFactory().get("/", {"back": back}), ALLOWED) is None


def test_an_allowed_page_keeps_its_query():
    request = RequestFactory().get("/", {"back": "/feedback/3/?q=bell"})
    assert back_link(request, ALLOWED) == BackLink("/feedback/3/?q=bell", "Back to the feedback")
