"""Numbered schema migrations (`PRAGMA user_version`), each in one transaction.

Running them twice is harmless: a migration runs only when user_version is below its
number, and sets the version inside the same transaction. Synced tables hold the fields of
`desktop.domain.records` as columns of the same names (lists/dicts as JSON text, booleans
0/1) plus a few local search/sort columns (fold_name, sort_name, caller_phone_digits).
After the numbered steps, any field added to records.py later is added as a column
(records.py only ever gains fields).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields

from desktop.db.connection import Connection
from desktop.domain.records import RECORD_TYPES
from desktop.domain.taxonomy import load_taxonomy

TABLES = {
    "child": "child",
    "contact": "contact",
    "case": "case_file",
    "case_entry": "case_entry",
    "referral": "referral",
    "conflict": "conflict",
    "attachment": "attachment",
    "handoff": "handoff",
}

_META = """
    id TEXT PRIMARY KEY,
    province_code TEXT NOT NULL DEFAULT '',
    rev INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0"""

V1 = f"""
CREATE TABLE child ({_META},
    full_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    middle_name TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    sex TEXT NOT NULL DEFAULT 'U',
    birth_date TEXT,
    birth_year INTEGER,
    birth_estimated INTEGER NOT NULL DEFAULT 0,
    ethnicity TEXT NOT NULL DEFAULT '',
    address_text TEXT NOT NULL DEFAULT '',
    home_province_code TEXT NOT NULL DEFAULT '',
    home_commune_code TEXT NOT NULL DEFAULT '',
    special_groups TEXT NOT NULL DEFAULT '[]',
    disability TEXT NOT NULL DEFAULT '',
    school TEXT NOT NULL DEFAULT '',
    fold_name TEXT NOT NULL DEFAULT '',
    sort_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX child_sort ON child(sort_name);
CREATE INDEX child_fold ON child(fold_name);
CREATE INDEX child_updated ON child(updated_at);

CREATE TABLE contact ({_META},
    number TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL DEFAULT '',
    duration_s INTEGER NOT NULL DEFAULT 0,
    channel TEXT NOT NULL DEFAULT 'phone',
    call_type TEXT NOT NULL DEFAULT 'counselling',
    caller_relation TEXT NOT NULL DEFAULT '',
    caller_name TEXT NOT NULL DEFAULT '',
    caller_phone TEXT NOT NULL DEFAULT '',
    caller_age_band TEXT NOT NULL DEFAULT '',
    caller_sex TEXT NOT NULL DEFAULT 'U',
    caller_location TEXT NOT NULL DEFAULT '',
    caller_anonymous INTEGER NOT NULL DEFAULT 0,
    child_ids TEXT NOT NULL DEFAULT '[]',
    categories TEXT NOT NULL DEFAULT '[]',
    services TEXT NOT NULL DEFAULT '[]',
    risk TEXT NOT NULL DEFAULT 'low',
    summary TEXT NOT NULL DEFAULT '',
    follow_up INTEGER NOT NULL DEFAULT 0,
    consent TEXT NOT NULL DEFAULT '{{}}',
    worker TEXT NOT NULL DEFAULT '',
    taxonomy_version TEXT NOT NULL DEFAULT '',
    case_id TEXT,
    caller_phone_digits TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_number ON contact(number);
CREATE INDEX contact_received ON contact(received_at);
CREATE INDEX contact_channel ON contact(channel, received_at);
CREATE INDEX contact_risk ON contact(risk, received_at);
CREATE INDEX contact_worker ON contact(worker, received_at);
CREATE INDEX contact_phone ON contact(caller_phone_digits);
CREATE INDEX contact_case ON contact(case_id);

CREATE TABLE case_file ({_META},
    number TEXT NOT NULL DEFAULT '',
    child_id TEXT NOT NULL DEFAULT '',
    contact_ids TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'received',
    risk TEXT NOT NULL DEFAULT 'low',
    urgent INTEGER NOT NULL DEFAULT 0,
    assigned_to TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '[]',
    received_at TEXT NOT NULL DEFAULT '',
    assessment_due TEXT,
    plan_due TEXT,
    plan_approved_by TEXT NOT NULL DEFAULT '',
    plan_approved_at TEXT,
    closure_reason TEXT NOT NULL DEFAULT '',
    closed_at TEXT
);
CREATE INDEX case_number ON case_file(number);
CREATE INDEX case_status ON case_file(status);
CREATE INDEX case_assigned ON case_file(assigned_to, status);
CREATE INDEX case_risk ON case_file(risk);
CREATE INDEX case_received ON case_file(received_at);
CREATE INDEX case_child ON case_file(child_id);

CREATE TABLE case_entry ({_META},
    case_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'note',
    occurred_at TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{{}}',
    corrects_id TEXT
);
CREATE INDEX case_entry_case ON case_entry(case_id, occurred_at);

CREATE TABLE referral ({_META},
    case_id TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    agency_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    sent_at TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'sent',
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_case ON referral(case_id);

CREATE TABLE conflict ({_META},
    record_entity TEXT NOT NULL DEFAULT '',
    record_id TEXT NOT NULL DEFAULT '',
    field_name TEXT NOT NULL DEFAULT '',
    kept_value TEXT,
    other_value TEXT,
    kept_by TEXT NOT NULL DEFAULT '',
    other_by TEXT NOT NULL DEFAULT '',
    other_device TEXT NOT NULL DEFAULT '',
    other_at TEXT NOT NULL DEFAULT '',
    resolved INTEGER NOT NULL DEFAULT 0,
    resolved_by TEXT NOT NULL DEFAULT '',
    resolved_at TEXT
);
CREATE INDEX conflict_record ON conflict(record_id);
CREATE INDEX conflict_open ON conflict(resolved);

CREATE TABLE contact_child (
    contact_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, child_id)
) WITHOUT ROWID;
CREATE INDEX contact_child_child ON contact_child(child_id);

CREATE TABLE app_user (
    username TEXT PRIMARY KEY,
    full_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    base_rev INTEGER NOT NULL DEFAULT 0,
    user TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL DEFAULT '',
    client_time TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_record ON outbox(entity, record_id);

CREATE TABLE rejected_op (
    op_id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    base_rev INTEGER NOT NULL DEFAULT 0,
    user TEXT NOT NULL DEFAULT '',
    client_time TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    rejected_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    record_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{{}}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_record ON audit_event(record_id);
CREATE INDEX audit_at ON audit_event(at);

CREATE TABLE number_seq (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);

CREATE TABLE draft (
    username TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (username, key)
);

CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT);

-- Search: one document per child/contact/case; the FTS rowid is search_doc.doc.
CREATE TABLE search_doc (
    doc INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    UNIQUE (kind, record_id)
);
CREATE VIRTUAL TABLE search_index USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4', detail = 'none'
);
"""

Migration = Callable[[Connection], None]


def _v1(conn: Connection) -> None:
    for statement in _split(V1):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _v2(conn: Connection) -> None:
    """Lists count and page the live records from a small partial index (100k contacts:
    the first page of the contact list went from ~275 ms to a few ms)."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS contact_live ON contact(received_at) WHERE deleted = 0"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS case_live ON case_file(received_at) WHERE deleted = 0")
    conn.execute("CREATE INDEX IF NOT EXISTS child_live ON child(sort_name) WHERE deleted = 0")


def _v3(conn: Connection) -> None:
    """The category filter of the contact list reads an index instead of scanning every
    contact's JSON: one row per (category code, receipt time, contact) for live contacts,
    a subcategory also filed under its family ("violence.physical" → "violence").
    The repository keeps it in step in the writer's transaction."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS contact_category (code TEXT NOT NULL, at TEXT NOT NULL,"
        " contact_id TEXT NOT NULL, PRIMARY KEY (code, at, contact_id)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE INDEX IF NOT EXISTS contact_category_contact ON contact_category(contact_id)"
    )
    for code in ("j.value", "substr(j.value, 1, instr(j.value, '.') - 1)"):
        conn.execute(
            f"INSERT OR IGNORE INTO contact_category (code, at, contact_id) SELECT {code},"
            " c.received_at, c.id FROM contact c, json_each(c.categories) j"
            f" WHERE c.deleted = 0 AND j.type = 'text' AND {code} != ''"
        )


def _v4(conn: Connection) -> None:
    """Ops central keeps refusing are parked in `rejected_op` (no poison in the outbox):
    `seq` is the outbox place an op goes back to when the user edits its record, `kind`
    why it waits (rejected | too_large | held: behind a parked op of the same record)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(rejected_op)")}
    for name, sql in (
        ("seq", "INTEGER"),
        ("device", "TEXT NOT NULL DEFAULT ''"),
        ("kind", "TEXT NOT NULL DEFAULT 'rejected'"),
    ):
        if name not in have:
            conn.execute(f"ALTER TABLE rejected_op ADD COLUMN {name} {sql}")
    conn.execute("CREATE INDEX IF NOT EXISTS rejected_op_record ON rejected_op(entity, record_id)")


def _v5(conn: Connection) -> None:
    """Signed user records (issue 11): each `app_user` row carries an Ed25519 signature by
    the desk's signing key (`desktop.db.signing`). Rows of an existing desk stay unsigned
    until its admin's next login signs them all (`Workspace._upkeep`)."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(app_user)")}
    if "signature" not in have:
        conn.execute("ALTER TABLE app_user ADD COLUMN signature TEXT NOT NULL DEFAULT ''")


def _v6(conn: Connection) -> None:
    """Taxonomy 2027.1 retired some category codes (desktop.domain.taxonomy `retired`):
    contacts coded with one are also filed under the code it maps to, so the category
    filter finds an old 'exploitation.pornography' contact under 'sexual_abuse'."""
    taxonomy = load_taxonomy()
    for retired in taxonomy.retired_codes():
        for code in dict.fromkeys((retired.maps_to, retired.maps_to.split(".", 1)[0])):
            conn.execute(
                "INSERT OR IGNORE INTO contact_category (code, at, contact_id)"
                " SELECT ?, c.received_at, c.id FROM contact c, json_each(c.categories) j"
                " WHERE c.deleted = 0 AND j.value = ?",
                (code, retired.code),
            )


def _v7(conn: Connection) -> None:
    """Attachments (issue 16): the synced `attachment` record (what the file is; its
    fields come from records.py by `add_new_record_fields`) and `attachment_chunk`, the
    file's bytes as content-addressed pieces of `desktop.db.attachments.CHUNK_SIZE`, kept
    inside this encrypted database (never as files; docs/dev-contracts.md "Attachments").
    `uploaded` = 1 once central holds the chunk (an upload cut short resumes after it)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS attachment ({_META})")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS attachment_chunk (sha256 TEXT PRIMARY KEY,"
        " data BLOB NOT NULL, size INTEGER NOT NULL, uploaded INTEGER NOT NULL DEFAULT 0)"
    )
    add_new_record_fields(conn)
    conn.execute("CREATE INDEX IF NOT EXISTS attachment_owner ON attachment(owner_id)")
    conn.execute(
        "CREATE INDEX IF NOT EXISTS attachment_chunk_waiting ON attachment_chunk(uploaded)"
        " WHERE uploaded = 0"
    )


def _v8(conn: Connection) -> None:
    """National handoffs (issue 15): a synced table; its fields are added as columns by
    `add_new_record_fields` (as for every records.py field added after migration 1)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS handoff ({_META})")


# The live records each list counts without a scan (`live_count`, migration 9).
COUNTED = {"contact": "contact", "child": "child", "case": "case_file"}
SEARCH_INDEX_SQL = (
    "CREATE VIRTUAL TABLE search_index USING fts5(body, content = '', contentless_delete = 1,"
    " tokenize = \"unicode61 remove_diacritics 2 tokenchars '_'\", prefix = '1 2 3 4',"
    " detail = 'none')"
)


def _v9(conn: Connection) -> None:
    """Lists without limits (issues 13 and 17).

    - `live_count`: how many live (not deleted) contacts, children and cases the desk
      holds, kept by triggers in the writer's transaction (local saves and pulled records
      alike), so a list's unfiltered total is one row read instead of a count over an
      index that outgrows the page cache (1M contacts: 230 ms).
    - The search index holds no copy of its text (contentless, with delete), adds
      one-letter prefixes (a one-letter last word no longer merges every term starting
      with it), every tail of six or more digits of a phone number and each document's
      kind token (`desktop.db.search_index`). Its documents keep their rowids
      (search_doc.doc), so newest-first stays as it was.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS live_count (entity TEXT PRIMARY KEY, n INTEGER)")
    for entity, table in COUNTED.items():
        conn.execute(
            "INSERT OR REPLACE INTO live_count (entity, n) VALUES"
            f" ('{entity}', (SELECT count(*) FROM {table} WHERE deleted = 0))"
        )
        bump = f"UPDATE live_count SET n = n + (%s) WHERE entity = '{entity}'"
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_counted_insert AFTER INSERT ON {table}"
            f" WHEN NEW.deleted = 0 BEGIN {bump % '1'}; END"
        )
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_counted_delete AFTER DELETE ON {table}"
            f" WHEN OLD.deleted = 0 BEGIN {bump % '-1'}; END"
        )
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_counted_update AFTER UPDATE OF deleted"
            f" ON {table} WHEN (OLD.deleted = 0) <> (NEW.deleted = 0)"
            f" BEGIN {bump % 'CASE WHEN NEW.deleted = 0 THEN 1 ELSE -1 END'}; END"
        )
    # The reports' "first assessment / first plan of each case" reads an index, not
    # every timeline entry's text (monthly report at 100k: open and overdue 166 → 70 ms).
    conn.execute(
        "CREATE INDEX IF NOT EXISTS case_entry_kind ON case_entry(kind, case_id, occurred_at)"
        " WHERE deleted = 0"
    )
    conn.execute("DROP TABLE IF EXISTS search_index")
    conn.execute(SEARCH_INDEX_SQL)
    from desktop.db import search_index  # the index's own rules build its documents

    search_index.rebuild(conn)


MIGRATIONS: list[tuple[int, Migration]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5),
    (6, _v6),
    (7, _v7),
    (8, _v8),
    (9, _v9),
]
LATEST = MIGRATIONS[-1][0]


def user_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection) -> int:
    """Bring the schema up to date; returns the version reached."""
    for number, step in MIGRATIONS:
        if user_version(conn) >= number:
            # Read without the write lock: an up-to-date desk opens (and reads, WAL) while
            # another process holds a long write, such as seed-demo's batches.
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) >= number:
                conn.execute("ROLLBACK")
                continue
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    add_new_record_fields(conn)
    return user_version(conn)


def column_sql(field_obj) -> str:
    """Column type/default for a records.py field added after migration 1."""
    if field_obj.default_factory is not MISSING:
        default = "'[]'" if field_obj.default_factory is list else "'{}'"
        return f"TEXT NOT NULL DEFAULT {default}"
    default = field_obj.default
    if isinstance(default, bool):
        return f"INTEGER NOT NULL DEFAULT {int(default)}"
    if isinstance(default, int):
        return f"INTEGER NOT NULL DEFAULT {default}"
    if isinstance(default, str):
        return "TEXT NOT NULL DEFAULT '" + default.replace("'", "''") + "'"
    return "TEXT"


def add_new_record_fields(conn: Connection) -> None:
    for entity, table in TABLES.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not have:
            continue  # its numbered migration makes it
        for f in fields(RECORD_TYPES[entity]):
            if f.name not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {f.name} {column_sql(f)}")
