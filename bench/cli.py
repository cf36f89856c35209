"""Run the cases, print the table and write ``bench/results.json``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.catalog import run_u2
from bench.profile import run_p1
from bench.redaction import run_u3
from bench.render import run_b3
from bench.roles import run_b8
from bench.stamp import machine
from bench.summaries import run_b6
from bench.tenants import run_b7
from bench.units import run_u1
from bench.wire import Config, Stack, run_b1, run_b2, run_b4, run_b5, running_stack

RESULTS = Path(tempfile.gettempdir()) / "bench-results.json"
"""Where an ad hoc run writes (``python -m bench record`` writes the committed files)."""
CASES = ("b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "u1", "u2", "u3", "p1")
KEYS = {
    "b1": "b1_cache_hit",
    "b2": "b2_burst",
    "b3": "b3_render",
    "b4": "b4_throughput",
    "b5": "b5_memory",
    "b6": "b6_summaries",
    "b7": "b7_workspaces",
    "b8": "b8_roles",
    "u1": "u1_units",
    "u2": "u2_catalog",
    "u3": "u3_redaction",
    "p1": "p1_profile",
}

FULL = Config(
    rounds=5,
    b1_requests=500,
    b2_requests=500,
    b4_levels=(1, 8, 32, 64),
    b4_requests={1: 300, 8: 400, 32: 800, 64: 800},
    b5_rounds=3,
    b6_subscriptions=1000,
    b7_workspaces=1000,
    b8_workspaces=2000,
    b8_interval_seconds=60,
    b8_min_commands=400,
)
QUICK = Config(
    rounds=1,
    b1_requests=100,
    b2_requests=100,
    b4_levels=(1, 8, 32),
    b4_requests={1: 100, 8: 150, 32: 200},
    b5_rounds=1,
    b6_subscriptions=100,
    b7_workspaces=100,
    b8_workspaces=100,
    b8_interval_seconds=6,
    b8_min_commands=20,
)


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:,.2f}"
    return str(value)


def _spread(case: dict[str, Any], key: str) -> str:
    pair = case.get("spread", {}).get(key)
    return f"{_fmt(pair[0])} – {_fmt(pair[1])}" if pair else ""


def _pair(figures: dict[str, Any], first: str, second: str) -> str:
    return f"{_fmt(figures[first])} / {_fmt(figures[second])}"


def table_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(case, figure, median, spread across rounds) rows of the summary table."""
    rows: list[tuple[str, str, str, str]] = []

    def add(case_key: str, figure: str, spread_key: str | None = None) -> None:
        case = results[case_key]
        rows.append((case_key, figure, _fmt(case[figure]), _spread(case, spread_key or figure)))

    if "b1_cache_hit" in results:
        for figure in (
            "app_p50_ms",
            "app_p99_ms",
            "bare_default_p50_ms",
            "bare_default_p99_ms",
            "bare_pbr_p50_ms",
            "bare_pbr_p99_ms",
            "bare_same_p50_ms",
            "bare_same_p99_ms",
            "ratio_vs_bare_pbr",
            "ratio_same",
        ):
            add("b1_cache_hit", figure)
        if "app_table_p50_ms" in results["b1_cache_hit"]:
            add("b1_cache_hit", "app_table_p50_ms")
            add("b1_cache_hit", "app_table_p99_ms")
    if "b2_burst" in results:
        for figure in (
            "upstream_requests",
            "ack_p50_ms",
            "ack_p99_ms",
            "errors",
            "answers_delivered",
        ):
            add("b2_burst", figure)
    if "b3_render" in results:
        for figure in ("render_median_us", "json_dumps_median_us", "ratio"):
            add("b3_render", figure)
        if "first_render_median_us" in results["b3_render"]:
            add("b3_render", "first_render_median_us")
        if "table_render_median_us" in results["b3_render"]:
            add("b3_render", "table_render_median_us")
    if "b4_throughput" in results:
        case = results["b4_throughput"]
        for row in case["by_concurrency"]:
            level = row["concurrency"]
            for name in ("app", "bare_pbr", "bare_same"):
                low, high = row[f"{name}_rps_spread"]
                rows.append(
                    (
                        "b4_throughput",
                        f"{name} c={level}: rps / p99 ms",
                        f"{_fmt(row[f'{name}_rps'])} / {_fmt(row[f'{name}_p99_ms'])}",
                        f"rps {_fmt(low)} – {_fmt(high)}",
                    )
                )
        for figure in ("ratio", "ratio_same"):
            rows.append(("b4_throughput", figure, _fmt(case[figure]), ""))
    if "b5_memory" in results:
        for figure in ("rss_before_mb", "rss_after_mb", "rss_delta_mb"):
            add("b5_memory", figure)
    if "b6_summaries" in results:
        for figure in (
            "posted",
            "duplicates",
            "seconds_to_drain",
            "ideal_seconds",
            "rate_limited_answers",
        ):
            add("b6_summaries", figure)
    if "b7_workspaces" in results:
        for figure in (
            "workspaces",
            "accounts_polled",
            "seconds_to_poll_every_account",
            "duplicate_polls",
            "listed_more_than_polled",
            "listed_more_than_polled_beyond_command_fetches",
            "ivc_calls_per_second_peak",
        ):
            add("b7_workspaces", figure)
        case = results["b7_workspaces"]
        for name, mb in case["rss_max_mb"].items():
            rows.append(("b7_workspaces", f"rss_max_mb {name}", _fmt(mb), ""))
        rows.append(("b7_workspaces", "command p99 ms", _fmt(case["commands"]["p99_ms"]), ""))
    if "b8_roles" in results:
        case = results["b8_roles"]
        rows.append(("b8_roles", "workspaces", _fmt(case["workspaces"]), ""))
        for name, layout in case["layouts"].items():
            polls, cpu = layout["polls"], layout["cpu"]
            for figure, value in (
                ("pending p50 / p99 ms", _pair(layout["pending"], "p50_ms", "p99_ms")),
                ("healthz p50 / p99 ms", _pair(layout["probes"]["healthz"], "p50_ms", "p99_ms")),
                ("metrics p50 / p99 ms", _pair(layout["probes"]["metrics"], "p50_ms", "p99_ms")),
                ("s to poll all", _fmt(polls["seconds_from_first_ready_to_all_polled"])),
                ("duplicate_polls", _fmt(polls["duplicate_polls"])),
                ("polling CPU ms / poll", _fmt(cpu["polling_cpu_ms_per_poll"])),
                (
                    "rss max mb",
                    _fmt(max(p["rss_max_mb"] or 0 for p in layout["processes"].values())),
                ),
            ):
                rows.append(("b8_roles", f"{name}: {figure}", value, ""))
        for name, ratio in case["roles_over_single"].items():
            rows.append(("b8_roles", f"roles / single: {name}", _fmt(ratio), ""))
    if "u1_units" in results:
        for name, fig in results["u1_units"]["figures"].items():
            old = (
                f"old limit {fig['old_limit_ms']} ms"
                if fig.get("old_limit_ms")
                else f"old limit ×{fig['old_limit_ratio']:g}"
            )
            rows.append(
                (
                    "u1_units",
                    f"{name}: ms / baseline ms",
                    f"{_fmt(fig['ms'])} / {_fmt(fig['baseline_ms'])} (×{_fmt(fig['ratio'])})",
                    f"ms {_fmt(fig['spread_ms'][0])} – {_fmt(fig['spread_ms'][1])}; {old}",
                )
            )
    if "u2_catalog" in results:
        for name, fig in results["u2_catalog"]["figures"].items():
            calls = f" ({fig['calls']:,} calls)" if "calls" in fig else ""
            rows.append(
                (
                    "u2_catalog",
                    f"{name}{calls}: ms / baseline ms",
                    f"{_fmt(fig['ms'])} / {_fmt(fig['baseline_ms'])} (×{_fmt(fig['ratio'])})",
                    f"ms {_fmt(fig['spread_ms'][0])} – {_fmt(fig['spread_ms'][1])}",
                )
            )
    if "u3_redaction" in results:
        case = results["u3_redaction"]
        for name, fig in case["figures"].items():
            rows.append(
                (
                    "u3_redaction",
                    f"{name}, {case['secrets']:,} secrets: µs / 1 secret µs",
                    f"{_fmt(fig['us'])} / {_fmt(fig['baseline_us'])} (×{_fmt(fig['ratio'])})",
                    f"µs {_fmt(fig['spread_us'][0])} – {_fmt(fig['spread_us'][1])}",
                )
            )
    if "p1_profile" in results:
        case = results["p1_profile"]
        for name, part in case["parts"].items():
            rows.append(
                (
                    "p1_profile",
                    f"{name}: app µs / baseline µs",
                    f"{_fmt(part['app_us'])} / {_fmt(part['bare_us'])}",
                    "",
                )
            )
        total = f"{_fmt(case['app_us'])} / {_fmt(case['bare_us'])}"
        rows.append(("p1_profile", "per request (profiled): app µs / baseline µs", total, ""))
    return rows


def render_table(results: dict[str, Any]) -> str:
    header = ("case", "figure", "median", "spread (min – max)")
    rows = table_rows(results)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = [
        " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.append("")
    for key, case in results.items():
        if isinstance(case, dict) and "target" in case:
            lines.append(f"{key}: target {case['target']}: {'met' if case['met'] else 'MISSED'}")
    return "\n".join(lines)


def run(cases: list[str], cfg: Config, quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "mode": "quick" if quick else "full",
    }
    started = time.monotonic()
    if "b3" in cases:
        print("b3: rendering 10,000 tasks in process…", file=sys.stderr, flush=True)
        results[KEYS["b3"]] = run_b3(rounds=cfg.rounds, iterations=30 if quick else 200)
    if "u1" in cases:
        print(
            "u1: pure paths on 100,000 tasks, beside their baselines…", file=sys.stderr, flush=True
        )
        results[KEYS["u1"]] = run_u1(rounds=cfg.rounds, runs=2 if quick else 5)
    if "u2" in cases:
        print(
            "u2: camera catalog search on 5,000 channels, loads of 2,000 both ways…",
            file=sys.stderr,
            flush=True,
        )
        results[KEYS["u2"]] = run_u2(rounds=cfg.rounds, runs=2 if quick else 5)
    if "u3" in cases:
        print(
            "u3: redaction with 10,000 secrets, a 1 KB line, beside 1 secret…",
            file=sys.stderr,
            flush=True,
        )
        results[KEYS["u3"]] = run_u3(rounds=cfg.rounds, runs=3 if quick else 7)
    if "p1" in cases:
        print(
            "p1: where a cache-hit pending spends its time, beside the same-answer baseline…",
            file=sys.stderr,
            flush=True,
        )
        results[KEYS["p1"]] = run_p1(requests=300 if quick else 3000)
    wire = [c for c in cases if c in ("b1", "b2", "b4", "b5", "b6")]
    if wire:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp, running_stack(Path(tmp)) as st:
            _run_wire(st, wire, cfg, results)
    if "b7" in cases:
        print(
            f"b7: {cfg.b7_workspaces:,} workspaces, each its own account, 3 replicas…",
            file=sys.stderr,
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="bench-b7-") as tmp:
            results[KEYS["b7"]] = run_b7(Path(tmp), workspaces=cfg.b7_workspaces)
    if "b8" in cases:
        print(
            f"b8: {cfg.b8_workspaces:,} workspaces, 2 web + 2 workers, then 4 serve…",
            file=sys.stderr,
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="bench-b8-") as tmp:
            results[KEYS["b8"]] = run_b8(
                Path(tmp),
                workspaces=cfg.b8_workspaces,
                interval=cfg.b8_interval_seconds,
                min_commands=cfg.b8_min_commands,
            )
    results["elapsed_seconds"] = round(time.monotonic() - started, 1)
    return results


def _run_wire(stack: Stack, cases: list[str], cfg: Config, results: dict[str, Any]) -> None:
    servers = {}
    if "b1" in cases or "b4" in cases:
        print("starting the app and the bare Bolt baselines…", file=sys.stderr, flush=True)
        servers["app"] = stack.app("app")
        servers["bare_pbr"] = stack.bare(process_before_response=True)
        servers["bare_same"] = stack.same_answer(servers["app"])
        if "b1" in cases:
            servers["bare_default"] = stack.bare(process_before_response=False)
            servers["app_table"] = stack.app("app_table", BLOCK_KIT="auto")
    if "b1" in cases:
        print("b1: sequential cache hits…", file=sys.stderr, flush=True)
        results[KEYS["b1"]] = run_b1(stack, cfg, servers)
    if "b4" in cases:
        print("b4: closed-loop throughput…", file=sys.stderr, flush=True)
        three = {name: servers[name] for name in ("app", "bare_pbr", "bare_same")}
        for server in three.values():
            stack.warm(server)
        results[KEYS["b4"]] = run_b4(stack, cfg, three)
    if "b2" in cases:
        print("b2: burst on a cold cache…", file=sys.stderr, flush=True)
        results[KEYS["b2"]] = run_b2(stack, cfg)
    if "b5" in cases:
        print("b5: memory of 100,000 cached tasks…", file=sys.stderr, flush=True)
        results[KEYS["b5"]] = run_b5(stack, cfg)
    if "b6" in cases:
        print(f"b6: {cfg.b6_subscriptions:,} summaries due at once…", file=sys.stderr, flush=True)
        results[KEYS["b6"]] = run_b6(stack, subscriptions=cfg.b6_subscriptions)


def stop_on_sigterm() -> None:
    """Make SIGTERM unwind like Ctrl-C does, so every child process is stopped."""

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds the with blocks: every child is stopped

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="one round, fewer requests (well under a minute)"
    )
    parser.add_argument(
        "--cases", default=",".join(CASES), help="comma-separated subset of " + ",".join(CASES)
    )
    parser.add_argument(
        "--workspaces", type=int, default=None, help="b7: workspaces (default 1,000; quick 100)"
    )
    parser.add_argument(
        "--b8-workspaces",
        type=int,
        default=None,
        help="b8: workspaces (default 2,000; quick 100)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file (%(default)s)")
    args = parser.parse_args(argv)
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = sorted(set(cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    cfg = QUICK if args.quick else FULL
    if args.workspaces is not None:
        cfg = dataclasses.replace(cfg, b7_workspaces=args.workspaces)
    if args.b8_workspaces is not None:
        cfg = dataclasses.replace(cfg, b8_workspaces=args.b8_workspaces)
    results = run(cases, cfg, args.quick)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"machine: {_machine_line(results['machine'])}; {results['date']}")
    print(render_table(results))
    print(f"\nwrote {args.out} in {results['elapsed_seconds']} s")
    return 0


def _machine_line(m: dict[str, Any]) -> str:
    cpu = f"{m['cores']} × {m['cpu_model']}" if m["cpu_model"] else f"{m['cores']} CPUs"
    return f"{cpu}, Python {m['python']}, {m['platform']}"
