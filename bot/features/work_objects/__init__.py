"""Tasks as Slack Work Objects: each task's link unfurled as a task entity, and its flexpane
as the person who opened it may see it."""
