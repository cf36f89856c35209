"""Connect IVC (multi-workspace mode): a workspace's own IVC account, tested before it is
stored, from App Home."""
