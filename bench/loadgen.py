"""The load generator: a process of its own, driven by JSON lines on stdin.

``python -m bench.loadgen`` reads one job per line and answers one JSON line per job, so the
client's work never shares a CPU-bound event loop with the server it measures. A job sends
``count`` signed ``/retrieval-tasks`` requests with ``concurrency`` workers in a closed loop
(each worker sends its next request when the previous answer is read); ``concurrency`` equal
to ``count`` is a burst. Every request gets its own ``response_url`` (``id_prefix`` + index),
so the caller can find what the app posted there later.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import aiohttp

from tests.support.slack_requests import signed_headers, slash_command_body


def classify(raw: bytes) -> str:
    """What an ack carried: ``answer`` (blocks), ``fetching`` (the progress note), ``refused``
    (the edge's refusal: never timed as an answer) or ``other``."""
    try:
        payload = json.loads(raw)
    except ValueError:
        return "other"
    blocks = payload.get("blocks") if isinstance(payload, dict) else None
    if not blocks or not isinstance(blocks, list):
        return "other"
    first = blocks[0] if isinstance(blocks[0], dict) else {}
    block_id = str(first.get("block_id") or "")
    if block_id.endswith("_not_allowed"):
        return "refused"
    return "fetching" if block_id == "fetching" else "answer"


def _prepared(job: dict[str, Any], count: int, prefix: str) -> list[tuple[bytes, dict[str, str]]]:
    now = int(time.time())
    requests = []
    for index in range(count):
        body = slash_command_body(
            job["text"],
            team_id=job.get("team_id", "T0001"),
            response_url=f"{job['response_url_base']}{prefix}{index}",
        )
        requests.append((body.encode(), signed_headers(body, job["secret"], timestamp=now)))
    return requests


async def _phase(
    session: aiohttp.ClientSession, job: dict[str, Any], count: int, prefix: str
) -> dict[str, Any]:
    url, concurrency = job["url"], max(1, int(job["concurrency"]))
    prepared = _prepared(job, count, prefix)
    latencies: list[float | None] = [None] * count
    kinds: list[str] = ["error"] * count
    error_samples: list[str] = []
    next_index = 0
    deadline = time.perf_counter() + float(job.get("max_seconds", 60))

    async def worker() -> None:
        nonlocal next_index
        while next_index < count and time.perf_counter() < deadline:
            index = next_index
            next_index += 1
            body, headers = prepared[index]
            started = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    raw = await response.read()
                    status = response.status
                latencies[index] = (time.perf_counter() - started) * 1000
            except (aiohttp.ClientError, TimeoutError) as error:
                if len(error_samples) < 5:
                    error_samples.append(f"{type(error).__name__}: {error}")
                continue
            if status != 200:
                if len(error_samples) < 5:
                    error_samples.append(f"HTTP {status}: {raw[:200]!r}")
                continue
            kinds[index] = classify(raw)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    elapsed = time.perf_counter() - started
    done = [lat for lat in latencies if lat is not None]
    return {
        "latencies_ms": done,
        "answer_latencies_ms": [
            lat
            for lat, kind in zip(latencies, kinds, strict=True)
            if lat is not None and kind == "answer"
        ],
        "completed": len(done),
        "sent": min(next_index, count),
        "errors": kinds.count("error"),
        "error_samples": error_samples,
        "kinds": {k: kinds.count(k) for k in ("answer", "fetching", "refused", "other", "error")},
        "fetching_ids": [f"{prefix}{i}" for i, k in enumerate(kinds) if k == "fetching"],
        "answer_ids": [f"{prefix}{i}" for i, k in enumerate(kinds) if k == "answer"],
        "elapsed_s": elapsed,
    }


async def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Warm-up requests (not measured, same connections), then the measured phase."""
    concurrency = max(1, int(job["concurrency"]))
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=float(job.get("timeout", 30)))
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        warmup = int(job.get("warmup", 0))
        if warmup:
            await _phase(session, job, warmup, job["id_prefix"] + "warm-")
        return await _phase(session, job, int(job["count"]), job["id_prefix"])


def main() -> int:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = asyncio.run(run_job(json.loads(line)))
        except Exception as error:  # report, keep serving; the caller decides
            result = {"failed": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
