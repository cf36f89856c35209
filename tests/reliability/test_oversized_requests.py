"""100 hostile 10 MB requests to POST /slack/events (default MAX_REQUEST_BYTES, 1 MiB): every
one is refused (413, or 401/400) and the app's memory barely moves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.slack.test_request_limits import forged_headers
from tests.support.app_fixtures import Wire, start_wire
from tests.support.reliability import record_result
from tests.support.slack_requests import FORM_CONTENT_TYPE

REQUESTS = 100
SIZE = 10 * 1024 * 1024
CHUNK = 64 * 1024
MAX_GROWTH_MIB = 20  # the app's RSS growth over the 100 bodies


def _rss_mib(wire: Wire) -> float:
    status = Path(f"/proc/{wire.app.process.pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _chunks(big: bytes) -> Iterator[bytes]:
    return (big[n : n + CHUNK] for n in range(0, len(big), CHUNK))


def test_hundred_ten_megabyte_requests_leave_memory_flat(tmp_path: Path) -> None:
    big = b"a" * SIZE
    statuses: dict[int, int] = {}
    with start_wire(tmp_path) as wire, httpx.Client(timeout=60) as client:
        before = _rss_mib(wire)
        for i in range(REQUESTS):
            headers = forged_headers(FORM_CONTENT_TYPE)
            if i % 2:  # half declare their length, half stream it chunked
                headers["Content-Length"] = str(SIZE)
                content: bytes | Iterator[bytes] = big
            else:
                content = _chunks(big)
            status = client.post(wire.url, content=content, headers=headers).status_code
            statuses[status] = statuses.get(status, 0) + 1
        after = _rss_mib(wire)
        assert wire.ask("help")["blocks"], "the app still answers"
        assert "Traceback" not in wire.app.output()
    record_result(
        "oversized_requests",
        {
            "requests": REQUESTS,
            "bytes_each": SIZE,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "rss_before_mib": round(before, 1),
            "rss_after_mib": round(after, 1),
            "rss_growth_mib": round(after - before, 1),
            "target": f"rss_growth_mib < {MAX_GROWTH_MIB}",
            "met": after - before < MAX_GROWTH_MIB,
        },
    )
    assert set(statuses) <= {413, 401, 400}, statuses
    assert after - before < MAX_GROWTH_MIB, f"RSS grew {after - before:.1f} MiB"
