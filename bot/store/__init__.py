"""Persistence (SQLAlchemy 2, async): subscriptions, task memory and the delivery outbox."""
