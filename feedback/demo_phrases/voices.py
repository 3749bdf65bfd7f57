"""Who is speaking in a sentence of the demo's, so a comment is said in one voice: the person who uses
the service ("I", "my room"), a relative ("mum", "my son", "dad's"), either of them ("nobody told us"),
someone talking about a person without saying they are kin ("he", "she": an advocate, a member of
staff, a relative), or anyone at all ("lovely staff").

Read from the words, with the few the words get wrong set by hand in `SAID_BY`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

PERSON = "person"  # the person who uses the service
FAMILY = "family"  # a relative, about the relative they name
EITHER = "either"  # the person or a relative: "we", "us" ("nobody told us the review was on")
ABOUT = "about"  # someone talking about a person they do not name as kin ("he", "she")
ANYONE = "anyone"

# Relatives, with the word each is known by and whether they are a woman or a man.
_KIN = {
    "mum": ("mum", "f"),
    "mother": ("mum", "f"),
    "dad": ("dad", "m"),
    "nan": ("nan", "f"),
    "grandmother": ("nan", "f"),
    "grandad": ("grandad", "m"),
    "son": ("son", "m"),
    "daughter": ("daughter", "f"),
    "wife": ("wife", "f"),
    "husband": ("husband", "m"),
    "brother": ("brother", "m"),
    "sister": ("sister", "f"),
}
_KIN_WORDS = re.compile(
    r"\b(mum|mother|dad|nan|grandmother|grandad|son|daughter|wife|husband|brother|sister)(?:'?s)?\b", re.I
)
# What only a relative or a visitor says, without naming whom.
_FAMILY_WORDS = re.compile(
    r"\b(we visit|when we come|visiting|visited|families|as a family|the family|power of attorney)\b", re.I
)
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|i'd|me|my|mine|myself)\b", re.I)
_WE = re.compile(r"\b(we|we're|we've|we'd|us|our)\b", re.I)
_HE = re.compile(r"\b(he|he's|his|him|himself)\b", re.I)
_SHE = re.compile(r"\b(she|she's|her|hers|herself)\b", re.I)
# A "she" or "he" in a sentence about a member of staff is most likely them ("my carer... when she goes").
_STAFF = re.compile(
    r"\b(carers?|worker|nurse|manager|coordinator|psychologist|therapist|laundry lady|hairdresser|cook|chef|physio)\b",
    re.I,
)

# Sentences whose words mislead: (speaker, relative, gender).
SAID_BY: dict[str, tuple[str, str | None, str | None]] = {
    "My son's views are heard, not just mine as his mum.": (FAMILY, "son", "m"),
    "My partner was not treated as family when he visited, which hurt.": (PERSON, None, None),
    "They have been really respectful of me and my wife as a couple, nobody bats an eyelid.": (PERSON, None, None),
    "They remembered our wedding anniversary and made a real fuss of us.": (PERSON, None, None),
    "I am scared of the man in the next room, he comes in at night and nobody stops him.": (PERSON, None, None),
    "He told me he has been saving up his tablets so he can take them all at once.": (ABOUT, None, "m"),
    "She told me a carer grabbed her wrist hard when she would not get out of bed.": (ABOUT, None, "f"),
    "Whenever his usual carer is on holiday everything goes to pot.": (ABOUT, None, "m"),
    "Her good cardigans go in a hot wash every time no matter what we say.": (FAMILY, None, "f"),
    "We labelled everything and still half of it has vanished.": (FAMILY, None, None),
    "There is no fresh fruit unless we bring it in.": (FAMILY, None, None),
    "Nobody told us the doctor had been.": (FAMILY, None, None),
    "Staff write in the communication book every visit so my daughter can see what has been done.": (
        PERSON,
        None,
        None,
    ),
    # What residents and tenants say of themselves together.
    "Tea is too early, we are hungry again by eight.": (PERSON, None, None),
    "The cook comes round and asks what we'd like, which is nice.": (PERSON, None, None),
    "Staff sit and eat lunch with us on a Wednesday which is nice": (PERSON, None, None),
    "They took a few of us to the garden centre for a coffee and a look round.": (PERSON, None, None),
    "The garden path is uneven so we hardly use it.": (PERSON, None, None),
    "We'd like to get out to the shops and the park more": (PERSON, None, None),
    "The manager knows every one of us by name.": (PERSON, None, None),
    "We decide together in the flat what we have for tea and whose turn it is to cook.": (PERSON, None, None),
    "The house meetings are in the day when most of us are at work or college.": (PERSON, None, None),
    # What a relative says as readily as the person does.
    "I was kept informed every step of the way.": (EITHER, None, None),
    "They phone me straight away if anything changes.": (EITHER, None, None),
    "Any question I have gets a straight answer.": (EITHER, None, None),
    "The office always pick up the phone and they know who I am.": (EITHER, None, None),
    "I have to chase for any update, they never get in touch first.": (EITHER, None, None),
    "I had to put it in writing before anyone took my concerns seriously.": (EITHER, None, None),
    "I keep saying the same thing and it goes in one ear and out the other.": (EITHER, None, None),
    "Letters are full of jargon, I didn't understand them.": (EITHER, None, None),
    "I've asked for an easy read version three times.": (EITHER, None, None),
    "Whenever I raise something they write it down and come back to tell me what they've done.": (EITHER, None, None),
    "I'd like someone to hear me out properly instead of rushing to the next thing.": (EITHER, None, None),
    "I worry about the staff, the same few seem to be on every day.": (EITHER, None, None),
    "We get a call every Friday afternoon to say how the week has gone.": (FAMILY, None, None),
    "good communication with the family": (FAMILY, None, None),
    "The manager always makes time to talk to families.": (ANYONE, None, None),
    "Families should be invited to the reviews.": (ANYONE, None, None),
    "The family group chat is very handy when you live a long way off.": (FAMILY, None, None),
    "The car park is always full so visiting is hard.": (FAMILY, None, None),
    "She is still treated as the lady she has always been, smart and particular.": (ABOUT, None, "f"),
    "The manager's door is always open and she really listens.": (ANYONE, None, None),
    "When we complained the manager rang us herself the next day.": (ANYONE, None, None),
    "I've never met the manager, I wouldn't know her if I saw her.": (ANYONE, None, None),
}


@dataclass(frozen=True)
class Said:
    """Who says a sentence, and about whom."""

    speaker: str
    relative: str | None = None
    gender: str | None = None


@cache
def said_by(sentence: str) -> Said:
    """Who says this sentence: a relative (about whom), the person, someone about a he or she, or anyone."""
    if sentence in SAID_BY:
        return Said(*SAID_BY[sentence])
    kin = [_KIN[m.group(1).lower()] for m in _KIN_WORDS.finditer(sentence)]
    about_staff = bool(_STAFF.search(sentence))
    he, she = bool(_HE.search(sentence)), bool(_SHE.search(sentence))
    gender = None if about_staff or he == she else ("m" if he else "f")
    if kin:
        relative, kin_gender = kin[0]
        return Said(FAMILY, relative, kin_gender)
    if _FAMILY_WORDS.search(sentence):
        return Said(FAMILY, None, gender)
    if _FIRST_PERSON.search(sentence):
        return Said(PERSON)
    if _WE.search(sentence):
        return Said(EITHER)
    if gender:
        return Said(ABOUT, None, gender)
    return Said(ANYONE)


# What each kind of speaker may be heard saying: a relative may speak of "he" or "she", and anyone
# may say what anyone says. Staff, advocates and others speak of "he" or "she".
HEARS = {
    PERSON: {PERSON, EITHER, ANYONE},
    FAMILY: {FAMILY, EITHER, ABOUT, ANYONE},
    ABOUT: {ABOUT, ANYONE},
}


@dataclass
class Voice:
    """One speaker through a piece of feedback: what they have said so far fixes whom they speak of
    (mum, then "she"; never mum, then "he", or mum and then my son)."""

    speaker: str
    relative: str | None = None
    gender: str | None = None

    def fits(self, sentence: str) -> bool:
        said = said_by(sentence)
        if said.speaker not in HEARS[self.speaker]:
            return False
        if said.relative and self.relative and said.relative != self.relative:
            return False
        return not (said.gender and self.gender and said.gender != self.gender)

    def say(self, sentence: str) -> None:
        said = said_by(sentence)
        self.relative = self.relative or said.relative
        self.gender = self.gender or said.gender
