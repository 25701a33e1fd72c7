"""Push and pull (DESIGN.md "Sync protocol" 3–7)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from central.api.deps import DeviceDep, EngineDep, JsonBody
from central.audit import audit
from central.errors import CentralError
from central.pull import pull_page
from central.push import apply_push
from desktop.sync import protocol as p

router = APIRouter(prefix="/v1/sync", tags=["sync"])

_OP_SCHEMA = {
    "type": "object",
    "required": ["op_id", "entity", "record_id", "fields"],
    "properties": {
        "op_id": {"type": "string", "maxLength": 64},
        "entity": {"type": "string", "enum": list(p.SYNCED_ENTITIES)},
        "record_id": {"type": "string", "maxLength": 64},
        "fields": {"type": "object"},
        "base_rev": {"type": "integer", "minimum": 0},
        "user": {"type": "string"},
        "client_time": {"type": "string"},
    },
}
_PUSH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["ops"],
                    "properties": {
                        "ops": {"type": "array", "maxItems": p.MAX_PUSH_OPS, "items": _OP_SCHEMA}
                    },
                }
            }
        },
    }
}


@router.post("/push", openapi_extra=_PUSH_BODY, summary="Send up to 200 ops; one answer each")
async def push(body: JsonBody, device: DeviceDep, engine: EngineDep) -> Response:
    try:
        request = p.PushRequest.from_dict(body)
    except p.ProtocolViolation as exc:
        raise CentralError(400, p.ERR_BAD_REQUEST, "Yêu cầu không hợp lệ.", str(exc)) from exc
    reply = await run_in_threadpool(apply_push, engine, device, request.ops)
    return Response(json.dumps(reply.to_dict(), ensure_ascii=False), media_type="application/json")


@router.get("/pull", summary="Changed records in this device's scope, after a cursor")
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
