"""What the governance forms share: choices of people, sessions, decisions and services, dates,
numbers typed in a list, and the reason for a withdrawal or correction."""

from __future__ import annotations

from django import forms

# Under every field whose words are saved without personal details (ADR 0016).
NO_NAMES = (
    "Do not name anyone: names, phone numbers and other personal details are replaced by “[name]” and the like "
    "when it is saved."
)


def no_names(help_text: str = "") -> str:
    """A field's hint followed by the warning that names are taken out when it is saved."""
    return f"{help_text} {NO_NAMES}" if help_text else NO_NAMES


# What an action's form says of a field left empty: the title as the action service says it, and the
# same words whether the field is needed always (a new action) or once a title is given (a decision).


MISSING_ACTION_FIELD = {
    "title": "Enter what is to be done.",
    "lead": "Choose the action's lead.",
    "verifier": "Choose who will check the action's impact.",
    "due_on": "Enter the date the action is due.",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def _people(people) -> list[tuple]:
    return [("", "Choose a person")] + [
        (p.id, f"{p.full_name}{' (' + p.job_title + ')' if p.job_title else ''}") for p in people
    ]


def _sessions(sessions, empty: str = "Choose a session") -> list[tuple]:
    """Choices of activities in the co-production ledger: title, date and what it was about, and
    whether that service has closed since (work is not started there, so say so before it is chosen)."""

    def about(s) -> str:
        closed = s.service_id and s.service.archived_at is not None
        return f"{s.scope_label}, now archived" if closed else s.scope_label

    return [("", empty)] + [(s.id, f"{s.title} ({s.held_on:%-d %b %Y}, {about(s)})") for s in sessions]


def _decisions(decisions, empty: str) -> list[tuple]:
    """Choices of governance decisions: the meeting's date, its service (or the whole organisation) and
    kind, and the start of what was decided, so that decisions of the same words at several services
    are told apart. Give decisions with their ``meeting__service`` loaded."""
    return ([("", empty)] if empty else []) + [
        (
            d.id,
            f"{d.meeting.held_on:%-d %b %Y}, {d.meeting.scope_label}, {d.meeting.get_meeting_type_display()}: "
            f"{d.text[:90]}",
        )
        for d in decisions
    ]


def _int_or_none(value):
    return int(value) if value not in (None, "") else None


def _ids(value: str, what: str) -> list[int]:
    ids = []
    for part in (value or "").replace(",", " ").split():
        part = part.strip().lstrip("#")
        if not part.isdigit():
            raise forms.ValidationError(f"“{part}” is not a {what} number. Use numbers separated by commas.")
        ids.append(int(part))
    return ids


def reason_field(label: str, help_text: str = "", *, required: str = "") -> forms.CharField:
    """Why a record is withdrawn or corrected (ADR 0019). With ``required`` (its message) the form
    asks for it; without, the service names it missing together with every other problem at once. The
    reason is saved without personal details, and the hint says so."""
    return forms.CharField(
        label=label,
        help_text=no_names(help_text),
        widget=forms.Textarea,
        max_length=10_000,
        required=bool(required),
        error_messages={"required": required} if required else {},
    )
