"""``python -m bot.simulator``: the same as ``python -m bot simulate``."""

import sys

from bot.simulator.cli import run_cli

if __name__ == "__main__":
    sys.exit(run_cli(sys.argv[1:]))
