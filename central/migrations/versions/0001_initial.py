"""Initial schema: records, changes, server state, digests, devices, codes, audit.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("number", sa.String(40)),
        sa.Column("rev", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("assigned_device", sa.String(64)),
        sa.Column("echo_device", sa.String(64)),
        sa.Column("created_rev", sa.BigInteger, nullable=False),
        sa.Column("created_device", sa.String(64), nullable=False),
        sa.Column("field_revs", Document, nullable=False),
        sa.Column("doc", Document, nullable=False),
        sa.Column("server_updated_at", Stamp, nullable=False),
    )
    op.create_index("ix_records_province_rev", "records", ["province_code", "rev"])
    # Partial indexes: most records are neither handed to one device nor numbered
    # (children), and every index costs on the first-sync hot path.
    assigned = sa.text("assigned_device IS NOT NULL")
    numbered = sa.text("number IS NOT NULL")
    op.create_index(
        "ix_records_assigned_rev",
        "records",
        ["assigned_device", "rev"],
        sqlite_where=assigned,
        postgresql_where=assigned,
    )
    op.create_index(
        "ix_records_number",
        "records",
        ["province_code", "entity", "number"],
        sqlite_where=numbered,
        postgresql_where=numbered,
    )
    op.create_table(
        "changes",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("op_id", sa.String(64), unique=True),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("rev", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("device_id", sa.String(64)),
        sa.Column("at", Stamp, nullable=False),
    )
    op.create_table(
        "server_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(
        sa.table("server_state", sa.column("key", sa.String), sa.column("value", sa.BigInteger)),
        [{"key": "seq", "value": 0}, {"key": "tombstone_horizon", "value": 0}],
    )
    op.create_table(
        "province_digest",
        sa.Column("province_code", sa.String(8), primary_key=True),
        sa.Column("live_count", sa.BigInteger, nullable=False),
        sa.Column("digest", sa.String(16), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(64), primary_key=True),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("centre", sa.Text, nullable=False),
        sa.Column("device_code", sa.String(8), nullable=False),
        sa.Column("asked_device_code", sa.String(8), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("enrolled_at", Stamp, nullable=False),
        sa.Column("last_seen_at", Stamp),
        sa.Column("revoked_at", Stamp),
        sa.Column("revoked_reason", sa.String(16)),
    )
    op.create_index("ix_devices_province_code", "devices", ["province_code", "device_code"])
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("centre", sa.Text, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("expires_at", Stamp, nullable=False),
        sa.Column("used_at", Stamp),
        sa.Column("device_id", sa.String(64)),
    )
    op.create_table(
        "central_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("device_id", sa.String(64)),
        sa.Column("province_code", sa.String(8)),
        sa.Column("detail", Document, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "central_audit",
        "enrolment_codes",
        "devices",
        "province_digest",
        "server_state",
        "changes",
        "records",
    ):
        op.drop_table(name)
