"""What the API says of the theme framework a record's theme codes were chosen from: one shape for
every app that keeps codes with their framework (evidence, audits, priorities), so a system reading
several of them reads it once. And the shapes of urgent flags, with their notes and referrals
(`themes.api`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from themes.models import Framework, ReferredTo, UrgentFlag, UrgentFlagAction


class ThemeFrameworkOut(Schema):
    """The theme framework a record's (or a measure's) theme codes are of."""

    id: int
    name: str
    version: int | None = Field(
        description="The number of its published version, which names its themes now (codes match across versions)."
    )


def theme_framework_out(framework: Framework | None, versions: dict[int, int]) -> dict | None:
    """The framework as `ThemeFrameworkOut`, given {framework id: published version number} (themes'
    `published_versions`); none for a record without theme codes."""
    if framework is None:
        return None
    return {"id": framework.id, "name": framework.name, "version": versions.get(framework.id)}


# --- urgent flags ----------------------------------------------------------------------------


class ReferralOut(Schema):
    """A referral a note records (ADR 0007)."""

    to: str = Field(description="One of " + ", ".join(f"`{v}`" for v in ReferredTo.values) + ".")
    to_name: str = Field(description="Who it was referred to, in words: for `other`, the body's name as recorded.")
    reference: str | None = Field(description="The reference number they gave, if one was recorded.")
    said: str = Field(description="The referral as the pages say it, e.g. 'Referred to the police, ref 4411'.")
    at: dt.datetime = Field(description="When the note recording it was made.")


class FlagNoteOut(Schema):
    """One note on a flag, as recorded: notes are only ever added, never changed."""

    at: dt.datetime
    who: str = Field(description="The name of the person who recorded it.")
    action: str = Field(description="What was done, in their words.")
    closes: bool
    reopens: bool
    adds_concern: bool = Field(description="Someone else's reason for flagging the comment too, not something done.")
    review_by: dt.date | None = Field(description="The date this note set for looking at the flag again.")
    referral: ReferralOut | None


class UrgentFlagOut(Schema):
    id: int
    service_id: int
    service_name: str
    feedback_id: int = Field(description="The comment itself is read through the feedback API.")
    comment_id: int
    status: str = Field(description="`open`, `closed` or `not_a_concern`.")
    detected_at: dt.datetime
    detected_by: str = Field(description="`rules`, `model`, `rules+model` or `person`.")
    categories: list[str]
    review_by: dt.date | None = Field(
        description="The flag's review-by date: that of its latest note that set one (none if no note has)."
    )
    review_overdue: bool = Field(description="The flag is open and its review-by date has passed.")
    referrals: list[ReferralOut] = Field(description="Every referral recorded on the flag, oldest first.")
    notes: list[FlagNoteOut] = Field(description="Every note on the flag, oldest first.")


def referral_out(note: UrgentFlagAction) -> dict | None:
    """A note's referral as `ReferralOut`; none for a note without one."""
    if not note.referred_to:
        return None
    return {
        "to": note.referred_to,
        "to_name": note.referred_to_other if note.referred_to == ReferredTo.OTHER else note.get_referred_to_display(),
        "reference": note.referral_reference or None,
        "said": note.referral_said,
        "at": note.at,
    }


def urgent_flag_out(flag: UrgentFlag) -> dict:
    """A flag from `themes.selectors.urgent_flags_with_notes` as `UrgentFlagOut`."""
    notes = list(flag.notes)
    return {
        "id": flag.id,
        "service_id": flag.comment.feedback.service_id,
        "service_name": flag.comment.feedback.service.name,
        "feedback_id": flag.comment.feedback_id,
        "comment_id": flag.comment_id,
        "status": flag.status,
        "detected_at": flag.detected_at,
        "detected_by": flag.detected_by,
        "categories": flag.categories,
        "review_by": flag.review_by,
        "review_overdue": flag.review_overdue,
        "referrals": [referral_out(n) for n in notes if n.referred_to],
        "notes": [
            {
                "at": n.at,
                "who": n.who.full_name,
                "action": n.action,
                "closes": n.closes,
                "reopens": n.reopens,
                "adds_concern": n.adds_concern,
                "review_by": n.review_by,
                "referral": referral_out(n),
            }
            for n in notes
        ],
    }
