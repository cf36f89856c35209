"""The App Home tab: counts per status, the person's watches, the channels' subscriptions and the
workspace's settings."""
