"""Block Kit pieces every feature shares: messages, blocks, mrkdwn escaping, labels in both
languages, formatting, errors and notices (pure functions from typed data)."""
