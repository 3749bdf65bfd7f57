"""The CQC well-led evidence pack: for each well-led quality statement and each evidence category,
what Heard holds about who listens, who decides, who acts and who checks, with links to the records.

Two audiences read the same pack:

- staff who run governance (`Audience.STAFF`): people are named, and records are linked;
- an inspector through a time-limited link (`Audience.INSPECTOR`): staff are named by their role
  only, with a letter per person of that role ("Quality lead (A)"), nobody who gave feedback or came to a meeting is named or counted
  individually, free text written by staff (decisions, actions, evidence of impact, challenges) is
  passed through the same redaction as quotes, and there are no links into Heard (the inspector
  has no login). Comment text never appears, for either audience: the pack counts feedback.
"""

from reports.cqc.pack import PERIOD_DAYS, TITLE, cqc_pack, default_period
from reports.cqc.records import Audience

__all__ = [
    "PERIOD_DAYS",
    "TITLE",
    "Audience",
    "cqc_pack",
    "default_period",
]
