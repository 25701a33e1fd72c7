"""Writing and reading synced records. Every local change writes, in ONE transaction, the
record, its search document, its outbox operation and its audit event (the caller holds
the transaction; see `Store.transaction`)."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime
from typing import Any

from desktop.db import audit, search_index
from desktop.db.connection import Connection
from desktop.db.migrations import TABLES
from desktop.domain import values as contract
from desktop.domain.ids import utc_now, uuid7
from desktop.domain.records import CASE, CONTACT, META_FIELDS, RECORD_TYPES
from desktop.domain.taxonomy import load_taxonomy
from desktop.domain.text import digits, fold, name_sort_key
from desktop.errors import ValidationError


@dataclass(frozen=True)
class Actor:
    """Who writes: the user, this desk's device code and province. `wrote`, when given,
    counts the records each write puts in the outbox, by entity name (the services read
    it to say what an operation changed)."""

    username: str
    device_code: str
    province_code: str
    wrote: Counter[str] | None = field(default=None, compare=False, hash=False, repr=False)


def _field_kinds(entity: str) -> tuple[frozenset[str], frozenset[str]]:
    json_fields, bool_fields = set(), set()
    for f in fields(RECORD_TYPES[entity]):
        if f.default_factory is not MISSING or f.name in ("kept_value", "other_value"):
            json_fields.add(f.name)
        elif isinstance(f.default, bool):
            bool_fields.add(f.name)
    return frozenset(json_fields), frozenset(bool_fields)


FIELD_KINDS = {entity: _field_kinds(entity) for entity in RECORD_TYPES}
ALL_FIELDS = {entity: tuple(f.name for f in fields(cls)) for entity, cls in RECORD_TYPES.items()}
CONTENT_FIELDS = {entity: cls.content_fields() for entity, cls in RECORD_TYPES.items()}


NUMBERED = (CONTACT, CASE)  # numbered records: one sequence per year for both


def table(entity: str) -> str:
    return TABLES[entity]


def clean(value: Any) -> Any:
    """NFC for every string, nested ones too; nothing else changes (text as typed: line
    breaks and spaces are kept; one-line fields were trimmed by validation)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    return value


# One encoder object, not one per json.dumps(...) call with options (a save encodes ~10).
to_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_PLAIN, _JSON, _BOOL = 0, 1, 2
_COLUMN_KINDS = {
    entity: tuple(
        (name, _JSON if name in kinds[0] else _BOOL if name in kinds[1] else _PLAIN)
        for name in ALL_FIELDS[entity]
    )
    for entity, kinds in FIELD_KINDS.items()
}
CONTENT_SETS = {entity: frozenset(names) for entity, names in CONTENT_FIELDS.items()}


def encode(entity: str, name: str, value: Any) -> Any:
    json_fields, bool_fields = FIELD_KINDS[entity]
    if name in json_fields:
        return to_json(value)
    if name in bool_fields:
        return 1 if value else 0
    return value


def row_values(entity: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record's column values (JSON text, 0/1), in ALL_FIELDS order."""
    values: dict[str, Any] = {}
    for name, kind in _COLUMN_KINDS[entity]:
        value = record.get(name)
        if kind == _JSON:
            value = to_json(value)
        elif kind == _BOOL:
            value = 1 if value else 0
        values[name] = value
    return values


def decode_row(entity: str, row: Any) -> dict[str, Any]:
    json_fields, bool_fields = FIELD_KINDS[entity]
    record: dict[str, Any] = {}
    keys = row.keys()
    for name in ALL_FIELDS[entity]:
        if name not in keys:
            continue
        value = row[name]
        if name in json_fields:
            value = json.loads(value) if value is not None else None
        elif name in bool_fields:
            value = bool(value)
        record[name] = value
    return record


_DEFAULTS = {entity: cls().to_dict() for entity, cls in RECORD_TYPES.items()}


def defaults(entity: str) -> dict[str, Any]:
    """A new record's field values (fresh lists/dicts each time)."""
    return {
        k: (v.copy() if isinstance(v, list | dict) else v) for k, v in _DEFAULTS[entity].items()
    }


def local_columns(entity: str, record: dict[str, Any]) -> dict[str, Any]:
    """Search/sort columns kept beside the record fields."""
    if entity == "child":
        return {
            "fold_name": fold(record.get("full_name")),
            "sort_name": name_sort_key(record.get("full_name") or ""),
        }
    if entity == CONTACT:
        return {"caller_phone_digits": digits(record.get("caller_phone"))}
    return {}


def check_values(entity: str, values: dict[str, Any], record: dict[str, Any]) -> None:
    """The value contract (`desktop.domain.values`) on what is about to be saved: `values`
    are the fields written, `record` the whole record after the write. Raises
    `ValidationError` naming each field ('child.full_name') and its limit; the caller's
    transaction then saves nothing. What passes, central stores on SQLite and PostgreSQL."""
    problems = contract.record_problems(entity, values)
    if not problems and values is not record and contract.is_too_large(record):
        problems = [contract.too_large()]
    if problems:
        raise ValidationError(
            {f"{entity}.{p.field}": (p.message_vi, p.message_en) for p in problems}
        )


contract.warm()  # when the store loads, not on a user's first save

# --- reading ---------------------------------------------------------------------------


def get(conn: Connection, entity: str, record_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT * FROM {table(entity)} WHERE id = ?", (record_id,)).fetchone()
    return decode_row(entity, row) if row is not None else None


def get_by_number(conn: Connection, entity: str, number: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT * FROM {table(entity)} WHERE number = ? ORDER BY deleted LIMIT 1", (number,)
    ).fetchone()
    return decode_row(entity, row) if row is not None else None


def get_many(conn: Connection, entity: str, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT * FROM {table(entity)} WHERE id IN ({marks})", ids).fetchall()
    by_id = {r["id"]: decode_row(entity, r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def select(
    conn: Connection, entity: str, where: str = "1", params: tuple | list = (), tail: str = ""
) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT * FROM {table(entity)} WHERE {where} {tail}", params)
    return [decode_row(entity, r) for r in rows]


# --- writing (no outbox: used by local saves AND by pulled records) --------------------------


def write_row(
    conn: Connection,
    entity: str,
    record: dict[str, Any],
    *,
    new: bool = False,
    changed: Collection[str] | None = None,
) -> None:
    """Insert or replace the whole row, keeping contact_child and the search index in step.

    `new`: the id was just made here, so there is no old row, link or search document to
    look up or replace (a plain INSERT; it fails loudly if the id exists after all).
    `changed`: the fields that differ from the stored row (None: maybe all of them); links
    and search documents are rewritten only when a field they are made of changed."""
    values = row_values(entity, record)
    values.update(local_columns(entity, record))
    conn.execute(_write_sql(entity, tuple(values), new), list(values.values()))
    if entity == CONTACT and (changed is None or "child_ids" in changed):
        _link_children(conn, record["id"], record.get("child_ids") or [], new=new)
    if entity == CONTACT and (changed is None or not _CATEGORY_SOURCES.isdisjoint(changed)):
        _file_categories(conn, record, new=new)
    if changed is None or search_index.affects(entity, changed):
        search_index.refresh(conn, entity, record, new=new)


@functools.cache
def _write_sql(entity: str, names: tuple[str, ...], new: bool) -> str:
    insert = (
        f"INSERT INTO {table(entity)} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    )
    if new:
        return insert
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "id")
    return f"{insert} ON CONFLICT(id) DO UPDATE SET {updates}"


def _link_children(
    conn: Connection, contact_id: str, child_ids: list[str], *, new: bool = False
) -> None:
    if not new:
        conn.execute("DELETE FROM contact_child WHERE contact_id = ?", (contact_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO contact_child (contact_id, child_id) VALUES (?, ?)",
        [(contact_id, c) for c in child_ids],
    )


_CATEGORY_SOURCES = frozenset({"categories", "received_at", "deleted"})


def category_codes(categories: list[str] | None) -> list[str]:
    """The codes a contact is found under: each code, and a subcategory's family too."""
    codes: dict[str, None] = {}
    taxonomy = load_taxonomy()
    for code in categories or []:
        if isinstance(code, str) and code:
            # A code an older taxonomy retired is also found under today's code
            # ('exploitation.pornography' under 'sexual_abuse.pornography').
            for known in dict.fromkeys((code, taxonomy.current_category(code))):
                codes[known] = None
                codes[known.split(".", 1)[0]] = None
    return list(codes)


def _file_categories(conn: Connection, record: dict[str, Any], *, new: bool = False) -> None:
    """Keep `contact_category` (the category filter's index) in step with the contact."""
    if not new:
        conn.execute("DELETE FROM contact_category WHERE contact_id = ?", (record["id"],))
    if record.get("deleted"):
        return
    at = record.get("received_at") or ""
    conn.executemany(
        "INSERT OR IGNORE INTO contact_category (code, at, contact_id) VALUES (?, ?, ?)",
        [(code, at, record["id"]) for code in category_codes(record.get("categories"))],
    )


def add_op(
    conn: Connection,
    actor: Actor,
    entity: str,
    record_id: str,
    changed: dict[str, Any],
    base_rev: int,
) -> str:
    op_id = uuid7()
    if actor.wrote is not None:
        actor.wrote[entity] += 1
    conn.execute(
        "INSERT INTO outbox (op_id, entity, record_id, fields, base_rev, user, device, client_time)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (
            op_id,
            entity,
            record_id,
            to_json(changed),
            base_rev,
            actor.username,
            actor.device_code,
            utc_now(),
        ),
    )
    return op_id


def requeue_parked(conn: Connection, entity: str, record_id: str, record: dict[str, Any]) -> int:
    """The user edited a record with parked ops (`sync_store.park_op`): they go back into
    the outbox at their old places, carrying the record's current values, to be tried
    again before the new edit. Returns how many."""
    rows = conn.execute(
        "SELECT op_id, fields, base_rev, user, device, client_time, seq FROM rejected_op"
        " WHERE entity = ? AND record_id = ? ORDER BY seq IS NULL, seq",
        (entity, record_id),
    ).fetchall()
    for op_id, fields_json, base_rev, user, device, client_time, seq in rows:
        values = {k: record.get(k, v) for k, v in json.loads(fields_json).items()}
        conn.execute(
            "INSERT INTO outbox (seq, op_id, entity, record_id, fields, base_rev, user, device,"
            " client_time) VALUES (?,?,?,?,?,?,?,?,?)",
            (seq, uuid7(), entity, record_id, to_json(values), base_rev, user, device, client_time),
        )
        conn.execute("DELETE FROM rejected_op WHERE op_id = ?", (op_id,))
    return len(rows)


# Sent with every create (and updated_* with every edit): one value on desk and central.
STAMP_FIELDS = ("created_at", "updated_at", "created_by", "updated_by")


def create(conn: Connection, actor: Actor, entity: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A new record: row + search + outbox (all content fields) + audit 'create'."""
    now = utc_now()
    record = defaults(entity)
    content = CONTENT_SETS[entity]
    record.update({k: v for k, v in data.items() if k in content})  # validated: as it is
    record.update(
        id=data.get("id") or uuid7(),
        province_code=data.get("province_code") or actor.province_code,
        rev=0,
        created_at=now,
        updated_at=now,
        created_by=actor.username,
        updated_by=actor.username,
        deleted=False,
    )
    check_values(entity, record, record)
    write_row(conn, entity, record, new="id" not in data or not data["id"])
    sent = {name: record[name] for name in CONTENT_FIELDS[entity]}
    # The meta fields go too, so central's copy is this one to the microsecond.
    for name in ("province_code", *STAMP_FIELDS):
        sent[name] = record[name]
    add_op(conn, actor, entity, record["id"], sent, 0)
    audit.append(
        conn,
        username=actor.username,
        device=actor.device_code,
        action="create",
        entity=entity,
        record_id=record["id"],
    )
    return record


def change(
    conn: Connection,
    actor: Actor,
    entity: str,
    record_id: str,
    changes: Mapping[str, Any],
    *,
    base_rev: int | None = None,
    current: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Apply the given content fields; returns (record, changed fields). No-op edits write
    nothing. `current`: the record as just read by the caller on this connection (saves a
    read; extra keys it carries are ignored)."""
    if current is None or current.get("id") != record_id:
        current = get(conn, entity, record_id)
    else:
        current = {k: current[k] for k in ALL_FIELDS[entity] if k in current}
    if current is None:
        raise KeyError(record_id)
    allowed = set(CONTENT_FIELDS[entity]) | {"deleted"}
    changed = {k: v for k, v in changes.items() if k in allowed and v != current.get(k)}
    if not changed:
        return current, {}
    stamp = {"updated_at": utc_now(), "updated_by": actor.username}
    record = {**current, **changed, **stamp}
    check_values(entity, {**changed, **stamp}, record)
    write_row(conn, entity, record, changed=changed)
    requeue_parked(conn, entity, record_id, record)
    base = current["rev"] if base_rev is None else base_rev
    add_op(conn, actor, entity, record_id, {**changed, **stamp}, base)
    audit.append(
        conn,
        username=actor.username,
        device=actor.device_code,
        action="edit",
        entity=entity,
        record_id=record_id,
        detail={"fields": sorted(changed)},
    )
    return record, changed


def move_province(
    conn: Connection,
    actor: Actor,
    entity: str,
    record: dict[str, Any],
    province_code: str,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A record moved to another province (a case transfer): its `province_code` (a meta
    field no edit changes) and the content fields in `extra`, in one op central accepts
    only under a transfer (docs/dev-contracts.md "Case transfer")."""
    changed = {"province_code": province_code, **(extra or {})}
    stamp = {"updated_at": utc_now(), "updated_by": actor.username}
    moved = {**record, **changed, **stamp}
    check_values(entity, {**changed, **stamp}, moved)
    write_row(conn, entity, moved, changed=set(changed))
    add_op(conn, actor, entity, record["id"], {**changed, **stamp}, record["rev"])
    audit.append(
        conn,
        username=actor.username,
        device=actor.device_code,
        action="edit",
        entity=entity,
        record_id=record["id"],
        detail={"fields": sorted(changed)},
    )
    return moved


_NUMBER = re.compile(r"^(?P<prefix>[^-]+-(?P<device>[^-]+)-(?P<year>\d{4})-)(?P<seq>\d{1,9})$")


# A restore starts a new block of numbers (docs/dev-contracts.md, "one record, one number"):
# the desk cannot know how many numbers it gave between the backup and the restore.
NUMBER_BLOCK = 10_000
RESTORED_NUMBERS = "numbers.restored"  # setting: {"floor", "through_year", "at"}


def next_number(conn: Connection, province_code: str, device_code: str, year: int) -> str:
    """`{province}-{device}-{yyyy}-{seq:05d}`; one sequence per year for contacts and cases.

    Never a number this desk already holds, nor one it may have given before a restore:
    after a restore every sequence of a year up to the restore's continues above the
    restore's floor (`start_block_after_restore`); a pulled record numbered by this device
    moves the sequence past it (`note_number`); a number still found in use moves the
    sequence past every number of this device and year on the desk."""
    prefix = f"{province_code}-{device_code}-{year:04d}-"
    floor = _restore_floor(conn, year)
    while True:
        row = conn.execute(
            "INSERT INTO number_seq (year, last) VALUES (?, ? + 1) "
            "ON CONFLICT(year) DO UPDATE SET last = max(last, ?) + 1 RETURNING last",
            (year, floor, floor),
        ).fetchone()
        number = f"{prefix}{int(row[0]):05d}"
        if not _number_used(conn, number):
            return number
        top = max((_seq_of(n) for n in _numbers_with_prefix(conn, prefix)), default=0)
        conn.execute("UPDATE number_seq SET last = max(last, ?) WHERE year = ?", (top, year))


def _restore_mark(conn: Connection) -> tuple[int, int]:
    """(floor, through_year) of the last restore; (0, 0) on a desk never restored."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (RESTORED_NUMBERS,)).fetchone()
    mark = json.loads(row[0]) if row is not None and row[0] else None
    if not isinstance(mark, dict):
        return 0, 0
    return int(mark.get("floor", 0)), int(mark.get("through_year", 0))


def _restore_floor(conn: Connection, year: int) -> int:
    floor, through_year = _restore_mark(conn)
    return floor if year <= through_year else 0


def number_sequences(conn: Connection) -> dict[int, int]:
    """{year: last sequence given} of this desk, the restore floor included."""
    seqs = {int(y): int(last) for y, last in conn.execute("SELECT year, last FROM number_seq")}
    floor, through_year = _restore_mark(conn)
    if floor:
        seqs[through_year] = max(seqs.get(through_year, 0), floor)
    return seqs


def start_block_after_restore(
    conn: Connection, now: datetime, carried: dict[int, int] | None = None
) -> int:
    """A restored desk (an older backup) may have given, after that backup, numbers it can
    no longer see: on another machine, in a damaged file, never synced. From now on every
    year up to this one numbers from the next block of `NUMBER_BLOCK` above every sequence
    it can see — its own, any earlier restore's floor, and `carried` ({year: last} read
    from the desk this restore replaced, when it could still be opened). Returns the floor
    (the first number given is floor + 1)."""
    seen = [*number_sequences(conn).values(), *(carried or {}).values(), 0]
    floor = (max(seen) // NUMBER_BLOCK + 1) * NUMBER_BLOCK
    mark = {"floor": floor, "through_year": now.year, "at": now.isoformat()}
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (RESTORED_NUMBERS, json.dumps(mark)),
    )
    return floor


def _number_used(conn: Connection, number: str) -> bool:
    return any(
        conn.execute(
            f"SELECT 1 FROM {table(entity)} WHERE number = ? LIMIT 1", (number,)
        ).fetchone()
        for entity in NUMBERED
    )


def _numbers_with_prefix(conn: Connection, prefix: str) -> list[str]:
    """Along the number indexes: every number that starts with `prefix`."""
    out: list[str] = []
    for entity in NUMBERED:
        out += [
            r[0]
            for r in conn.execute(
                f"SELECT number FROM {table(entity)} WHERE number >= ? AND number < ?",
                (prefix, prefix + "\uffff"),
            )
        ]
    return out


def _seq_of(number: str) -> int:
    match = _NUMBER.match(number)
    return int(match["seq"]) if match else 0


def note_number(conn: Connection, device_code: str, number: Any) -> None:
    """A record pulled from central carries `number`: when this device gave it, the
    device's sequence for that year moves past it (a desk restored from an older backup
    gets its later records back this way)."""
    match = _NUMBER.match(number) if isinstance(number, str) else None
    if match is None or not device_code or match["device"] != device_code:
        return
    conn.execute(
        "INSERT INTO number_seq (year, last) VALUES (?, ?) "
        "ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)",
        (int(match["year"]), int(match["seq"])),
    )


def meta_only(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in META_FIELDS if k in record}
