"""Enrolment and the calling device (DESIGN.md "Sync protocol" 1, 8)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from starlette.concurrency import run_in_threadpool

from central.api.deps import DeviceDep, EngineDep, ProtocolRoute, SettingsDep
from central.api.routes.sync import ERRORS
from central.db import utc_now
from central.devices import enrol, report_wipe
from central.packets import province_key
from desktop.sync import protocol as p

router = APIRouter(prefix="/v1", tags=["devices"], route_class=ProtocolRoute)


@router.get("/health", summary="Liveness")
def health() -> dict[str, bool]:
    return {"ok": True}


@router.get(
    "/handshake",
    response_model=p.Handshake,
    summary="Protocol and app versions central accepts, and its time",
)
def handshake(settings: SettingsDep) -> p.Handshake:
    return p.Handshake(
        p.PROTOCOL_VERSION,
        p.MIN_PROTOCOL_VERSION,
        settings.min_app_version,
        utc_now().isoformat(timespec="milliseconds"),
    )


@router.post(
    "/devices/enroll",
    response_model=p.EnrolResponse,
    responses=ERRORS,
    summary="Trade a one-time code",
)
async def enroll(body: p.EnrolRequest, engine: EngineDep) -> p.EnrolResponse:
    reply = await run_in_threadpool(enrol, engine, body)
    key = await run_in_threadpool(province_key, engine, reply.province_code)
    return reply.model_copy(update={"packet_key": key.hex() if key else ""})


@router.get(
    "/devices/me", response_model=p.DeviceInfo, responses=ERRORS, summary="The calling device"
)
def me(device: DeviceDep) -> p.DeviceInfo:
    return p.DeviceInfo(device.device_id, device.device_code, device.province_code)


@router.post(
    "/devices/wiped",
    responses=ERRORS,
    summary="A device marked lost reports its wipe and the changes it never sent",
)
async def wiped(
    body: p.WipeReport,
    engine: EngineDep,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, bool]:
    await run_in_threadpool(report_wipe, engine, authorization, body)
    return {"ok": True}
