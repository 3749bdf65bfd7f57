"""Names typed in lower case or in capitals are found by context; ordinary words written that way stay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from feedback.redaction import redact


def names(text: str) -> list[str]:
    return [text[s:e] for s, e, k in redact(text).spans if k == "name"]


# --------------------------------------------------------------------------- each rule


@pytest.mark.parametrize(
    "text, expected",
    [
        # after a title, a gazetteer name or an unknown word that is not an ordinary word
        ("dr shah explained everything", ["shah"]),
        ("mrs begum in the office", ["begum"]),
        ("WE WERE TOLD BY DR JONES", ["JONES"]),
        ("dr okonjo was very thorough", ["okonjo"]),
        ("Dr okonjo was very thorough", ["okonjo"]),
        ("Mum’s carer, a lady named ngozika 🙂 is lovely", ["ngozika"]),
        ("miss rachel came in", ["rachel"]),
        # after a role or relationship word
        ("nurse kelly was brilliant", ["kelly"]),
        ("my son liam has been waiting", ["liam"]),
        ("THE MANAGER KAREN DOES NOT ANSWER", ["KAREN"]),
        ("the district nurse joy came every day", ["joy"]),
        ("my wife grace needs help", ["grace"]),
        ("the nurse may was so gentle", ["may"]),
        ("the nurse jade was lovely", ["jade"]),
        # after "called" or "named"
        ("a man called gary shouted", ["gary"]),
        ("a lady called rose came", ["rose"]),
        ("a carer named ngozika is lovely", ["ngozika"]),
        # after a cue of thanks or asking
        ("thank you to sophie for everything", ["sophie"]),
        ("thanks to okafor for the lift", ["okafor"]),
        ("THANK YOU MARIA FOR EVERYTHING", ["MARIA"]),
        ("can nicola please ring me back", ["nicola"]),
        ("can grace please ring me back", ["grace"]),
        # before a place of work
        ("WILL ON THE DAY SHIFT IS A STAR", ["WILL"]),
        ("dawn from the agency was late", ["dawn"]),
        # a first name from the gazetteer on its own
        ("gemma on reception was helpful", ["gemma"]),
        ("DAVE ON NIGHTS IS THE ONLY ONE WHO LISTENS", ["DAVE"]),
        ("the carer called sarah was rude", ["sarah"]),
        # a first name and a surname, in any case
        ("JOHN SMITH NEVER CAME ON FRIDAY", ["JOHN SMITH"]),
        ("Sarah jones on nights was lovely", ["Sarah jones"]),
        ("mr patel the pharmacist", ["patel"]),
        # joined by "and" to a name
        ("ELAINE AND BRIAN WERE BRILLIANT", ["ELAINE", "BRIAN"]),
        ("sophie and grace were lovely", ["sophie", "grace"]),
        # a name that is also a word, after a role, before what a person does
        ("the nurse rose helped mum dress", ["rose"]),
        ("the carer hope needs more training", ["hope"]),
        ("my advocate rose and my sister came", ["rose"]),
        # a place word after a title
        ("MR HALL SORTED THE BLINDS", ["HALL"]),
        ("we asked mrs ward to ring us", ["ward"]),
        # a word the gazetteer does not know, after a job title, before what is said of a person
        ("nurse ife was so gentle with dad", ["ife"]),
        ("thanks to carer dami who sang with nan", ["dami"]),
        ("CARER BOLU IS LOVELY", ["BOLU"]),
        # ... and after "the" or "my" and a job title, before what is said only of a person
        ("the carer zdenka was very patient", ["zdenka"]),
        ("MY NIGHT NURSE BOGNA IS SO KIND", ["BOGNA"]),
        # ... or before what a person does that is said of things too
        ("the carer zdenka sorted it", ["zdenka"]),
        ("MY NURSE RADKA RANG ME BACK", ["RADKA"]),
        # a first name and a place word that is also a surname, after what says a name follows
        ("she went by emma wood before she married", ["emma wood"]),
        ("SHE WENT BY EMMA WOOD", ["EMMA WOOD"]),
        ("the nurse grace hill was so kind", ["grace hill"]),
        ("a lady called sarah lane rang", ["sarah lane"]),
        ("mrs emma wood rang", ["emma wood"]),
        # a name that is also a word after a role, before what is said of a person rather than a sum
        ("the dentist bill was very gentle", ["bill"]),
        ("the driver bill was more careful than the last one", ["bill"]),
    ],
)
def test_names_in_lower_case_or_capitals_are_found(text, expected):
    assert names(text) == expected


def test_a_name_in_capitals_keeps_its_title_and_role_outside():
    assert redact("SISTER MAGUIRE AND DR SHAH WERE KIND").text == "SISTER [name] AND DR [name] WERE KIND"


# --------------------------------------------------------------------------- what stays


@pytest.mark.parametrize(
    "text",
    [
        # the words the task of finding names must not spoil
        "will anyone ever answer the phone",
        "grace was said before dinner",
        "i hope my mum gets the care she deserves",
        "it was a joy to see mum smiling",
        "staff mark the charts but nobody reads them",
        "the bill went up again",
        "i will sue them if they lose her things",
        "we had a lovely rose garden",
        "dawn was breaking before anyone came",
        "faith matters to dad",
        "they may move her in june",
        "I WILL NEVER SEND MY MUM BACK THERE",
        "HOPE YOU SORT THIS OUT",
        "MAY I SAY THANK YOU TO ALL THE STAFF",
        # modal verbs after a role, or after a pronoun
        "the nurse may call you later",
        "the manager will ring you tomorrow",
        "i will on the day bring his tablets",
        # a group, not one person
        "the carers will come at nine",
        "the nurses hope to see him home soon",
        # "called" and "named" as verbs, and a title before an ordinary word
        "the carer called back after an hour",
        "i called the office twice",
        "the doctor called an ambulance",
        "dr said it was nothing",
        "i miss mum every day",
        "i miss spa days with mum",
        # a name that is also a word, used as a word after a role
        "the new manager rose to the challenge",
        "my key worker drew up a plan with me",
        "my dad rose from his chair by himself",
        "THE NURSE ROSE EARLY TO HELP",
        # a name that is also a word, after a role, used as a sum
        "the physio bill came to £140",
        "THE DENTIST BILL WAS £60",
        "the physio bill was double what we were quoted",
        "my dentist bill was less than last year",
        # a title before a ward is "the doctor's ward round"
        "the dr ward round was at 11",
        # a job title before an ordinary word
        "carer pay is a scandal",
        "nurse led clinics are better",
        "carer shortages are everywhere",
        "carer rota was wrong again",
        "the carer rota was so confusing",
        "the carer rota sorted it out in the end",
        "carer rota sorted it",
        "the nurse helpline rang me back",
        "the carer leaflet explained everything",
        # a first name before a place word after a word of place, or with nothing that says a name
        "the carer lives on emma lane",
        "we went past oak wood to the clinic",
        "mum used to walk up grace hill",
        "the nurse attitude was rude",
        "my carer training was really helpful",
        # names that are also words in lower case
        "my husband hung up",
        "the heather in the garden",
        "a ruby wedding party",
        "daisy chains with the grandchildren",
        # a first name before a place is the place
        "mum moved to elizabeth house in may",
        "sapphire gardens is a lovely place",
        # capitals that are not names
        "THE GP SAID THE NHS WOULD PAY",
        "ROSE WARD IS SHORT STAFFED",
        "THE OT AND THE PHYSIO WERE BRILLIANT",
        # what a correction's reason says about a name, now that reasons are cleaned as they are saved
        "The audit's name was wrong.",
        "The name was misspelt on the form.",
        "Her name was left blank by mistake.",
        # a placeholder is no cue
        "[name] is lovely",
        "[name] is fab",
    ],
)
def test_ordinary_words_in_lower_case_or_capitals_stay(text):
    assert redact(text).text == text


@pytest.mark.parametrize(
    "text",
    ["the carer called sarah was rude", "JOHN SMITH NEVER CAME", "sophie and grace were lovely", "dr okonjo rang"],
)
def test_idempotent(text):
    once = redact(text).text
    assert redact(once).text == once


@pytest.mark.parametrize("name", ["redaction_case_labelled.jsonl", "redaction_case_holdout.jsonl"])
def test_the_labelled_sets_for_lower_case_and_capitals_are_well_formed(name):
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / name
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60
    for row in rows:
        for start, end, kind in row["spans"]:
            assert kind == "name" and 0 <= start < end <= len(row["text"])
            assert row["text"][start:end] == row["text"][start:end].strip()
