"""Audit anchors follow the desk's user-signing key chain, and a restart needs an admin's
signed restore statement (issue 11): the key each anchor was sent under, the statement used.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_anchors") as batch:
        batch.add_column(sa.Column("signing_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("statement", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_anchors") as batch:
        batch.drop_column("statement")
        batch.drop_column("signing_key")
