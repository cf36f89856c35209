"""subscriptions unique per team and channel; indexes for the outbox purge

Revision ID: 0003
Revises: 0002

A channel id alone does not name a tenant (a Slack Connect channel has the same id in every
organisation that shares it), so a subscription's identity is unique per team and channel.
The purge of finished deliveries and of forgotten tasks' cards gets the indexes it reads.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_subscriptions_channel_identity", type_="unique")
        batch_op.create_unique_constraint(
            "uq_subscriptions_team_channel_identity", ["team_id", "channel_id", "identity"]
        )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_finished", ["state", "created_at"], unique=False)
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_task", ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("ix_cards_task")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_finished")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_subscriptions_team_channel_identity", type_="unique")
        batch_op.create_unique_constraint(
            "uq_subscriptions_channel_identity", ["channel_id", "identity"]
        )
