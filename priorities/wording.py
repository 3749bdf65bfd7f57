"""How quality priorities are named to the person reading them.

Staff who plan the year's priorities speak of objectives, a baseline and a measure; a co-production
partner (a person who uses the services) reads the same figures as goals, the figure before and what
is counted (ADR 0009). Which words a person gets is decided here, from their role, and handed to the
pages; the forms only staff use keep their terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from organisations.scope import Scope


@dataclass(frozen=True)
class PriorityWords:
    one: str  # "objective"
    many: str  # "objectives"
    leads: str  # the list's column of objectives and who leads each
    about: str  # what a priority is, in a sentence or two
    before: str  # the column of the figure when the objective was set
    figures: str  # the caption of the table of objectives
    before_is: str  # what that figure is

    @property
    def heading(self) -> str:
        return self.many.capitalize()


STAFF_WORDS = PriorityWords(
    one="objective",
    many="objectives",
    leads="Objectives and leads",
    about=(
        "Priorities chosen with the people who use services at a planning session. Each has measurable "
        "objectives with a baseline, a target, a date and a named lead, and is reviewed with people who use "
        "services every quarter."
    ),
    before="Baseline",
    figures="Objectives with their baseline, the measure now, and the target in force",
    before_is="Baseline: the 91 days before the objective was set.",
)

PLAIN_WORDS = PriorityWords(
    one="goal",
    many="goals",
    leads="Goals and who leads each",
    about=(
        "Priorities are what people who use services chose, at a planning day, as the things to make "
        "better first. Each has goals we can count, with the figure before, a target, a date and a named "
        "person leading it. People who use services look at how it is going every three months."
    ),
    before="Before",
    figures="Goals with the figure before, the figure now, and the target",
    before_is="Before: the 91 days before the goal was set.",
)


def priority_words(scope: Scope | None) -> PriorityWords:
    """The words for the priorities pages that this person reads."""
    return PLAIN_WORDS if scope is not None and scope.plain_words else STAFF_WORDS
