"""People's names typed in lower case or in capitals ("the carer called sarah", "JOHN SMITH NEVER CAME").

People typing on phones often write names in lower case, and some write whole comments in capitals.
The rules for capitalised names (``names.py``) cannot see these: capitals are what they go by. Here a
word written all in lower case or all in capitals is folded to lower case and read by context, so a
comment in capitals is read as a lower-case one:

- after a title: "dr shah", "MRS BEGUM" (an unknown word too, unless it is an ordinary word: "dr said");
- after a role or relationship word: "nurse kelly", "my son liam", "THE MANAGER KAREN";
- after a cue: "a lady named bernadette", "thank you to sophie", "can nicola please ring";
- a first name from the gazetteer before a surname from it: "john smith", "Sarah jones";
- a first name from the gazetteer on its own: "gemma on reception", "DAVE ON NIGHTS", unless it is
  also an ordinary word or a place ("heather", "ruby", "daisy", "jade": the ``wordlike_lower``
  section of ``names.txt``) or two letters long ("jo", "mo", "em").

Names that are ordinary words ("will", "grace", "hope", "may", "mark", "dawn") are taken only after
a title, after one person's role when what follows is what follows a person ("my carer dawn.", "the
nurse joy came", not "the new manager rose to the challenge" nor "my key worker drew up a plan";
"will" and "may" only when a verb does not follow: "the nurse may was gentle", not "the nurse may
call"), after "named" or
"called" with a person before ("a lady called rose"), or before a place of work ("will on the day
shift"). Surnames are taken only after a title or a first name. Unknown words in lower case are
taken only after a title, "named"/"called" with a person before it, or a job title before what is
said of a person ("carer ade is so kind", "the carer zdenka was very patient") or what a person does
("the carer zdenka sorted it"), and never if they are ordinary words or things a job title names
("the carer rota sorted it out"); there is no dictionary, so a thing missing from that list is taken
for a name. A place word that is also a surname ("wood", "hill", "lane") after a first name is the
surname when what comes before says a name follows: "she went by emma wood", "the nurse grace hill",
"mrs emma wood"; elsewhere the two are a place ("on emma lane").
"""

from __future__ import annotations

from feedback.redaction.lexicon import (
    _ACTION_VERBS,
    _CONTRACTION_SUFFIXES,
    _DETERMINERS,
    _INITIAL_VERBS,
    _MODALS,
    _NOUN_SUFFIXES,
    _PERSON_VERBS,
    _ROLES,
    _TOKEN_RE,
    _WORKPLACE,
    _WORKPLACE_BARE,
)
from feedback.redaction.lower_words import (
    _AFTER_MODAL_NAME,
    _ANY_NAME,
    _BEFORE_SUM,
    _CAPITAL_CUE_RE,
    _COST_VERBS,
    _CUE_BEFORE_UNKNOWN,
    _FIRST,
    _GROUP_ROLES,
    _INTENSIFIERS,
    _INTEREST,
    _INTEREST_UPPER,
    _JOB_TITLES,
    _LETTERS_RE,
    _LOWER_CUE1,
    _LOWER_CUE2,
    _LOWER_ONLY,
    _MONEY,
    _MONTHS,
    _MORE_OR_LESS,
    _MULTIPLES,
    _NAMING,
    _NAMING2,
    _NOT,
    _NUMBER_RE,
    _ONLY_OF_A_PERSON,
    _ORDINARY,
    _ORDINARY_ENDINGS,
    _PERSON_ADJECTIVES,
    _PERSON_BEFORE_NAMING,
    _PERSONAL_TITLES,
    _PIECE_RE,
    _PLACE_AFTER,
    _PRONOUNS,
    _SUM_RE,
    _SUR,
    _SURNAME_PLACES,
    _THINGS_OF_A_JOB,
    _TITLES,
    _WORDLIKE,
)


class _Word:
    __slots__ = ("start", "end", "low", "folded", "joined", "amount")

    def __init__(self, text: str, start: int, end: int):
        word = text[start:end]
        if "'" in word or "’" in word:
            for mark in ("'", "’"):
                idx = word.rfind(mark)
                if idx > 0 and word[idx + 1 :] in _CONTRACTION_SUFFIXES:
                    word = word[:idx]
                    end = start + idx
        self.start, self.end = start, end
        self.low = word.lower()
        # Written all in lower case or all in capitals (a capitalised word is for names.py).
        self.folded = word.islower() or (word.isupper() and len(word) > 1)
        self.joined = False  # followed by the next word with nothing but a space or two between
        self.amount = False  # followed by a sum: "was £90", "came to 60 pounds"


def _words_of(text: str) -> list[_Word]:
    words = [_Word(text, m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    for here, after in zip(words, words[1:], strict=False):
        if after.start == here.end + 1 and text[here.end] == " ":
            here.joined = True  # the usual gap, a space: neither a sum nor a number before one
            continue
        gap = text[here.end : after.start]
        here.joined = gap in (" ", "  ")  # so a placeholder ("[name] is") is no cue: "]" parts them
        here.amount = _SUM_RE.match(gap) is not None or (_NUMBER_RE.match(gap) is not None and after.low in _MONEY)
    if words:
        words[-1].amount = _SUM_RE.match(text[words[-1].end :]) is not None
    return words


def _costs(words: list[_Word], i: int) -> bool:
    """What follows is what is said of a sum, not of a person: "the physio bill was £90", "the cleaner
    bill came to £60", "the dentist bill was more than we were told", "was double what we were quoted"
    (but "was more patient")."""
    n = len(words)
    if i + 1 >= n or not words[i].joined or words[i + 1].low not in _COST_VERBS:
        return False
    verb = words[i + 1]
    if verb.amount:
        return True
    if i + 2 >= n or not verb.joined:
        return False
    after = words[i + 2]
    if after.amount:
        return after.low in _BEFORE_SUM
    following = words[i + 3].low if after.joined and i + 3 < n else ""
    if after.low in _MULTIPLES:
        return following != "as"  # "was double what we were quoted", not "twice as patient"
    return after.low in _MORE_OR_LESS and following in ("", "than")


def _modal_name_ok(words: list[_Word], i: int) -> bool:
    """A name that is also a modal verb ("may", "will") is a name only if no verb follows it and no
    pronoun comes before it ("i will on the day ...")."""
    if words[i].low not in _MODALS:
        return True
    if i and words[i - 1].joined and words[i - 1].low in _PRONOUNS:
        return False
    if i + 1 >= len(words) or not words[i].joined:
        return True
    return words[i + 1].low in _AFTER_MODAL_NAME


def _person_follows(words: list[_Word], i: int) -> bool:
    """What follows is what a person does, or nothing: "the nurse jade was lovely", "my carer ruby."."""
    if not words[i].joined:
        return True
    nxt = words[i + 1].low
    return (nxt in _PERSON_VERBS and nxt not in _MODALS) or nxt in ("and", "from", "on", "in", "at")


# What a person does, after a name that is also a word: "the nurse rose was gentle", "my carer joy
# brings her dog". "From" is left to ``_at_work_after``: "rose from his chair" is not "dave from the agency".
_DOES = (_PERSON_VERBS | _ACTION_VERBS | _INITIAL_VERBS) - {"from"}


def _used_as_name(words: list[_Word], i: int) -> bool:
    """A name that is also a word ("rose", "drew", "hope") is the person's name after a role only if
    what follows is what follows a person: nothing, "and", what they do ("was", "came", "helped",
    "needs": a verb in the past or with -s), or where they work. Otherwise it is the word itself:
    "the new manager rose to the challenge", "my key worker drew up a plan", "the nurse drew blood"."""
    if not words[i].joined:
        return True
    if _costs(words, i):
        return False
    nxt = words[i + 1].low
    if nxt in ("and", "or", "&") or nxt in _DOES or _at_work_after(words, i):
        return True
    return len(nxt) > 3 and nxt.isalpha() and nxt.endswith(("ed", "s")) and nxt not in _ORDINARY


def _unknown(low: str) -> bool:
    return (
        len(low) > 2
        and low.isalpha()
        and low not in _ANY_NAME
        and low not in _ORDINARY
        and low not in _NOT
        and not low.endswith(_ORDINARY_ENDINGS)
    )


def _named_by_job_title(words: list[_Word], i: int) -> bool:
    """A word the gazetteer does not know, after a job title, is a name when what follows is what is said
    of a person: "carer ade is so kind", "nurse abi came", "who". Not "carer pay is a disgrace", "nurse
    led clinic", "carer visits were cut". With "the" or "my" before the job title only what is said of
    no thing will do: "the carer zdenka was very patient", not "the carer rota was a mess". What a person
    does ("sorted", "rang", "explained") will do either way, unless the word is a thing a job title names
    ("the carer rota sorted it out", "carer rota sorted it")."""
    low = words[i].low
    if not _unknown(low) or low.endswith("s") or low.endswith(_NOUN_SUFFIXES) or not words[i].joined:
        return False
    determined = False
    for k in (i - 2, i - 3):  # "the carer ade", "my support worker ola"
        if k < 0 or not words[k].joined:
            break
        if words[k].low in _DETERMINERS or words[k].low in ("this", "that", "every", "each", "any", "no"):
            determined = True
            break
    n = len(words)
    nxt = words[i + 1].low
    if nxt in _ACTION_VERBS and low not in _THINGS_OF_A_JOB:
        return True  # "the carer zdenka sorted it", not "the carer rota sorted it out"
    if not determined and nxt in ("who", "came", "comes", "helped", "helps"):
        return True
    if nxt not in ("is", "was") or not words[i + 1].joined or i + 2 >= n:
        return False
    said = words[i + 2]
    if said.low in _INTENSIFIERS and said.joined and i + 3 < n:
        said = words[i + 3]
    return said.low in (_ONLY_OF_A_PERSON if determined else _PERSON_ADJECTIVES)


def _at_work_after(words: list[_Word], i: int) -> bool:
    """ "will on the day shift", "dawn from the agency", "dave on nights"."""
    n = len(words)
    if i + 2 >= n or not words[i].joined or words[i + 1].low not in ("on", "in", "from", "at"):
        return False
    if words[i + 2].low in _WORKPLACE_BARE and words[i + 2].low != "the":
        return True
    return words[i + 2].low == "the" and i + 3 < n and words[i + 3].low in _WORKPLACE


def _named_before(words: list[_Word], i: int) -> bool:
    """What comes right before word i says a name follows: a title, one person's role, "called",
    "named", "went by", "name is": "the nurse emma", "she went by emma"."""
    p1 = words[i - 1] if i and words[i - 1].joined else None
    if p1 is None:
        return False
    if p1.low in _TITLES or p1.low in _NAMING or (p1.low in _ROLES and p1.low not in _GROUP_ROLES):
        return True
    return i >= 2 and words[i - 2].joined and (words[i - 2].low, p1.low) in _NAMING2


def _is_name(words: list[_Word], i: int) -> bool:
    t = words[i]
    low = t.low
    if not t.folded or not low:
        return False
    p1 = words[i - 1] if i >= 1 and words[i - 1].joined else None
    if low in _NOT:
        # "MRS WARD", "mr hall": a place word after a title is a surname ("dr" is left out: "the dr ward round")
        return p1 is not None and p1.low in _PERSONAL_TITLES and low in _PLACE_AFTER
    p2 = words[i - 2] if p1 is not None and i >= 2 and words[i - 2].joined else None
    p1l = p1.low if p1 is not None else ""
    p2l = p2.low if p2 is not None else ""
    first, sur, wordlike = low in _FIRST, low in _SUR, low in _WORDLIKE
    short = len(low) <= 2
    if (
        t.joined
        and words[i + 1].low in _PLACE_AFTER
        and p1l not in _TITLES
        and (words[i + 1].low not in _SURNAME_PLACES or not _named_before(words, i))
    ):
        return False  # "sapphire gardens", "heather close"; not "she went by emma wood"
    if p1l in _TITLES:
        if p1l == "miss" and p1.folded:
            return (first or sur) and not short  # "i miss mum"
        return first or sur or (wordlike and _modal_name_ok(words, i)) or _unknown(low)
    if p1l in _ROLES:
        if first or sur:
            return True
        if low in _LOWER_ONLY:
            return p1l not in _GROUP_ROLES and _person_follows(words, i)  # not "my husband hung up"
        if wordlike:
            if t.joined and words[i + 1].low in _SURNAME_PLACES:
                i += 1  # "the nurse grace hill was so kind": what follows the surname says a person
            return p1l not in _GROUP_ROLES and _modal_name_ok(words, i) and _used_as_name(words, i)
        return p1l in _JOB_TITLES and _named_by_job_title(words, i)
    if p1l in _NAMING or (p2l, p1l) in _NAMING2:
        person_before = (p1l in _NAMING and p2l in _PERSON_BEFORE_NAMING) or (p2l, p1l) in _NAMING2
        if first and not short:
            return True
        return person_before and (sur or (wordlike and _modal_name_ok(words, i)) or _unknown(low))
    if (first or sur) and not short and (p1l in _LOWER_CUE1 or (p2l, p1l) in _LOWER_CUE2):
        return True
    if (first or wordlike) and p1l in ("can", "could", "would", "will") and t.joined and words[i + 1].low == "please":
        return True  # "can nicola please ring me"
    if (
        (first or wordlike)
        and low not in _MONTHS
        and not short
        and _at_work_after(words, i)
        and _modal_name_ok(words, i)
    ):
        return True
    return first and not short


def _coordinated(words: list[_Word], i: int) -> bool:
    """A word joined to a name by "and": a first name or surname, or a name that is also a word when
    what follows is what a person does ("sophie and grace were lovely", not "... and hope to")."""
    low = words[i].low
    if low in _FIRST or low in _SUR:
        return True
    if low not in _WORDLIKE or low in _MONTHS:
        return False
    return _at_work_after(words, i) or _person_follows(words, i)


def _find_names_any_case(text: str, out: list) -> None:
    # Most text holds no word in lower case or capitals that could start a name: say so before
    # building the words (a capitalised word is for names.py).
    probe = text.replace("[name]", " ") if "[" in text else text  # a placeholder is no cue
    if probe.isascii():
        apart = _PIECE_RE.findall(probe)
        if _INTEREST.isdisjoint(apart) and _INTEREST_UPPER.isdisjoint(apart) and not _CAPITAL_CUE_RE.search(probe):
            return
    elif _INTEREST.isdisjoint(w.lower() for w in _LETTERS_RE.findall(probe)):
        return
    words = _words_of(text)
    n = len(words)
    is_name = [False] * n
    for i, t in enumerate(words):
        if t.folded and (t.low in _ANY_NAME or (i and words[i - 1].low in _CUE_BEFORE_UNKNOWN)):
            is_name[i] = _is_name(words, i)
    for i in range(n - 2):
        # "sophie and jade", "ELAINE AND BRIAN": a name-like word joined to a name by "and"/"or"
        if words[i + 1].low in ("and", "or", "&") and words[i].joined and words[i + 1].joined:
            for a, b in ((i, i + 2), (i + 2, i)):
                if is_name[a] and not is_name[b] and words[b].folded and _coordinated(words, b):
                    is_name[b] = True
    for i in range(n - 1):
        here, after = words[i], words[i + 1]
        if not here.joined or is_name[i + 1] or not after.folded:
            continue
        # A surname after a first name, or after a name found above: "john smith", "Sarah jones".
        if after.low in _SUR and (is_name[i] or here.low in _FIRST):
            is_name[i] = is_name[i + 1] = True
        elif after.low in _SURNAME_PLACES and is_name[i] and _named_before(words, i):
            is_name[i + 1] = True  # "she went by emma wood", "MRS EMMA WOOD"
    i = 0
    while i < n:
        if not is_name[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and is_name[j + 1] and words[j].joined:
            j += 1
        out.append((words[i].start, words[j].end, "name"))
        i = j + 1
