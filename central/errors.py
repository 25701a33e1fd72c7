"""Errors central answers with: an HTTP status and a protocol `ErrorBody` in both languages.

A `CentralError` is a Starlette `HTTPException`, so one raised while FastAPI reads a body
(too large, not JSON, nested too deep) keeps its status and body instead of becoming a
generic 400 or a 500."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

from desktop.sync.protocol import ErrorBody


class CentralError(HTTPException):
    def __init__(
        self,
        status: int,
        error: str,
        message_vi: str,
        message_en: str,
        *,
        headers: dict[str, str] | None = None,
        **detail: Any,
    ) -> None:
        super().__init__(status, message_en, headers or {})
        self.status = status
        self.body = ErrorBody(error, message_vi, message_en, dict(detail))
        self.headers = headers or {}

    def __str__(self) -> str:
        return self.body.message_en
