"""People's own words, only with their consent and with personal details removed."""

from __future__ import annotations

import datetime as dt

from feedback.quotes import Quote, quote_list
from organisations.models import Service
from organisations.scope import Scope
from reports.document import Section, Table
from reports.loop_sections import words
from reports.spc import add_months

QUOTES = 8
QUOTES_PER_THEME = 2


def quotes_section(
    *,
    scope: Scope,
    first: dt.date,
    last: dt.date,
    service: Service | None,
    period: str,
    themes: list[tuple[str, str]] = (),
) -> Section:
    """People's words on the quarter's top themes (``themes``: code and name, most heard first), up
    to ``QUOTES_PER_THEME`` each, then the most recent others up to ``QUOTES`` in all.

    Only from feedback whose giver agreed to be quoted; personal details are removed by the same
    redaction the feedback pages use; a quote is named only when its giver agreed to that too."""
    window = {
        "scope": scope,
        "since": first,
        "until": add_months(last, 1) - dt.timedelta(days=1),
        "service_id": service.id if service else None,
        "attribute": True,
    }
    chosen: list[tuple[Quote, str]] = []
    for code, name in themes:
        if len(chosen) >= QUOTES:
            break
        taken = {q.comment_id for q, _ in chosen}
        found = quote_list(**window, limit=QUOTES_PER_THEME + 2, theme_code=code, exclude_ids=taken)
        chosen += [(q, name) for q in found if q.text.strip()][:QUOTES_PER_THEME]
    taken = {q.comment_id for q, _ in chosen}
    others = quote_list(**window, limit=QUOTES + len(taken), exclude_ids=taken)
    chosen += [(q, "") for q in others if q.text.strip()][: max(0, QUOTES - len(chosen))]
    table = Table(
        caption=f"In people's own words, {period}",
        header=["Quote", "Service", "Received", "Named", "Theme"],
        rows=[
            [f"“{q.text.strip()}”", q.service, q.received_on, q.attribution or "Not named", theme or "Most recent"]
            for q, theme in chosen
        ],
        sheet="Quotes",
        note="Quoted only with the consent of the person who gave the feedback. Names, phone numbers, NHS numbers, "
        "addresses and email addresses are removed. A quote is named only when its giver agreed to be named.",
    )
    on_themes = sum(1 for _, theme in chosen if theme)
    if not chosen:
        paragraphs = (f"Nobody who agreed to be quoted gave feedback with comments in {period}.",)
    else:
        paragraphs = (
            f"{words(len(chosen), 'quote')} from people who agreed to be quoted"
            + (
                f": {on_themes} on the quarter's top themes, the rest the most recent."
                if on_themes
                else ", the most recent."
            ),
        )
    return Section(
        key="quotes",
        heading="In people's own words",
        paragraphs=paragraphs,
        tables=(table,),
        quoted=tuple(q.comment_id for q, _ in chosen),
    )
