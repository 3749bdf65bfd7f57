"""Remove personal details from free-text feedback before it is quoted.

``redact(text)`` returns a :class:`Redacted` with the redacted text and the
spans ``(start, end, kind)`` of every personal detail in the ORIGINAL text.
``as_saved(text, limit=None)`` is the redacted text alone, cut to ``limit``:
what the services that save free text written by staff keep (ADR 0016).

Kinds and placeholders::

    name        [name]            people's names ("Sarah", "Dr Patel" -> "Dr [name]")
    phone       [phone number]    UK phone numbers (not 111/999/101 etc.)
    nhs_number  [NHS number]      10 digits passing the Modulus 11 check
    email       [email address]
    postcode    [postcode]        full UK postcodes, any case, with or without space
    address     [address]         house number + street ("Flat 3, 45 High Street")

Design decisions (documented so reviewers can argue with them):

* Pure standard library, no models, no network.  Names come from a shipped
  gazetteer (``names.txt``: ~2,500 first names of many origins,
  ~500 surnames, word-like names, non-name capitalised words, place words)
  plus context rules, in this order:
    - titles: Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Rev (initials looked through:
      "Mr P. Whitworth"); a title followed by a capitalised word is a name,
      a place word too ("Mrs Ward", "Dr House"; not "Dr. Ward 5"), and in
      capitals or lower case after Mr, Mrs, Ms or Mx ("MRS WARD"; not "the dr
      ward round");
    - role and relationship words: "nurse Kelly", "my son Jamie", "the
      manager Claire", and apposition "my advocate, Rosalind, came";
    - cue phrases: "called X", "named X", "name is X", "ask for X", "thanks
      to X", "contact X", "Can X please ...";
    - gazetteer first names anywhere; surnames when not sentence-initial;
    - unknown capitalised words in person-like contexts: mid-sentence before
      a verb ("... and Bartek was"), "X's family", "X on nights", "X, the
      activities coordinator", sentence-initial before an animate verb
      ("Zdenek plays the piano"); but an ordinary word starting a sentence
      or a title is the word, not an unknown name ("Due on the last day",
      "Rain in the lounge": ``_STARTING_WORDS`` and the ordinary words of
      ``lower_words.py``);
    - coordination ("Tom or Priya") and extension over adjacent name words
      ("Sarah Thompson", "J. A. Smith-Jones").
* Titles and role words are kept: "Dr Patel" -> "Dr [name]".  The role is
  useful for governance and does not identify anyone on its own.
* Capitalised words directly before a place word are a place, not a person:
  "Rose Ward", "Florence Ward", "Mary Seacole House", "Oak Lodge", "Royal
  Victoria", "St Anne's" are kept.  The service's own place names (wards,
  homes, teams) are not personal details.  The cost: a person whose surname
  is Ward/House/Lodge ("Sarah Ward") is missed unless a title precedes
  ("Mrs Ward").  Weak place words that are also common surnames (Hall, Wood,
  Green, Hill, Park, Lane...) after a known first name are read as a
  surname ("Emma Wood") unless a word of place comes before ("on Sophie
  Lane", "moved to Sophie Lane", "live by Emma Wood", where the surname is
  the place's too); the words before such a surname are then one name with
  it ("Sarah Birch Wood", not "[name] [name]");
  after a word that is no first name they are part of the place ("Oak
  Wood", "Church Field"), unless a title comes first ("Mr Oak Wood").
  Other street and building words (Close, Court, Gardens, Way...) make a
  place after a first name too ("Heather Close", "Jasmine Gardens"). "The end of", "the corner of" and "between"
  are words of place too, and so is a place beside it ("Station Road and
  Emily Lane", "Oak Road instead of Charlotte Lane"); beside a person a first
  name and such a word are a person ("Sarah Lane and Mark Hill").
  A first name that is also a word before such a word ("Grace Hill", "Jack Wood") is one person's
  name after a cue for a person ("thanks to", a role, "seen by", "picked up") or before what is
  said of a person ("was kind", "helped us", "is a nurse", "has been our social worker"), also after
  a day ("On Monday Jack Lane came"); otherwise, and after a word of place, it is a place
  (``word_names.py``).
* First names that are also trees, flowers or stones (Willow, Holly, Hazel,
  Rowan...), which homes and wards are named after, are the place after
  "at", "in", or "come to"/"go to" ("people who come to Willow"), unless
  something says a person ("shouted at Holly", "thanks go to Ivy", "Willow
  on reception", "Holly at Willow is the best carer").
* Names that are ordinary words (Will, May, Hope, Joy, Mark, Grace...) need
  context; months (April, May, June, August) need a title, role or cue.
* Names typed in lower case or in capitals ("the carer called sarah",
  "JOHN SMITH NEVER CAME") are read by ``names_any_case.py``: the word is
  folded to lower case, so a text in capitals reads as a lower-case one, and
  taken by context only: after a title, a role word or "called/named"; a
  gazetteer first name before a gazetteer surname; a gazetteer first name on
  its own unless it is also an ordinary word or a place in lower case
  ("heather", "ruby", "read": ``wordlike_lower`` in ``names.txt``).  Names
  that are words ("will", "grace", "hope", "may") need a title, one person's
  role, "named" or a place of work after them; after a role, also what a
  person does ("the nurse rose was kind", not "the new manager rose to the
  challenge"), and not what is said of a sum ("the physio bill was £90",
  "the dentist bill was more than we were told"). An unknown word after a
  job title is a name when what follows is said of a person ("carer ade is
  so kind", not "carer pay is a disgrace"); with "the" or "my" before the
  job title, only "is/was" and a word said of a person and of no thing
  ("the carer zdenka was very patient", not "the carer training was really
  helpful"), or what a person does that things do too ("the carer zdenka
  sorted it"), unless the word is a thing a job title names ("the carer
  rota sorted it out"). A first name and a place word that is also a
  surname, in lower case or capitals, are one name after what says a name
  follows ("she went by emma wood", "the nurse grace hill").
* Not caught: unknown names in lower case outside a title, "called/named" or
  a job title, or after one before other words (there is no dictionary to
  tell them from words: "the carer zdenka's mum"), and unknown names
  at the start of a sentence before a copula ("Cosmin was the only one"),
  because "Gravy was cold" looks the same.  Street names
  without a house number are kept; partial postcodes ("LS1") are kept.
* Phone numbers: UK numbers in the usual groupings, +44 / 0044 / (0), and
  other countries' numbers written with "+".  111, 999, 101, 116 123 are
  not matched (too short).  NHS numbers: 10 digits, grouped 3-3-4 or
  ungrouped, passing Modulus 11; an ungrouped 10-digit number starting with
  0 is read as a phone number.
* Idempotent by construction: detection is repeated on the redacted text
  until it finds nothing new outside placeholders, so
  ``redact(redact(t).text).text == redact(t).text``.  Placeholders already in
  the input are left alone.  The redacted text is read again only when a
  word near a placeholder could be a name, or it holds a digit or an "@",
  or it was read as Title Case (``rereading.py``): elsewhere a second
  reading would find what the first found.
"""

from feedback.redaction.base import KINDS, PLACEHOLDERS, Redacted
from feedback.redaction.core import as_saved, redact
from feedback.redaction.numbers import is_valid_nhs_number

__all__ = ["Redacted", "redact", "as_saved", "is_valid_nhs_number", "PLACEHOLDERS", "KINDS"]
