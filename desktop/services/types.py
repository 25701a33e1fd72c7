"""Small value types the services return."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    """One page of a list: rows (the list's row dicts, as the method documents them) and
    total (how many rows match the filters, all pages together)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class Preferences:
    """The desk's user-editable settings (declared in desktop/domain/settings.py):
    auto_lock_minutes (minutes without input before the desk locks, 1–240),
    sync_interval_s (seconds between unattended sync rounds, 60–86400),
    language ("vi" | "en", or "" to follow the system)."""

    auto_lock_minutes: float
    sync_interval_s: int
    language: str
