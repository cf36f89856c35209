"""task memory keyed by IVC account: each workspace's own account keeps its own
memory; every existing row is the environment's account ("")

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    "task_id, name, status, expiration_days, first_seen_at, status_changed_at, "
    "retrieved_seen_at, gone_at, previous_status"
)


def _table(name: str, *, with_account: bool) -> None:
    account = [sa.Column("account", sa.String(160), nullable=False, server_default="")]
    key = ("task_id", "account") if with_account else ("task_id",)
    op.create_table(
        name,
        sa.Column("task_id", sa.String(length=128), nullable=False),
        *(account if with_account else []),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("expiration_days", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("retrieved_seen_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("gone_at", UtcDateTime(timezone=True), nullable=True),
        sa.Column("previous_status", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint(*key, name=f"pk_{name}"),
    )


def upgrade() -> None:
    _table("task_memory_by_account", with_account=True)
    op.execute(
        f"INSERT INTO task_memory_by_account ({COLUMNS}, account) "
        f"SELECT {COLUMNS}, '' FROM task_memory"
    )
    op.drop_table("task_memory")
    op.rename_table("task_memory_by_account", "task_memory")


def downgrade() -> None:
    _table("task_memory_shared", with_account=False)
    op.execute(
        f"INSERT INTO task_memory_shared ({COLUMNS}) "
        f"SELECT {COLUMNS} FROM task_memory WHERE account = ''"
    )
    op.drop_table("task_memory")
    op.rename_table("task_memory_shared", "task_memory")
    op.execute("DELETE FROM worker_state WHERE name LIKE 'baseline_at:%'")
