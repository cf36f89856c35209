"""``python -m bot``: the command-line entry point."""

import sys

from bot.cli.main import main

sys.exit(main())
