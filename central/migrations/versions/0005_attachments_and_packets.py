"""Attachment chunks, province packet keys and imported sync packets (issue 16).

Revision ID: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "attachment_chunks",
        sa.Column("province_code", sa.String(8), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary),
        sa.Column("stored_at", Stamp, nullable=False),
    )
    op.create_table(
        "packet_keys",
        sa.Column("province_code", sa.String(8), primary_key=True),
        sa.Column("key_hex", sa.String(64), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
    )
    op.create_table(
        "packets_seen",
        sa.Column("packet_id", sa.String(64), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("imported_at", Stamp, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("packets_seen")
    op.drop_table("packet_keys")
    op.drop_table("attachment_chunks")
