"""Background work of every replica: poll for task changes, schedule summaries, deliver posts."""
