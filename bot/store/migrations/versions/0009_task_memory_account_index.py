"""an index on task_memory.account: a poll reads its own account's memory, and the primary
key (task_id, account) cannot find one account's rows (each poll read every account's)

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_task_memory_account", "task_memory", ["account"])


def downgrade() -> None:
    op.drop_index("ix_task_memory_account", table_name="task_memory")
