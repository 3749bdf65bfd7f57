"""How the loop tracker, and the roles and statuses around it, are named to the person reading them.

Staff who run governance call a theme's journey at a service a "loop" and one that has waited too
long "stalled"; a co-production partner (a person who uses the services) is shown the same figures
as concerns and plain words (ADR 0009). Which words a person gets is decided here, from their role,
and handed to the pages; the states themselves are worked out in ``governance.loop_states``.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.loop_states import ACTING, CHECKED, DECIDED, HEARD, STATE_LABELS
from governance.models import ActionStatus, ChallengeEntryKind, ChallengeStatus
from organisations.roles import Role
from organisations.scope import Scope


@dataclass(frozen=True)
class LoopWords:
    one: str  # "loop"
    many: str  # "loops"
    title: str  # the page's title and its link in the navigation
    where_they_stand: str  # the home page's heading
    about: str  # what one is, in a sentence
    states: dict[str, str]  # state -> its name
    stalled: str  # the name of a loop that has waited too long
    stalled_many: str  # "stalled loops", as a heading
    # The tracker's four columns: who listened, who decided, who acted and who checked.
    listened: str
    decided: str
    acted: str
    checked: str

    @property
    def who(self) -> str:
        """The four columns in a sentence: "who listened, who decided, who acted and who checked"."""
        return f"{self.listened.lower()}, {self.decided.lower()}, {self.acted.lower()} and {self.checked.lower()}"

    @property
    def by_state(self) -> str:
        return f"{self.many.capitalize()} by where they stand"

    def count(self, n: int) -> str:
        """``n`` loops, saying what is counted: "1 loop", "3 concerns"."""
        return f"{n} {self.one if n == 1 else self.many}"


STAFF_WORDS = LoopWords(
    one="loop",
    many="loops",
    title="Loops",
    where_they_stand="Where the loop stands",
    about=(
        "Each loop is a theme at a service: heard in feedback, decided on at a meeting, acted on, "
        "and checked with evidence of impact."
    ),
    states=dict(STATE_LABELS),
    stalled="Stalled",
    stalled_many="Stalled loops",
    listened="Who listened",
    decided="Who decided",
    acted="Who acted",
    checked="Who checked",
)

PLAIN_WORDS = LoopWords(
    one="concern",
    many="concerns",
    title="Concerns",
    where_they_stand="What is being done about concerns",
    about=(
        "A concern is something people raised in their feedback about a service, such as food or "
        "call bells. We show whether a meeting has decided what to do about it, whether someone is "
        "doing it, and whether someone has checked that the change worked."
    ),
    states={
        HEARD: "Heard, no decision yet",
        DECIDED: "Decided at a meeting",
        ACTING: "Started, not finished yet",
        CHECKED: "Checked that it worked",
    },
    stalled="Waiting too long",
    stalled_many="Concerns waiting too long",
    listened="Who heard it",
    decided="What was decided and by whom",
    acted="Who made the change",
    checked="Who checked it worked",
)


def loop_words(scope: Scope | None) -> LoopWords:
    """The words for the loop tracker that this person reads."""
    return PLAIN_WORDS if scope is not None and scope.plain_words else STAFF_WORDS


@dataclass(frozen=True)
class Names:
    """What a role or a status is called to the person reading: staff read the names the records
    keep; a co-production partner reads them in plain words (ADR 0009)."""

    action_status: dict[str, str]  # an action's status -> its name
    challenge_status: dict[str, str]  # a leader's challenge's status -> its name
    challenge_entry: dict[str, str]  # what was said on a challenge: an answer, or how the leader closed it
    role: dict[str, str]  # a role a person holds -> its name
    lay_auditor: str  # an auditor who is not a member of staff
    # An action's page, its history and the agenda pack's notes about actions:
    overdue: str  # the tag on an action past its due date
    verifier: str  # the person who checks an action worked
    action_added: str  # the first line of an action's history
    status_changed: str  # a line of its history, before the status's name
    impact: str  # the heading over the evidence that an action worked
    impact_link: str  # the link to what shows it (on the page and in a line of history)
    signed_off: str  # who checked it, before their name
    flags_hidden: str  # the agenda pack's note where urgent flags are not shown to the reader
    due_for_check: str  # the agenda pack's heading over actions waiting for their check
    replies_owed: str  # the agenda pack's heading over how many people wait for a reply they asked for
    no_challenge: str  # an action's page, where no leader has challenged it
    challenged: str  # the action log's note on an action a leader's question about waits on
    no_decision_challenge: str  # a decision's page, where no leader has challenged it
    # The meetings, their agenda packs and minutes, and what a decision rests on:
    meetings_about: str  # what the list of meetings holds, in a sentence or two
    pack: str  # a meeting's agenda pack, as its link, caption and title name it
    pack_covers: str  # the pack's first words, before the dates it covers
    minutes: str  # the heading over what a meeting discussed
    from_minutes: str  # the pack's note on the themes a meeting decided on, known only once it was held
    evidence: str  # the heading over what a decision cites, at the meeting
    evidence_behind: str  # the same, on the decision's own page
    impact_evidence: str  # the link to what shows a closed action worked, where its decision lists it
    ledger: str  # a meeting's heading over the co-production activities that were part of it
    actions_about: str  # what the action log holds
    challenges_about: str  # what a leadership challenge is


STAFF_NAMES = Names(
    action_status=dict(ActionStatus.choices),
    challenge_status=dict(ChallengeStatus.choices),
    challenge_entry=dict(ChallengeEntryKind.choices),
    role=dict(Role.choices),
    lay_auditor="lay auditor",
    overdue="Overdue",
    verifier="Checks its impact",
    action_added="Action added",
    status_changed="Status changed to",
    impact="Evidence of impact",
    impact_link="evidence",
    signed_off="Checked and signed off by",
    due_for_check="Actions due for a check of their impact",
    replies_owed="Replies owed",
    no_challenge="No one has challenged this action.",
    challenged="Challenged",
    no_decision_challenge="No one has challenged this decision.",
    meetings_about=(
        "Governance meetings, their minutes and the decisions they made. Each meeting has an agenda pack "
        "built from the evidence since the last meeting of the same kind."
    ),
    pack="Agenda pack",
    pack_covers="The evidence from",
    minutes="Minutes",
    from_minutes=(
        "From the meeting's minutes, not known before it: the themes its decisions rest on, and the concerns "
        "about each that the decisions weighed."
    ),
    evidence="Evidence",
    evidence_behind="The evidence behind it",
    impact_evidence="Evidence of impact",
    ledger="In the co-production ledger",
    actions_about=(
        "Every quality action has one named lead, a due date, and someone other than the lead who checks "
        "that it worked. An action is closed only with evidence of its impact."
    ),
    challenges_about=(
        "Leaders ask why an action is late or what its impact was; the lead answers; the leader closes the "
        "challenge if satisfied, or takes it further if not."
    ),
    flags_hidden=(
        "Urgent flags are shown only to the safeguarding lead, quality leads, service managers and administrators."
    ),
)

PLAIN_NAMES = Names(
    action_status={
        ActionStatus.OPEN: "Not started",
        ActionStatus.IN_PROGRESS: "Started, not finished yet",
        ActionStatus.AWAITING_CHECK: "Done, waiting for someone to check it worked",
        ActionStatus.CLOSED: "Done, and checked that it worked",
        ActionStatus.WITHDRAWN: "Stopped before anyone showed it worked",
    },
    challenge_status={
        ChallengeStatus.OPEN: "Waiting for an answer",
        ChallengeStatus.ANSWERED: "Answered, waiting for the leader",
        ChallengeStatus.SATISFIED: "Finished: the leader is happy with the answer",
        ChallengeStatus.ESCALATED: "Taken further",
    },
    challenge_entry={
        ChallengeEntryKind.RESPONSE: "Answer",
        ChallengeEntryKind.SATISFIED: "Finished, the leader is happy with the answer",
        ChallengeEntryKind.ESCALATED: "Taken further",
    },
    role={
        Role.PARTNER: "Partner in making care better",
        Role.STAFF: "Staff",
        Role.SERVICE_MANAGER: "Manager of a service",
        Role.QUALITY_LEAD: "Leads on the quality of care",
        Role.LEADER: "Leader or board member",
        Role.COMMISSIONER: "Pays for care for the council or the NHS",
        Role.ADMINISTRATOR: "Looks after Heard for the organisation",
    },
    lay_auditor="auditor who is not staff",
    overdue="Late",
    verifier="Checks it worked",
    action_added="Added to the list of things to do",
    status_changed="Marked as",
    impact="How we know it worked",
    impact_link="what shows it worked",
    signed_off="Checked by",
    due_for_check="Actions waiting for someone to check they worked",
    replies_owed="People waiting for us to get back to them",
    no_challenge="No leader has asked about this action.",
    challenged="A leader has asked about it",
    no_decision_challenge="No leader has asked about this decision.",
    meetings_about=(
        "Meetings where people look at what was heard and decide what to do about it, with what was talked "
        "about and what was decided. Before each meeting, Heard gathers what was heard since the last meeting "
        "of the same kind into its papers."
    ),
    pack="Papers for the meeting",
    pack_covers="What was heard from",
    minutes="What was talked about",
    from_minutes=(
        "Known only once the meeting was held: the themes its decisions were about, and how often each was "
        "raised as a concern."
    ),
    evidence="What it was based on",
    evidence_behind="What it was based on",
    impact_evidence="What shows it worked",
    ledger="Co-production activities that were part of this meeting",
    actions_about=(
        "Every action has one named person who leads it, a date it is due, and someone else who checks that "
        "it worked. An action is only marked as done and checked once someone has shown that it worked."
    ),
    challenges_about=(
        "Leaders ask why an action is late or whether it worked; the lead answers; the leader closes the "
        "challenge if satisfied, or takes it further if not."
    ),
    flags_hidden=(
        "Comments that may mean someone is at risk are shown only to the staff who must act on them, "
        "to protect the people involved."
    ),
)


def names_for(scope: Scope | None) -> Names:
    """The names of roles and statuses that this person reads."""
    return PLAIN_NAMES if scope is not None and scope.plain_words else STAFF_NAMES
