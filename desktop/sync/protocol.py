"""The sync protocol: the one module both the desk and central import (DESIGN.md "Sync
protocol"). Pydantic v2 models with strict types, length limits and only allowed
characters (no NUL, no lone surrogate, no non-character; `desktop.domain.values`); central's
FastAPI app takes its request/response models and its OpenAPI document from them.
`from_dict` raises `ProtocolViolation` on any shape it does not expect and `loads` refuses
deep nesting, so a broken or hostile message can never reach a database. Record values
inside ops and pages follow the value contract (`op_problems`, `check_record`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticUseDefault

from desktop.domain import values
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

_MAX_ID_LEN = values.CODE
_MAX_TEXT = 200
MAX_MESSAGE_DEPTH = 32  # a push or a pull page is ~4 levels + a field's values.MAX_DEPTH
MAX_REV = values.MAX_INT


class ProtocolViolation(ValueError):
    """A message that does not have the protocol's shape."""


# ---------------------------------------------------------------- reading JSON


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes | str, max_depth: int = MAX_MESSAGE_DEPTH) -> Any:
    """Parse a message body, refusing what the protocol never sends: invalid JSON, NaN and
    Infinity, and nesting deeper than `max_depth` (a body nested 100,000 deep is refused
    here, never by the interpreter's recursion limit). Raises `ProtocolViolation`."""
    try:
        value = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise ProtocolViolation(f"nested deeper than {max_depth} levels") from None
    except (ValueError, UnicodeDecodeError, TypeError):
        raise ProtocolViolation("not valid JSON") from None
    if _openers(raw) > max_depth and _depth(value) > max_depth:
        raise ProtocolViolation(f"nested deeper than {max_depth} levels")
    return value


def _openers(raw: bytes | str) -> int:
    if isinstance(raw, str):
        return raw.count("[") + raw.count("{")
    return raw.count(b"[") + raw.count(b"{")


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


# ---------------------------------------------------------------- message models


def Text(max_length: int = _MAX_TEXT, min_length: int = 0) -> Any:  # noqa: N802 (a type)
    """Text of the envelope: strict str, length-limited, only allowed characters."""
    return Annotated[
        StrictStr,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(values.check_text),
    ]


Count = Annotated[StrictInt, Field(ge=0, le=MAX_REV)]


def _none_is_default(value: Any) -> Any:
    if value is None:  # older peers send null for "not given"
        raise PydanticUseDefault()
    return value


def OptionalText(max_length: int = _MAX_TEXT) -> Any:  # noqa: N802 (a type)
    """`Text` where null (as older peers send) means the default."""
    return Annotated[Text(max_length), BeforeValidator(_none_is_default)]


Id = Text(_MAX_ID_LEN, 1)
ShortText = Text(_MAX_TEXT)
OptText = OptionalText(_MAX_TEXT)
Code = Text(8)
OptCode = OptionalText(8)


class Message(BaseModel):
    """A protocol message: strict types, unknown keys ignored (a newer peer may add some).
    Positional construction follows the field order, as the old data classes did."""

    model_config = ConfigDict(strict=True, extra="ignore")

    def __init__(self, /, *args: Any, **kwargs: Any) -> None:  # "self" may be a key
        if args:
            kwargs.update(zip(type(self).model_fields, args, strict=False))
        super().__init__(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Read a message; any shape it does not expect is a `ProtocolViolation`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ProtocolViolation(describe(exc)) from None
        except RecursionError:
            raise ProtocolViolation("nested too deep") from None


def describe(exc: ValidationError, limit: int = 5) -> str:
    """'where: what' for the first errors, with no input values (they may be personal)."""
    errors = exc.errors(include_url=False, include_input=False)[:limit]
    return "; ".join(problem_text(e) for e in errors)


def problem_text(error: Any) -> str:
    """One pydantic error as 'where: what', printable ASCII, never the input value."""
    loc = tuple(error.get("loc", ()))
    if len(loc) > 1 and loc[0] == "body":  # FastAPI's prefix for the request body
        loc = loc[1:]
    where = ".".join(values.safe_name(x) for x in loc) or "body"
    what = str(error.get("msg", ""))
    if error.get("type") == "string_unicode":  # a lone surrogate
        what = "holds a character that is not allowed (a lone surrogate)"
    return f"{where}: {what.encode('ascii', 'backslashreplace').decode()[:200]}"


class Op(Message):
    """One local change: the fields it set, and the record's rev when editing started.
    `fields` is checked per op against the value contract (`op_problems`), so a bad value
    is answered `rejected` without failing the other ops."""

    op_id: Id
    entity: Annotated[StrictStr, Field(min_length=1, max_length=16)]
    record_id: Id
    fields: dict[str, Any]
    base_rev: Annotated[Count, BeforeValidator(_none_is_default)] = 0
    user: OptText = ""
    # information only, never used to order anything
    client_time: OptText = ""


class PushRequest(Message):
    ops: Annotated[list[Op], Field(max_length=MAX_PUSH_OPS)]


class OpResult(Message):
    """Central's answer to one op. `record`: central's whole record as it now is, sent with
    every accepted answer but `applied` (merged, conflict, duplicate): the desk applies it
    with the answer, so it never holds a rev whose content it has not seen (the rev rule,
    docs/dev-contracts.md "Sync: the rev rule"); the desk checks it with `check_record`."""

    op_id: Annotated[StrictStr, Field(max_length=_MAX_ID_LEN)]
    status: Literal["applied", "duplicate", "merged", "conflict", "rejected"]
    rev: Count = 0
    reason: OptionalText(1000) = ""
    conflict_ids: list[Id] = Field(default_factory=list)
    record: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _accepted_has_rev(self) -> Self:
        if self.status != REJECTED and self.rev == 0:
            raise ValueError("accepted op without a rev")
        return self

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op_id": self.op_id, "status": self.status, "rev": self.rev}
        if self.reason:
            out["reason"] = self.reason
        if self.conflict_ids:
            out["conflict_ids"] = list(self.conflict_ids)
        if self.record is not None:
            out["record"] = self.record
        return out


class PushResponse(Message):
    results: list[OpResult]
    server_time: OptText = ""

    def to_dict(self) -> dict[str, Any]:
        return {"results": [r.to_dict() for r in self.results], "server_time": self.server_time}


class Change(Message):
    """The newest state of one record in the device's scope (storable: see `check_record`)."""

    entity: Annotated[StrictStr, Field(max_length=16)]
    record: dict[str, Any]

    @model_validator(mode="after")
    def _record_fits(self) -> Self:
        check_record(self.entity, self.record)
        return self


class PullPage(Message):
    changes: list[Change]
    next_since: Count
    has_more: StrictBool
    server_time: OptText = ""
    # Only on the last page: the device's scope as central sees it (live records).
    scope_count: Count | None = None
    scope_hash: Annotated[StrictStr, Field(max_length=16)] | None = None
    head_seq: Count | None = None  # central's newest seq at this page (progress only)
    # Only on the last page: ids of records in scope central withholds (quarantined: a
    # stored value it cannot serve). Not in the scope digest; a desk leaves its own copy
    # of them out of its digest too, and keeps it.
    withheld: Annotated[list[Id], BeforeValidator(_none_is_default)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _last_page_has_digest(self) -> Self:
        if not self.has_more and (self.scope_count is None or self.scope_hash is None):
            raise ValueError("last page without the scope digest")
        return self


class EnrolRequest(Message):
    code: Text(64)
    device_code: Code
    province_code: OptCode = ""
    app_version: OptionalText(40) = ""


class EnrolResponse(Message):
    device_id: Id
    device_code: Code
    province_code: Code
    token: Text(200, 1)
    server_time: OptText = ""
    # issue 16: the province's sync-packet key (64 hex), so a desk can write a packet
    # before its first round; older centrals send none (the first round fetches it).
    packet_key: OptionalText(64) = ""


class DeviceInfo(Message):
    """`GET /v1/devices/me`: the calling device."""

    device_id: Id
    device_code: Code
    province_code: Code


class WipeReport(Message):
    """A desk marked lost reports, just before it wipes itself, the changes it never sent."""

    pending_ops: Annotated[StrictInt, Field(ge=0, le=10**9)]
    by_entity: dict[
        Literal["child", "contact", "case", "case_entry", "referral", "conflict"],
        Annotated[StrictInt, Field(ge=0, le=10**9)],
    ] = Field(default_factory=dict)


class Handshake(Message):
    protocol_version: StrictInt
    min_protocol_version: StrictInt
    min_app_version: Text(40)
    server_time: ShortText


# ---------------------------------------------------------------- national figures (issue 15)
# The country's monthly figures as central counts them (`caseline-central report monthly`),
# for the national desk only: counts, never a name.

NATIONAL_MONTHLY_PATH = "/v1/national/monthly"
Tallies = dict[Annotated[str, Field(max_length=64)], list[Count]]


class ProvinceFigures(Message):
    """One province in the month: contacts (its own records; handoff copies are the
    national contact's), the child population when central knows it (a data file), and
    the national handoffs routed to it — received in the month, accepted (in time),
    declined, still waiting, and the median minutes from routing to acceptance."""

    province_code: Code
    contacts: Count = 0
    children_population: Count | None = None
    handoffs_received: Count = 0
    handoffs_accepted: Count = 0
    handoffs_accepted_in_time: Count = 0
    handoffs_declined: Count = 0
    handoffs_waiting: Count = 0
    median_accept_minutes: Count | None = None


class NationalMonthly(Message):
    """GET /v1/national/monthly?month=YYYY-MM: `tallies` are the fields of
    `desktop.domain.counts.MonthlyCounts` (each a code → counts of the month, the month
    before and the same month last year), `provinces` the comparison."""

    month: Text(7, 7)
    tallies: dict[Annotated[str, Field(max_length=40)], Tallies]
    provinces: list[ProvinceFigures] = Field(default_factory=list, max_length=100)


NATIONAL_THEMATIC_PATH = "/v1/national/thematic"


class NationalThematic(Message):
    """GET /v1/national/thematic?from=YYYY-MM&to=YYYY-MM[&category=CODE]: the fields of
    `desktop.domain.counts.ThematicCounts` over the whole country (counts only)."""

    months: list[Text(7, 7)] = Field(max_length=400)
    category: OptText = ""
    per_month: dict[Annotated[str, Field(max_length=7)], Count]
    tallies: dict[Annotated[str, Field(max_length=40)], Tallies]


class ErrorBody(Message):
    """Every non-2xx answer: a code, both languages, optional detail (no personal data)."""

    error: ShortText
    message_vi: OptionalText(2000) = ""
    message_en: OptionalText(2000) = ""
    detail: Annotated[dict[str, Any], BeforeValidator(_none_is_default)] = Field(
        default_factory=dict
    )


# ---------------------------------------------------------------- records and digests


def allowed_fields(entity: str) -> frozenset[str]:
    """Field names a record of `entity` may carry (content + meta)."""
    cls = RECORD_TYPES[entity]
    return frozenset(cls.__dataclass_fields__)


def check_record(entity: str, record: dict[str, Any]) -> None:
    """A pulled record: a known entity, a text id, a positive rev, known fields, each of
    a type and made of characters every store keeps (`values.record_problems`, storable
    part: lengths are not checked, so a long text stored before a limit existed flows)."""
    if entity not in SYNCED_ENTITIES:
        raise ProtocolViolation(f"unknown entity {values.safe_name(entity)!r}")
    rid = record.get("id")
    rev = record.get("rev")
    if not isinstance(rid, str) or not rid or len(rid) > _MAX_ID_LEN:
        raise ProtocolViolation("record without a valid id")
    if not isinstance(rev, int) or isinstance(rev, bool) or not 0 < rev <= MAX_REV:
        raise ProtocolViolation("record without a valid rev")
    if not isinstance(record.get("province_code", ""), str):
        raise ProtocolViolation("bad province_code")
    unknown = set(record) - allowed_fields(entity)
    if unknown:
        raise ProtocolViolation(f"unknown fields {sorted(values.safe_name(u) for u in unknown)}")
    problems = values.record_problems(entity, record, limits=False)
    if problems:
        raise ProtocolViolation(reason(problems))


def stored_record_problems(entity: str, record: Any) -> str:
    """'' when central can serve a stored record, else why not (no values in the reason)."""
    try:
        if not isinstance(record, dict):
            raise ProtocolViolation("not an object")
        check_record(entity, record)
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except ProtocolViolation as exc:
        return str(exc)
    except (TypeError, ValueError):
        return "cannot be written as JSON"
    return ""


def reason(problems: list[values.Problem]) -> str:
    """The English reason central answers with: 'field: problem; …' (no values)."""
    return "; ".join(f"{p.field}: {p.message_en}" for p in problems[:5])


def op_problems(entity: str, fields: dict[str, Any]) -> list[values.Problem]:
    """The value contract's verdict on an op's fields ([] when they may be stored)."""
    if entity not in SYNCED_ENTITIES:
        return [values.Problem("entity", "loại bản ghi không xác định", "unknown entity")]
    meta = [k for k in ("id", "rev") if k in fields]
    if meta:
        return [values.Problem(k, "không được gửi trường này", "unknown field") for k in meta]
    return values.record_problems(entity, fields)


def check_op_fields(entity: str, fields: dict[str, Any]) -> str:
    """'' when the op's fields fit the entity, else the reason it is rejected."""
    return reason(op_problems(entity, fields))


def in_desk_scope(record: dict[str, Any], province_code: str) -> bool:
    """Whether a desk of `province_code` may hold this record: its province's own, or a
    national handoff routed to it (the only record with a `to_province`, issue 15)."""
    if record.get("province_code") == province_code:
        return True
    return bool(province_code) and record.get("to_province") == province_code


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


# ---------------------------------------------------------------- audit anchors (issue 11)
# The desk's audit head, sent after each sync round; central keeps every anchor and refuses
# a head that does not extend the last one (see desktop/sync/anchor.py, central/anchors.py).
# Only counts and hashes: nothing about who did what.

ANCHOR_PATH = "/v1/sync/anchor"
_ANCHOR_HASH = r"^[0-9a-f]{64}$"


_KEY_TEXT = r"^[A-Za-z0-9+/]{43}=$"  # base64 of a 32-byte Ed25519 public key
_SIGNATURE_TEXT = r"^[A-Za-z0-9+/]{86}==$"  # base64 of a 64-byte Ed25519 signature


class ChainLink(BaseModel):
    """One key of the desk's user-signing key chain (`desktop.domain.keychain`)."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=_KEY_TEXT)
    sig: str = Field(default="", pattern=r"^$|" + _SIGNATURE_TEXT[1:])


class RestoreStatement(BaseModel):
    """An admin's signed "this desk's history was put back to (seq, hash) on purpose"."""

    model_config = ConfigDict(extra="forbid")
    seq: int = Field(ge=0, le=2**62)
    hash: str = Field(pattern=_ANCHOR_HASH)
    chain: list[ChainLink] = Field(min_length=1, max_length=256)
    signature: str = Field(pattern=_SIGNATURE_TEXT)


class AnchorRequest(BaseModel):
    """POST /v1/sync/anchor body. `chain`: the desk's key chain (central follows it and
    refuses a desk whose chain no longer holds the key it last saw); `restore`: the signed
    statement a `restart` needs (or a central admin's `anchors --allow-restart`)."""

    model_config = ConfigDict(extra="forbid")
    seq: int = Field(ge=0, le=2**62)
    hash: str = Field(pattern=_ANCHOR_HASH)
    base_seq: int = Field(ge=0, le=2**62)
    base_hash: str = Field(pattern=_ANCHOR_HASH)
    restart: bool = False
    chain: list[ChainLink] = Field(default_factory=list, max_length=256)
    restore: RestoreStatement | None = None


class AnchorReply(BaseModel):
    """Central's answer: accepted or not, and the last anchor it holds for this device."""

    model_config = ConfigDict(extra="ignore")
    accepted: bool
    last_seq: int = Field(ge=0)
    last_hash: str = Field(pattern=_ANCHOR_HASH)
    reason: str = ""


# ---------------------------------------------------------------- attachment chunks (issue 16)
# An attachment's bytes travel apart from the record ops, as content-addressed chunks of
# at most CHUNK_BYTES (desktop.db.attachments.CHUNK_SIZE) under their SHA-256 (hex).
# Central keeps a province's chunks for that province's devices only; it stores a chunk
# only when the body's SHA-256 is the one in the path.
CHUNKS_PATH = "/v1/sync/chunks"
CHUNK_BYTES = 256 * 1024
MAX_CHUNKS_ASKED = 1000
SHA256_HEX = r"^[0-9a-f]{64}$"
ERR_HASH_MISMATCH = "hash_mismatch"
ERR_NOT_FOUND = "not_found"
Sha256 = Annotated[StrictStr, Field(pattern=SHA256_HEX)]


class ChunkList(BaseModel):
    """POST /v1/sync/chunks/missing body: the chunks a desk is about to send."""

    model_config = ConfigDict(extra="ignore")
    chunks: Annotated[list[Sha256], Field(max_length=MAX_CHUNKS_ASKED)]


class MissingChunks(BaseModel):
    """Central's answer: those of the asked chunks it does not hold for the province."""

    model_config = ConfigDict(extra="ignore")
    missing: Annotated[list[Sha256], Field(max_length=MAX_CHUNKS_ASKED)]


class ChunkStored(BaseModel):
    """PUT /v1/sync/chunks/{sha256} answer: the chunk is held (verified) at central."""

    model_config = ConfigDict(extra="ignore")
    sha256: Sha256
    size: int = Field(ge=1, le=CHUNK_BYTES)


class PacketKey(BaseModel):
    """GET /v1/sync/packet-key answer: the device's province and its packet key (64 hex:
    AES-256), shared by the province's enrolled desks and central (desktop/sync/packet.py)."""

    model_config = ConfigDict(extra="ignore")
    province_code: Annotated[StrictStr, Field(max_length=8)]
    key: Annotated[StrictStr, Field(pattern=SHA256_HEX)]
