"""The tables. Changes go through an Alembic migration in ``bot/store/migrations``."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bot.store.types import UtcDateTime

metadata = MetaData()

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # summary | notify
    Column("schedule", String(64)),  # normalised schedule text of a summary
    Column("timezone", String(64), nullable=False),
    Column("events", String(128)),  # comma-separated notify events
    Column("identity", String(256), nullable=False),  # what makes two subscriptions the same
    Column("state", String(16), nullable=False, default="active"),
    Column("paused_reason", String(256)),
    Column("next_run_at", UtcDateTime()),
    Column("last_summary_at", UtcDateTime()),
    Column("created_by", String(32), nullable=False, default=""),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint(
        "team_id", "channel_id", "identity", name="uq_subscriptions_team_channel_identity"
    ),
    Index("ix_subscriptions_due", "kind", "state", "next_run_at"),
)

task_memory = Table(
    "task_memory",
    metadata,
    Column("task_id", String(128), primary_key=True),
    # the IVC account ("": the environment's; "team:<id>": a workspace's own)
    Column("account", String(160), primary_key=True, server_default=""),
    Column("name", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("expiration_days", Integer, nullable=False),
    Column("first_seen_at", UtcDateTime(), nullable=False),
    Column("status_changed_at", UtcDateTime(), nullable=False),
    Column("retrieved_seen_at", UtcDateTime()),
    Column("gone_at", UtcDateTime()),
    Column("previous_status", Integer),
    Index("ix_task_memory_account", "account"),  # a poll reads its own account's rows
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(256), nullable=False, unique=True),
    Column(
        "subscription_id",
        Integer,
        ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=True,  # None: a direct message to ``user_id`` of ``team_id``
    ),
    Column("team_id", String(32)),  # a direct message's workspace
    Column("user_id", String(32)),  # a direct message's person
    Column("channel_id", String(32), nullable=False),  # a DM's: the user id (for pacing)
    Column("kind", String(16), nullable=False),  # summary | card | status | gone | watch_*
    Column("task_id", String(128)),
    Column("payload", Text, nullable=False, default="{}"),
    Column("state", String(16), nullable=False, default="pending"),
    Column("claimed_by", String(128)),
    Column("lease_until", UtcDateTime()),
    Column("not_before", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(512)),
    Column("slack_ts", String(32)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("done_at", UtcDateTime()),
    Index("ix_deliveries_claimable", "state", "not_before"),
    Index("ix_deliveries_thread", "subscription_id", "task_id"),
    Index("ix_deliveries_finished", "state", "created_at"),
    Index("ix_deliveries_person", "team_id", "user_id", "task_id"),
    CheckConstraint(  # a subscription's channel, a person, or a posted task link (unfurl)
        "subscription_id IS NOT NULL OR user_id IS NOT NULL OR kind = 'unfurl'",
        name="ck_deliveries_target",
    ),
)

cards = Table(
    "cards",
    metadata,
    Column(
        "subscription_id",
        Integer,
        ForeignKey("subscriptions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("task_id", String(128), primary_key=True),
    Column("channel_id", String(32), nullable=False),
    Column("ts", String(32), nullable=False),
    Index("ix_cards_task", "task_id"),
)

worker_state = Table(
    "worker_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

watches = Table(
    "watches",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("task_id", String(128), primary_key=True),
    Column("state", String(16), nullable=False, default="active"),  # active | paused | ended
    Column("paused_reason", String(256)),
    Column("expiry_only", Boolean, nullable=False, default=False),  # watched once retrieved
    Column("created_at", UtcDateTime(), nullable=False),
    Column("thread_ts", String(32)),  # the first direct message about the task
    Column("remind_at", UtcDateTime()),  # when the expiry reminder is due
    Column("reminded_at", UtcDateTime()),  # when it was enqueued (once)
    Column("ended_at", UtcDateTime()),
    Index("ix_watches_task", "task_id", "state"),
    Index("ix_watches_remind", "state", "remind_at"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("action", String(16), nullable=False),  # create | delete
    Column("request", Text, nullable=False),  # JSON: what was asked
    Column("outcome", String(64), nullable=False),  # created, deleted, refused:<reason>, ...
    Column("task_id", String(128), nullable=False, server_default=""),
    Column("request_id", String(128), nullable=False, server_default=""),  # IVC's RequestId
    Index("ix_audit_team_at", "team_id", "at"),
)

task_history = Table(  # what reports chart: each task's first sighting and status changes
    "task_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False, server_default=""),  # "": every workspace
    Column("account", String(64), nullable=False, server_default=""),  # IVC account ("": the one)
    Column("task_id", String(128), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("event", String(16), nullable=False),  # seen | status
    Column("status", Integer, nullable=False),
    Column("capacity_mb", Float, nullable=False),
    Column("expiration_days", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Index("ix_task_history_scope_at", "team_id", "account", "at"),
    # one row per task and status: replicas polling the same change record it once
    UniqueConstraint("team_id", "account", "task_id", "status", name="uq_task_history_status"),
)

block_kit = Table(  # per workspace and kind of newer block: refused it, accepted it once
    "block_kit",
    metadata,
    Column(
        "team_id", String(32), primary_key=True
    ),  # "<workspace>/<kind>" (charts, alerts, tables)
    Column("classic_since", UtcDateTime()),  # refused this kind (invalid_blocks)
    Column("newer_accepted_at", UtcDateTime()),  # took a message holding this kind
)

ivc_connections = Table(
    "ivc_connections",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("api", String(16), nullable=False),  # ivc | cloudapi
    Column("secret_id", String(128), nullable=False),
    Column("secret_key", Text, nullable=False),  # Fernet, under TOKEN_ENCRYPTION_KEY
    Column("security_token", Text),  # Fernet too; STS credentials only
    Column("region", String(64)),
    Column("organization_id", String(64)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("last_ok_at", UtcDateTime()),  # when IVC last answered with these credentials
    Column("last_error", String(300)),  # IVC's last refusal (one line, no secret)
)

workspace_settings = Table(
    "workspace_settings",
    metadata,
    Column("team_id", String(32), primary_key=True),
    # NULL: the environment's value applies; otherwise ids as in the env setting
    Column("task_managers", Text),
    Column("viewers", Text),
    Column("subscription_admins", Text),
    Column("audit_channel", String(32)),
    Column("updated_by", String(32), nullable=False, server_default=""),
    Column("updated_at", UtcDateTime(), nullable=False),
)

account_polls = Table(
    "account_polls",
    metadata,
    Column("account_key", String(160), primary_key=True),  # bot.ivc.accounts.Account.key
    Column("next_poll_at", UtcDateTime(), nullable=False),  # spread over the interval
    Column("claimed_by", String(128)),  # the replica polling it now
    Column("lease_until", UtcDateTime()),  # after this another replica may take it over
    Column("last_polled_at", UtcDateTime()),
    Column("last_error", String(300)),
    Index("ix_account_polls_due", "next_poll_at"),
)

unfurled_links = Table(  # task links the app unfurled in posted messages: refreshed on a change
    "unfurled_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("message_ts", String(32), nullable=False),
    Column("url", String(1000), nullable=False),  # the link as posted (app_unfurl_url)
    Column("task_id", String(128), nullable=False),
    Column("account", String(160), nullable=False),  # the task memory's account key
    Column("full", Boolean, nullable=False),  # every field, or the name and status only
    Column("status", Integer, nullable=False),  # the status last unfurled
    Column("unfurled_at", UtcDateTime(), nullable=False),
    Column("cameras", Integer),  # the camera count the first unfurl showed (None: unknown)
    Column("changed_at", UtcDateTime()),  # when that status changed: an older one stays out
    UniqueConstraint("team_id", "channel_id", "message_ts", "url", name="uq_unfurled_links_link"),
    Index("ix_unfurled_links_task", "account", "task_id"),
    Index("ix_unfurled_links_at", "unfurled_at"),
)
