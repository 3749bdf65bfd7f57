"""Labelled sentences for five redaction mistakes seen in real use, written before the rules for them.

Same markup and conventions as bench/redaction_build_labelled.py, which writes this set too.

SEEN_HOLDOUT holds each mistake's shape beside look-alikes that must stay as they are:

- a title before a word that is also a place word ("Mrs Ward was kind"), beside wards, houses and
  lodges that are places ("the ward was kind", "Rose Ward");
- a name that is also a word after a role, used as a thing that costs money ("the physio bill was
  £90"), beside the person of that name ("the dentist bill was lovely with my son");
- a first name before a street or place word that is also a surname, after "of" or "and": a place
  when the other side is a place or it is the end or corner of it ("at the end of Lucy Lane",
  "between Sophie Lane and Amelia Park"), a person when the other side is a person ("Sarah Hall and
  Mark Wood");
- a short name missing from the gazetteer, in lower case, after a role word ("carer femi"), beside a
  role word before an ordinary word ("carer pay is a disgrace");
- a home or ward named after a plant, after "come to", "go to", "at" or "in" ("people who come to
  Willow"), beside a person of that name ("Mum shouted at Holly").

Written on 2026-12-04, before any rule for them and without running the rules on them first; not
used for tuning. The same person wrote the rules and this set, knowing the kind of rule planned, so
expect lower figures on real feedback.
Under the rules of the time: recall 0.793 / precision 0.581 (29 names, 43 found). Under the rules
written for them (2026-12-04, ADR 0004): recall 0.966 / precision 1.000; the one miss, "Holly at Willow
is the best carer", is a name before "at" a home at the start of a sentence, a shape no rule reads;
it was put right later the same day (ADR 0004): recall 1.000 / precision 1.000.
Most short names after a job title here ("femi", "abi", "tunde") were already in the gazetteer, so the
rule for an unknown one ("carer ade") is checked by the case hold-out and the unit tests.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Mistakes seen in real use, and their look-alikes: written before the rules
# --------------------------------------------------------------------------
SEEN_HOLDOUT = r"""
Mrs {n:Ward} was kind to Dad when he was frightened.
Mr {n:Hall} on nights always makes time for a chat.
Dr {n:House} explained the scan results clearly.
We complained to Mrs {n:Lodge} about the laundry going missing.
Thank you to Dr {n:Green} for listening to us at last.
MRS {n:WARD} SORTED IT ALL OUT IN ONE PHONE CALL
Mum was on Rose Ward and the staff were kind.
The ward was kind to us and the nurses were lovely.
The Ward Manager rang me back the same day.
Dad moved to Oak House last month and is settling in.
Sister on Ward 7 was brilliant with my wife.
the physio bill was £90 for one session
the cleaner bill came to £60 a week and she only stays an hour
the dentist bill was less than i expected for once
THE PHYSIO BILL WAS MORE THAN THE QUOTE
we got a bill for parking at the hospital
a bill for parking was left on the windscreen while i was inside
the dentist {n:bill} was lovely with my son
my carer {n:bill} is always on time
the driver {n:bill} was more patient than the last one
Mum lives at the top of Charlotte Hill and the carers hate the climb.
The day centre is at the corner of Emily Lane and Station Road.
She lives at the end of Lucy Lane, near the shop.
Dad's flat is between Sophie Lane and Amelia Park.
The transport took Mum to the clinic on Amelia Park instead of Amelia Lane.
Thanks to {n:Sarah Hall} and {n:Mark Wood} for the lovely party.
{n:Chloe Lane} and {n:Will Green} sorted out Dad's room.
Please pass our thanks to {n:Jack Hill} and {n:Emma Park}.
Mrs {n:Jones} and {n:Mark Hill} from the council came out the next day.
I am writing on behalf of {n:Emily Hall}, my mother.
carer {n:femi} is always cheerful with mum
nurse {n:abi} was so gentle with dad last night
thanks to carer {n:tunde} for staying late
my keyworker {n:bex} has been a star this year
support worker {n:ola} came every day when i was ill
the nurse {n:abi} was so gentle with dad
carer pay is a disgrace and nobody stays
carer visits were cut to 15 minutes
nurse led clinic was cancelled again
carer rota is a mess every weekend
my carer forgot to give mum her tablets
People who come to Willow say it feels like home.
Mum loves going to Hazel for the day club.
The activities at Holly are great for people with dementia.
We went to Ivy for respite and it was wonderful.
Staff in Heather are always rushed off their feet.
Dad goes to Rowan two days a week.
Willow Lodge is lovely and the garden is well kept.
Mum shouted at {n:Holly} and felt awful afterwards.
Please speak to {n:Hazel} in the office.
Thanks go to {n:Ivy} and the team at Willow.
{n:Holly} at Willow is the best carer Mum has had.
I went to {n:Willow} on reception and she sorted it.
""".strip().splitlines()
