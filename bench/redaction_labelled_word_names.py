"""Labelled sentences for a full name whose first name is also a word and whose surname is also a
place word ("Grace Hill", "Jack Wood"), written before the rules for them.

Same markup and conventions as bench/redaction_build_labelled.py, which writes this set too.

WORD_NAME_HOLDOUT holds people named so, where what follows says something of a person ("Grace Hill
was lovely to mum", "Jack Wood is a nurse") or a cue for a person comes before ("thanks to", a title,
a role, "spoke to"), beside places of the same shape after a word of place ("We walked up Grace
Hill", "the bus stops at Mark Lane") or with what follows said of a place ("May Hill was closed for
roadworks", "Rose Hill is a steep walk"). A whole name is one span ("{n:Jack Wood}", never "Jack
{n:Wood}"). "Jack Wood car park" is read as a place: a car park is named after a place, or after a
person as a place is, and the words after it say it is the car park that is full.

Written on 2026-12-04, before any rule for them and without running the rules on them first; not
used for tuning. The same person wrote the rules and this set, knowing the kind of rule planned, so
expect lower figures on real feedback.
Under the rules of the time: recall 0.364 / precision 0.909 (22 names, 11 spans found). The figures
count a span that overlaps a name as found, so they flatter: only one name ("Mrs Grace Field") was
redacted whole; six left the first name showing ("Jack [name] is a nurse"), two were cut in two
("[name] [name] always makes him laugh"), and "Jack Wood car park" lost "Wood".
Under the rules written for them (2026-12-04, ADR 0004): recall 0.909 / precision 1.000, each name
found redacted whole; the misses are "On Monday Jack Lane came" (a capitalised word before the name)
and "Pat Moor has been our social worker" (the role is further on than the rules look).
Both were put right later the same day (ADR 0004): recall 1.000 / precision 1.000.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# A first name that is a word before a surname that is a place word: written before the rules
# --------------------------------------------------------------------------
WORD_NAME_HOLDOUT = r"""
{n:Grace Hill} was so kind to Mum on her first night.
{n:Bill Green} sorted the heating the same afternoon.
{n:Jack Wood} is a nurse and he always explains things.
{n:Mark Wood} helped us fill in the forms.
{n:Hope Field} rang me back within the hour.
{n:Will Lane} came out twice in one week to fix the hoist.
{n:Joy Brook} told us about the carers' support group.
{n:Faith Hall} was rude to my father at the front desk.
{n:Rose Heath} is a carer who goes the extra mile.
{n:Pat Moor} has been our social worker for years and really listens.
{n:Faith Woods} explained the care plan in plain words.
{n:May Park} was gentle with Dad when he fell.
Thanks to {n:Sue Bridge} for sorting out the blue badge.
We spoke to {n:Dawn Mill} about the missing glasses.
My carer {n:Joy Green} never rushes Mum.
Our social worker, {n:Bill Marsh}, came to the review.
The nurse {n:Mark Hill} said the bloods were fine.
Dad says {n:Will Wood} always makes him laugh.
I want to thank {n:Hope Hill} who looked after Mum so well.
Ask for {n:Sue Hall} at reception, she knows everything.
On Monday {n:Jack Lane} came to fix the bed.
Mrs {n:Grace Field} from the council was very helpful.
We walked up Grace Hill to get to the surgery.
The bus stops at Mark Lane, outside the chemist.
Dad moved to Emily Hill last year and loves it.
We live near Oak Wood, so the carers are often late.
The day centre is up May Hill, past the church.
Our GP surgery is on Rose Hill and parking is a nightmare.
Mum goes to a lunch club near Hope Park every Tuesday.
The care home moved to Joy Lane in the spring.
Traffic on Mark Lane made the ambulance late again.
We used to live off Rose Lane before Dad got ill.
The community bus goes past Hope Hill and Mill Lane.
May Hill was closed for roadworks so the carer was late.
Rose Hill is a steep walk from the bus stop.
Jack Wood car park is full by nine every morning.
The new clinic opposite Grace Field is much easier to reach.
""".strip().splitlines()
