"""The sync protocol: the one module both the desk and central import (DESIGN.md "Sync
protocol"). Pure data classes with strict readers: `from_dict` raises `ProtocolViolation`
on any shape it does not expect, so a broken or hostile message can never reach a database.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.domain.records import APPEND_ONLY as APPEND_ONLY
from desktop.domain.records import CONFLICT as _CONFLICT_ENTITY
from desktop.domain.records import RECORD_TYPES, SYNCED_ENTITIES

# Central reads the record vocabulary (APPEND_ONLY, CONFLICT_ENTITY, RECORD_TYPES,
# SYNCED_ENTITIES) through this module, so the two sides cannot drift.
CONFLICT_ENTITY = _CONFLICT_ENTITY

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1

PROTOCOL_HEADER = "X-Caseline-Protocol"
APP_VERSION_HEADER = "X-Caseline-App"
SERVER_TIME_HEADER = "X-Caseline-Server-Time"

MAX_PUSH_OPS = 200
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500

APPLIED = "applied"
DUPLICATE = "duplicate"
MERGED = "merged"
CONFLICT = "conflict"
REJECTED = "rejected"
OP_STATUSES = (APPLIED, DUPLICATE, MERGED, CONFLICT, REJECTED)

# Error codes in ErrorBody.error
ERR_AUTH = "auth"  # no / unknown token
ERR_REVOKED = "revoked"  # token revoked (reason in detail: revoked | lost)
ERR_FORBIDDEN = "forbidden"  # another province's data
ERR_UPGRADE = "upgrade_required"
ERR_TOO_LARGE = "too_large"
ERR_BUSY = "busy"
ERR_REBASELINE = "rebaseline"
ERR_BAD_REQUEST = "bad_request"
ERR_ENROL_CODE = "enrol_code"

_MAX_ID_LEN = 64
_MAX_TEXT = 200


class ProtocolViolation(ValueError):
    """A message that does not have the protocol's shape."""


def _req(data: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, dict):
        raise ProtocolViolation("expected an object")
    if name not in data:
        raise ProtocolViolation(f"missing {name}")
    value = data[name]
    if kind is int and isinstance(value, bool):
        raise ProtocolViolation(f"{name}: expected int")
    if not isinstance(value, kind):
        raise ProtocolViolation(f"{name}: wrong type")
    return value


def _opt(data: dict, name: str, kind: type | tuple[type, ...], default: Any) -> Any:
    if data.get(name) is None:
        return default
    return _req(data, name, kind)


def _short_text(value: str, name: str, limit: int = _MAX_TEXT) -> str:
    if len(value) > limit:
        raise ProtocolViolation(f"{name}: too long")
    # NUL and lone surrogates cannot be stored (PostgreSQL text, UTF-8): refuse them here.
    if "\x00" in value or not value.isascii() and not _is_utf8(value):
        raise ProtocolViolation(f"{name}: not valid text")
    return value


def _is_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _list_of(data: dict, name: str) -> list:
    value = _req(data, name, list)
    return value


@dataclass
class Op:
    """One local change: the fields it set, and the record's rev when editing started."""

    op_id: str
    entity: str
    record_id: str
    fields: dict[str, Any]
    base_rev: int = 0
    user: str = ""
    client_time: str = ""  # information only, never used to order anything

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Op:
        op = cls(
            op_id=_short_text(_req(data, "op_id", str), "op_id", _MAX_ID_LEN),
            entity=_req(data, "entity", str),
            record_id=_short_text(_req(data, "record_id", str), "record_id", _MAX_ID_LEN),
            fields=_req(data, "fields", dict),
            base_rev=_opt(data, "base_rev", int, 0),
            user=_short_text(_opt(data, "user", str, ""), "user"),
            client_time=_short_text(_opt(data, "client_time", str, ""), "client_time"),
        )
        if not op.op_id or not op.record_id:
            raise ProtocolViolation("empty op_id or record_id")
        if op.base_rev < 0:
            raise ProtocolViolation("base_rev < 0")
        return op


@dataclass
class PushRequest:
    ops: list[Op]

    def to_dict(self) -> dict[str, Any]:
        return {"ops": [op.to_dict() for op in self.ops]}

    @classmethod
    def from_dict(cls, data: Any) -> PushRequest:
        """Reads the envelope strictly; each op is read by the caller so one bad op is
        answered `rejected` without failing the others."""
        raw = _list_of(data, "ops")
        if len(raw) > MAX_PUSH_OPS:
            raise ProtocolViolation(f"more than {MAX_PUSH_OPS} ops")
        return cls(ops=raw)  # type: ignore[arg-type]


@dataclass
class OpResult:
    """Central's answer to one op. `record`: central's whole record as it now is, sent with
    every accepted answer but `applied` (merged, conflict, duplicate): the desk applies it
    with the answer, so it never holds a rev whose content it has not seen (the rev rule,
    docs/dev-contracts.md "Sync: the rev rule")."""

    op_id: str
    status: str
    rev: int = 0
    reason: str = ""
    conflict_ids: list[str] = field(default_factory=list)
    record: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op_id": self.op_id, "status": self.status, "rev": self.rev}
        if self.reason:
            out["reason"] = self.reason
        if self.conflict_ids:
            out["conflict_ids"] = self.conflict_ids
        if self.record is not None:
            out["record"] = self.record
        return out

    @classmethod
    def from_dict(cls, data: Any) -> OpResult:
        result = cls(
            op_id=_req(data, "op_id", str),
            status=_req(data, "status", str),
            rev=_opt(data, "rev", int, 0),
            reason=_opt(data, "reason", str, ""),
            conflict_ids=[str(x) for x in _opt(data, "conflict_ids", list, [])],
            record=_opt(data, "record", dict, None),
        )
        if result.status not in OP_STATUSES:
            raise ProtocolViolation(f"unknown op status {result.status!r}")
        if result.rev < 0:
            raise ProtocolViolation("rev < 0")
        if result.status != REJECTED and result.rev == 0:
            raise ProtocolViolation("accepted op without a rev")
        return result


@dataclass
class PushResponse:
    results: list[OpResult]
    server_time: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"results": [r.to_dict() for r in self.results], "server_time": self.server_time}

    @classmethod
    def from_dict(cls, data: Any) -> PushResponse:
        return cls(
            results=[OpResult.from_dict(r) for r in _list_of(data, "results")],
            server_time=_opt(data, "server_time", str, ""),
        )


@dataclass
class Change:
    """The newest state of one record in the device's scope."""

    entity: str
    record: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "record": self.record}

    @classmethod
    def from_dict(cls, data: Any) -> Change:
        change = cls(entity=_req(data, "entity", str), record=_req(data, "record", dict))
        check_record(change.entity, change.record)
        return change


@dataclass
class PullPage:
    changes: list[Change]
    next_since: int
    has_more: bool
    server_time: str = ""
    # Only on the last page: the device's scope as central sees it (live records).
    scope_count: int | None = None
    scope_hash: str | None = None
    head_seq: int | None = None  # central's newest seq at this page (progress only)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["changes"] = [c.to_dict() for c in self.changes]
        return out

    @classmethod
    def from_dict(cls, data: Any) -> PullPage:
        page = cls(
            changes=[Change.from_dict(c) for c in _list_of(data, "changes")],
            next_since=_req(data, "next_since", int),
            has_more=_req(data, "has_more", bool),
            server_time=_opt(data, "server_time", str, ""),
            scope_count=_opt(data, "scope_count", int, None),
            scope_hash=_opt(data, "scope_hash", str, None),
            head_seq=_opt(data, "head_seq", int, None),
        )
        if page.next_since < 0:
            raise ProtocolViolation("next_since < 0")
        if not page.has_more and (page.scope_count is None or page.scope_hash is None):
            raise ProtocolViolation("last page without the scope digest")
        return page


@dataclass
class EnrolRequest:
    code: str
    device_code: str
    province_code: str = ""
    app_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> EnrolRequest:
        return cls(
            code=_short_text(_req(data, "code", str), "code", 64),
            device_code=_short_text(_req(data, "device_code", str), "device_code", 8),
            province_code=_short_text(_opt(data, "province_code", str, ""), "province_code", 8),
            app_version=_short_text(_opt(data, "app_version", str, ""), "app_version", 40),
        )


@dataclass
class EnrolResponse:
    device_id: str
    device_code: str
    province_code: str
    token: str
    server_time: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> EnrolResponse:
        reply = cls(
            device_id=_req(data, "device_id", str),
            device_code=_req(data, "device_code", str),
            province_code=_req(data, "province_code", str),
            token=_req(data, "token", str),
            server_time=_opt(data, "server_time", str, ""),
        )
        if not reply.token or len(reply.token) > 200 or not reply.device_id:
            raise ProtocolViolation("bad enrolment reply")
        return reply


@dataclass
class WipeReport:
    """A desk marked lost reports, just before it wipes itself, the changes it never sent."""

    pending_ops: int
    by_entity: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> WipeReport:
        report = cls(
            pending_ops=_req(data, "pending_ops", int),
            by_entity=_opt(data, "by_entity", dict, {}),
        )
        if not 0 <= report.pending_ops <= 10**9:
            raise ProtocolViolation("pending_ops out of range")
        for entity, count in report.by_entity.items():
            if (
                entity not in SYNCED_ENTITIES
                or isinstance(count, bool)
                or not isinstance(count, int)
            ):
                raise ProtocolViolation("by_entity: entity -> count")
            if not 0 <= count <= 10**9:
                raise ProtocolViolation("by_entity: count out of range")
        return report


@dataclass
class Handshake:
    protocol_version: int
    min_protocol_version: int
    min_app_version: str
    server_time: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Handshake:
        return cls(
            protocol_version=_req(data, "protocol_version", int),
            min_protocol_version=_req(data, "min_protocol_version", int),
            min_app_version=_req(data, "min_app_version", str),
            server_time=_req(data, "server_time", str),
        )


@dataclass
class ErrorBody:
    """Every non-2xx answer: a code, both languages, optional detail (no personal data)."""

    error: str
    message_vi: str
    message_en: str
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> ErrorBody:
        return cls(
            error=_req(data, "error", str),
            message_vi=_opt(data, "message_vi", str, ""),
            message_en=_opt(data, "message_en", str, ""),
            detail=_opt(data, "detail", dict, {}),
        )


# ---------------------------------------------------------------- records and digests

_JSON_SCALARS = (str, int, float, bool, type(None))


def allowed_fields(entity: str) -> frozenset[str]:
    """Field names a record of `entity` may carry (content + meta)."""
    cls = RECORD_TYPES[entity]
    return frozenset(cls.__dataclass_fields__)


def check_record(entity: str, record: dict[str, Any]) -> None:
    """A pulled record must be of a known entity with a text id and a positive rev."""
    if entity not in SYNCED_ENTITIES:
        raise ProtocolViolation(f"unknown entity {entity!r}")
    rid = record.get("id")
    rev = record.get("rev")
    if not isinstance(rid, str) or not rid or len(rid) > _MAX_ID_LEN:
        raise ProtocolViolation("record without a valid id")
    if not isinstance(rev, int) or isinstance(rev, bool) or rev <= 0:
        raise ProtocolViolation("record without a valid rev")
    if not isinstance(record.get("province_code", ""), str):
        raise ProtocolViolation("bad province_code")
    unknown = set(record) - allowed_fields(entity)
    if unknown:
        raise ProtocolViolation(f"unknown fields {sorted(unknown)}")


def record_digest(record_id: str, rev: int) -> int:
    """64 bits of SHA-256 over (id, rev); a scope's digest is the XOR of its records'."""
    raw = hashlib.sha256(f"{record_id}:{rev}".encode()).digest()
    return int.from_bytes(raw[:8], "big")


def digest_hex(value: int) -> str:
    return f"{value & 0xFFFFFFFFFFFFFFFF:016x}"


def scope_digest(pairs: Any) -> tuple[int, str]:
    """(count, hash) over (id, rev) pairs of live records — the drift check."""
    count = 0
    acc = 0
    for record_id, rev in pairs:
        acc ^= record_digest(record_id, rev)
        count += 1
    return count, digest_hex(acc)


_BLANK: dict[str, dict[str, Any]] = {}


def blank_record(entity: str) -> dict[str, Any]:
    """Every field of an entity with its default value (central completes new records)."""
    template = _BLANK.get(entity)
    if template is None:
        template = _BLANK[entity] = RECORD_TYPES[entity]().to_dict()
    return {k: v.copy() if isinstance(v, list | dict) else v for k, v in template.items()}


_FIELD_KINDS: dict[str, dict[str, tuple[type, ...] | None]] = {}


def field_kinds(entity: str) -> dict[str, tuple[type, ...] | None]:
    """Accepted JSON types per field, read from the record defaults (None: anything)."""
    kinds = _FIELD_KINDS.get(entity)
    if kinds is None:
        kinds = {}
        for name, value in blank_record(entity).items():
            if isinstance(value, bool):
                kinds[name] = (bool,)
            elif isinstance(value, int):
                kinds[name] = (int,)
            elif isinstance(value, str):
                kinds[name] = (str,)
            elif isinstance(value, list):
                kinds[name] = (list,)
            elif isinstance(value, dict):
                kinds[name] = (dict,)
            else:  # None default: optional text/number, or Any (conflict values)
                kinds[name] = None
        _FIELD_KINDS[entity] = kinds
    return kinds


def check_op_fields(entity: str, values: dict[str, Any]) -> str:
    """'' when the op's fields fit the entity, else the reason it is rejected."""
    if entity not in SYNCED_ENTITIES:
        return f"unknown entity {entity!r}"
    kinds = field_kinds(entity)
    for name, value in values.items():
        if name not in kinds or name in ("id", "rev"):
            return f"unknown field {name!r}"
        kind = kinds[name]
        if kind is None or value is None and kind != (bool,):
            continue
        if kind == (int,) and isinstance(value, bool):
            return f"{name}: wrong type"
        if not isinstance(value, kind):
            return f"{name}: wrong type"
    return ""
