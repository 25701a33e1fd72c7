"""The central line's HTTP API (FastAPI). `create_app` migrates the database first."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from central import __version__
from central.api.gate import DeviceGate
from central.api.middleware import OverloadLimiter, ServerTime, VersionGate
from central.api.routes import attachments, devices, national, packets, sync
from central.chunks import chunk_store
from central.db import make_engine, migrate
from central.errors import CentralError
from central.handoffs import Deadlines
from central.settings import Settings
from desktop.sync import protocol as p

log = logging.getLogger("caseline.central")


def create_app(settings: Settings | None = None, *, run_migrations: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.db_url)
    if run_migrations:
        migrate(engine)
    app = FastAPI(title="Caseline central", version=__version__)
    app.state.engine = engine
    app.state.settings = settings
    app.state.deadlines = Deadlines.from_settings(settings)  # handoffs (issue 15)
    app.state.chunks = chunk_store(engine, settings.attachment_dir)
    app.include_router(devices.router)
    app.include_router(sync.router)
    app.include_router(attachments.router)
    app.include_router(national.router)  # issue 15
    app.include_router(packets.router)
    _add_error_handlers(app)
    # Outermost last: server time on everything, then gzip, the version gate, the token
    # check, and only then the overload limiter (strangers never take a slot: issue 11).
    app.add_middleware(
        OverloadLimiter, limit=settings.max_concurrent, retry_after_s=settings.retry_after_s
    )
    app.add_middleware(
        DeviceGate,
        engine=engine,
        refusal_free_per_minute=settings.refusal_free_per_minute,
        refusal_delay_s=settings.refusal_delay_s,
    )
    app.add_middleware(VersionGate, min_app_version=settings.min_app_version)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=5)
    app.add_middleware(ServerTime)
    return app


def _error(status: int, body: p.ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body.to_dict(), status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CentralError)
    async def central_error(_request: Request, exc: CentralError) -> JSONResponse:
        return _error(exc.status, exc.body, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        """A message the protocol models refuse: 400, naming each field and the problem
        (never the value: it may be personal, or not even encodable)."""
        problems = [p.problem_text(e) for e in exc.errors()[:20]]
        body = p.ErrorBody(
            p.ERR_BAD_REQUEST,
            "Yêu cầu không hợp lệ: " + "; ".join(problems[:3]),
            "The request is not valid: " + "; ".join(problems[:3]),
            {"fields": [x.split(": ")[0] for x in problems], "problems": problems},
        )
        return _error(400, body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = p.ErrorBody("http", "Lỗi yêu cầu.", str(exc.detail))
        return _error(exc.status_code, body, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s", type(exc).__name__, exc_info=exc)
        body = p.ErrorBody("server", "Lỗi máy chủ.", "Server error.")
        return _error(500, body)
