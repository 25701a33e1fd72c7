"""National handoffs (issue 15): a handoff record belongs to the national scope ("00") and
is routed to the desks of one province; `routed_to` is that province, indexed like
`assigned_device` so a province's pull reads its incoming handoffs along an index.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("routed_to", sa.String(8), nullable=True))
    routed = sa.text("routed_to IS NOT NULL")
    op.create_index(
        "ix_records_routed_rev",
        "records",
        ["routed_to", "rev"],
        sqlite_where=routed,
        postgresql_where=routed,
    )


def downgrade() -> None:
    op.drop_index("ix_records_routed_rev", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("routed_to")
