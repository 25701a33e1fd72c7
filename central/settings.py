"""Central's settings, from the environment (CASELINE_CENTRAL_*), with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from central.db import default_url


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = int(raw)
    if value <= 0:
        raise ValueError(f"{name} must be positive")
    return value


@dataclass(frozen=True)
class Settings:
    db_url: str = field(default_factory=default_url)
    max_body_bytes: int = 8 * 1024 * 1024  # as sent (maybe gzip)
    max_decompressed_bytes: int = 32 * 1024 * 1024
    max_concurrent: int = 16  # sync requests in flight before 429
    retry_after_s: int = 5
    min_app_version: str = "0.1.0"
    # Refusals (bad or revoked tokens) a source address gets answered at once per minute;
    # each one after that waits refusal_delay_s (central.api.gate).
    refusal_free_per_minute: int = 30
    refusal_delay_s: float = 1.0

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        return cls(
            db_url=db_url or default_url(),
            max_body_bytes=_int("CASELINE_CENTRAL_MAX_BODY", cls.max_body_bytes),
            max_decompressed_bytes=_int(
                "CASELINE_CENTRAL_MAX_DECOMPRESSED", cls.max_decompressed_bytes
            ),
            max_concurrent=_int("CASELINE_CENTRAL_MAX_CONCURRENT", cls.max_concurrent),
            retry_after_s=_int("CASELINE_CENTRAL_RETRY_AFTER", cls.retry_after_s),
            min_app_version=os.environ.get("CASELINE_CENTRAL_MIN_APP", cls.min_app_version),
            refusal_free_per_minute=_int(
                "CASELINE_CENTRAL_REFUSAL_FREE", cls.refusal_free_per_minute
            ),
            refusal_delay_s=float(
                os.environ.get("CASELINE_CENTRAL_REFUSAL_DELAY") or cls.refusal_delay_s
            ),
        )
