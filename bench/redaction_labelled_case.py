"""Labelled sentences for names written in lower case or in capitals, as people type on phones.

Same markup and conventions as bench/redaction_build_labelled.py, which writes these sets too.

The hold-out set (CASE_HOLDOUT) was written first, before any rule for lower-case or capitalised
names existed, and is not used for tuning: rules are written against the unit tests and the
development sentences (CASE_DEV), written after it. Under the rules of the time (no rule for
lower-case or capitalised names) it scored recall 0.020 / precision 1.000: one name of 49 found.
Under the rules when frozen (feedback/redaction/names_any_case.py, 2026-12-03): recall 0.980 /
precision 1.000, the one miss an unknown name after a role ("carer ade"). Its summary figure was
seen once while the rules were still being changed (for the real comments' false positives and the
unit tests), never its misses. The same person wrote the rules and both sets, knowing the kind of
rule planned, so expect lower figures on real feedback.
About half of each set has no personal details at all: ordinary words that are also names ("will",
"grace", "hope", "may", "june"), shouted complaints, wards and homes in capitals, initialisms.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Hold-out: written before the rules, not used for tuning
# --------------------------------------------------------------------------
CASE_HOLDOUT = r"""
the carer called {n:sarah} was rude to my mum
my key worker {n:danielle} is amazing she always listens
nurse {n:kelly} was brilliant with dad on tuesday night
{n:JOHN SMITH} NEVER CAME ON FRIDAY AND NOBODY RANG US
THE MANAGER {n:KAREN} DOES NOT ANSWER THE PHONE
my son {n:liam} has been waiting 6 weeks for his review
a lady named {n:bernadette} came to sort out mums tablets
dr {n:shah} explained everything really well
mrs {n:begum} in the office was so helpful
thank you to {n:sophie} and {n:jade} on the night shift
{n:DAVE} ON NIGHTS IS THE ONLY ONE WHO LISTENS
i spoke to {n:gemma} on reception and she said someone would ring back
my mum {n:margaret} was left in a wet pad all morning
the physio {n:tom} got me walking again
MY DAD {n:ALAN} WAS LEFT ON A TROLLEY FOR 9 HOURS
ask for {n:michelle} she knows what she is doing
{n:WILL} ON THE DAY SHIFT IS A STAR
my husband {n:peter} was treated with dignity
the carer {n:agnieszka} is always late and rushes mum
{n:joanne} and {n:stacey} are the best carers we have had
i want to thank staff nurse {n:amara} for looking after me
our support worker {n:ryan} takes me to the shops every week
{n:PAT} FROM THE AGENCY DIDNT KNOW HOW TO USE THE HOIST
mr {n:patel} the pharmacist sorted my blister packs
a man called {n:gary} shouted at my father
please pass my thanks to {n:chloe} in the day centre
my daughter {n:emily} rang 20 times and nobody answered
the ot {n:fiona} fitted a rail the same week
WE WERE TOLD BY DR {n:JONES} THAT NOTHING COULD BE DONE
carer {n:ade} is so kind to my nan
my nan {n:doris} loves the singing on a friday
the new manager {n:hayley} has turned the place around
SISTER {n:MAGUIRE} ON THE WARD WAS WONDERFUL
i would like to complain about {n:kevin} who was very abrupt
{n:stephen} the cook makes lovely dinners
{n:ELAINE} AND {n:BRIAN} WERE BRILLIANT WITH MUM
my brother {n:mark} has autism and staff dont understand him
the district nurse {n:joy} came every day
my wife {n:grace} needs help with eating
{n:Sarah jones} on nights was lovely
THANK YOU {n:MARIA} FOR EVERYTHING YOU DID FOR MY MUM
my carer {n:dawn} is like family now
the receptionist {n:tracey} was very rude on the phone
can {n:nicola} please ring me back about the invoice
my advocate {n:rose} came to the meeting with me
the nurse {n:may} was so gentle with my son
hope the managers read this and do something
will anyone ever answer the phone at night
i hope my mum gets the care she deserves
the food was cold and there was no choice again
grace was said before dinner which dad liked
it was a joy to see mum smiling again
they said they may move her to another room in june
the bill for the care home went up by 200 pounds
staff mark the charts but nobody reads them
we had a lovely rose garden to sit in
dawn was breaking before anyone came to help
faith is important to my dad and the chaplain visits
THE FOOD IS COLD AND THE STAFF ARE RUDE
NOBODY RANG ME BACK FOR THREE WEEKS
THE GP SAID THE NHS WOULD PAY BUT NOBODY KNOWS
ROSE WARD IS UNDER STAFFED AT NIGHT
I WILL NEVER SEND MY MUM BACK THERE
THE CARE AT OAK LODGE WAS OUTSTANDING
MY MUM WAS LEFT IN PAIN ALL NIGHT ON A AND E
VERY GOOD SERVICE THANK YOU ALL
THE CARERS NEVER READ THE CARE PLAN
I HOPE SOMEONE READS THIS
NO ONE TOLD US ABOUT THE PIP ASSESSMENT
WAITED 5 HOURS FOR AN AMBULANCE
the carers are kind but always in a rush
i was discharged without any medication
nobody told us she had a fall
the new building is lovely and bright
the staff on the ward were really caring
my key worker left and nobody told me
the manager said she would look into it but never did
we may need more help when dad comes home
brilliant service from start to finish
the rehab team were fantastic with my mum
parking is a nightmare at the hospital
my mum had a fall and they didnt ring me
the night staff were excellent
she will be missed by everyone at the home
i just want someone to listen
CANT FAULT THE NIGHT STAFF
THE OT AND THE PHYSIO WERE BRILLIANT
""".strip().splitlines()

# --------------------------------------------------------------------------
# Development: written after the hold-out, used while writing the rules
# --------------------------------------------------------------------------
CASE_DEV = r"""
the nurse called {n:bethany} was so kind to mum
my carer {n:josie} always has a smile
{n:KEVIN} AND {n:SHARON} ON NIGHTS ARE BRILLIANT
dr {n:okafor} took the time to listen
mrs {n:hughes} at the front desk was rude
thanks to {n:carl} for sorting my wheelchair
my daughter {n:lucy} visits every day
{n:MARTIN JONES} SAID HE WOULD RING AND NEVER DID
THE NURSE {n:ANNE} WAS LOVELY
a carer named {n:precious} is the only one who talks to dad
{n:gemma} on reception is always helpful
can {n:lisa} please call me back
my husband {n:brian} waited 4 hours for a bed
{n:sue} from the agency was fantastic
the physio {n:grace} pushed me to walk again
{n:HOLLY} ON THE LATE SHIFT IS A STAR
we spoke to {n:andrew} and he was no help at all
my son {n:will} has autism and the staff get him
{n:emma} and {n:rachel} are lovely carers
MR {n:AHMED} THE PHARMACIST WAS GREAT
my keyworker {n:tanya} helps me with my money
i was seen by dr {n:nwosu} who was very thorough
the manager {n:debbie} never returns my calls
{n:JANET} IN THE OFFICE SORTED IT OUT
the lady called {n:dawn} was lovely on the phone
my mum {n:june} is 91 and loves it there
i would like to thank {n:natalie} for her care
the cleaner {n:rita} always chats to mum
{n:steve} the driver is always on time
my gran {n:joan} was not fed properly
we will be back next may
mark my words this place is going downhill
i hope they fix the lift soon
will someone please answer the phone
the grace period for paying was too short
joy and relief when mum came home
i may have to move dad somewhere else
sue them if they lose her things again
we paid the bill but no receipt came
the rose garden needs weeding
from dawn till dusk nobody checked on him
have faith in the nurses they are great
HOPE YOU SORT THIS OUT SOON
I WILL BE MAKING A COMPLAINT
THE WARD WAS FILTHY AND STAFF DIDNT CARE
MAY I SAY THANK YOU TO ALL THE STAFF
THE NHS IS FAILING PEOPLE LIKE MY MUM
THE OT CAME OUT QUICKLY AND SORTED A FRAME
BEST CARE HOME IN THE AREA
THE MANAGER WILL NOT RETURN CALLS
the manager will ring you tomorrow
my daughter may come with me next time
the nurse can see you at 3pm
staff will always help if you ask
we had a lovely june afternoon in the garden
the carer called back after an hour
the doctor called an ambulance straight away
i called the office twice and nobody answered
my son called the police
dr said it was nothing to worry about
the heather in the garden is lovely
a ruby wedding party for mum and dad was lovely
daisy chains with the grandchildren
""".strip().splitlines()
