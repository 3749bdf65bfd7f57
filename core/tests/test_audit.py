import datetime as dt

from core.audit import CHANGED, changes_between


def test_changes_lists_only_fields_that_changed():
    assert changes_between({"name": "A", "postcode": "LS1"}, {"name": "B", "postcode": "LS1"}) == {
        "name": {"from": "A", "to": "B"}
    }


def test_personal_fields_are_named_but_not_copied():
    diff = changes_between({"email": "a@example.org"}, {"email": "b@example.org"}, personal={"email"})
    assert diff == {"email": {"from": CHANGED, "to": CHANGED}}
    assert "example.org" not in str(diff)


def test_values_become_plain_json():
    diff = changes_between({}, {"when": dt.date(2026, 1, 2), "ids": {3, 1}})
    assert diff == {"ids": {"from": None, "to": [1, 3]}, "when": {"from": None, "to": "2026-01-02"}}
