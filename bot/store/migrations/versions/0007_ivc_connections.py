"""per-workspace IVC connections (credentials encrypted), per-workspace settings, and
each IVC account's poll lease

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ivc_connections",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("api", sa.String(16), nullable=False),
        sa.Column("secret_id", sa.String(128), nullable=False),
        sa.Column("secret_key", sa.Text(), nullable=False),
        sa.Column("security_token", sa.Text(), nullable=True),
        sa.Column("region", sa.String(64), nullable=True),
        sa.Column("organization_id", sa.String(64), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("last_ok_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
    )
    op.create_table(
        "workspace_settings",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("task_managers", sa.Text(), nullable=True),
        sa.Column("viewers", sa.Text(), nullable=True),
        sa.Column("subscription_admins", sa.Text(), nullable=True),
        sa.Column("audit_channel", sa.String(32), nullable=True),
        sa.Column("updated_by", sa.String(32), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "account_polls",
        sa.Column("account_key", sa.String(160), primary_key=True),
        sa.Column("next_poll_at", UtcDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(128), nullable=True),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("last_polled_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
    )
    op.create_index("ix_account_polls_due", "account_polls", ["next_poll_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_account_polls_due", table_name="account_polls")
    op.drop_table("account_polls")
    op.drop_table("workspace_settings")
    op.drop_table("ivc_connections")
