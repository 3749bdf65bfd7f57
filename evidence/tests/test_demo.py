"""The demo's evidence tells the call-bell story in every source."""

import datetime as dt

from core import clock
from evidence.demo import evidence_demo_build
from evidence.models import EvidenceItem, MeasureReading
from evidence.selectors import triangulate
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from organisations.demo import demo_build
from organisations.models import Service
from organisations.scope import system_scope
from themes.coding.demo import coding_demo_build


def test_the_demo_evidence_shows_call_bells_in_every_source(db):
    northgate = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=northgate, seed=2026, total=600)
    coding_demo_build(organisation=northgate, seed=2026, review_suggestions=5)
    governance_demo_build(organisation=northgate, seed=2026)
    made = evidence_demo_build(organisation=northgate, seed=2026)
    assert made["items"] == EvidenceItem.objects.for_org(northgate).count() > 20
    assert made["readings"] == MeasureReading.objects.for_org(northgate).count() == 51
    # One incident was corrected after review: the earlier record is kept, withdrawn.
    corrected = EvidenceItem.objects.for_org(northgate).get(replaces__isnull=False)
    assert (corrected.replaces.harm, corrected.harm) in {("severe", "moderate"), ("moderate", "low")}
    assert corrected.replaces.withdrawal.reason.startswith("The hospital review")
    # An incident log in people's own words: no one sentence for most of the incidents.
    incidents = list(EvidenceItem.objects.for_org(northgate).filter(kind="incident").values_list("summary", flat=True))
    assert max(incidents.count(s) for s in set(incidents)) < len(incidents) / 4
    night = [s for s in incidents if "night" in s]
    assert night and all("bell" in s for s in night)
    rowan = Service.objects.for_org(northgate).get(name="Rowan House")
    today = clock.today()
    rows = {
        r.source: r
        for r in triangulate(
            scope=system_scope(organisation=northgate),
            theme_code="call-bells-and-responsiveness",
            first=today - dt.timedelta(days=365),
            last=today,
            service_id=rowan.id,
        )
    }
    assert rows["Incidents"].count > 0 and rows["Feedback from people who use services"].count > 0
    assert rows["Median call-bell wait at night (minutes)"].detail.endswith(": better")
