"""Central's settings, declared once with types and defaults and read from the environment
by `pydantic-settings`:

| field | environment | default |
|---|---|---|
| db_url | CASELINE_CENTRAL_DB | an SQLite file in the user data dir |
| max_body_bytes | CASELINE_CENTRAL_MAX_BODY | 8 MiB (as sent, maybe gzip) |
| max_decompressed_bytes | CASELINE_CENTRAL_MAX_DECOMPRESSED | 32 MiB |
| max_concurrent | CASELINE_CENTRAL_MAX_CONCURRENT | 16 sync requests in flight, then 429 |
| retry_after_s | CASELINE_CENTRAL_RETRY_AFTER | 5 s |
| min_app_version | CASELINE_CENTRAL_MIN_APP | 0.1.0 (PEP 440; older desks get 426) |
| refusal_free_per_minute | CASELINE_CENTRAL_REFUSAL_FREE | 30 refusals a source gets at once |
| refusal_delay_s | CASELINE_CENTRAL_REFUSAL_DELAY | 1.0 s each refusal after those waits |
| handoff_urgent_hours | CASELINE_CENTRAL_HANDOFF_URGENT_HOURS | 12 h to accept an urgent handoff |
| handoff_working_days | CASELINE_CENTRAL_HANDOFF_WORKING_DAYS | 1 working day to accept any other |
| holiday_file | CASELINE_CENTRAL_HOLIDAY_FILE | the bundled Vietnamese holidays |
| attachment_dir | CASELINE_CENTRAL_ATTACHMENT_DIR | '' (attachment chunks in the database); an absolute folder: chunks as files there (central/chunks.py) |
| child_population_file | CASELINE_CENTRAL_CHILD_POPULATION | none: per-100,000 rates left out |

A bad value stops the server at start with one line naming the variable."""

from __future__ import annotations

from typing import Annotated

from packaging.version import InvalidVersion, Version
from pydantic import AfterValidator, Field, PositiveInt, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from central.db import default_url


def _pep440(value: str) -> str:
    try:
        Version(value)
    except InvalidVersion:
        raise ValueError("not a version (PEP 440, e.g. 0.2.0)") from None
    return value


def _absolute_or_empty(value: str) -> str:
    if value and not value.startswith("/") and ":" not in value[:3]:
        raise ValueError("an absolute folder path, or empty for the database")
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, populate_by_name=True, extra="ignore")

    db_url: str = Field(default_factory=default_url, validation_alias="CASELINE_CENTRAL_DB")
    max_body_bytes: PositiveInt = Field(
        8 * 1024 * 1024, validation_alias="CASELINE_CENTRAL_MAX_BODY"
    )
    max_decompressed_bytes: PositiveInt = Field(
        32 * 1024 * 1024, validation_alias="CASELINE_CENTRAL_MAX_DECOMPRESSED"
    )
    max_concurrent: PositiveInt = Field(16, validation_alias="CASELINE_CENTRAL_MAX_CONCURRENT")
    retry_after_s: PositiveInt = Field(5, validation_alias="CASELINE_CENTRAL_RETRY_AFTER")
    min_app_version: Annotated[str, AfterValidator(_pep440)] = Field(
        "0.1.0", validation_alias="CASELINE_CENTRAL_MIN_APP"
    )
    # Refusals (bad or revoked tokens) a source address gets answered at once per minute;
    # each one after that waits refusal_delay_s (central.api.gate).
    refusal_free_per_minute: PositiveInt = Field(
        30, validation_alias="CASELINE_CENTRAL_REFUSAL_FREE"
    )
    refusal_delay_s: Annotated[float, Field(ge=0)] = Field(
        1.0, validation_alias="CASELINE_CENTRAL_REFUSAL_DELAY"
    )

    # National handoffs (issue 15): the acceptance deadline central sets when a handoff
    # reaches it. Urgent: hours from that moment; otherwise working days (Civil Code Art.
    # 147-148: the day of receipt does not count, the period ends 23:59:59 Vietnam time),
    # holidays from the bundled file or the centre's own copy.
    handoff_urgent_hours: Annotated[float, Field(gt=0, le=24 * 30)] = Field(
        12.0, validation_alias="CASELINE_CENTRAL_HANDOFF_URGENT_HOURS"
    )
    handoff_working_days: Annotated[int, Field(ge=0, le=60)] = Field(
        1, validation_alias="CASELINE_CENTRAL_HANDOFF_WORKING_DAYS"
    )
    holiday_file: str = Field("", validation_alias="CASELINE_CENTRAL_HOLIDAY_FILE")
    attachment_dir: Annotated[str, AfterValidator(_absolute_or_empty)] = Field(
        "", validation_alias="CASELINE_CENTRAL_ATTACHMENT_DIR"
    )
    # National figures: children (under 16) per province, {"48": 250000, …}, for contacts
    # per 100,000 children; a province missing from it shows no rate.
    child_population_file: str = Field("", validation_alias="CASELINE_CENTRAL_CHILD_POPULATION")

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        """The environment's settings (`db_url` given on the command line wins); a bad
        value is a `UserInputError` naming the variable."""
        from central.devices import UserInputError

        try:
            return cls(db_url=db_url) if db_url else cls()
        except ValidationError as exc:
            first = exc.errors(include_url=False, include_input=False)[0]
            name = ".".join(str(x) for x in first.get("loc", ()))
            raise UserInputError(f"{name}: {first.get('msg', 'not valid')}") from None
