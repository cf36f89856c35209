"""unfurled_links.cameras: the camera count a link's first unfurl showed, so unfurling it
again from the task list (which has no count) still shows it (None: unknown); and
unfurled_links.changed_at: when the status it was last unfurled again with changed, so an
older change does not overwrite a newer one

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from bot.store.types import UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unfurled_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cameras", sa.Integer, nullable=True))
        batch_op.add_column(sa.Column("changed_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("unfurled_links", schema=None) as batch_op:
        batch_op.drop_column("changed_at")
        batch_op.drop_column("cameras")
