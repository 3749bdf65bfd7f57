"""Build the labelled redaction sets from hand-written marked-up sentences.

Markup: {n:Sarah} name, {p:07700 900123} phone, {h:999 000 0379} NHS number,
{e:jo@example.com} email, {pc:LS1 4AB} postcode, {a:12 Acacia Avenue} address.

All details are fictional: Ofcom drama numbers, example.com/.org emails,
checksum-valid test-range NHS numbers (999...), made-up addresses.

Conventions for gold spans: titles and role words are outside the span
("Dr {n:Patel}"), possessive 's is outside ("{n:Sarah}'s"), a full name is one
span ("{n:Sarah Thompson}"), ward/home/service names are not personal
("Rose Ward", "Oakwood"), an address is house number + street (+ "Flat 3, ")
and the town and postcode are separate (town not redacted).

Names in lower case or in capitals have their own sets, in bench/redaction_labelled_case.py; names
that are also words after a role, and first names before a street word, in
bench/redaction_labelled_verbs_places.py; mistakes seen in real use ("Mrs Ward", "come to Willow"), in
bench/redaction_labelled_seen.py; a first name that is a word before a surname that is a place word
("Grace Hill was lovely", "We walked up Grace Hill"), in bench/redaction_labelled_word_names.py; six
more mistakes seen in real use ("seen by Mark Hill", "the carer radka"), in
bench/redaction_labelled_seen_again.py; two known mistakes ("the carer zdenka sorted it", "she went by
emma wood"), in bench/redaction_labelled_went_by.py.

Run: python bench/redaction_build_labelled.py   (writes bench/data/*.jsonl)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from redaction_labelled_case import CASE_DEV, CASE_HOLDOUT
from redaction_labelled_seen import SEEN_HOLDOUT
from redaction_labelled_seen_again import SEEN_AGAIN_HOLDOUT
from redaction_labelled_verbs_places import PLACE_HOLDOUT, VERB_HOLDOUT
from redaction_labelled_went_by import WENT_BY_HOLDOUT
from redaction_labelled_word_names import WORD_NAME_HOLDOUT

KIND = {"n": "name", "p": "phone", "h": "nhs_number", "e": "email", "pc": "postcode", "a": "address"}
MARK = re.compile(r"\{(n|p|h|e|pc|a):([^{}]*)\}")


def convert(marked: str) -> dict:
    text_parts: list[str] = []
    spans: list[list] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        text_parts.append(before)
        length += len(before)
        value = m.group(2)
        spans.append([length, length + len(value), KIND[m.group(1)]])
        text_parts.append(value)
        length += len(value)
        pos = m.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if "{" in text or "}" in text:
        raise ValueError(f"unbalanced markup: {marked!r}")
    return {"text": text, "spans": spans}


# --------------------------------------------------------------------------
# Development set (rules were tuned while looking at these)
# --------------------------------------------------------------------------
LABELLED = r"""
{n:Sarah} on the night shift was lovely with Mum.
My son {n:Jamie} has lived at the house for two years and loves it.
Dr {n:Patel} was very patient and explained the new tablets.
Nurse {n:Kelly} changed Dad's dressing every morning without fail.
Mrs {n:O'Neill} in the office sorted out the mix up with the invoice.
If you need anything, ask for {n:Tom} or {n:Priya} on reception.
Please ring me on {p:07700 900123} if there are any changes to Mum's care.
My number is {p:07700 900456}, I never got a call back.
You can reach my daughter on {p:+44 7700 900789} in the evenings.
The office number {p:0113 496 0001} just rings and rings.
I left three messages on {p:020 7946 0018} and nobody got back to me.
His NHS number is {h:999 000 0379} if you need to check the records.
Her NHS no. {h:9991230009} was written wrongly on the discharge letter.
Please email me at {e:janet.hughes@example.com} with the outcome.
Send the care plan to {e:d.okafor@example.org} please, not to my old address.
We live at {a:12 Acacia Avenue}, {pc:LS6 2AB}, and the carers often can't find the house.
The letter went to {a:Flat 3, 45 High Street} instead of Mum's new flat.
Dad's address is {a:23b Mill Lane}, Whitby {pc:YO21 3QQ}.
{n:Bartek} from the night team sat with Gran when she was frightened.
Thank you to {n:Sarah Thompson} and everyone on Rose Ward.
The carer called {n:Oluwaseun} is the only one who takes time to talk to him.
My husband {n:Derek} was not given his insulin on time on Saturday.
Mr {n:Khan} the pharmacist was so helpful about the blister packs.
I spoke to a lady called {n:Pat} on the phone and she was very rude.
Sister {n:Agnes} ran the ward like clockwork and we felt safe.
My key worker {n:Lewis} helped me fill in the PIP form.
{n:Jo} and {n:Marek} are the best carers we have had.
Can someone from the team call me back on {p:0191 498 0003}?
The district nurse {n:Siobhan} spotted the pressure sore early.
Our mum {n:Edna Fletcher} was treated with dignity at the end of her life.
I want to thank {n:Mohammed} and {n:Grace} for the singing afternoons.
The manager {n:Claire} never answers emails sent to {e:manager@example.com}.
Mrs {n:Begum} next door told us the carers had not turned up.
Support worker {n:Kyle} took me to the Jobcentre and waited with me.
Dr {n:Ramachandran} at the memory clinic listened to Dad properly.
My daughter {n:Chloe} rang {p:0113 496 0077} for an hour before anyone answered.
Write to me at {a:7 Crescent Road}, Leeds {pc:LS8 1EF}.
Mum's NHS number is {h:999 111 0003} and her date of birth is 2 March 1941.
{n:Priya} explained everything twice until I understood it.
{n:Will} on the day shift always makes Dad laugh.
The physio {n:Hannah Reid} gave me exercises I can actually do.
I was told to ring {p:01632 960 123} but it is not in service.
{n:Dawn} from the agency didn't know how to use the hoist.
My sister {n:Ruth} and I visit most afternoons.
Huge thanks to {n:Ayesha} in the crisis team who stayed on the phone with me.
Mr {n:Williams} on the ward was left in a wet bed for hours.
The cook {n:Gladys} makes proper Sunday dinners.
Please update the address to {a:14 Ashgrove Close}, {pc:BD7 4RT}.
{n:Nikki} and {n:Sam} came late every morning last week.
I rang {p:(020) 7946 0552} and was told the manager was on leave.
Mum says {n:Precious} is her favourite because she sings to her.
My care coordinator {n:Gareth} has changed three times this year.
My mum {n:May} is 94 and the staff treat her like a queen.
{n:Doreen}'s room was cold and the radiator was broken for a week.
The receptionist, {n:Leanne}, was abrupt and made me cry.
Contact me on {e:tom_b1972@example.com} or {p:07700 900321}.
We had a lovely time at the summer fair, thanks to {n:Kwame} and {n:Lucy}.
My son's NHS number is {h:999 222 0007}, please check his file.
The OT {n:Fiona} sorted a raised toilet seat within a week.
Mrs {n:Davies} has been in the same dressing gown for three days.
Dad (who lives at {a:56 Park Road}, {pc:M20 6RT}) waited five hours for the ambulance.
The CPN {n:Rachel} has been a lifeline for our family.
Nurse {n:Adebayo} was kind and gentle when taking bloods.
Our key worker {n:Zofia} knows exactly how I like my tea.
Matron {n:Higgins} dealt with my complaint quickly and fairly.
{n:Keith} has been doing Dad's calls for six years and is like family.
Ask for {n:Sandra} in the finance office, she will sort it.
My brother {n:Paul} has learning disabilities and the new staff don't understand him.
Can you send a copy to {e:carolyn.price@example.org}?
The consultant, Dr {n:Mensah}, spent time with us and answered every question.
I was visited by a social worker named {n:Becky} who never came back.
{n:Hope} is the only night carer who checks on Nan properly.
The cleaner {n:Maria} always stops for a chat with Mum.
{n:Liam} the activities lead organised a trip to the seaside.
Please stop sending letters to {a:88 Station Road}; Mum moved to the home in June.
The GP receptionist gave my number {p:07700 900654} to the wrong patient.
I asked for Dr {n:Okonkwo} but was seen by a locum.
Dad's carers {n:Tracey} and {n:Mandy} are wonderful.
Our postcode is {pc:NE6 5XL} and the ambulance went to the wrong street.
Mrs {n:Chowdhury} on the Bluebell Unit is always smiling.
{n:Mark} in the kitchen makes sure Mum gets her soft diet.
The new manager {n:Steph Walker} has turned the place around.
{n:Joan} from the day centre rang to check I got home safely.
My wife {n:Margaret} fell twice in the lounge and nobody told me.
I have been on hold to {p:0800 123 4567} for 40 minutes.
Please call my son {n:Daniel} on {p:07700 900987} rather than me.
Ms {n:Fitzgerald} from the council hasn't replied to my emails.
{n:Amir} helped me move into my new flat at {a:2 Cedar Court}.
The staff nurse, {n:Grainne}, explained the medication changes clearly.
My granddaughter {n:Evie} helped me fill in this form.
{n:Sharon} and {n:Tina} went above and beyond when Dad was dying.
The address on file is wrong, it should be {a:31 Beech Grove}, {pc:S10 3PQ}.
Our neighbour {n:Eric} found Mum on the floor at 6am.
I had a lovely chat with {n:Florence} about her garden.
Nurse {n:Patience} made sure Dad was comfortable overnight.
My carer {n:Gemma} texts me from {p:07700 900111} if she is running late.
Dr {n:Hughes} said the scan was clear but nobody told the ward.
The home's email {e:enquiries@example.co.uk} bounces back.
{n:Ibrahim} always remembers that I don't eat pork.
Miss {n:Turner} the deputy manager was dismissive when I raised concerns.
The psychiatrist, Dr {n:Nair}, changed my meds without asking me.
My dad {n:George Ellis} has dementia and needs two carers.
Please contact me at {a:9 Orchard Way}, Hull {pc:HU5 2LD}, by post only.
{n:Agnieszka} and {n:Kasia} speak Polish with Dad which calms him.
I phoned {p:0113 496 0999} for the out of hours team.
We want to say thank you to {n:Ellie}, {n:Connor} and {n:Ruby}.
The community nurse {n:Sue} has been visiting for six months.
My mother {n:Irene Walsh}'s NHS number is {h:999 333 0000}.
{n:Yusuf} the handyman fixed the door the same day.
I am {n:Margaret Lloyd}, daughter of {n:Ron Lloyd} in room 14.
Get in touch at {e:the.clarks@example.net} or on {p:01632 960 456}.
{n:Winston} at the day centre taught Dad dominoes again.
Staff told me to speak to Mrs {n:Kaur} but she was never in.
The deputy, {n:Jackie}, didn't pass on my message.
Her care plan lists the wrong address, {a:4 Moor Lane} instead of {a:40 Moor Lane}.
{n:Jenny} noticed Mum was dehydrated and called the GP straight away.
The crisis line worker {n:Aidan} talked me down that night.
I'd like to praise {n:Fatima} for her patience with my son.
My partner {n:Alex} is autistic and the staff were brilliant with him.
Mr {n:Brown} in bed 6 kept calling out and no one went to him.
Dad's postcode {pc:CF14 4XW} is not in your area apparently.
Please let {n:Olivia} know the family are grateful.
{n:Kim} in the laundry has lost Mum's cardigans again.
I was given a leaflet and told to call {p:0191 498 0123}.
{n:Rhys} supported me at my tribunal and I won.
My nan {n:Ivy} loved the trip to the garden centre.
The support worker {n:Tendai} helped me budget for the first time.
Dr {n:Shah} and Nurse {n:Bailey} were fantastic in the clinic.
My email is {e:sophie.g@example.com} and my mobile is {p:07700 900202}.
{n:Julie} has been my carer for five years and I trust her completely.
The night manager {n:Vince} shouted at Dad.
{n:Amara} from the learning disability team visited at home.
Our son {n:Ryan} has an NHS number of {h:9994440004} and no GP.
The OT, Mrs {n:Parkinson}, assessed the stairs at {a:17 Victoria Terrace}.
I would like {n:Maureen} to be my key worker again.
{n:Angela} did my hair for the party and I felt like me again.
{n:Pawel} and {n:Jakub} lifted Dad safely every time.
Mum's carer {n:Shannon} has a lovely way with her.
Staff said Dr {n:Lim} would ring, but no call came.
My friend {n:Barbara} came with me to the appointment.
I'm writing on behalf of my father, {n:Stanley Moore}, at {a:3 Holly Bank}, {pc:HX3 8ND}.
Nurse {n:Ngozi} held my hand through the whole procedure.
{n:Callum} is always on his phone when he should be with residents.
Tell {n:Linda} the new curtains look lovely.
Mrs {n:Green} the activities lady brought in her dog.
{n:Hamza} translated for Mum when the interpreter didn't turn up.
Mum's mobile {p:07700 900345} is always on, please use it.
The dentist Dr {n:Evans} visited the home and was very gentle.
{n:Alison Burke}, the registered manager, never replied.
{n:Ravi} from pharmacy brought the meds up himself.
I rang {p:+44 113 496 0456} from abroad and couldn't get through.
My uncle {n:Seamus} was discharged without his hearing aids.
{n:Debbie} makes the best cheese scones.
Please send the letters to {e:r.singh@example.org} as I check that daily.
Our home address is {a:101 Windsor Drive}, {pc:DE22 1HJ}.
A lovely nurse called {n:Tomasz} stayed past his shift to help.
The GP, Dr {n:Chen}, referred me to the memory clinic.
{n:Harry} and {n:Lily} from the youth team were brilliant with our son.
I asked {n:Carol} for help and she ignored me.
The social worker is Ms {n:Adeyemi} and her number is {p:0113 496 0321}.
My granddad {n:Albert} loved the music sessions.
{n:Sian} in the office is always helpful.
My NHS number {h:999 555 0008} has been merged with someone else's record.
Mr {n:and Mrs Taylor}'s daughter raised the alarm.
The manager said to email {e:complaints@example.com} but nobody replied.
I live at {a:Flat 12, 8 Queen Street} and the lift is always broken.
{n:Bogdan} was the only carer who could get Mum to eat.
I'd like to thank {n:Nicola Harper} for the support with the funeral.
My care co-ordinator {n:Imran} moved jobs and nobody told me.
{n:Esther} the chaplain sat with Dad when we couldn't get there.
I have told {n:Gary} three times that Mum is diabetic.
My daughter lives at {a:27 Larch Avenue} and can be contacted on {p:07700 900876}.
The therapist {n:Kirsten} listened without judging me.
Mrs {n:Jones} in room 3 asked me to write this for her.
Postcode for the visit is {pc:SW1A 1AA} but the driver went elsewhere.
The whole team, especially {n:Joy}, made the last weeks bearable.
Dr {n:Oyelaran}'s letter said the opposite of what she told us.
My brother {n:Tunde} is in the Cedar Unit and seems happier.
{n:Chris} on nights made Dad a bacon sandwich at 3am.
{n:Molly} and {n:Freya} from the student nurses were great.
The care agency office on {p:01632 960 777} never picks up.
Everyone at Ash House made {n:Dorothy}'s 100th birthday special.
I'm {n:Kathleen}, I live alone and the carers are my only visitors.
Please contact {n:Robert Mason} on {e:rmason@example.com} about the review.
Mrs {n:Gill} came on a weekend to sort out my shopping.
Call {n:Andrea} at home on {p:0113 496 0654} after six.
The manager, Mr {n:Sutcliffe}, promised a meeting and cancelled it twice.
{n:Faith} is my favourite carer because she listens.
ABSOLUTELY NO ONE answered the phone at {p:0800 123 4001} all weekend.
She gave the name {n:Bernadette} but I don't think that was her real name.
The nurse, {n:Paolo}, was lovely but clearly exhausted.
Ms {n:Ahmed}, the new manager, has made a real difference.
The staff at Oakwood were brilliant and {n:Delroy} was so patient with Dad.
Everyone on Florence Ward was kind, especially {n:Emma Wood}.
Ring 111 for advice or 999 in an emergency, the leaflet says.
The carers come at 8am, 12pm, 5pm and 9pm.
Mum takes 500mg of paracetamol four times a day.
Dad has been in room 12 since March and it is always clean.
Rose Ward is the best ward in the hospital.
We paid £20 for a haircut which seemed fair.
I would rate the service 10/10.
Five stars, would recommend to anyone.
The staff on Florence Ward were kind and caring.
The food was cold and the portions were small.
I waited 4 hours in A&E on Tuesday 3rd October.
The NHS 111 service told me to go to the walk-in centre.
My appointment was at 10:30 but I wasn't seen until 12:15.
The care home has a lovely garden and a hairdresser on Wednesdays.
We were told the waiting list is 18 months.
Nobody explained the side effects of the new medication.
The carers often arrive 45 minutes late.
Mum's room on the second floor has a view of the park.
Dad's weight dropped from 70kg to 62kg in three months.
The Memory Clinic at the General was excellent.
I was seen by the Crisis Team within 24 hours.
Christmas Day at the home was magical, the staff dressed up.
Staff wear masks and gloves and wash their hands.
On Monday the manager called a meeting for families.
The CQC report said Requires Improvement and I agree.
I can't fault the Reablement Team, they got me walking again.
Tea is served at 4pm and supper at 7pm.
Will somebody please answer the phone?
May I say how grateful we are to everyone.
Hope you can pass this on to the staff.
Mark this as a compliment please.
Grace and dignity were shown to Mum at the end.
The Day Centre closes on Bank Holidays.
We used the Samaritans number 116 123 when things got bad.
Mum's blood pressure was 150/90 and nobody acted on it.
Dad was given 2.5mg of bisoprolol instead of 5mg.
The ward phone number on the website is out of date.
Parking costs £4.50 for two hours which is too much.
The Oak Lodge unit is bright and well organised.
Visiting hours are 2pm to 8pm, seven days a week.
It took 6 weeks to get the hoist assessed.
The Community Mental Health Team discharged me without warning.
We were offered a bed at the Cedars in Sunderland.
Carers were polite, punctual and professional.
I'd give it 9 out of 10.
The Tuesday bingo is the highlight of Mum's week.
In August the home had a garden party for residents.
The Parkinson's nurse service is excellent.
Dad has Alzheimer's and the staff really understand it.
The home is near the Metro station which helps visitors.
My care package went from 4 calls to 2 calls a day.
Appointments at the Royal Infirmary are always running late.
Staff took Mum to the Leeds Library every Friday.
I'm 82 and live alone with my cat.
We live in a two-bed flat on the third floor.
The lift was out of order for 3 weeks in January.
Dad's breakfast is at 8.30 and lunch at 12.30.
The wheelchair accessible taxi costs £35 each way.
There are 42 residents and never enough staff at night.
I rang 101 to report that Mum's purse was taken.
Please pass on thanks to the night staff on Ward 7.
I was on Ward 23 for 11 days after my hip operation.
Physio twice a week made a huge difference.
Our case reference is 2024-0113 and we still have no answer.
The Speech and Language Therapy team helped Dad swallow safely.
Sunday lunch was roast beef with Yorkshire pudding.
My son is on the waiting list for CAMHS.
Care staff need more training in catheter care.
The Oakwood care home smelled of urine when we visited.
The Jubilee Centre runs a memory cafe every Thursday.
We were asked to fill in a survey on a tablet.
St Luke's Hospice gave Dad a peaceful death.
Mum scored 18 out of 30 on the memory test.
I take 20mg citalopram and 100mg sertraline was too strong.
Nothing has changed since I complained in April.
The Church group visits every Sunday afternoon.
Rated Good by CQC but it doesn't feel good.
The Jobcentre and the DWP made my mental health worse.
Meals on Wheels arrive between 11 and 1.
Flu jabs were done in the lounge on Thursday.
The Polish speaking carer really helped Dad settle.
The Victoria Wing is being refurbished.
Every carer I have met has been kind.
The staff at Willow Court were wonderful.
Dad's Zimmer frame was left out of reach again.
Communication between the hospital and the home is poor.
We got the Blue Badge in 2 weeks thanks to the OT.
It took 3 phone calls and 2 emails to get a reply.
The GP surgery opens at 8am and appointments are gone by 8.05.
The Sunflower Room is used for quiet time.
Mum had a fall at 2.15am and the ambulance came at 7.
We were told to ring 999 if she got worse.
The food at Primrose House has improved since the new chef.
Covid rules meant we could only visit for 30 minutes.
The hospital discharged Dad at 11pm in his pyjamas.
Staffing levels are too low on the Dementia Unit.
Support from the Carers Centre has been brilliant.
Nobody at the Trust has responded to my complaint from 12 June.
The minibus takes residents to Scarborough in the summer.
Eight out of ten staff are agency, it feels like.
My medication changed from 10mg to 15mg without explanation.
The Macmillan nurses are a credit to the NHS.
Thank you to all the staff on Ward 9.
All the carers are lovely but they are always rushed.
Staff on the Acute Medical Unit were rushed off their feet.
Weekends are the worst, there are no activities at all.
Sister on the ward was firm but fair with everyone.
The Ward Manager has been off sick since Easter.
Our Registered Manager is approachable and visible.
Dad's Lasting Power of Attorney paperwork was lost twice.
We were told the DoLS application was sent in May 2023.
On 14/02/2024 the heating failed and residents were cold.
Mum loves Strictly and the staff watch it with her.
The Bank Holiday rota left only two carers on shift.
Room 4B has a broken call bell and has had for weeks.
Costa vouchers for staff at Christmas were a nice touch.
Fridays are fish and chips, which Dad looks forward to.
Hospital Transport booked for 9am arrived at 1pm.
Call bell response times are over 10 minutes at night.
The ambulance took 3 hours and 20 minutes to arrive.
The new Care Home Manager started in September.
Our Social Worker retired and we haven't been given a new one.
Wellbeing Wednesdays are a great idea.
The pharmacy delivered the dosette box two days late.
Nobody at the Practice would give me an appointment before 3 weeks.
Mum was moved to Bay 6 without us being told.
""".strip().splitlines()


# --------------------------------------------------------------------------
# First hold-out set (v1): written after the rules were first frozen
# (2026-11-26 14:08 UTC).  Under those rules it scored recall 0.826 /
# precision 1.000 (name recall 0.741: names missing from the gazetteer, and
# unknown names at the start of a sentence).  The rules and gazetteer were then
# improved while looking at its misses, so it is no longer held out: it is
# folded into the development set below.
# --------------------------------------------------------------------------
HOLDOUT_V1 = r"""
{n:Marguerite} on the early shift always brushes Mum's hair the way she likes.
My father {n:Desmond Achterberg} is in the Larch Unit and seems settled.
The carer who came on Tuesday, {n:Saoirse}, was brilliant.
{n:Tobias} took Dad to the barber's and he came back beaming.
Please call me on {p:07700 900 555} if Mum is unwell overnight.
I've rung {p:0113 4960 123} five times this week.
Our GP is Dr {n:Whitlock}, but we never get to see her.
Dr {n:Whitlock} is lovely but hard to get hold of.
{n:Lorcan} and {n:Hafsa} from the home treatment team saved my life.
My grandson {n:Alfie} set up the tablet so I can see my family.
The manager, Mrs {n:Pemberton}, didn't reply to my letter.
Mrs {n:Pemberton} promised a review and it never happened.
Send any paperwork to {e:hgreenwood@example.org}.
Her email is {e:nan.and.grandad@example.com} but she rarely checks it.
{n:Yolanda} sings hymns with Mum every Sunday.
We live at {a:16 Foxglove Way}, Barnsley {pc:S70 4HX}.
The ambulance went to {a:61 Rydal Avenue} instead of {a:61 Rydal Road}.
My son's NHS number is {h:999 666 0001}.
NHS number: {h:9997770005}.
Mum's key worker {n:Temitope} knows her better than we do.
The nurse, {n:Bronagh}, stayed with Dad until the end.
I'd like to complain about {n:Darren} who swore at my mother.
Thank you {n:Krystyna} for the lovely birthday cake.
{n:Esme} in the kitchen makes Dad's puree look like real food.
My wife, {n:Philippa}, has Parkinson's and the staff understand her needs.
Contact {n:Gordon Featherstone} on {p:01632 960 999} about the funeral.
Our daughter lives at {a:Flat 7, 19 Bridge Street} and can collect Mum's things.
I spoke to someone called {n:Marcia} who said she'd pass it on.
{n:Ewan} from the Community Mental Health Team rang me every day that week.
The social worker, Ms {n:Oduya}, has been excellent.
Ask for {n:Fenella} or {n:Rupert} if the manager isn't in.
Dr {n:Sethi} and Dr {n:Moreau} were both very kind.
Please don't phone my landline {p:0191 498 0456}, use my mobile {p:07700 900678}.
Postcode is {pc:bd9 6qp} if the driver needs it.
My care plan says I live at {a:3a Rowan Crescent}, which is wrong.
The staff nurse {n:Olamide} explained the drip to Mum.
{n:Hettie} has been with us since the home opened.
I was sent letters for a Mr {n:Sandhu} who doesn't live here.
Can {n:Juliet} please ring me back on {p:07700 900432}.
The physio, {n:Ahmad}, was patient and encouraging.
Our carer {n:Rosa} from Portugal is a star.
My brother {n:Clement} was left in his chair all day.
{n:Delphine}, the activities coordinator, organised a garden party.
I am writing about my aunt, {n:Winifred Okoye}, at {a:22 Church Lane}.
{n:Tariq} sorted my benefits and I cried with relief.
I live at {a:5 Mulberry Gardens}, {pc:NG5 1AB}, ground floor.
Email {e:support-team@example.com} bounced, so I'm writing here.
{n:Barnaby} and {n:Tilda} are our grandchildren and they love visiting.
The consultant Mr {n:Abernethy} operated on Dad's hip.
Nurse {n:Ifeanyi} was a credit to the ward.
Mum's new carer {n:Magda} doesn't speak much English but is kind.
I was treated appallingly by Dr {n:Fairbrother} at the clinic.
My neighbour {n:Sheila} has a key if the carers can't get in.
The postcode for the home is {pc:TS5 7AN}.
{n:Cormac} in the laundry found Mum's wedding ring.
A big thank you to {n:Noor} for the henna at Eid.
{n:Philomena}'s family would like to thank all the staff.
You can also reach me at {e:m.rahman@example.co.uk} or {p:+44 7700 900 812}.
Call my daughter {n:Imogen} on {p:07700 900098}.
My mum, {n:Beatrix Holloway}, was moved without anyone telling us.
The home's number {p:01632 960111} goes to voicemail.
{n:Abdirahman} helps me with my shopping on Fridays.
Please write to {a:Apartment 4, 12 Wharf Road}, {pc:M3 4LZ}.
{n:Lettie} from the hospice at home team was an angel.
The occupational therapist {n:Gwyn} brought a perching stool.
The carers {n:Nadia} and {n:Vasile} never rush Dad.
Mr {n:Greaves} in room 9 is often left without water.
I want to mention {n:Orla} who noticed my son was self-harming.
My husband {n:Bryn} was discharged at midnight.
Nurse {n:Ama} was the only one who read his care plan.
{n:Zdenek} plays the piano for the residents.
Ring 111 if you need advice out of hours, the leaflet says.
Dad takes 2 x 500mg paracetamol at 8am and 8pm.
The staff on Primrose Ward were friendly and professional.
My room number is 27 and the call bell doesn't work.
I paid £45 for a taxi to the hospital.
We'd give them 10/10 for kindness.
The Hollies is a lovely home with a big garden.
Visiting is from 10am to 8pm on weekdays.
In June the home held a summer fete.
Will someone please look at the heating?
May we have a copy of the care plan?
Hope this feedback helps the team improve.
Grace before meals is important to Dad and staff respect it.
The Orchid Suite is where the dementia residents live.
I waited 6 hours at Airedale A&E on Saturday.
Staff at Cherry Tree Court were wonderful.
The Wellbeing Hub runs art classes on Mondays.
The CQC inspected in March and rated it Good.
Dad was given 15ml of Oramorph at 3am.
Nobody from the Trust has been in touch since 4 January.
My appointment at the Eye Clinic was cancelled three times.
Lunch is at 12.30 and tea at 5.
It costs £1,200 a week which is a lot for what you get.
The Home First team got me home in two days.
Carers should wear name badges.
The minibus trip to Bridlington was lovely.
The 999 call handler was calm and helpful.
Mum has been on Ward 32 for 5 weeks.
Activities on Bonfire Night were a highlight.
The Ashfield Unit feels more like a prison than a hospital.
Staff turnover is too high, we never see the same face twice.
The Rapid Response nurses came within two hours.
There were 3 falls in one week and no one told us.
The lounge TV is too loud and residents can't hear each other.
Mum loves the Thursday singalong.
The Mental Health Liaison team were excellent in A&E.
I phoned 0300 numbers all day and got nowhere.
My medication was changed from 50mg to 100mg without a review.
The Sycamore Centre is a great place for young carers.
Bed 4 on Bay C was never cleaned.
The Acorn Team helped my son when he was in crisis.
Feedback form number 2024/117.
We chose Woodlands because of its CQC rating.
Care at Springfield House is outstanding.
Our family is grateful to the Palliative Care team.
""".strip().splitlines()


LABELLED = LABELLED + HOLDOUT_V1

# --------------------------------------------------------------------------
# Second hold-out set (v2): written after the rules were frozen again
# (2026-11-26 14:12 UTC).  Under those rules: recall 0.859 / precision 0.971
# (name recall 0.814; misses were unknown names at the start of a sentence,
# false positives "Joy is what we saw", "Royal Victoria").  Rules and gazetteer
# were improved after looking at it, so it is folded into the dev set too.
# --------------------------------------------------------------------------
HOLDOUT_V2 = r"""
{n:Rosheen} on nights is the reason Mum finally sleeps.
My dad {n:Alistair Dunmore} was left in soiled pads for hours.
{n:Kenechukwu} always explains what he's doing before he moves Gran.
We were supported by {n:Maddie} and {n:Sorin} from the reablement team.
Please phone {p:07700 900 246} and ask for me, not my husband.
My landline is {p:0113 496 0588}.
The carer {n:Wiktoria} wasn't trained to use the stand aid.
Dr {n:Haverford} listened, which no one else had done in months.
Nurse {n:Benedikt} stayed on after his shift to finish Dad's paperwork.
I was given {e:careteam.north@example.nhs.uk} as a contact but nobody reads it.
Email me at {e:pippa.lowe@example.com} about the review meeting.
My address is {a:29 Thornbury Road}, Bradford {pc:BD3 9LP}.
They sent the ambulance to {a:9 Old Mill Lane} instead of {a:9 Mill Lane}.
Mum's NHS number {h:999 888 0009} is on the form.
My husband {n:Lenny} has Lewy body dementia.
Auntie {n:Flo} looks forward to the Friday quiz.
I'd like to thank {n:Precious} and {n:Abimbola} for their kindness.
Mrs {n:Ekwueme} from the district nursing team dressed his leg ulcer.
Our social worker {n:Harvinder} has not returned calls for a month.
{n:Jago} helps me cook on Wednesdays and I love it.
The manager Mrs {n:Trelawney} refused to meet us.
Ask for {n:Senga} at the front desk, she'll help.
My daughter {n:Keziah} lives at {a:Flat 2, 88 Moss Lane}, {pc:M16 7BS}.
Call {p:+44 20 7946 0321} for my solicitor.
Dr {n:Quigley}'s clinic letter had the wrong diagnosis on it.
Thanks so much to {n:Ingrid} at reception.
The support worker, {n:Ollie}, took me to football every Saturday.
{n:Lucinda} and {n:Hector} run the art group and Dad loves it.
Sister {n:Brannigan} was strict but the ward was spotless.
I told {n:Dermot} three times that I'm allergic to penicillin.
My mum, {n:Gwladys Pugh}, is 97 and still sharp as a tack.
{n:Cosmin} was the only one who spoke to Dad in Romanian.
The nurse {n:Tembi} noticed Dad's breathing had changed.
Our son {n:Caspar} has autism and the staff adapted everything.
Mr {n:Oyinlola} in the pharmacy was patient with my questions.
The carer {n:Shazia} arrives on time every single morning.
Please send letters to {a:44 Elmfield Terrace}, {pc:hg1 5jd}.
{n:Fraser} from the crisis team rang me every evening for a week.
{n:Peony} at the day centre did Mum's nails.
I was looked after by Staff Nurse {n:Odukoya} on my first night.
{n:Kit} and {n:Ramona} from the night shift were wonderful.
You can text me on {p:07700900731}.
The OT {n:Bethany Rudd} assessed Mum's bathroom.
Dad's carer {n:Grzegorz} has the patience of a saint.
Dr {n:Mbeki} changed my medication and I feel so much better.
My sister {n:Tabby} and I take turns visiting.
{n:Lyndon} in maintenance fixed the window the same day.
My postcode is {pc:CH41 6AQ}, please update your records.
Ms {n:Varga}, the physio, got Dad walking again.
Her NHS no is {h:9992220376}, date of birth 4/5/1938.
{n:Ottilie} on the children's ward made my son laugh.
The home's deputy {n:Roz} listened to our worries.
{n:Thandeka} makes Mum feel safe at bedtime.
We met Mr {n:Featherby} from the council about the adaptations.
I'm {n:Glenys Arkwright} and I've been a resident for three years.
Ring my son {n:Ashwin} on {p:07700 900814}.
{n:Fergus} and {n:Ailsa} from the memory service visited at home.
The cleaner, {n:Marisa}, always says good morning to Mum.
The nurse practitioner {n:Joanna Blythe} was thorough and kind.
{n:Baz} on the door made the visit feel welcoming.
I was phoned by a nurse called {n:Marit} who was very helpful.
My granddaughter {n:Saffron} wrote this for me.
Please contact {n:Dorcas} on {e:dorcas.m@example.org}.
Mr {n:and Mrs Achebe}'s son raised a safeguarding concern.
Dad's neighbour {n:Tony Castellano} found him on the floor.
The GP, Dr {n:Ferreira}, visited the home the same afternoon.
Ring 999 if there is an emergency, or 111 for advice.
The Larkspur Unit has a lovely sensory room.
Mum is in room 18 on the first floor.
She takes 10mg of amlodipine each morning.
I'd rate the carers 9/10 but the office 2/10.
The staff on Kestrel Ward were calm and reassuring.
We paid £150 for the deposit on the chair.
Visiting is 11am to 7pm, except at mealtimes.
Saturday afternoons are very quiet with no activities.
The Hawthorns was recommended by our social worker.
Staff at Meadow View are kind but stretched.
The Community Learning Disability Team were brilliant.
Carers visit four times a day for 30 minutes.
Mum was discharged from Ward 14 on 2nd February.
The Peer Support Group on Tuesdays keeps me going.
My blood sugar was 14.2 and nobody checked it again.
May was a hard month for Dad after his fall.
Will the new manager be holding a relatives' meeting?
Hope the new building opens soon.
Joy is what we saw on Mum's face at the party.
The Mental Health Act was explained to me properly.
There were 12 residents and 2 carers on shift.
The bus to the Royal Victoria takes an hour.
Grace Church runs a lunch club on Wednesdays.
St Anne's Hospice was calm and peaceful.
I have been waiting since September for a wheelchair.
Dad's weight is now 58kg, down from 65kg.
Rated Outstanding by the CQC and it shows.
The Frailty Unit at the General is excellent.
Lunch was shepherd's pie and it was lovely.
Nobody told us about the change of GP practice.
It costs £9.50 to park for the afternoon.
Thank you to everyone in the Discharge Lounge.
The Harbour Centre is a safe space for me.
Three carers in one week didn't know Mum's routine.
The District Nurses come every other day.
On Sunday the home held a remembrance service.
The Ivy Suite is for residents living with dementia.
A&E was packed and we waited 9 hours.
Our review is booked for 14 March at 2pm.
Patient Transport didn't turn up again.
Staff at Bramley Lodge went the extra mile at Christmas.
The Recovery College courses helped me get back to work.
""".strip().splitlines()


LABELLED = LABELLED + HOLDOUT_V2

# --------------------------------------------------------------------------
# Third hold-out set (v3): written after the rules were frozen a third time
# (2026-11-26 14:16 UTC); not used for tuning.  This is the one bench reports.
# --------------------------------------------------------------------------
HOLDOUT = r"""
The carer {n:Ludmila} is always cheerful and Mum adores her.
{n:Perpetua} on the nursing unit gave Dad a proper shave.
My mother-in-law {n:Frieda} was left without her glasses for a week.
Can I say a special thank you to {n:Declan} and {n:Yusra}.
Dr {n:Okwuosa} explained the scan results in plain English.
Please ring my son {n:Aurelio} on {p:07700 900 366}.
Our home number is {p:01632 960 548} but we're often out.
{n:Evangeline} has been Dad's key worker for three years.
The physio {n:Stellan} pushed me just enough.
My nan {n:Agatha Pennington} loved the tea dance.
The manager {n:Jerome} said he'd look into it but nothing changed.
Send the minutes to {e:b.fairweather@example.com} please.
My address has changed to {a:11 Sandpiper Close}, Grimsby {pc:DN34 5QR}.
{n:Noreen} in the office always remembers my name.
Mrs {n:Abiodun} on the night staff sat with Mum when she was scared.
The crisis team nurse {n:Calum} called back within the hour.
Dad's carer {n:Aigerim} struggles with his hoist.
I'd like {n:Rhodri} to be thanked formally for his kindness.
{n:Tomos} and {n:Eleri} from the community team visit on Thursdays.
Our daughter {n:Marnie} has complex needs and the staff really get her.
Mum's NHS number is {h:999 234 0002}, not the one on the letter.
You can write to me at {a:Flat 5, 203 Northgate Road}, {pc:WF1 3BD}.
{n:Rukhsar} from the translation service was a huge help.
Staff nurse {n:Kofi Antwi} spotted the infection early.
The activities lady {n:Verona} brought her guitar in.
Please stop calling {p:07700900191}, that's my old number.
My brother {n:Wilfred} was moved rooms without anyone asking him.
Dr {n:Ellacott} at the surgery refused a home visit.
The cleaner {n:Graziella} went above and beyond for Mum.
I'm {n:Harold Bairstow}'s daughter and I have power of attorney.
Thanks to {n:Minh} and {n:Aoibheann} for looking after me after my op.
{n:Sunita} helped me fill in my care review.
My son {n:Kieran} can be reached at {e:kieran.w@example.org}.
The social worker, Mr {n:Lindqvist}, never returned my calls.
{n:Teodora} sings Romanian lullabies to the residents.
Dad's GP is Dr {n:Bhattacharya} at the Elm Tree surgery.
We live at {a:6 Primrose Hill}, Halifax {pc:HX2 0TE}.
{n:Beverley} from the council sorted the grab rails.
My partner {n:Jude} has bipolar and the ward staff were patient with him.
The deputy manager, {n:Oonagh}, was very understanding.
Call Sister {n:Maguire} on {p:0113 496 0742} about visiting.
{n:Archibald}'s family would like to thank the whole team.
The carers {n:Fidelma} and {n:Olusegun} are the best in the agency.
Mr {n:Pryce} in room 2 hasn't had a bath for a week.
I was told to email {e:safeguarding@example.gov.uk} with my concerns.
{n:Ishbel} on reception booked the transport for us.
My wife {n:Rosaleen} needs help with eating and it isn't always given.
{n:Augustine} made sure Dad had his rosary with him.
We were met by Nurse {n:Delaney} who showed us round.
The postcode on Mum's letters should be {pc:S6 2LW}.
Our key worker {n:Brodie} always has time for a chat.
Dr {n:Farquharson} and her team were brilliant.
The psychiatrist Dr {n:Adeyemi-Jones} actually listened to me.
I want to complain about the way {n:Trina} spoke to my father.
{n:Ferdinand} gets Mum up and dressed every morning.
{n:Oakley} from the youth service helped me with college.
Mum's neighbour Mrs {n:Wojcik} noticed the milk on the step.
My carer {n:Lakshmi} cooks my dal just how I like it.
Ask for {n:Moira} or {n:Baljeet} at the day centre.
{n:Hughie} in maintenance fixed the call bell straight away.
Please send the invoice to {a:48 Gladstone Street}, not to the home.
The home rang me on {p:0191 498 0870} at 2am.
Mum is on Heron Ward and the staff are kind.
The Aspens is a small home with a friendly feel.
Dad takes 5ml of lactulose twice a day.
I've been waiting since 3 May for a wheelchair assessment.
Room 31 has had a leaking radiator for a month.
Parking is £3 for the first hour.
The Bluebell Lounge is where the residents have lunch.
I'd give the night staff 10 out of 10.
Ring 111 out of hours, that's what the GP said.
Visiting times are flexible, which helps us a lot.
Hope the managers read this and make changes.
Will anyone listen to families?
May I thank everyone for their care.
Faith matters to Dad and the chaplain visits weekly.
The Community Rehab Team got me walking with a frame.
Staff at Willowbrook were lovely to us.
The Acute Mental Health Unit felt unsafe at night.
Lunch was fish pie, and it was delicious.
Christmas dinner at the home was a real feast.
The Sunflower Café is a nice place to sit with Mum.
I was on the Cardiology Ward for a week in August.
My medication went from 25mg to 50mg overnight.
The Stroke Unit at the Royal was outstanding.
There are never enough staff on weekends.
Dad's room on Level 2 overlooks the car park.
The Recovery Team discharged me without a plan.
We were shown round by the manager on Tuesday.
The GP Practice changed its phone system and it's worse.
Access to the building is difficult for wheelchairs.
Meals arrive cold on the upper floors.
The Pendleton Suite has been refurbished nicely.
Saturday morning is bath day for Mum.
The Hospice at Home service let Dad die at home.
I phoned the office twice and was cut off both times.
Carers wear uniforms and name badges now.
Moving Mum to Ash Grove was the best decision.
The Falls Clinic gave Mum exercises to do.
Eid celebrations at the home were lovely.
The staff at Marigold House deserve a medal.
The Learning Disability Nurses are fantastic.
We paid £25 for podiatry which should be free.
Mum's weight went from 48kg to 44kg.
""".strip().splitlines()


def main() -> None:
    out_dir = Path(__file__).resolve().parent / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, lines in (
        ("redaction_labelled.jsonl", LABELLED),
        ("redaction_holdout.jsonl", HOLDOUT),
        ("redaction_case_labelled.jsonl", CASE_DEV),
        ("redaction_case_holdout.jsonl", CASE_HOLDOUT),
        ("redaction_verb_holdout.jsonl", VERB_HOLDOUT),
        ("redaction_place_holdout.jsonl", PLACE_HOLDOUT),
        ("redaction_seen_holdout.jsonl", SEEN_HOLDOUT),
        ("redaction_word_name_holdout.jsonl", WORD_NAME_HOLDOUT),
        ("redaction_seen_again_holdout.jsonl", SEEN_AGAIN_HOLDOUT),
        ("redaction_went_by_holdout.jsonl", WENT_BY_HOLDOUT),
    ):
        if not lines:
            continue
        rows = [convert(line) for line in lines if line.strip()]
        with open(out_dir / name, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        with_pii = sum(1 for r in rows if r["spans"])
        print(f"{name}: {len(rows)} lines, {with_pii} with personal details")


if __name__ == "__main__":
    main()
