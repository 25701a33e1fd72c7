"""Audit anchors: every audit head a desk sent, accepted or refused (issue 11).

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("base_seq", sa.BigInteger, nullable=False),
        sa.Column("restart", sa.Boolean, nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("received_at", Stamp, nullable=False),
    )
    op.create_index("ix_audit_anchors_device", "audit_anchors", ["device_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_anchors_device", "audit_anchors")
    op.drop_table("audit_anchors")
