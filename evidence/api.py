"""API for evidence: incidents, staff and partner feedback and performance measures, so an incident or
risk system can send what it records as it records it. Scoped and permissioned exactly like the pages;
summaries have personal details taken out before they are saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from ninja import Field, Query, Router, Schema, Status

from core.api_schemas import ERRORS, BodyIn, fields_as_sent
from evidence import selectors, services
from evidence.models import EvidenceKind, Harm, Source
from themes.api_schemas import ThemeFrameworkOut, theme_framework_out
from themes.selectors import published_versions

router = Router(tags=["evidence"])

MAX_LIMIT = 200
# The services name a record's service as a record holds it; a client sent `service_id`.
_AS_SENT = {"service": "service_id"}


class ItemOut(Schema):
    id: int
    service_id: int
    kind: EvidenceKind
    occurred_on: dt.date
    summary: str
    harm: str
    reference: str
    themes: list[str]
    theme_framework: ThemeFrameworkOut | None = Field(
        description="The framework its theme codes are of; none without themes."
    )
    source: Source
    recorded_at: dt.datetime
    withdrawn: bool
    withdrawn_because: str | None
    replaces_id: int | None


class ItemIn(BodyIn):
    service_id: int
    kind: EvidenceKind
    occurred_on: dt.date
    summary: str
    harm: Harm | None = None
    reference: str = ""
    themes: list[str] = []
    theme_framework_id: int | None = Field(
        None, description="The framework the themes are of (one of the organisation's); the main framework if left out."
    )


class CorrectIn(ItemIn):
    reason: str


class WithdrawIn(BodyIn):
    reason: str


class ReadingOut(Schema):
    service_id: int
    month: dt.date
    value: float
    corrected_from: float | None
    correction: str


class MeasureOut(Schema):
    id: int
    name: str
    unit: str
    lower_is_better: bool
    category: str
    theme_code: str
    theme_framework: ThemeFrameworkOut | None = Field(
        description="The framework its theme code is of; none without one."
    )
    readings: list[ReadingOut]


class ReadingIn(BodyIn):
    service_id: int
    month: dt.date
    value: float
    correction: str = ""


def _item(i, versions: dict[int, int]) -> dict:
    withdrawal = getattr(i, "withdrawal", None)  # a reverse one-to-one: missing raises AttributeError
    return {
        "id": i.id,
        "service_id": i.service_id,
        "kind": i.kind,
        "occurred_on": i.occurred_on,
        "summary": i.summary,
        "harm": i.harm,
        "reference": i.reference,
        "themes": [t.code for t in i.themes.all()],
        "theme_framework": theme_framework_out(i.theme_framework, versions),
        "source": i.source,
        "recorded_at": i.recorded_at,
        "withdrawn": withdrawal is not None,
        "withdrawn_because": withdrawal.reason if withdrawal is not None else None,
        "replaces_id": i.replaces_id,
    }


def _input(body: ItemIn) -> services.ItemInput:
    return services.ItemInput(
        service_id=body.service_id,
        kind=body.kind,
        occurred_on=body.occurred_on,
        summary=body.summary,
        harm=body.harm or "",
        reference=body.reference,
        theme_codes=body.themes,
        theme_framework_id=body.theme_framework_id,
    )


def _one(request, item) -> dict:
    return _item(item, published_versions(scope=request.scope))


@router.get("/evidence", response={200: list[ItemOut], **ERRORS}, summary="Evidence records, most recent first")
def items(
    request,
    kind: EvidenceKind | None = None,
    service_id: int | None = None,
    theme: str = "",
    withdrawn: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    filters = selectors.ItemFilters(service_id=service_id, kind=kind or "", theme_code=theme, withdrawn=withdrawn)
    versions = published_versions(scope=request.scope)
    listed = selectors.item_list(scope=request.scope, filters=filters)[offset : offset + limit]
    return [_item(i, versions) for i in listed]


@router.get("/evidence/measures", response={200: list[MeasureOut], **ERRORS}, summary="Performance measures")
def measures(request):
    versions = published_versions(scope=request.scope)
    return [
        {
            "id": m.id,
            "name": m.name,
            "unit": m.unit,
            "lower_is_better": m.lower_is_better,
            "category": m.category,
            "theme_code": m.theme_code,
            "theme_framework": theme_framework_out(m.theme_framework, versions),
            "readings": [
                {
                    "service_id": r.service_id,
                    "month": r.month,
                    "value": r.value,
                    "corrected_from": r.replaces.value if r.replaces_id else None,
                    "correction": r.correction,
                }
                for r in m.readings.all()
            ],
        }
        for m in selectors.measure_list(scope=request.scope)
    ]


@router.get("/evidence/{item_id}", response={200: ItemOut, **ERRORS}, summary="One evidence record")
def item(request, item_id: int):
    return _one(request, selectors.item_get(scope=request.scope, item_id=item_id))


@router.post("/evidence", response={201: ItemOut, **ERRORS}, summary="Record an incident, or staff or partner feedback")
def item_record(request, body: ItemIn):
    with fields_as_sent(_AS_SENT):
        made = services.item_record(scope=request.scope, **asdict(_input(body)))
    return Status(201, _one(request, selectors.item_get(scope=request.scope, item_id=made.id)))


@router.post(
    "/evidence/{item_id}/correct",
    response={201: ItemOut, **ERRORS},
    summary="Correct a record: it is withdrawn with the reason, and the corrected record replaces it",
)
def item_correct(request, item_id: int, body: CorrectIn):
    with fields_as_sent(_AS_SENT):
        made = services.item_correct(scope=request.scope, item_id=item_id, data=_input(body), reason=body.reason)
    return Status(201, _one(request, selectors.item_get(scope=request.scope, item_id=made.id)))


@router.post(
    "/evidence/{item_id}/withdraw",
    response={200: ItemOut, **ERRORS},
    summary="Withdraw a record that should not count, with the reason; it is kept",
)
def item_withdraw(request, item_id: int, body: WithdrawIn):
    services.item_withdraw(scope=request.scope, item_id=item_id, reason=body.reason)
    return _one(request, selectors.item_get(scope=request.scope, item_id=item_id))


@router.post(
    "/evidence/measures/{measure_id}/readings",
    response={201: ReadingOut, **ERRORS},
    summary="Record a month's figure for a measure (or correct it, saying why)",
)
def reading_record(request, measure_id: int, body: ReadingIn):
    with fields_as_sent(_AS_SENT):
        made = services.reading_record(
            scope=request.scope,
            measure_id=measure_id,
            service_id=body.service_id,
            month=body.month,
            value=body.value,
            correction=body.correction,
        )
    return Status(
        201,
        {
            "service_id": made.service_id,
            "month": made.month,
            "value": made.value,
            "corrected_from": made.replaces.value if made.replaces_id else None,
            "correction": made.correction,
        },
    )
