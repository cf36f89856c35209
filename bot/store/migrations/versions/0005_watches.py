"""watches: a person follows a task and gets direct messages; deliveries may target a person

Revision ID: 0005
Revises: 0004

A watch is keyed by workspace, user and task (ready for per-workspace accounts). A delivery
targets either a subscription (a channel post) or a person (``team_id`` + ``user_id``: a
direct message), so ``subscription_id`` becomes nullable; the same outbox (claims, leases,
dedupe keys) delivers both.
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("task_id", sa.String(128), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="active"),
        sa.Column("paused_reason", sa.String(256)),
        sa.Column("expiry_only", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("thread_ts", sa.String(32)),
        sa.Column("remind_at", UtcDateTime()),
        sa.Column("reminded_at", UtcDateTime()),
        sa.Column("ended_at", UtcDateTime()),
    )
    op.create_index("ix_watches_task", "watches", ["task_id", "state"], unique=False)
    op.create_index("ix_watches_remind", "watches", ["state", "remind_at"], unique=False)
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.alter_column("subscription_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("team_id", sa.String(32)))
        batch_op.add_column(sa.Column("user_id", sa.String(32)))
        batch_op.create_index("ix_deliveries_person", ["team_id", "user_id", "task_id"])
        batch_op.create_check_constraint(
            "ck_deliveries_target", "subscription_id IS NOT NULL OR user_id IS NOT NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("ck_deliveries_target", type_="check")
        batch_op.drop_index("ix_deliveries_person")
    op.execute("DELETE FROM deliveries WHERE subscription_id IS NULL")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("user_id")
        batch_op.drop_column("team_id")
        batch_op.alter_column("subscription_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_watches_remind", table_name="watches")
    op.drop_index("ix_watches_task", table_name="watches")
    op.drop_table("watches")
