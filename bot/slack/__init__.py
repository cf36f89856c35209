"""The Slack edge: Bolt app, listeners, HTTP server and Socket Mode."""
