"""Quarantine: stored records central cannot serve (a value from before the value contract:
a lone surrogate, a wrong type), kept out of pull pages and listed for the admin.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("record_id", sa.String(64), primary_key=True),
        sa.Column("rev", sa.BigInteger, primary_key=True),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_quarantine_province", "quarantine", ["province_code"])


def downgrade() -> None:
    op.drop_table("quarantine")
