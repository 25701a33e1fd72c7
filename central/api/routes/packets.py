"""The province's sync-packet key, for its enrolled desks (issue 16, desktop/sync/packet.py)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from central.api.deps import DeviceDep, EngineDep, ProtocolRoute
from central.api.routes.attachments import ERRORS
from central.packets import province_key
from desktop.sync import packet as pk
from desktop.sync import protocol as p

router = APIRouter(tags=["packets"], route_class=ProtocolRoute)


@router.get(
    pk.PACKET_KEY_PATH,
    response_model=p.PacketKey,
    responses={k: v for k, v in ERRORS.items() if k != 404},
    summary="This device's province packet key (made on first use)",
)
async def packet_key(device: DeviceDep, engine: EngineDep) -> p.PacketKey:
    key = await run_in_threadpool(province_key, engine, device.province_code)
    assert key is not None
    return p.PacketKey(province_code=device.province_code, key=key.hex())
