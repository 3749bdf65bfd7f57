"""Why an evidence record was corrected or withdrawn is saved without personal details, as its summary
is: the reason is shown wherever the record is."""

from evidence import services as ev
from evidence.models import EvidenceWithdrawal

from .test_corrections import corrected, incident

NAMED = "Spoke to Mrs Jane Smith's daughter"
CLEANED = "Spoke to Mrs [name]'s daughter"


def test_why_a_record_was_corrected_or_withdrawn_is_saved_without_personal_details(org, services, team, framework):
    item = incident(team, services[0])
    fixed = ev.item_correct(scope=team.scope("manager"), item_id=item.id, data=corrected(item), reason=NAMED)
    ev.item_withdraw(scope=team.scope("manager"), item_id=fixed.id, reason=f"{NAMED} again.")
    reasons = EvidenceWithdrawal.objects.for_org(org).order_by("id").values_list("reason", flat=True)
    assert list(reasons) == [CLEANED, f"{CLEANED} again."]
