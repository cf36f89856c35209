"""``python -m bench [--quick] [--cases b1,b3] [--out PATH]``."""

import sys

from bench.cli import main, stop_on_sigterm

if __name__ == "__main__":
    stop_on_sigterm()
    sys.exit(main(sys.argv[1:]))
