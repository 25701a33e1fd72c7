"""Small value types the services return."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict


@dataclass(frozen=True)
class UserInfo:
    """A user of this desk: username (lower case, no spaces), full_name (NFC, may be ''),
    role ("intake" | "caseworker" | "manager" | "admin"), disabled (cannot unlock)."""

    username: str
    full_name: str
    role: str
    disabled: bool = False


@dataclass(frozen=True)
class Saved:
    """What a write returns.

    id: the record written (a UUIDv7 string); number: its human-readable number
    ("48-ABC-2026-000123") for contacts and cases, '' otherwise; entity: its entity name
    ("contact", "child", "case", "case_entry", "referral", "conflict"); changed: the entity
    names of every record the call wrote (e.g. a new contact with a new child:
    {"contact", "child"}; nothing changed: empty), so a list showing them can refresh.

    Two results naming the same record are equal, whatever each call changed.
    `to_dict()` is the public `--json` shape of the CLI: {"id", "number"}."""

    id: str
    number: str = ""
    entity: str = ""
    changed: frozenset[str] = field(default=frozenset(), compare=False)

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "number": self.number}


@dataclass
class Page:
    """One page of a list: rows (the list's row dicts, as the method documents them),
    total (how many rows match the filters, all pages together; None on a page asked for
    with `after`, whose first page already said) and after (where the next page starts:
    pass it back as `after=`; None when this page was the last)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = 0
    after: str | None = None


@dataclass(frozen=True)
class Preferences:
    """The desk's user-editable settings (declared in desktop/domain/settings.py):
    auto_lock_minutes (minutes without input before the desk locks, 1–240),
    sync_interval_s (seconds between unattended sync rounds, 60–86400),
    language ("vi" | "en", or "" to follow the system)."""

    auto_lock_minutes: float
    sync_interval_s: int
    language: str


# Results that were plain dicts before the typed-results convention keep their keys (the
# CLI prints them with --json, and callers index them): they are declared as TypedDicts,
# so their shape is checked and documented without changing a caller. New results are
# frozen dataclasses (docs/dev-contracts.md "Typed results").


class Verification(TypedDict):
    """`ws.verify()`: ok (both checks passed), integrity ("ok" or SQLite's findings),
    audit_chain ("ok" | "broken"), keyed_chain (the offline keyed chain: "ok" | "broken" |
    "not checked (admin only)"), problems (one line each; no record content)."""

    ok: bool
    integrity: str
    audit_chain: str
    keyed_chain: str
    problems: list[str]


class BackupManifest(TypedDict):
    """What a backup says of itself: created_at (UTC ISO-8601 text), centre (name),
    province_code (2 digits), device_code (the desk's 3 letters)."""

    created_at: str
    centre: str
    province_code: str
    device_code: str


class RestoredDesk(BackupManifest):
    """A restore: the backup's manifest plus `numbers_from`, the sequence new contact and
    case numbers start from (a restore starts a new block: docs/dev-contracts.md)."""

    numbers_from: int


class RestoreResult(RestoredDesk):
    """A restore over a desk: the restore's answer plus `kept`, the folder (absolute path
    text) holding the desk's previous files, still encrypted."""

    kept: str


class SearchHit(TypedDict):
    """One `ws.search` hit: kind ("child" | "contact" | "case"), id, number ('' for a
    child), name (the child's full name; a contact: its children's names joined by ", ").
    A child also has birth_year (int or None) and sex ("F" | "M" | "U"); a contact
    caller (name), caller_phone, received_at (ISO-8601 text with offset, Vietnam time)
    and case_id ('' or None when no case); a case status (a Decree 56 step code) and
    assigned_to (username, '' when unassigned)."""

    kind: str
    id: str
    number: str
    name: str
    birth_year: NotRequired[int | None]
    sex: NotRequired[str]
    caller: NotRequired[str]
    caller_phone: NotRequired[str]
    received_at: NotRequired[str]
    case_id: NotRequired[str | None]
    status: NotRequired[str]
    assigned_to: NotRequired[str]
