"""Watches: a person follows one task and hears about it in direct messages."""
