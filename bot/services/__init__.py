"""What the commands do to stored state, without Slack: the subscription and watch services with
their limits (below the Slack edge and the features, which hand them typed values)."""
