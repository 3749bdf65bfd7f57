"""The words a "You said, we did" pair starts from fit the poster as drafted; "Now" is left to the
person who words it, never the verifier's evidence in staff words."""

from governance.models import Action
from reports.you_said import MAX_CHARACTERS, Candidate, you_said_draft


def test_a_draft_from_long_words_is_cut_at_a_word_to_the_posters_length():
    action = Action(
        title="Monthly menu panel with residents and families, with the cook, tasting sessions and a new "
        "seasonal menu written together every quarter",
        impact_note="Comments about cold or repetitive food have halved since the panel began and the residents "
        "at the forum agreed that the menu is better now than it has been for a long time. More follows.",
    )
    draft = you_said_draft(candidate=Candidate(action=action, pair=None, themes=("Food & drink",)))
    assert draft["you_said"] == "Food & drink could be better."
    assert len(draft["we_did"]) <= MAX_CHARACTERS and draft["we_did"].endswith("…"), draft["we_did"]
    assert draft["we_did"].startswith("Monthly menu panel with residents and families")
    assert draft["we_did"][:-1].split()[-1] in set(action.title.split())
    assert draft["now"] == ""


def test_a_short_draft_is_kept_whole():
    action = Action(title="Weekly call-bell audit", impact_note="Waits are under five minutes. More below.")
    draft = you_said_draft(candidate=Candidate(action=action, pair=None, themes=()))
    assert draft["we_did"] == "Weekly call-bell audit."
    assert draft["now"] == ""  # the evidence is the checker's note for the record, not words for the public


def test_an_action_to_find_out_why_is_drafted_as_looking_into_it_and_what_the_evidence_found():
    action = Action(
        title="Find out why food & drink is raised more, and report back",
        impact_note="Food & drink: raised 5 times since the last review, down from 11 times at the review of "
        "23 May 2026 that opened this action. The cook changed the menu.",
    )
    draft = you_said_draft(candidate=Candidate(action=action, pair=None, themes=("Food & drink",)))
    assert draft["you_said"] == "Food & drink could be better."
    assert draft["we_did"] == "We looked into why food & drink came up more often."
    assert draft["now"] == ""
    assert all(len(draft[name]) <= MAX_CHARACTERS for name in ("you_said", "we_did", "now"))


def test_other_ways_of_finding_out_are_drafted_the_same_and_kept_to_the_posters_length():
    for title, looked in (
        ("Look into why families are not told of changes", "We looked into why families are not told of changes."),
        ("Investigate what stops residents going out; report back to the forum", "We looked into what stops "
         "residents going out."),
        ("ask why night staff miss the call bell", "We looked into why night staff miss the call bell."),
    ):  # fmt: skip
        draft = you_said_draft(candidate=Candidate(action=Action(title=title), pair=None, themes=()))
        assert draft["we_did"] == looked and draft["now"] == ""
    long = Action(title="Find out why " + "the laundry and the personal belongings of residents go missing " * 3)
    we_did = you_said_draft(candidate=Candidate(action=long, pair=None, themes=()))["we_did"]
    assert we_did.startswith("We looked into why the laundry") and we_did.endswith("…")
    assert len(we_did) <= MAX_CHARACTERS
    # An action that changed something is told as what was done.
    asking = Action(title="Ask residents to taste the new menu", impact_note="They chose six dishes.")
    assert you_said_draft(candidate=Candidate(action=asking, pair=None, themes=()))["we_did"] == (
        "Ask residents to taste the new menu."
    )
