"""An open-loop load generator: a steady rate of signed ``/retrieval-tasks`` commands.

``python -m tests.reliability.rate_loadgen`` reads one JSON job on stdin and writes one JSON
result on stdout. Request ``i`` is sent at ``start + i / rate`` whatever happened to the
others (open loop: a slow answer does not slow the sender down), signed when it is sent.
Latency is measured from sending the request to reading the whole answer; ``lag`` is how
late a request left against its schedule (the generator keeping up).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import aiohttp

from bench.loadgen import classify
from bench.stats import percentile
from tests.support.slack_requests import signed_headers, slash_command_body


async def run(job: dict[str, Any]) -> dict[str, Any]:
    rate, seconds = float(job["rate"]), float(job["seconds"])
    texts: list[str] = job["texts"]
    count = int(rate * seconds)
    latencies: list[float] = []
    lags: list[float] = []
    kinds: dict[str, int] = {}
    errors: list[str] = []
    samples: dict[str, str] = {}
    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector(limit=int(job.get("connections", 64)))
    timeout = aiohttp.ClientTimeout(total=float(job.get("timeout", 10)))
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = loop.time() + 0.2

        async def one(index: int) -> None:
            text = texts[index % len(texts)]
            await asyncio.sleep(max(0.0, start + index / rate - loop.time()))
            body = slash_command_body(
                text,
                response_url=f"{job['response_url_base']}load-{index}",
                user_id=f"U{index % 500:05d}",
            )
            headers = signed_headers(body, job["secret"])
            sent = loop.time()
            lags.append(sent - (start + index / rate))
            try:
                async with session.post(
                    job["url"], data=body.encode(), headers=headers
                ) as response:
                    raw = await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as error:
                errors.append(f"{type(error).__name__}: {error}"[:200])
                return
            latencies.append((loop.time() - sent) * 1000)
            if status != 200:
                errors.append(f"HTTP {status}: {raw[:200]!r}")
                return
            kind = classify(raw)
            kinds[kind] = kinds.get(kind, 0) + 1
            samples.setdefault(text, raw.decode("utf-8", "replace"))

        began = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(count)))
        elapsed = time.perf_counter() - began - 0.2
    return {
        "rate_target": rate,
        "seconds": seconds,
        "sent": count,
        "completed": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "kinds": kinds,
        "rate_achieved": round(count / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "lag_p99_ms": round(percentile(lags, 99) * 1000, 2),
        "samples": samples,
    }


def main() -> int:
    job = json.loads(sys.stdin.readline())
    sys.stdout.write(json.dumps(asyncio.run(run(job))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
