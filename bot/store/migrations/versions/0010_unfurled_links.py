"""unfurled_links: the task links unfurled in posted messages (last 14 days), so a status
change unfurls them again; a delivery may target such a link (kind ``unfurl``: neither a
subscription nor a person)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TARGETS = "subscription_id IS NOT NULL OR user_id IS NOT NULL"
"""What a delivery targeted before: a subscription's channel or a person."""
WITH_LINKS = f"{TARGETS} OR kind = 'unfurl'"


def upgrade() -> None:
    op.create_table(
        "unfurled_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=False),
        sa.Column("url", sa.String(1000), nullable=False),
        sa.Column("task_id", sa.String(128), nullable=False),
        sa.Column("account", sa.String(160), nullable=False),
        sa.Column("full", sa.Boolean, nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("unfurled_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint(
            "team_id", "channel_id", "message_ts", "url", name="uq_unfurled_links_link"
        ),
    )
    op.create_index("ix_unfurled_links_task", "unfurled_links", ["account", "task_id"])
    op.create_index("ix_unfurled_links_at", "unfurled_links", ["unfurled_at"])
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("ck_deliveries_target", type_="check")
        batch_op.create_check_constraint("ck_deliveries_target", WITH_LINKS)


def downgrade() -> None:
    op.execute("DELETE FROM deliveries WHERE kind = 'unfurl'")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("ck_deliveries_target", type_="check")
        batch_op.create_check_constraint("ck_deliveries_target", TARGETS)
    op.drop_index("ix_unfurled_links_at", table_name="unfurled_links")
    op.drop_index("ix_unfurled_links_task", table_name="unfurled_links")
    op.drop_table("unfurled_links")
