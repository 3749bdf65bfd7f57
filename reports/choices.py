"""Which report someone asked for: the period and service from a page's query, checked against scope.

The pages, the downloads and the PDFs made in the background all read a report's choice here, so a
PDF made later is the report the person was looking at.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict

from core import clock
from organisations import selectors as org_selectors
from organisations.models import Service
from organisations.scope import Scope
from reports import oversight, selectors
from reports.commissioner import TITLE as commissioner_title
from reports.commissioner import commissioner_report
from reports.cqc import TITLE as cqc_title
from reports.cqc import cqc_pack
from reports.cqc import default_period as cqc_period
from reports.document import Report
from reports.forms import MonthlyPackForm, QuarterForm
from reports.monthly import TITLE as monthly_pack_title
from reports.monthly import monthly_pack
from reports.quarterly import TITLE as quarterly_title
from reports.quarterly import quarterly_summary
from reports.quarters import quarter_key, quarter_start, quarter_words
from reports.spc import add_months


@dataclass(frozen=True)
class Choice:
    form: object | None  # the bound form, for pages to show (None for the CQC pack)
    period: object | None  # the month or quarter (a date), None if the query was not valid
    service: Service | None  # None: all the services the person covers
    query: dict[str, str]  # the choice written out in full, to make the same report again

    @property
    def valid(self) -> bool:
        return self.period is not None


def _with_defaults(scope: Scope, data: QueryDict, key: str, period: str) -> QueryDict:
    """The query with ``key`` defaulting to ``period`` and the service to the one being looked at."""
    data = data.copy()
    data.setdefault(key, period)
    if "service" not in data and scope.current_service_id:
        data["service"] = str(scope.current_service_id)
    return data


def _records_began(scope: Scope):
    """The month the person's feedback begins, so the periods offered start there (None: not known)."""
    try:
        return oversight.first_feedback_month(scope=scope)
    except PermissionDenied:
        return None


def monthly_choice(*, scope: Scope, data: QueryDict) -> Choice:
    """The month and service asked for; last month and the service being looked at by default."""
    today = clock.today()
    data = _with_defaults(scope, data, "month", f"{add_months(today.replace(day=1), -1):%Y-%m}")
    form = MonthlyPackForm(
        data, today=today, services=org_selectors.service_list(scope=scope), since=_records_began(scope)
    )
    if not form.is_valid():
        return Choice(form, None, None, {})
    service = selectors.report_service(scope=scope, service_id=form.cleaned_data["service"])
    month = form.cleaned_data["month"]
    return Choice(form, month, service, {"month": f"{month:%Y-%m}", "service": str(service.id) if service else ""})


class ServiceNotInScope(PermissionDenied):
    """A report asked for about a service the person does not cover: the same answer whether or not the
    service exists, so nobody learns which services there are outside their scope."""


def quarter_choice(*, scope: Scope, data: QueryDict) -> Choice:
    """The quarter and service asked for; the previous quarter and the service looked at by default.
    A service outside the person's scope (or no service at all) raises ServiceNotInScope."""
    today = clock.today()
    data = _with_defaults(scope, data, "quarter", quarter_key(add_months(quarter_start(today), -3)))
    services = oversight.services_in_scope(scope=scope)
    if data.get("service") and data["service"] not in {str(s.id) for s in services}:
        raise ServiceNotInScope("You cannot see this service.")
    form = QuarterForm(data, today=today, services=services, since=_records_began(scope))
    if not form.is_valid():
        return Choice(form, None, None, {})
    service = oversight.service_in_scope(scope=scope, service_id=form.cleaned_data["service"])
    quarter = form.cleaned_data["quarter"]
    return Choice(
        form, quarter, service, {"quarter": quarter_key(quarter), "service": str(service.id) if service else ""}
    )


def cqc_choice(*, scope: Scope, data: QueryDict) -> Choice:
    """The CQC pack covers the year to date; only the service can be chosen."""
    raw = data.get("service", str(scope.current_service_id) if scope.current_service_id else "")
    if raw and not raw.isdigit():
        raise Http404("No such service")
    service = selectors.report_service(scope=scope, service_id=int(raw)) if raw else None
    return Choice(None, clock.today(), service, {"service": str(service.id) if service else ""})


CHOICES = {
    "monthly": monthly_choice,
    "quarterly": quarter_choice,
    "commissioner": quarter_choice,
    "cqc": cqc_choice,
}


def file_title(*, title: str, coverage: str, period: str) -> str:
    """How a PDF is named in the list of PDFs and on its page: the report, its services and period."""
    return f"{title}: {coverage}, {period}"


def choice_title(*, scope: Scope, kind: str, choice: Choice) -> str:
    """The name the report of a valid choice will give itself, read without building it: a PDF
    waiting to be made is named as it will be once made (the same services and period)."""
    names = {
        "monthly": monthly_pack_title,
        "quarterly": quarterly_title,
        "commissioner": commissioner_title,
        "cqc": cqc_title,
    }
    if kind in ("monthly", "cqc"):
        covers = selectors.coverage(scope=scope, service=choice.service)
    else:
        covers = oversight.coverage(scope=scope, service=choice.service)
    if kind == "monthly":
        period = choice.period.strftime("%B %Y")
    elif kind == "cqc":
        first, last = cqc_period(choice.period)
        period = f"{first:%-d %B %Y} to {last:%-d %B %Y}"
    else:
        first = quarter_start(choice.period)
        period = f"{quarter_words(first)} ({quarter_key(first)})"
    return file_title(title=names[kind], coverage=covers, period=period)


def build_report(*, scope: Scope, kind: str, choice: Choice) -> Report:
    """The report ``kind`` for a valid choice (each builder checks the reader's permission)."""
    if kind == "monthly":
        return monthly_pack(scope=scope, month=choice.period, service=choice.service)
    if kind == "quarterly":
        return quarterly_summary(scope=scope, quarter=choice.period, service=choice.service)
    if kind == "commissioner":
        return commissioner_report(scope=scope, quarter=choice.period, service=choice.service)
    if kind == "cqc":
        return cqc_pack(scope=scope, service=choice.service)
    raise ValueError(f"No report called {kind!r}")
