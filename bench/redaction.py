"""u3: redaction with 10,000 secrets, a 1 KB line: what one log line costs when every
workspace's saved IVC SecretKey is redacted from it, beside the same line with one secret.

Each figure is the median over rounds of the best of a few runs of ``LINES`` lines, in µs per
line: ``redact`` (the app's redactor on the line's 1 KB message), ``json_line`` and
``text_line`` (the app's log formatters, redaction included, on a record whose JSON line is
1 KB). The baseline is the same work with one learned secret instead of ``SECRETS``; the
line holds that secret inside a longer word in both, so both redact the same text. Target:
every ratio at most ``TARGET_RATIO`` (the cost does not grow with the number of secrets).
"""

from __future__ import annotations

import json
import logging
import random
import string
from functools import partial
from typing import Any

from bench.stats import Rounds, rounded
from bench.units import best_ms
from bot.logs import REDACTED, JsonFormatter, Redactor, TextFormatter
from bot.secret_set import SecretSet

SECRETS = 10_000
LINE_BYTES = 1024
LINES = 200
TARGET_RATIO = 2.0
CONFIGURED = ("bench-DISTINCTIVE-signing-secret", "bench-DISTINCTIVE-encryption-key")
"""Stand-ins for the settings' secret values, redacted by every formatter here."""
FIGURES = ("redact", "json_line", "text_line")


def secret_keys(count: int, *, seed: int = 3) -> list[str]:
    """``count`` distinct SecretKey-like values: 32 letters and digits each."""
    chars = string.ascii_letters + string.digits
    rng = random.Random(seed)
    keys: dict[str, None] = {}
    while len(keys) < count:
        keys["".join(rng.choices(chars, k=32))] = None
    return list(keys)


def log_record(secret: str) -> logging.LogRecord:
    """A warning with request fields whose JSON line (unredacted) is ``LINE_BYTES`` long; its
    message holds ``secret`` inside a longer word."""
    words = f"IVC refused the request of workspace T0BENCH1 (sig{secret}x) for channel C0BENCH1;"
    record = logging.LogRecord("bot.ivc.client", logging.WARNING, __file__, 1, "%s", None, None)
    record.__dict__.update(team_id="T0BENCH1", user_id="U0BENCH1", command="pending refresh")
    message = words
    while True:
        record.args = (message,)
        size = len(JsonFormatter().format(record).encode())
        if size >= LINE_BYTES:
            break
        message = (message + " " + words)[: len(message) + LINE_BYTES - size]
    return record


def _redact(redactor: Redactor, text: str) -> None:
    for _ in range(LINES):
        redactor.text(text)


def _format(formatter: logging.Formatter, record: logging.LogRecord) -> None:
    for _ in range(LINES):
        formatter.format(record)


def _work(learned: SecretSet, record: logging.LogRecord, secret: str) -> dict[str, Any]:
    """Each figure's work with the app's redactor over ``learned``, checked to hide
    ``secret`` (and to keep the JSON line valid)."""
    redactor = Redactor(CONFIGURED, learned=learned)
    formatters = {"json_line": JsonFormatter(redactor), "text_line": TextFormatter(redactor)}
    for name, formatter in formatters.items():
        line = formatter.format(record)
        assert REDACTED in line and secret not in line, name
    json.loads(formatters["json_line"].format(record))
    work: dict[str, Any] = {"redact": partial(_redact, redactor, record.getMessage())}
    work.update({name: partial(_format, f, record) for name, f in formatters.items()})
    return work


def run_u3(*, rounds: int, runs: int) -> dict[str, Any]:
    keys = secret_keys(SECRETS)
    many, one = SecretSet(SECRETS), SecretSet(SECRETS)
    for key in keys:
        many.add(key)
    one.add(keys[-1])
    record = log_record(keys[-1])
    measured, baseline = _work(many, record, keys[-1]), _work(one, record, keys[-1])
    figures = Rounds()
    for _ in range(rounds):
        for name in FIGURES:  # side by side, in the same round
            figures.add(f"{name}_us", best_ms(measured[name], runs) * 1000 / LINES)
            figures.add(f"{name}_baseline_us", best_ms(baseline[name], runs) * 1000 / LINES)
    out: dict[str, Any] = {
        "rounds": rounds,
        "best_of_runs": runs,
        "lines_per_run": LINES,
        "secrets": SECRETS,
        "baseline_secrets": 1,
        "line_bytes": len(JsonFormatter().format(record).encode()),
        "figures": {},
    }
    for name in FIGURES:
        us, base = figures.median(f"{name}_us"), figures.median(f"{name}_baseline_us")
        out["figures"][name] = {
            "us": rounded(us, 2),
            "baseline_us": rounded(base, 2),
            "ratio": rounded(us / base, 2),
            "spread_us": figures.spread(f"{name}_us", 2),
        }
    out["ratio"] = max(figure["ratio"] for figure in out["figures"].values())
    out["target"] = f"ratio <= {TARGET_RATIO:g}"
    out["met"] = out["ratio"] <= TARGET_RATIO
    return out
