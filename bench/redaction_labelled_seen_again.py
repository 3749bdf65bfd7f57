"""Labelled sentences for six more redaction mistakes seen in real use, written before the rules for them.

Same markup and conventions as bench/redaction_build_labelled.py, which writes this set too.

SEEN_AGAIN_HOLDOUT holds each mistake's shape beside look-alikes that must stay as they are:

- a first name that is also a word before a surname that is also a place word, after "seen by" and
  the like ("was assessed by Mark Field"), or after a day at the start of a sentence ("On Tuesday
  Will Green rang"), beside places of that shape after "by" or a day ("the minibus drove by Mark
  Hill", "On Sunday Rose Hill was closed");
- such a name whose role comes further on ("Sue Moor has been my key worker"), beside a place whose
  home it has been ("Rose Hill has been our home");
- such a name after "picked up" ("picked up Joy Marsh from the day centre"), beside a road walked up;
- a first name, a surname and a place word that is also a surname ("Karen Birch Heath"): one name,
  not two;
- a name that is also a tree or flower at the start of a sentence, before "at" or "from" a home and
  what is said of a person ("Ivy at Rowan is the kindest nurse"), beside the same shape said of a
  thing;
- an unknown name in lower case after "the" or "my" and a role ("the carer radka is so gentle"),
  beside a role before a word that is not a name ("the carer rota is so confusing").

Written on 2026-12-04, before any rule for them and without running the rules on them first; not
used for tuning. The same person wrote the rules and this set, knowing the kind of rule planned, so
expect lower figures on real feedback.
Under the rules of the time: recall 0.471 / precision 0.875 (17 names, 16 spans found). The figures
count a span that overlaps a name as found, so they flatter: seven names found were redacted in two
placeholders ("assessed by [name] [name]"), and "We live by Grace Field" lost its place the same way.
Under the rules written for them (2026-12-04, ADR 0004): recall 1.000 / precision 1.000, each name
redacted whole. The set was scored before the rules were written, so its mistakes were seen: the
places after "live by" and "drove by", and the names after "Yesterday" and "picked up", were known
when those rules were written, and this set is less blind than the earlier ones.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Six mistakes seen in real use, and their look-alikes: written before the rules
# --------------------------------------------------------------------------
SEEN_AGAIN_HOLDOUT = r"""
Mum was assessed by {n:Mark Field} last week and the report was fair.
The dressing was changed by {n:Hope Marsh} every morning.
Dad was visited by {n:Will Heath} from the council on Friday.
On Tuesday {n:Will Green} rang to say sorry about the mix-up.
Yesterday {n:Bill Hall} sorted out the hoist in ten minutes.
On Friday {n:Joy Field} came and sat with Mum for an hour.
The minibus drove by Mark Hill on the way home.
We live by Grace Field, near the school.
On Sunday Rose Hill was closed to traffic.
On Tuesday Mill Lane was flooded and the carer was late.
{n:Sue Moor} has been my key worker since the summer.
{n:Joy Hall} has been our community nurse for ten years.
Rose Hill has been our home for forty years.
May Park has been a lovely place for Dad to walk.
The carer picked up {n:Joy Marsh} from the day centre.
My daughter picked up {n:Hope Green} from the station.
We walked up Hope Hill in the rain to get to the clinic.
The ambulance crept up Mark Lane in the snow.
{n:Karen Birch Heath} explained the new care plan to us.
I spoke to {n:Lucy Ash Field} about the missing money.
The walk around Birch Heath is lovely in spring.
{n:Ivy} at Rowan is the kindest nurse on the unit.
{n:Hazel} from Oak Lodge is a wonderful carer.
Lunch at Willow is the best part of Mum's day.
Holly at Christmas is the best time of year for Dad.
the carer {n:radka} is so gentle with mum
my support worker {n:ildiko} was really patient with dad
the nurse {n:malgosia} was so kind to us
the carer rota is so confusing
my carer allowance was stopped last month
the carer training was really helpful
the nurse practitioner was so kind to dad
""".strip().splitlines()
