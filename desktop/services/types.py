"""Small value types the services return."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: str
    disabled: bool = False


@dataclass(frozen=True)
class Saved:
    """What a write returns: the record's id and its human-readable number ('' if none)."""

    id: str
    number: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "number": self.number}


@dataclass
class Page:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
