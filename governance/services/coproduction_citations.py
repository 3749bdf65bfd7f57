"""What in Heard names a ledger entry as its session (an audit designed or tried there, a quality
priority's ideas, choice or review) and so rests on it: the entry is not withdrawn, and a correction
keeps what they were allowed on and moves them to the corrected entry."""

from __future__ import annotations

from governance.models import CoproductionActivity

DESIGNED_AT = "an audit was designed at it"
REVIEWED_AT = "a quality priority was reviewed at it"

# What may name a ledger entry as its session: (related name on the entry, field on the record, what
# the page says). Reading what rests on an entry and moving it to a correction both follow this list.
CITATIONS = (
    ("audit_versions_designed", "design_session", DESIGNED_AT),
    ("audit_trials", "session", "an audit was tried out at it"),
    ("priority_ideas", "session", "quality priorities were raised or chosen at it"),
    ("priorities_chosen", "session", "quality priorities were raised or chosen at it"),
    ("priority_reviews", "session", REVIEWED_AT),
)


def activity_cited_by(activity: CoproductionActivity) -> list[str]:
    """What in Heard names this activity as its session: an audit designed or tried there, priorities
    ideas, choices or reviews. They rest on it: it is not withdrawn, and a correction keeps what they
    were allowed on."""
    cited = []
    for related, _, said in CITATIONS:
        if said not in cited and getattr(activity, related).exists():
            cited.append(said)
    return cited


def _check_what_rests_on_it(old: CoproductionActivity, checked: dict, cited: list[str], errors: dict) -> None:
    """A correction of an entry that audits or priorities name keeps what they rely on."""
    because = " and ".join(cited)
    if checked["kind"] != old.kind and "kind" not in errors:
        errors.setdefault("kind", []).append(f"The kind of activity stays as it was: {because}.")
    service = checked["service"]
    if (service.id if service else None) != old.service_id and "service" not in errors:
        errors.setdefault("service", []).append(f"The service stays as it was: {because}.")
    if checked["held_on"] != old.held_on and "held_on" not in errors:
        errors.setdefault("held_on", []).append(f"The date stays as it was: {because}.")
    # Audits are designed, and priorities reviewed, with people who use services.
    if (
        (DESIGNED_AT in cited or REVIEWED_AT in cited)
        and not checked["others_count"]
        and "participants" not in errors
        and not any(checked["lived"].values())
    ):
        errors["participants"] = [f"Keep the people who use services who took part: {because}, with them."]


def _move_citations(old: CoproductionActivity, new: CoproductionActivity) -> None:
    """What named the old entry as its session names the corrected one: the same activity, recorded right."""
    for related, field, _ in CITATIONS:
        getattr(old, related).update(**{field: new})
