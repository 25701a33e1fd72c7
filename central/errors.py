"""Errors central answers with: an HTTP status and a protocol `ErrorBody` in both languages."""

from __future__ import annotations

from typing import Any

from desktop.sync.protocol import ErrorBody


class CentralError(Exception):
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
        super().__init__(message_en)
        self.status = status
        self.body = ErrorBody(error, message_vi, message_en, dict(detail))
        self.headers = headers or {}
