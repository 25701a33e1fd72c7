"""Push and pull (DESIGN.md "Sync protocol" 3–7)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from central.anchors import receive as receive_anchor
from central.api.deps import DeviceDep, EngineDep, ProtocolRoute
from central.audit import audit
from central.errors import CentralError
from central.pull import pull_page
from central.push import apply_push
from desktop.sync import protocol as p

router = APIRouter(prefix="/v1/sync", tags=["sync"], route_class=ProtocolRoute)

ERRORS = {
    status: {"model": p.ErrorBody, "description": what}
    for status, what in (
        (400, "Not a valid message (the body names the field and the problem)"),
        (401, "No, unknown or revoked token"),
        (403, "Another province's data"),
        (410, "The cursor is too old or from the future: pull again from 0"),
        (413, "Body too large"),
        (426, "Protocol or app version too old"),
        (429, "Too many sync requests in flight (Retry-After)"),
    )
}


@router.post(
    "/push",
    response_model=p.PushResponse,
    responses=ERRORS,
    summary="Send up to 200 ops; one answer each",
)
async def push(
    body: p.PushRequest, device: DeviceDep, engine: EngineDep, request: Request
) -> Response:
    """Each op is answered `applied`, `duplicate`, `merged`, `conflict` or `rejected` (with
    the reason: a value breaking the value contract, another province, …)."""
    deadlines = getattr(request.app.state, "deadlines", None)
    reply = await run_in_threadpool(apply_push, engine, device, body.ops, deadlines)
    entities = {op.op_id: op.entity for op in body.ops}
    for result in reply.results:  # a stored record central cannot serve stays home
        if result.record is not None:
            if p.stored_record_problems(entities.get(result.op_id, ""), result.record):
                result.record = None  # the desk keeps its base; the pull withholds it
    return Response(reply.model_dump_json(exclude_defaults=True), media_type="application/json")


@router.get(
    "/pull",
    response_model=p.PullPage,
    responses=ERRORS,
    summary="Changed records in this device's scope, after a cursor",
)
def pull(
    device: DeviceDep,
    engine: EngineDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=p.MAX_PULL_LIMIT)] = p.DEFAULT_PULL_LIMIT,
    include_own: bool = False,
    province: Annotated[str | None, Query(max_length=8, pattern=r"^[0-9]{1,3}$")] = None,
) -> Response:
    if province is not None and province != device.province_code:
        with engine.begin() as conn:
            audit(
                conn,
                "cross_province_denied",
                device_id=device.device_id,
                province_code=device.province_code,
                asked_province=province,
            )
        raise CentralError(
            403,
            p.ERR_FORBIDDEN,
            "Máy này không được xem dữ liệu của tỉnh/thành khác.",
            "This device may not read another province's records.",
        )
    try:
        body = pull_page(engine, device, since, limit, include_own=include_own)
    except CentralError as exc:
        if exc.status == 410:  # a cursor from the future (forged) or older than tombstones
            with engine.begin() as conn:
                audit(
                    conn,
                    "pull_cursor_refused",
                    device_id=device.device_id,
                    province_code=device.province_code,
                    since=since,
                )
        raise
    return Response(body, media_type="application/json")


@router.post(
    "/anchor",
    response_model=p.AnchorReply,
    responses=ERRORS,
    summary="The desk's audit head; refused (and alerted) if it does not extend the last one",
)
async def anchor(body: p.AnchorRequest, device: DeviceDep, engine: EngineDep) -> p.AnchorReply:
    """Accepted, or refused with the last anchor central holds (`desktop/sync/anchor.py`)."""
    return await run_in_threadpool(receive_anchor, engine, device, body)
