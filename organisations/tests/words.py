"""What a page says to its reader: its words, without markup, addresses or class names.

For tests of wording: "loop" in a link's address or a CSS class is not read by anyone, "loop" in
a heading is."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.urls import reverse


class _Words(HTMLParser):
    SKIP = {"script", "style"}
    # Tags that end a run of words (a cell, an item): inline ones (a link, a tag) run on.
    BLOCKS = {"p", "li", "td", "th", "tr", "div", "h1", "h2", "h3", "h4", "option", "label", "caption", "title", "br"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")
        # Words a screen reader speaks from attributes count too.
        for name, value in attrs:
            if name in ("aria-label", "alt", "title") and value:
                self.parts.append(f" {value} ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_words(html: str) -> str:
    """The page's words, spaced as one line each run of whitespace."""
    parser = _Words()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def says(html: str, *words: str) -> list[str]:
    """Which of ``words`` the page says (whole words, any case): empty when it says none of them."""
    text = page_words(html)
    return [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]


def read_as(client, person, addresses: dict[str, str]) -> dict[str, str]:
    """Each page at ``addresses`` (name -> address) as ``person`` is shown it, by name."""
    client.force_login(person.user)
    return {name: client.get(address).content.decode() for name, address in addresses.items()}


def reachable(client, start: str, *, limit: int = 100) -> dict[str, str]:
    """Every page of Heard that the signed-in person reaches by following links from ``start``, by
    address: for tests of what a person reads wherever they go. Links to other sites, files, further
    pages of a list and signing out are not followed; nor is anything that is not a page (status 200,
    HTML)."""
    sign_out = reverse("accounts:sign-out")
    pages: dict[str, str] = {}
    seen, waiting = set(), [start]
    while waiting and len(pages) < limit:
        address = waiting.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[address] = html
        for href in re.findall(r'<a\s[^>]*?href="([^"]+)"', html):
            href = href.replace("&amp;", "&").split("#")[0]
            if href.startswith("/") and not href.startswith(("//", "/static/", sign_out)) and "page=" not in href:
                waiting.append(href)
    return pages
