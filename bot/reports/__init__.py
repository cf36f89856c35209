"""Reports: the task history the poller records, and the period reports drawn from it."""
