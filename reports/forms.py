import datetime as dt

from django import forms

from core.forms import PlainWordsForm
from reports.quarters import parse_quarter, quarter_key, quarter_start, quarter_words
from reports.selectors import parse_month
from reports.spc import add_months

MONTHS_OFFERED = 36


def month_choices(today: dt.date, since: dt.date | None = None) -> list[tuple[str, str]]:
    """The months to choose from, most recent first (the current month included): back to the month
    the organisation's records begin (``since``), last month at least, and three years at most."""
    this = today.replace(day=1)
    months = [add_months(this, -k) for k in range(MONTHS_OFFERED)]
    if since is not None:
        months = [m for m in months if m >= min(since.replace(day=1), add_months(this, -1))]
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in months]


class MonthlyPackForm(PlainWordsForm):
    month = forms.ChoiceField(label="Month")
    service = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Service")

    def __init__(self, *args, today: dt.date, services=(), since: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today, since)
        self.fields["service"].choices = [("", "All your services")] + [(str(s.id), s.name) for s in services]

    def clean_month(self) -> dt.date:
        return parse_month(self.cleaned_data["month"])


QUARTERS_OFFERED = 12


def quarter_choices(today: dt.date, since: dt.date | None = None) -> list[tuple[str, str]]:
    """The quarters to choose from, most recent first (the current quarter included): back to the
    quarter the organisation's records begin (``since``), the last quarter at least, three years at most."""
    this = quarter_start(today)
    firsts = [add_months(this, -3 * k) for k in range(QUARTERS_OFFERED)]
    if since is not None:
        firsts = [q for q in firsts if q >= min(quarter_start(since), add_months(this, -3))]
    return [(quarter_key(q), f"{quarter_words(q)} ({quarter_key(q)})") for q in firsts]


class QuarterForm(PlainWordsForm):
    quarter = forms.ChoiceField(label="Quarter")
    service = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Service")

    def __init__(self, *args, today: dt.date, services=(), since: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(today, since)
        self.fields["service"].choices = [("", "All your services")] + [(str(s.id), s.name) for s in services]

    def clean_quarter(self) -> dt.date:
        return parse_quarter(self.cleaned_data["quarter"])
