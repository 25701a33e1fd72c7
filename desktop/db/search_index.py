"""The FTS5 search documents: folded text of children, contacts and cases.

Folded (`desktop.domain.text.fold`): no tones, đ → d, lower case, so "dang" finds "Đặng"
and "hoa" finds both "Hoà" and "Hòa". Queries match every token as a prefix, in any order,
so a name typed given-name-first matches too. Phone numbers are indexed as their digits
(and the 0-form of +84 numbers), plus every tail of six or more digits marked with
`INFIX` ("_345678"), so any six or more consecutive digits of a number find it; a query
that is only digits and separators is one phone token. Each document also holds its
kind's token (`KIND_TOKENS`, "_contact"), so one kind's hits and their count come from
the index alone. "_" is a token character of the index and never part of a query word,
so no typed text matches these marks. Documents are kept in step with the records in the
writer's transaction.

Results are ranked (`rank_expressions`): every word whole ("hoa" finds Hoà), then every
word as a prefix (Hoàng, Hoài), then the rest (digits inside a phone number); newest
document first within a rank. Each rank is one FTS5 query read backwards by rowid with a
LIMIT, so a page of a common name costs what a page of a rare one does:
- the index holds prefixes of 1–4 characters (migration 9): a one-letter last word
  ("nguyen t") reads one doclist instead of merging every term that starts with it;
- a longer word is looked up in the index's vocabulary first (`search_vocab`): the few
  terms it starts are matched as whole terms, read lazily, instead of merging their
  doclists ("nguyen"* at 100k: 11 ms → 0.1 ms); a word no term starts with ends the
  search at once, so a miss costs no more than a hit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from desktop.db import paging
from desktop.db.connection import Connection
from desktop.domain.text import digits, fold

KINDS = ("child", "contact", "case")
_PHONE_QUERY = re.compile(r"^[\d\s+().\-]+$")
_MIN_PHONE_DIGITS = 6
# Marks of the index's own tokens ("_" is a token character of the index; query words
# never hold one): a tail of a phone number, and each kind's token.
INFIX = "_"
KIND_TOKENS = {"child": "_child", "contact": "_contact", "case": "_case"}
_PREFIX_INDEXED = 4  # the longest prefix the index keeps (migration 9: prefix '1 2 3 4')
_EXPAND_AT_MOST = 12  # a longer word starting more terms than this is matched as a prefix


def phone_tokens(phone: str | None) -> list[str]:
    number = digits(phone)
    if not number:
        return []
    tokens = [number]
    if number.startswith("84") and len(number) >= 11:
        tokens.append("0" + number[2:])
    return tokens


def phone_infixes(phone: str | None) -> list[str]:
    """The marked tails of a phone number's digits that are at least six digits long and
    shorter than the number (the whole number is its own token): a query of six or more
    consecutive digits is a prefix of one of them. "0905123456" → x905123456, x05123456,
    x5123456, x123456."""
    number = digits(phone)
    return [INFIX + number[i:] for i in range(1, len(number) - _MIN_PHONE_DIGITS + 1)]


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


def _words(text: Any) -> str:
    """Folded text as the index's words: "_" (a token character of the index) is a
    separator here, as it is in a query."""
    return fold(text).replace("_", " ")


def body_for(conn: Connection, entity: str, record: dict[str, Any]) -> str | None:
    if entity == "child":
        return _child_body(record.get("full_name"), record.get("birth_year"))
    if entity == "contact":
        names = " ".join(_child_names(conn, list(record.get("child_ids") or [])))
        return _contact_body(
            record.get("number"), record.get("caller_name"), record.get("caller_phone"), names
        )
    if entity == "case":
        names = _child_names(conn, [record["child_id"]] if record.get("child_id") else [])
        return _case_body(record.get("number"), " ".join(names))
    return None


def _child_body(full_name: Any, birth_year: Any) -> str:
    parts = [KIND_TOKENS["child"], _words(full_name), str(birth_year) if birth_year else ""]
    return " ".join(p for p in parts if p)


def _case_body(number: Any, child_name: Any) -> str:
    return " ".join(p for p in (KIND_TOKENS["case"], _words(number), _words(child_name)) if p)


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


def rebuild(conn: Connection) -> int:
    """Write every document again from the records (after the index's rules changed),
    keeping each document's rowid. Returns how many documents were written. Grouped
    reads: one query per kind, not one per record."""
    written = 0
    children = conn.execute(
        "SELECT d.doc, ch.full_name, ch.birth_year FROM search_doc d JOIN child ch"
        " ON ch.id = d.record_id AND d.kind = 'child' WHERE ch.deleted = 0"
    )
    written += _write_bodies(conn, ((doc, _child_body(n, y)) for doc, n, y in children))
    names = "(SELECT group_concat(ch.fold_name, ' ') FROM contact_child cc JOIN child ch"
    contacts = conn.execute(
        "SELECT d.doc, c.number, c.caller_name, c.caller_phone,"
        f" {names} ON ch.id = cc.child_id WHERE cc.contact_id = c.id)"
        " FROM search_doc d JOIN contact c ON c.id = d.record_id AND d.kind = 'contact'"
        " WHERE c.deleted = 0"
    )
    written += _write_bodies(
        conn,
        (
            (doc, _contact_body(number, caller, phone, child_names))
            for doc, number, caller, phone, child_names in contacts
        ),
    )
    cases = conn.execute(
        "SELECT d.doc, c.number, ch.fold_name FROM search_doc d JOIN case_file c"
        " ON c.id = d.record_id AND d.kind = 'case' LEFT JOIN child ch ON ch.id = c.child_id"
        " WHERE c.deleted = 0"
    )
    written += _write_bodies(conn, ((doc, _case_body(n, name)) for doc, n, name in cases))
    return written


def _contact_body(number: Any, caller: Any, phone: Any, child_names: Any) -> str:
    parts = [KIND_TOKENS["contact"], _words(number), _words(caller)]
    parts += [*phone_tokens(phone), *phone_infixes(phone), _words(child_names)]
    return " ".join(p for p in parts if p)


def _write_bodies(conn: Connection, bodies: Any) -> int:
    cursor = conn.executemany("INSERT INTO search_index (rowid, body) VALUES (?, ?)", bodies)
    return max(cursor.rowcount, 0)


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


def is_phone_query(text: str) -> bool:
    """Only digits and phone separators, with at least six digits."""
    return bool(_PHONE_QUERY.match(text or "")) and len(digits(text)) >= _MIN_PHONE_DIGITS


def rank_expressions(conn: Connection, text: str, kind: str | None = None) -> list[str]:
    """FTS5 match expressions, one per rank, best first, no document in two of them:
    0 every word whole, 1 every word as a prefix (and not whole), 2 for a phone query the
    digits inside a number. `kind`: that kind's documents only. [] when the text has no
    word to look for, or a word that no indexed term starts with (nothing can match)."""
    parts = _expressions(conn, text)
    if parts is None:
        return []
    whole, prefix, infix = parts
    ranks = [whole]
    if prefix != whole:
        ranks.append(f"({prefix}) NOT ({whole})")
    if infix:
        ranks.append(f"({infix}) NOT ({prefix})")
    if kind is not None:
        ranks = [f'"{KIND_TOKENS[kind]}" AND ({r})' for r in ranks]
    return ranks


def any_rank_expression(conn: Connection, text: str) -> str | None:
    """One FTS5 expression for every document some rank finds (what a total counts):
    the prefix match, or the phone digits inside a number. None: nothing can match."""
    parts = _expressions(conn, text)
    if parts is None:
        return None
    _whole, prefix, infix = parts
    return f"({prefix}) OR ({infix})" if infix else prefix


def _expressions(conn: Connection, text: str) -> tuple[str, str, str | None] | None:
    """(whole words, every word as a prefix — the whole-words one when a word starts no
    longer term —, the phone digits inside a number or None), or None when nothing can
    match."""
    tokens = query_tokens(text)
    if not tokens:
        return None
    phone = is_phone_query(text)
    prefixes = []
    for token in tokens:
        prefix = _prefix_term(conn, token)
        if prefix is None and not phone:
            return None
        prefixes.append(prefix)
    whole = match_expression(tokens, prefix=False)
    prefix = " AND ".join(str(p) for p in prefixes) if all(prefixes) else whole
    infix = _prefix_term(conn, INFIX + tokens[0]) if phone else None
    return whole, prefix, infix


def _prefix_term(conn: Connection, token: str) -> str | None:
    """`token` as a prefix in an FTS5 expression: "t"* when the index keeps that prefix
    length, else the few indexed terms it starts, whole ("nguyen" → ("nguyen")), read
    lazily; None when no indexed term starts with it."""
    if len(token) <= _PREFIX_INDEXED and not token.startswith(INFIX):
        return f'"{token}"*'
    terms = [
        row[0]
        for row in _vocabulary(conn).execute(
            "SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (token, token + "\U0010ffff", _EXPAND_AT_MOST + 1),
        )
    ]
    if not terms:
        return None
    if len(terms) > _EXPAND_AT_MOST:
        return f'"{token}"*'
    return "(" + " OR ".join(f'"{t}"' for t in terms) + ")"


def _vocabulary(conn: Connection) -> Connection:
    """The connection, with the index's vocabulary (`temp.search_vocab`, fts5vocab) made
    once per connection."""
    if not getattr(conn, "_search_vocab", False):
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab"
            " USING fts5vocab(main, search_index, row)"
        )
        conn._search_vocab = True  # type: ignore[attr-defined]
    return conn


def find(
    conn: Connection, text: str, *, limit: int = 20, kinds: tuple[str, ...] = KINDS
) -> list[tuple[str, str]]:
    """(kind, record_id) pairs, best rank first (`rank_expressions`), newest first within
    a rank; at most `limit`."""
    return find_page(conn, text, limit=limit, kinds=kinds)[0]


def find_page(
    conn: Connection,
    text: str,
    *,
    limit: int = 20,
    kinds: tuple[str, ...] = KINDS,
    after: tuple[int, int] | None = None,
) -> tuple[list[tuple[str, str]], tuple[int, int] | None]:
    """One page of ranked hits and where the next page starts: ((kind, id) pairs,
    (rank, doc) of the last hit, or None when there is no more). `after` is that pair
    from the page before. Each rank reads its FTS5 query backwards by rowid and stops at
    the page's end, so the cost of a page does not grow with the number of matches."""
    found: list[tuple[str, str]] = []
    ranks = rank_expressions(conn, text, kinds[0] if len(kinds) == 1 else None)
    start_rank, below = after if after is not None else (0, None)
    last: tuple[int, int] | None = None
    for rank in range(start_rank, len(ranks)):
        want = limit - len(found)
        if want <= 0:
            break
        rows = _match(conn, ranks[rank], want, kinds, below if rank == start_rank else None)
        found += [(r[0], r[1]) for r in rows]
        if rows:
            last = (rank, rows[-1][2])
    if len(found) < limit:
        return found, None
    return found, last


def _match(
    conn: Connection,
    expression: str,
    limit: int,
    kinds: tuple[str, ...],
    below: int | None = None,
) -> list[tuple[str, str, int]]:
    kind_filter = ""
    params: list[Any] = [expression]
    if below is not None:
        kind_filter += " AND s.rowid < ?"
        params.append(int(below))
    if tuple(kinds) != KINDS:
        kind_filter += f" AND d.kind IN ({','.join('?' * len(kinds))})"
        params += list(kinds)
    rows = conn.execute(
        "SELECT d.kind, d.record_id, s.rowid FROM search_index s JOIN search_doc d"
        f" ON d.doc = s.rowid WHERE search_index MATCH ?{kind_filter}"
        " ORDER BY s.rowid DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def ranked_rows(
    conn: Connection,
    text: str,
    kind: str,
    *,
    table: str,
    select: str,
    where: str = "1",
    params: list[Any] | tuple = (),
    limit: int = 100,
    after: str | None = None,
    offset: int = 0,
) -> tuple[list[Any], str | None]:
    """A list's page of search hits of one `kind`, in rank order and newest first within
    a rank, filtered by `where` on `table` (joined as itself): (rows, cursor of the next
    page or None). Each row is `select`'s columns, then its rank and document rowid (the
    cursor's key). `after`: the previous page's cursor; `offset` is read only without it."""
    ranks = rank_expressions(conn, text, kind)
    start, below = paging.decode(after, 2) if after is not None else (0, None)
    skip = 0 if after is not None else max(0, int(offset))
    rows: list[Any] = []
    for rank in range(int(start), len(ranks)):
        want = limit + skip - len(rows)
        if want <= 0:
            break
        keyset = rank == start and below is not None
        rows += conn.execute(
            f"SELECT {select}, {rank}, s.rowid FROM search_index s"
            f" JOIN search_doc d ON d.doc = s.rowid AND d.kind = '{kind}'"
            f" JOIN {table} ON {table}.id = d.record_id"
            f" WHERE search_index MATCH ? AND {'s.rowid < ?' if keyset else '1'} AND {where}"
            " ORDER BY s.rowid DESC LIMIT ?",
            [ranks[rank], *([below] if keyset else []), *params, want],
        ).fetchall()
    rows = rows[skip:]
    return rows, paging.next_cursor(rows, 2, limit)


def count_hits(
    conn: Connection,
    text: str,
    kind: str,
    *,
    table: str,
    where: str | None = None,
    params: list[Any] | tuple = (),
) -> int:
    """How many records of `kind` the text finds, in all ranks together, filtered by
    `where` on `table`; without `where`, from the index alone (documents exist for live
    records only), which is what keeps the total of a common name cheap."""
    anywhere = any_rank_expression(conn, text)
    if anywhere is None:
        return 0
    if where is not None:
        return int(
            conn.execute(
                f"SELECT count(*) FROM search_index s JOIN search_doc d ON d.doc = s.rowid"
                f" AND d.kind = '{kind}' JOIN {table} ON {table}.id = d.record_id"
                f" WHERE search_index MATCH ? AND {where}",
                [anywhere, *params],
            ).fetchone()[0]
        )

    return int(
        conn.execute(
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?",
            (f'"{KIND_TOKENS[kind]}" AND ({anywhere})',),
        ).fetchone()[0]
    )
