"""The words a "You said, we did" pair starts from fit the poster as drafted."""

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
    assert draft["you_said"] == "You told us about food & drink."
    for name in ("we_did", "now"):
        assert len(draft[name]) <= MAX_CHARACTERS and draft[name].endswith("…"), draft[name]
    assert draft["we_did"].startswith("We did this: monthly menu panel with residents and families")
    assert draft["now"].startswith("Comments about cold or repetitive food have halved")
    whole_words = set(action.title.split()) | set(action.impact_note.split())
    assert draft["now"][:-1].split()[-1] in whole_words


def test_a_short_draft_is_kept_whole():
    action = Action(title="Weekly call-bell audit", impact_note="Waits are under five minutes. More below.")
    draft = you_said_draft(candidate=Candidate(action=action, pair=None, themes=()))
    assert draft["we_did"] == "We did this: weekly call-bell audit."
    assert draft["now"] == "Waits are under five minutes."
