"""Labelled sentences for two known redaction mistakes, written before the rules for them.

Same markup and conventions as bench/redaction_build_labelled.py, which writes these sets too.

- VERB_HOLDOUT: a role or relationship word before a name that is also a word, where the word is
  used as a word ("the new manager rose to the challenge", "my key worker drew up a plan"), beside
  sentences where it is the person's name ("the nurse rose was so gentle with mum"), in lower case
  and in capitals, as people type on phones.
- PLACE_HOLDOUT: a first name before a street or building word, which is a place ("Heather Close",
  "Florence Court", "Victoria Gardens"), beside people whose surname is such a word ("Mrs Sophie
  Lane", "Dr Rachel Hill").

Both were written on 2026-12-04, before any rule for them and without running the rules on them
first; they are not used for tuning. The same person wrote the rules and both sets, knowing the
kind of rule planned, so expect lower figures on real feedback.
Under the rules of the time: verbs recall 1.000 / precision 0.424, places recall 0.917 / precision
0.355. Under the rules written for them (2026-12-04, ADR 0004): verbs 1.000 / 0.933, places
0.917 / 0.917; the other sets did not change.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# A name that is also a word, after a role: written before the rule
# --------------------------------------------------------------------------
VERB_HOLDOUT = r"""
the new manager rose to the challenge and the home is much better
the physio rose to every challenge my dad threw at her
the deputy manager rose above all the chaos and kept everyone calm
the home manager rose through the ranks from a carer so she knows the job
THE NEW MANAGER ROSE TO THE CHALLENGE
my husband rose from his chair on his own for the first time in months
my dad rose at six every day of his life and now he sleeps till ten
my wife rose to her feet with the new frame and we both cried
my key worker drew up a new support plan with me
the nurse drew blood without any fuss at all
the doctor drew a diagram to explain the operation
the manager drew the short straw and had to tell us
the carers drew the curtains at 4pm and mum hated it
the nurse rose early to get mum washed before breakfast
my mum rose to the occasion at the party and danced
the dentist bill was more than we were told
MY KEY WORKER DREW UP A PLAN BUT NOBODY FOLLOWS IT
my son rose to the challenge of his first week at college
my carer rose to help when the fire alarm went off
the nurse rose quickly when dad called out
the new manager {n:rose} has made a real difference
my carer {n:rose} always asks how i am
the nurse {n:rose} was so gentle with mum
my key worker {n:drew} helped me move into my flat
THE MANAGER {n:ROSE} LISTENED TO US
my daughter {n:rose} and my son visit on sundays
the nurse {n:dawn} stayed late to sit with dad
my carer {n:joy} brings her dog in on fridays
the physio {n:grace} got dad up the stairs
my wife {n:faith} needs help with her tablets
the cleaner {n:hope} chats to mum every morning
my son {n:mark} loves it there
the carer {n:drew} on nights is brilliant
my advocate {n:rose} spoke up for me at the review
""".strip().splitlines()

# --------------------------------------------------------------------------
# A first name before a street or building word: written before the rule
# --------------------------------------------------------------------------
PLACE_HOLDOUT = r"""
The day centre on Charlotte Street has closed and Dad has nowhere to go.
Carers struggle to park outside Florence Court every morning.
Mum moved to Sophie Lane last spring and the carers can never find it.
The respite flat on Heather Close is spotless.
Emily Court is a friendly extra care scheme.
The bus from Jasmine Gardens never turns up on time.
The new surgery on Harriet Walk is easier for wheelchairs.
Mum loved sitting in the garden at Clara Gardens.
The flats at Evelyn Court have a lift that keeps breaking.
The supported living house on Matilda Place needs more staff at night.
Daisy Court residents were not told about the change of provider.
Meals on wheels never find Lily Way.
HEATHER CLOSE IS THE BEST HOME FOR MILES
The parking at James Court is terrible for visitors.
We visited Beatrice Lane surgery and the GP was lovely.
The crisis house on Amelia Road was a lifeline for me.
Dad's new home is on Harriet Lane near the park.
The extra care flats on Lucy Way are warm and bright.
The lunch club at Victoria Gardens is the highlight of Mum's week.
The ambulance went to Sophie Row instead of Sophie Lane.
Staff at Emily Rise were kind when Gran was dying.
The home at Megan Grange has a lovely garden.
Flooding at Jessica Fold meant the carers could not get through.
The community hall on Hannah Green hosts the memory cafe.
Mrs {n:Sophie Lane} on nights was wonderful with Dad.
Dr {n:Rachel Hill} explained everything in plain English.
Thank you to {n:Emma Wood} for sorting Mum's tablets.
{n:Kate Hall} from the council sorted the grab rails.
{n:Tom Lane} on nights is the best carer we have had.
My carer {n:Jenny Green} always sings to Mum.
I spoke to {n:Lucy Park} on the phone and she was very rude.
Please pass our thanks to Nurse {n:Chloe Field}.
{n:Sarah Lane} and {n:Mark Hill} were brilliant on the ward.
The manager, {n:Hannah Green}, never returns my calls.
Please send the letters to {a:4 Sophie Lane}, not the home.
""".strip().splitlines()
