"""``python -m bench [--quick] [--cases b1,b3] [--out PATH]``: an ad hoc run;
``python -m bench record [--cases ...]``: the recorded figures; ``python -m bench readme``:
the README's figure tables from them."""

import sys

from bench.cli import main, stop_on_sigterm

if __name__ == "__main__":
    stop_on_sigterm()
    argv = sys.argv[1:]
    if argv[:1] == ["record"]:
        from bench.record import main as record

        sys.exit(record(argv[1:]))
    if argv[:1] == ["readme"]:
        from bench.readme import main as readme

        sys.exit(readme(argv[1:]))
    sys.exit(main(argv))
