"""Channel subscriptions as people set them up: what the commands do to stored subscriptions."""
