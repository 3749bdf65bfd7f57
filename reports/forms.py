import datetime as dt

from django import forms

from reports.quarters import parse_quarter, quarter_key, quarter_start, quarter_words
from reports.selectors import parse_month
from reports.spc import add_months

MONTHS_OFFERED = 36


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    """The last three years of months, most recent first (the current month included)."""
    this = today.replace(day=1)
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in (add_months(this, -k) for k in range(MONTHS_OFFERED))]


class MonthlyPackForm(forms.Form):
    month = forms.ChoiceField(label="Month")
    service = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Service")

    def __init__(self, *args, today: dt.date, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today)
        self.fields["service"].choices = [("", "All your services")] + [(str(s.id), s.name) for s in services]

    def clean_month(self) -> dt.date:
        return parse_month(self.cleaned_data["month"])


QUARTERS_OFFERED = 12


def quarter_choices(today: dt.date) -> list[tuple[str, str]]:
    """The last three years of quarters, most recent first (the current quarter included)."""
    this = quarter_start(today)
    firsts = [add_months(this, -3 * k) for k in range(QUARTERS_OFFERED)]
    return [(quarter_key(q), f"{quarter_words(q)} ({quarter_key(q)})") for q in firsts]


class QuarterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter")
    service = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Service")

    def __init__(self, *args, today: dt.date, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(today)
        self.fields["service"].choices = [("", "All your services")] + [(str(s.id), s.name) for s in services]

    def clean_quarter(self) -> dt.date:
        return parse_quarter(self.cleaned_data["quarter"])
