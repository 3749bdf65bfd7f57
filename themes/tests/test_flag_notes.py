"""What someone writes about an urgent flag is checked by one function each, which the flag forms and
the services both call: a reason to flag a comment, and a note of what was done (closing a flag needs
one too)."""

import pytest

from themes.forms import FlagActionForm, FlagOutcome, RaiseFlagForm
from themes.services.urgent_flags import MAX_REASON_LENGTH, flag_action_problem, flag_reason_problem

NO_REASON = "Say why this comment needs urgent attention."
TOO_LONG = f"Say why in up to {MAX_REASON_LENGTH} characters."
NO_ACTION = "Enter what was done."


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("", NO_REASON),
        (" \n ", NO_REASON),
        ("x" * (MAX_REASON_LENGTH + 1), TOO_LONG),
        (" " + "x" * MAX_REASON_LENGTH + " ", None),
        ("She flinched.", None),
    ],
)
def test_a_reason_to_flag_a_comment(reason, problem):
    assert flag_reason_problem(reason) == problem
    form = RaiseFlagForm({"comment": "1", "reason": reason}, comments=[type("C", (), {"id": 1, "text": "x"})()])
    assert form.is_valid() is (problem is None)
    assert form.errors.get("reason", [None]) == [problem]


@pytest.mark.parametrize(("action", "problem"), [("", NO_ACTION), ("  \t", NO_ACTION), ("Called the family.", None)])
@pytest.mark.parametrize("outcome", [FlagOutcome.CLOSE, FlagOutcome.KEEP_OPEN])
def test_a_note_of_what_was_done_closing_the_flag_or_not(action, problem, outcome):
    assert flag_action_problem(action) == problem
    form = FlagActionForm({"action": action, "outcome": outcome.value}, flag_is_open=True)
    assert form.is_valid() is (problem is None)
    assert form.errors.get("action", [None]) == [problem]
