"""Typed dependencies: the engine, the settings, the calling device; and the request class
that reads a protocol body with size caps (413), gzip accepted (`Content-Encoding: gzip`)
and a depth-limited JSON parse (`protocol.loads`), before pydantic sees it."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import Engine

from central.api.gate import ROW_KEY
from central.devices import Device, authenticate, device_of
from central.errors import CentralError
from central.settings import Settings
from desktop.sync import protocol as p


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def current_device(
    request: Request, engine: EngineDep, authorization: Annotated[str | None, Header()] = None
) -> Device:
    """The calling device. `central.api.gate.DeviceGate` has already checked the token
    (before the overload limiter) and left the device row; without the gate (an app built
    without it) the token is checked here."""
    row = request.scope.get("state", {}).get(ROW_KEY)
    if row is not None:
        return device_of(engine, row)
    return authenticate(engine, authorization)


DeviceDep = Annotated[Device, Depends(current_device)]


def _too_large() -> CentralError:
    return CentralError(
        413,
        p.ERR_TOO_LARGE,
        "Gói dữ liệu quá lớn.",
        "The request is too large.",
    )


def _bad(message_en: str) -> CentralError:
    return CentralError(400, p.ERR_BAD_REQUEST, "Yêu cầu không hợp lệ.", message_en)


class ProtocolRequest(Request):
    """A request whose body is read under central's caps and parsed by `protocol.loads`
    (no NaN, no nesting deeper than `protocol.MAX_MESSAGE_DEPTH`): a hostile body is a 4xx
    with an `ErrorBody`, never a 500 — with or without a token."""

    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            settings: Settings = self.app.state.settings
            declared = self.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_body_bytes:
                raise _too_large()
            chunks: list[bytes] = []
            size = 0
            async for chunk in self.stream():
                size += len(chunk)
                if size > settings.max_body_bytes:
                    raise _too_large()
                chunks.append(chunk)
            raw = b"".join(chunks)
            encoding = self.headers.get("content-encoding", "identity").lower()
            if encoding == "gzip":
                raw = _gunzip(raw, settings.max_decompressed_bytes)
            elif encoding not in ("identity", ""):
                raise CentralError(
                    415,
                    p.ERR_BAD_REQUEST,
                    "Kiểu nén không hỗ trợ.",
                    "Unsupported content encoding.",
                )
            self._body = raw
        return self._body

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = p.loads(await self.body())
            except p.ProtocolViolation as exc:
                raise _bad(f"The body is not valid: {exc}.") from None
        return self._json


class ProtocolRoute(APIRoute):
    """Routes whose bodies are protocol messages read by `ProtocolRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            return await handler(ProtocolRequest(request.scope, request.receive))

        return guarded


def _gunzip(raw: bytes, cap: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(raw, cap)
        if inflater.unconsumed_tail:
            raise _too_large()
        out += inflater.flush()
    except zlib.error as exc:
        raise _bad("The body is not valid gzip.") from exc
    if len(out) > cap:
        raise _too_large()
    return out
