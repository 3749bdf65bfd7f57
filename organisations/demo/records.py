"""Everything the demo organisation holds beyond its services, people and feedback, built in the order
`heard demo` builds it: each part reads what the parts before it made (coding reads the feedback,
governance the themes, audits the decisions...). The command prints what each part made; the sweeps
over every page (`core/tests/test_reach.py`, `e2e/test_every_page.py`) build the same records on a
smaller demo, so that every kind of page has something on it."""

from audits.demo import audits_demo_build
from evidence.demo import evidence_demo_build
from feedback.demo import known_givers_demo_build, replies_demo_build
from governance.demo import governance_demo_build
from organisations.demo.data_protection import data_protection_demo_build
from organisations.models import Organisation
from priorities.demo import priorities_demo_build
from reports.demo import you_said_demo_build
from themes.coding.demo import coding_demo_build
from themes.urgent_demo import urgent_demo_follow_up


def demo_records_build(*, organisation: Organisation, seed: int, review_suggestions: int = 120) -> dict[str, dict]:
    """Build each part of the demo after its feedback, and return what each part made, by part."""
    made = {}
    made["known"] = known_givers_demo_build(organisation=organisation, seed=seed)
    made["coding"] = coding_demo_build(organisation=organisation, seed=seed, review_suggestions=review_suggestions)
    made["replies"] = replies_demo_build(organisation=organisation, seed=seed)
    made["flags"] = urgent_demo_follow_up(organisation=organisation)
    made["governance"] = governance_demo_build(organisation=organisation, seed=seed)
    made["planned"] = priorities_demo_build(organisation=organisation)
    made["audited"] = audits_demo_build(organisation=organisation, seed=seed)
    made["evidence"] = evidence_demo_build(organisation=organisation, seed=seed)
    made["told"] = you_said_demo_build(organisation=organisation)
    made["privacy"] = data_protection_demo_build(organisation=organisation)
    return made
