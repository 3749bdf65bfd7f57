"""What every section of the pack reads: the holdings for the period, and how people, words and links
appear to the pack's audience (see the package's docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from audits.selectors import RunSummary, completed_between
from feedback.redaction import redact
from organisations.models import Service
from organisations.scope import Scope
from reports.cqc.records import Audience
from reports.document import Link
from reports.evidence import Holdings, feedback_with_themes
from themes.taxonomies import Taxonomy, taxonomy_get

# The columns `PackContext.loop_row` fills, in its order. The first counts pieces of feedback from
# anyone that carry the themes, not feedback given by the people a row is named after.
LOOP_HEADER = ("Feedback with these themes", "Decisions citing them", "Actions", "Closed with evidence", "Challenges")


def _letter(index: int) -> str:
    """A, B, ... Z, then AA, AB, ...: as many letters as there are people of one role."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class PackContext:
    scope: Scope
    held: Holdings
    audience: Audience
    today: dt.date
    service: Service | None

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy the themes the pack counts are mapped to: that of the primary framework's
        published version, so its statements and categories are the ones those mappings name."""
        return taxonomy_get(self.held.taxonomy)

    @property
    def staff(self) -> bool:
        return self.audience == Audience.STAFF

    @cached_property
    def audited(self) -> list[RunSummary]:
        """Audits completed in the period, with what each re-audit found against its baseline."""
        return completed_between(
            scope=self.scope,
            since=self.held.first,
            until=self.held.last,
            service_id=self.service.id if self.service else None,
        )

    @property
    def closed_with_evidence(self) -> list:
        """Actions closed with evidence of impact, checked by someone other than the lead."""
        return [a for a in self.held.actions if a.closed_with_evidence]

    @property
    def reported_back(self) -> list:
        """Actions that found out and reported back, closed: not a change, so not evidence of impact."""
        return [a for a in self.held.actions if a.reported_back]

    # --- how people and words appear to each audience -----------------------------------------

    def person(self, person_id: int | None) -> str:
        """A named person for staff. For an inspector, their role with a letter, "Leader or board member
        (B)": the letters are given per role in the order people first appear in the pack (sections are
        built in reading order), so two people of one role are told apart and one person reads the same
        everywhere, without a name."""
        if person_id is None:
            return ""
        if self.staff:
            return self.held.names.get(person_id, self.held.roles.get(person_id, ""))
        role = self._role(person_id)
        letters = self._letters
        if person_id not in letters:
            letters[person_id] = _letter(sum(1 for seen in letters if self._role(seen) == role))
        return f"{role} ({letters[person_id]})"

    def checker(self, checked_by_id: int | None, lead_id: int | None) -> str:
        """Who checked an action, saying for an inspector (who sees roles, not names) whether that was
        someone other than its lead."""
        who = self.person(checked_by_id)
        if self.staff or checked_by_id is None:
            return who
        return f"{who}, the lead" if checked_by_id == lead_id else f"{who}, not the lead"

    def _role(self, person_id: int) -> str:
        return self.held.roles.get(person_id, "Member of staff")

    @cached_property
    def _letters(self) -> dict[int, str]:
        """Person id -> letter, filled as `person` meets them."""
        return {}

    def words(self, text: str) -> str:
        return text if self.staff else redact(text).text

    def link(self, text: str, url_name: str, *args) -> str:
        return Link(text, reverse(url_name, args=args)) if self.staff else text

    def theme_names(self, codes) -> str:
        return ", ".join(self.held.themes[c].name if c in self.held.themes else c for c in codes)

    # --- the loop for a set of themes ------------------------------------------------------------

    def themes_mapped(self, key: str, ident: str) -> frozenset[str]:
        """The codes of the themes the taxonomy maps (under ``key``) to the statement or category ``ident``."""
        return frozenset(c for c, t in self.held.themes.items() if ident in (t.mappings or {}).get(key, []))

    def whole_loop_row(self) -> list:
        """The loop itself, whatever its themes, as the cells under `LOOP_HEADER`: all the feedback heard
        and every decision, action, action closed with evidence and challenge in the period."""
        held = self.held
        return [
            held.feedback_total,
            len(held.decisions),
            len(held.actions),
            len(self.closed_with_evidence),
            len(held.challenges),
        ]

    def loop_row(self, codes: frozenset[str], *, given_by: str = "") -> list:
        """The loop on the themes ``codes``, as the cells under `LOOP_HEADER`; with no theme mapped there
        is nothing to count (shown as no value, not as none found). With `given_by`, the feedback counted
        is only that given by such people (a GiverType)."""
        if not codes:
            return [None] * len(LOOP_HEADER)
        decisions = [d for d in self.held.decisions if codes & set(d.themes)]
        actions = [a for a in self.held.actions if codes & set(a.themes)]
        closed = [a for a in actions if a.closed_with_evidence]
        action_ids = {a.id for a in actions}
        challenges = [c for c in self.held.challenges if c.action_id in action_ids or c.theme in codes]
        heard = feedback_with_themes(
            scope=self.scope,
            codes=codes,
            first=self.held.first,
            last=self.held.last,
            service=self.service,
            given_by=given_by,
        )
        return [heard, len(decisions), len(actions), len(closed), len(challenges)]
