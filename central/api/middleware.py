"""ASGI middleware: the version handshake (426), the overload limiter (429 + Retry-After)
and the server-time header. Pure ASGI so they cost nothing on the hot path."""

from __future__ import annotations

import json

from packaging.version import InvalidVersion, Version
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.db import utc_now
from desktop.sync import protocol as p

OPEN_PATHS = ("/v1/health", "/v1/handshake", "/openapi.json", "/docs", "/redoc")


def app_version_ok(given: str, minimum: str) -> bool:
    """PEP 440 order (`packaging.version`): "0.2.0rc1" is older than "0.2.0"; a version
    that does not parse is too old."""
    try:
        return Version(given) >= Version(minimum)
    except InvalidVersion:
        return False


async def send_error(
    send: Send, status: int, body: p.ErrorBody, headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps(body.to_dict(), ensure_ascii=False).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


class VersionGate:
    """Every /v1 call names its protocol and app version; too old gets 426."""

    def __init__(self, app: ASGIApp, min_app_version: str) -> None:
        self.app = app
        self.min_app = str(Version(min_app_version))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            return await self.app(scope, receive, send)
        if scope["path"].startswith(OPEN_PATHS):
            return await self.app(scope, receive, send)
        proto = _header(scope, p.PROTOCOL_HEADER.lower().encode())
        app_version = _header(scope, p.APP_VERSION_HEADER.lower().encode())
        too_old = not proto.isdigit() or int(proto) < p.MIN_PROTOCOL_VERSION
        if too_old or not app_version_ok(app_version, self.min_app):
            body = p.ErrorBody(
                p.ERR_UPGRADE,
                "Phiên bản Caseline này đã cũ, cần cập nhật để đồng bộ.",
                "This Caseline version is too old; update it to sync.",
                {
                    "min_protocol_version": p.MIN_PROTOCOL_VERSION,
                    "min_app_version": self.min_app,
                },
            )
            return await send_error(send, 426, body)
        return await self.app(scope, receive, send)


class OverloadLimiter:
    """At most `limit` sync requests in flight; the rest get 429 with Retry-After."""

    def __init__(self, app: ASGIApp, limit: int, retry_after_s: int) -> None:
        self.app = app
        self.limit = limit
        self.retry_after_s = retry_after_s
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/sync/"):
            return await self.app(scope, receive, send)
        if self.in_flight >= self.limit:
            body = p.ErrorBody(
                p.ERR_BUSY,
                "Máy chủ đang bận, sẽ thử lại sau.",
                "The server is busy; the desk will try again shortly.",
            )
            return await send_error(send, 429, body, {"Retry-After": str(self.retry_after_s)})
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


class ServerTime:
    """Every answer carries central's clock; desks report skew, never trust it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                stamp = utc_now().isoformat(timespec="milliseconds").encode()
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (p.SERVER_TIME_HEADER.lower().encode(), stamp)
                ]
            await send(message)

        await self.app(scope, receive, stamped)
