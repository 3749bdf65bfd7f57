"""API for urgent flags: the flags a person may see, with their review-by dates, their notes and the
referrals recorded on them (ADR 0007). Scoped and permissioned exactly like the pages: only people who
may see flags get them (403 for anyone else); the comment is read through the feedback API."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router

from core import clock
from core.api_schemas import ERRORS, MAX_INT
from themes import selectors
from themes.api_schemas import UrgentFlagOut, urgent_flag_out

router = Router(tags=["urgent flags"])

MAX_LIMIT = 200


@router.get(
    "/urgent-flags",
    response={200: list[UrgentFlagOut], **ERRORS},
    summary="Urgent flags: open ones first, the one flagged longest ago at the top",
)
def urgent_flags(
    request,
    status: Literal["", "open", "closed"] = Query("", description="`open`, or `closed` (closed either way)."),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_INT),
):
    flags = selectors.urgent_flags_with_notes(scope=request.scope, today=clock.today(), status=status)
    return [urgent_flag_out(f) for f in flags[offset : offset + limit]]


@router.get("/urgent-flags/{flag_id}", response={200: UrgentFlagOut, **ERRORS}, summary="One urgent flag")
def urgent_flag(request, flag_id: int):
    flags = selectors.urgent_flags_with_notes(scope=request.scope, today=clock.today())
    return urgent_flag_out(flags.get(pk=flag_id))
