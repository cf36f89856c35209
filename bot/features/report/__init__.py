"""Reports: the status summary (the summary command and subscriptions) and the period report with
its charts."""
