"""Enrolment and the calling device (DESIGN.md "Sync protocol" 1, 8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from starlette.concurrency import run_in_threadpool

from central.api.deps import DeviceDep, EngineDep, JsonBody, SettingsDep
from central.db import utc_now
from central.devices import enrol, report_wipe
from central.errors import CentralError
from desktop.sync import protocol as p

router = APIRouter(prefix="/v1", tags=["devices"])

_ENROL_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["code", "device_code"],
                    "properties": {
                        "code": {"type": "string", "maxLength": 64},
                        "device_code": {"type": "string", "maxLength": 8},
                        "province_code": {"type": "string", "maxLength": 8},
                        "app_version": {"type": "string", "maxLength": 40},
                    },
                }
            }
        },
    }
}


@router.get("/health", summary="Liveness")
def health() -> dict[str, bool]:
    return {"ok": True}


@router.get("/handshake", summary="Protocol and app versions central accepts, and its time")
def handshake(settings: SettingsDep) -> dict:
    return p.Handshake(
        p.PROTOCOL_VERSION,
        p.MIN_PROTOCOL_VERSION,
        settings.min_app_version,
        utc_now().isoformat(timespec="milliseconds"),
    ).to_dict()


@router.post("/devices/enroll", openapi_extra=_ENROL_BODY, summary="Trade a one-time code")
async def enroll(body: JsonBody, engine: EngineDep) -> dict:
    try:
        request = p.EnrolRequest.from_dict(body)
    except p.ProtocolViolation as exc:
        raise CentralError(400, p.ERR_BAD_REQUEST, "Yêu cầu không hợp lệ.", str(exc)) from exc
    reply = await run_in_threadpool(enrol, engine, request)
    return reply.to_dict()


@router.get("/devices/me", summary="The calling device")
def me(device: DeviceDep) -> dict:
    return {
        "device_id": device.device_id,
        "device_code": device.device_code,
        "province_code": device.province_code,
    }


_WIPED_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["pending_ops"],
                    "properties": {
                        "pending_ops": {"type": "integer", "minimum": 0},
                        "by_entity": {
                            "type": "object",
                            "additionalProperties": {"type": "integer", "minimum": 0},
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/devices/wiped",
    openapi_extra=_WIPED_BODY,
    summary="A device marked lost reports its wipe and the changes it never sent",
)
async def wiped(
    body: JsonBody, engine: EngineDep, authorization: Annotated[str | None, Header()] = None
) -> dict[str, bool]:
    try:
        report = p.WipeReport.from_dict(body)
    except p.ProtocolViolation as exc:
        raise CentralError(400, p.ERR_BAD_REQUEST, "Yêu cầu không hợp lệ.", str(exc)) from exc
    await run_in_threadpool(report_wipe, engine, authorization, report)
    return {"ok": True}
