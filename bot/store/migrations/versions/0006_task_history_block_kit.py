"""task history (first seen, status changes, capacity) keyed by workspace and IVC account;
per-workspace Block Kit memory (classic since a refusal, newer blocks accepted once)

Revision ID: 0006
Revises: 0004 (the integrator rechains it after 0005)
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False, server_default=""),
        sa.Column("account", sa.String(64), nullable=False, server_default=""),
        sa.Column("task_id", sa.String(128), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("capacity_mb", sa.Float(), nullable=False),
        sa.Column("expiration_days", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "team_id", "account", "task_id", "status", name="uq_task_history_status"
        ),
    )
    op.create_index(
        "ix_task_history_scope_at", "task_history", ["team_id", "account", "at"], unique=False
    )
    op.create_table(
        "block_kit",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("classic_since", UtcDateTime(), nullable=True),
        sa.Column("newer_accepted_at", UtcDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("block_kit")
    op.drop_index("ix_task_history_scope_at", table_name="task_history")
    op.drop_table("task_history")
