"""The FTS5 search documents: folded text of children, contacts and cases.

Folded (`desktop.domain.text.fold`): no tones, đ → d, lower case, so "dang" finds "Đặng"
and "hoa" finds both "Hoà" and "Hòa". Queries match every token as a prefix, in any order,
so a name typed given-name-first matches too. Phone numbers are indexed as their digits
(and the 0-form of +84 numbers); a query that is only digits and separators is one phone
token. Documents are kept in step with the records in the writer's transaction.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from desktop.db.connection import Connection
from desktop.domain.text import digits, fold

KINDS = ("child", "contact", "case")
_PHONE_QUERY = re.compile(r"^[\d\s+().\-]+$")
_MIN_PHONE_DIGITS = 6


def phone_tokens(phone: str | None) -> list[str]:
    number = digits(phone)
    if not number:
        return []
    tokens = [number]
    if number.startswith("84") and len(number) >= 11:
        tokens.append("0" + number[2:])
    return tokens


# The fields each search document is made of (a tombstone removes the document).
_SOURCE_FIELDS = {
    "child": frozenset({"full_name", "birth_year", "deleted"}),
    "contact": frozenset({"number", "caller_name", "caller_phone", "child_ids", "deleted"}),
    "case": frozenset({"number", "child_id", "deleted"}),
}


def affects(entity: str, changed: Collection[str]) -> bool:
    """Whether changing these fields changes the record's search document (or, for a
    child's name, the documents of its contacts and cases)."""
    sources = _SOURCE_FIELDS.get(entity)
    return sources is not None and not sources.isdisjoint(changed)


def _child_names(conn: Connection, child_ids: list[str]) -> list[str]:
    if not child_ids:
        return []
    marks = ",".join("?" * len(child_ids))
    rows = conn.execute(f"SELECT fold_name FROM child WHERE id IN ({marks})", child_ids)
    return [r[0] for r in rows]


def body_for(conn: Connection, entity: str, record: dict[str, Any]) -> str | None:
    if entity == "child":
        parts = [fold(record.get("full_name"))]
        if record.get("birth_year"):
            parts.append(str(record["birth_year"]))
        return " ".join(p for p in parts if p)
    if entity == "contact":
        parts = [fold(record.get("number")), fold(record.get("caller_name"))]
        parts += phone_tokens(record.get("caller_phone"))
        parts += _child_names(conn, list(record.get("child_ids") or []))
        return " ".join(p for p in parts if p)
    if entity == "case":
        parts = [fold(record.get("number"))]
        parts += _child_names(conn, [record["child_id"]] if record.get("child_id") else [])
        return " ".join(p for p in parts if p)
    return None


def refresh(conn: Connection, entity: str, record: dict[str, Any], *, new: bool = False) -> None:
    """Write (or remove, for a tombstone) the record's search document.

    `new`: a record just made on this desk has no document yet, and a new child is in no
    contact or case yet, so there is nothing to look up or to refresh around it."""
    if entity not in KINDS:
        return
    if record.get("deleted"):
        remove(conn, entity, record["id"])
        return
    body = body_for(conn, entity, record) or ""
    row = None
    if not new:
        row = conn.execute(
            "SELECT doc FROM search_doc WHERE kind = ? AND record_id = ?", (entity, record["id"])
        ).fetchone()
    if row is None:
        doc = conn.execute(
            "INSERT INTO search_doc (kind, record_id) VALUES (?, ?)", (entity, record["id"])
        ).lastrowid
        conn.execute("INSERT INTO search_index (rowid, body) VALUES (?, ?)", (doc, body))
    else:
        conn.execute("UPDATE search_index SET body = ? WHERE rowid = ?", (body, row[0]))
    if entity == "child" and not new:
        _refresh_holders_of_child(conn, record["id"])


def _refresh_holders_of_child(conn: Connection, child_id: str) -> None:
    """A child's name shows in its contacts' and cases' documents."""
    contact_rows = conn.execute(
        "SELECT c.id, c.number, c.caller_name, c.caller_phone, c.child_ids FROM contact c"
        " JOIN contact_child cc ON cc.contact_id = c.id WHERE cc.child_id = ? AND c.deleted = 0",
        (child_id,),
    ).fetchall()
    for cid, number, caller_name, caller_phone, child_ids in contact_rows:
        record = {
            "id": cid,
            "number": number,
            "caller_name": caller_name,
            "caller_phone": caller_phone,
            "child_ids": json.loads(child_ids),
        }
        _set_body(conn, "contact", cid, body_for(conn, "contact", record) or "")
    for case_id, number in conn.execute(
        "SELECT id, number FROM case_file WHERE child_id = ? AND deleted = 0", (child_id,)
    ).fetchall():
        record = {"id": case_id, "number": number, "child_id": child_id}
        _set_body(conn, "case", case_id, body_for(conn, "case", record) or "")


def _set_body(conn: Connection, kind: str, record_id: str, body: str) -> None:
    row = conn.execute(
        "SELECT doc FROM search_doc WHERE kind = ? AND record_id = ?", (kind, record_id)
    ).fetchone()
    if row is not None:
        conn.execute("UPDATE search_index SET body = ? WHERE rowid = ?", (body, row[0]))


def remove(conn: Connection, kind: str, record_id: str) -> None:
    row = conn.execute(
        "SELECT doc FROM search_doc WHERE kind = ? AND record_id = ?", (kind, record_id)
    ).fetchone()
    if row is not None:
        conn.execute("DELETE FROM search_index WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM search_doc WHERE doc = ?", (row[0],))


def query_tokens(text: str) -> list[str]:
    """The folded tokens of a query; a phone number (spaces, dots, +84 allowed) is one token.

    Typed text is always searched for as words, never read as FTS5 query syntax: it is
    cut where the index's tokenizer (unicode61) cuts — at everything that is not a letter
    or a digit ("a_b" → a, b; "caller_name:x" → caller, name, x) — so every token is one
    plain term. Letters are judged by the Unicode 3.2 tables, which the tokenizer's
    (Unicode 6.1) include: a character it would not know is a separator here too, and a
    lone surrogate is never part of a token."""
    if _PHONE_QUERY.match(text or "") and len(digits(text)) >= _MIN_PHONE_DIGITS:
        return phone_tokens(text)[-1:]
    cut = "".join(ch if _letter_or_digit(ch) else " " for ch in fold(text))
    return cut.split()


def _letter_or_digit(ch: str) -> bool:
    return unicodedata.ucd_3_2_0.category(ch)[0] in "LN"


def match_expression(tokens: list[str], *, prefix: bool = True) -> str:
    star = "*" if prefix else ""
    return " AND ".join(f'"{t}"{star}' for t in tokens)


def find(
    conn: Connection, text: str, *, limit: int = 20, kinds: tuple[str, ...] = KINDS
) -> list[tuple[str, str]]:
    """(kind, record_id) pairs, newest first: whole-word matches, then prefix matches.

    The whole-word query runs first because it is cheap (FTS5 walks one doclist per
    token lazily); the prefix query fills the rest ("nguyen van a" while typing).
    """
    tokens = query_tokens(text)
    if not tokens:
        return []
    found = _match(conn, match_expression(tokens, prefix=False), limit, kinds)
    if len(found) < limit:
        seen = set(found)
        for hit in _match(conn, match_expression(tokens), limit + len(found), kinds):
            if hit not in seen:
                found.append(hit)
                seen.add(hit)
    return found[:limit]


def _match(
    conn: Connection, expression: str, limit: int, kinds: tuple[str, ...]
) -> list[tuple[str, str]]:
    kind_filter = ""
    params: list[Any] = [expression]
    if tuple(kinds) != KINDS:
        kind_filter = f" AND d.kind IN ({','.join('?' * len(kinds))})"
        params += list(kinds)
    rows = conn.execute(
        "SELECT d.kind, d.record_id FROM search_index s JOIN search_doc d ON d.doc = s.rowid"
        f" WHERE search_index MATCH ?{kind_filter} ORDER BY s.rowid DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]
