"""Central's tables (SQLAlchemy Core). The Alembic migrations create them; this module is
how the code names them. One schema for SQLite and PostgreSQL: the record document is JSON
(JSONB on PostgreSQL) next to the indexed columns central filters on.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

Document = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

# The newest state of every record. `rev` is the server sequence number of the change that
# last set it, so pulling "since SEQ" is `rev > SEQ` in rev order.
records = Table(
    "records",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("entity", String(16), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("number", String(40)),
    Column("rev", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("assigned_device", String(64)),  # central may hand a record to one device
    # A national handoff (issue 15): the province whose desks receive it.
    Column("routed_to", String(8)),
    # The device whose op produced this exact state (it already has it: pull skips it).
    Column("echo_device", String(64)),
    Column("created_rev", BigInteger, nullable=False),
    Column("created_device", String(64), nullable=False),
    # field -> [rev, device_id] for fields changed after creation
    Column("field_revs", Document, nullable=False),
    Column("doc", Document, nullable=False),
    Column("server_updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_records_province_rev", "province_code", "rev"),
    # partial (WHERE … IS NOT NULL) in the migration:
    Index("ix_records_assigned_rev", "assigned_device", "rev"),
    Index("ix_records_routed_rev", "routed_to", "rev"),  # partial in the migration
    Index("ix_records_number", "province_code", "entity", "number"),
)

# One row per applied op (and per server-made record such as a conflict).
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("op_id", String(64), unique=True),
    Column("entity", String(16), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("rev", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("device_id", String(64)),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Counters kept under the seq lock: 'seq' and 'tombstone_horizon'.
server_state = Table(
    "server_state",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

# Per province: number of live records and XOR of their (id, rev) digests (drift check).
province_digest = Table(
    "province_digest",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("live_count", BigInteger, nullable=False),
    Column("digest", String(16), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("centre", Text, nullable=False, default=""),
    Column("device_code", String(8), nullable=False),
    Column("asked_device_code", String(8), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("app_version", String(40), nullable=False, default=""),
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoked_reason", String(16)),  # revoked | lost
    Index("ix_devices_province_code", "province_code", "device_code"),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("province_code", String(8), nullable=False),
    Column("centre", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("device_id", String(64)),
)

# Stored records central cannot serve (from before the value contract): left out of pull
# pages and out of the scope digest while their rev is current; listed by
# `caseline-central quarantine`. `reason` names fields and problems, never values.
quarantine = Table(
    "quarantine",
    metadata,
    Column("record_id", String(64), primary_key=True),
    Column("rev", BigInteger, primary_key=True),
    Column("entity", String(16), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("found_at", DateTime(timezone=True), nullable=False),
    Index("ix_quarantine_province", "province_code"),
)

# What happened, never who was talked about: no names, phones, notes.
central_audit = Table(
    "central_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(40), nullable=False),
    Column("device_id", String(64)),
    Column("province_code", String(8)),
    Column("detail", Document, nullable=False),
)

# Every audit head a desk sent (issue 11), accepted or refused: central keeps them all.
audit_anchors = Table(
    "audit_anchors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(64), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("base_seq", BigInteger, nullable=False),
    Column("restart", Boolean, nullable=False),
    Column("accepted", Boolean, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    # The desk's newest user-signing key at this anchor (central follows the chain from it)
    # and the signature of the restore statement a restart carried (used once).
    Column("signing_key", String(64), nullable=True),
    Column("statement", String(100), nullable=True),
    Index("ix_audit_anchors_device", "device_id", "id"),
)


# Attachment chunks (issue 16, central/chunks.py): one row per (province, SHA-256); the
# bytes in `data` (the database store) or in a file (the directory store, data NULL).
attachment_chunks = Table(
    "attachment_chunks",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

# Sync packets (issue 16, central/packets.py): each province's packet key (shared by its
# enrolled desks, sent to them over the authenticated sync), and every packet imported, so
# one carried twice is refused as a replay.
packet_keys = Table(
    "packet_keys",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("key_hex", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

packets_seen = Table(
    "packets_seen",
    metadata,
    Column("packet_id", String(64), primary_key=True),
    Column("device_id", String(64), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)
