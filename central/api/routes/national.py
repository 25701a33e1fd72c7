"""The national line's figures (issue 15): for national desks only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from central.api.deps import DeviceDep, EngineDep, ProtocolRoute
from central.audit import audit
from central.devices import UserInputError
from central.errors import CentralError
from central.national import load_population, national_monthly, national_thematic
from desktop.domain.records import NATIONAL_PROVINCE
from desktop.sync import protocol as p

router = APIRouter(prefix="/v1/national", tags=["national"], route_class=ProtocolRoute)


def _only_national(engine, device, asked: str) -> None:
    if device.province_code == NATIONAL_PROVINCE:
        return
    with engine.begin() as conn:
        audit(
            conn,
            "cross_province_denied",
            device_id=device.device_id,
            province_code=device.province_code,
            asked=asked,
        )
    raise CentralError(
        403,
        p.ERR_FORBIDDEN,
        "Chỉ tổng đài quốc gia được xem số liệu toàn quốc.",
        "Only the national line may read the country's figures.",
    )


@router.get(
    "/thematic",
    response_model=p.NationalThematic,
    responses={
        400: {"model": p.ErrorBody, "description": "Not a period, or one not begun"},
        401: {"model": p.ErrorBody, "description": "No, unknown or revoked token"},
        403: {"model": p.ErrorBody, "description": "Not a national desk"},
    },
    summary="The country's thematic counts over a period (counts only)",
)
async def thematic(
    device: DeviceDep,
    engine: EngineDep,
    from_month: Annotated[
        str, Query(alias="from", min_length=7, max_length=7, pattern=r"^[0-9]{4}-[0-9]{2}$")
    ],
    to_month: Annotated[
        str, Query(alias="to", min_length=7, max_length=7, pattern=r"^[0-9]{4}-[0-9]{2}$")
    ],
    category: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_.]+$")] = None,
) -> p.NationalThematic:
    _only_national(engine, device, "national_thematic")
    try:
        figures = await run_in_threadpool(national_thematic, engine, from_month, to_month, category)
    except UserInputError as exc:
        raise CentralError(400, p.ERR_BAD_REQUEST, "Kỳ báo cáo không hợp lệ.", str(exc)) from exc
    with engine.begin() as conn:
        audit(
            conn,
            "national_figures_read",
            device_id=device.device_id,
            province_code=device.province_code,
            period=f"{from_month}..{to_month}",
        )
    return figures


@router.get(
    "/monthly",
    response_model=p.NationalMonthly,
    responses={
        400: {"model": p.ErrorBody, "description": "Not a month, or one not begun"},
        401: {"model": p.ErrorBody, "description": "No, unknown or revoked token"},
        403: {"model": p.ErrorBody, "description": "Not a national desk"},
    },
    summary="The country's monthly figures and the provinces compared (counts only)",
)
async def monthly(
    device: DeviceDep,
    engine: EngineDep,
    request: Request,
    month: Annotated[str, Query(min_length=7, max_length=7, pattern=r"^[0-9]{4}-[0-9]{2}$")],
) -> p.NationalMonthly:
    _only_national(engine, device, "national_figures")
    settings = request.app.state.settings
    try:
        population = load_population(settings.child_population_file)
        figures = await run_in_threadpool(national_monthly, engine, month, population)
    except UserInputError as exc:
        raise CentralError(400, p.ERR_BAD_REQUEST, "Tháng không hợp lệ.", str(exc)) from exc
    with engine.begin() as conn:
        audit(
            conn,
            "national_figures_read",
            device_id=device.device_id,
            province_code=device.province_code,
            month=figures.month,
        )
    return figures
