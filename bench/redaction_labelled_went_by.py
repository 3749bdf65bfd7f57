"""Labelled sentences for two known mistakes, written before the rules for them.

Same markup and conventions as bench/redaction_build_labelled.py, which writes this set too.

WENT_BY_HOLDOUT holds each mistake's shape beside look-alikes that must stay as they are:

- an unknown name in lower case after "the" or "my" and a job title, before what a person does that
  is said of things too ("the carer zdenka sorted it", "my support worker oksana fixed the hoist"),
  beside a job title before a thing that does the same ("the carer rota sorted it out");
- a first name and a surname that is also a place word, typed in lower case or in capitals, after
  what says a name follows ("she went by emma wood", "HER NAME WAS GRACE HILL", "the nurse emma
  wood"), as it is found with capitals ("She went by Emma Wood"), beside places of that shape ("we
  went past oak wood", "the carer lives on emma lane").

Written on 2026-12-04, before any rule for them and without running the rules on them first; not
used for tuning. The same person wrote the rules and this set, knowing the kind of rule planned, so
expect lower figures on real feedback.
Under the rules of the time: recall 0.286 / precision 1.000 (14 names, 4 found). "She went by Emma
Wood" itself was already found whole; in lower case or capitals the same name was read as a place.
Under the rules written for them (2026-12-04, ADR 0004): recall 1.000 / precision 1.000, each name
redacted whole. The list of things a job title names ("rota", "helpline", "leaflet", "card", "zone")
was written after this set and holds its look-alikes, so those sentences are not evidence of their own.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Two known mistakes and their look-alikes: written before the rules
# --------------------------------------------------------------------------
WENT_BY_HOLDOUT = r"""
the carer {n:zdenka} sorted it
She went by {n:Emma Wood}
the carer {n:bozka} sorted it out for us in a day
my support worker {n:oksana} fixed the hoist before tea
the nurse {n:radka} rang me back the same afternoon
the carer {n:ilonka} explained the new tablets to mum
my carer {n:dragana} cooked dad a lovely tea
the physio {n:tadeusz} arranged a frame for mum
she went by {n:emma wood} before she married
SHE WENT BY {n:EMMA WOOD} AT WORK
her name was {n:grace hill} and she was lovely
a lady called {n:sarah lane} rang about the bill
the nurse {n:emma wood} was so kind to dad
Mum only ever called her {n:Emma Wood}.
the carer rota sorted it out in the end
the carer leaflet explained everything
my carer card sorted the parking at the hospital
the nurse helpline rang me back within an hour
the carer training helped a lot
the carer zone arranged a sitter for mum
we went past oak wood on the way to the clinic
the carer lives on emma lane so she is never late
mum used to walk up grace hill every morning
THE BUS WENT BY MAY HILL AND ON TO THE SURGERY
""".strip().splitlines()
