"""The period report: totals and their change, two charts (capacity retrieved per day; the
wait from first seen pending to retrieved, median and 90th percentile), the count retrieved
per day in text, the slowest task and the copies expiring within 7 days.

Without ``Rendering.CHARTS`` the charts become one line per day. A period (partly) before the
history begins says so instead of drawing zeros. ``report_blocks`` is shared with the Home
tab (charts are allowed there too).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.reports.report import Bucket, Report, Totals
from bot.views.blocks import section_block
from bot.views.formatting import capacity, date_token, number
from bot.views.i18n import label, normalise_lang
from bot.views.message import Message
from bot.views.mrkdwn import code, safe
from bot.views.rendering import Rendering
from bot.views.subscription_text import duration

EXPIRING_SHOWN = 10
NAME_MAX = 60
_MB_PER_GB = 1024


def _day(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def bucket_label(bucket: Bucket) -> str:
    """ "11-24", or "11-24–11-25" for a group of days (at most 20 characters)."""
    if bucket.first == bucket.last:
        return _day(bucket.first)
    return f"{_day(bucket.first)}–{_day(bucket.last)}"


def _gb(megabytes: float) -> float:
    return round(megabytes / _MB_PER_GB, 2)


def _delta(value: float, text: str) -> str:
    """ "+3", "−1.5 GB" or "±0" (``text`` is the absolute value, formatted)."""
    if value > 0:
        return f"+{text}"
    return f"−{text}" if value < 0 else "±0"


def _change(now: Totals, before: Totals, lang: str) -> str:
    tasks = now.retrieved - before.retrieved
    size = now.capacity_mb - before.capacity_mb
    return label(
        lang,
        "report.change",
        tasks=_delta(tasks, number(abs(tasks))),
        size=_delta(size, capacity(abs(size), lang)),
    )


def _totals_text(report: Report, lang: str) -> str:
    lines = [
        label(
            lang,
            "report.totals",
            count=number(report.totals.retrieved),
            size=capacity(report.totals.capacity_mb, lang),
        )
    ]
    if report.previous is not None:
        lines.append(_change(report.totals, report.previous, lang))
    elif report.history_from is not None:
        lines.append(label(lang, "report.no_previous", since=date_token(report.history_from)))
    if report.days_unknown and report.history_from is not None:
        lines.append(
            label(
                lang,
                "report.before_app",
                since=date_token(report.history_from),
                n=number(report.days_unknown),
            )
        )
    return "\n".join(lines)


def _chart(
    block_id: str,
    title: str,
    kind: str,
    series: dict[str, list[float]],
    labels: list[str],
    y_label: str,
) -> dict[str, Any]:
    return {
        "type": "data_visualization",
        "block_id": block_id,
        "title": title[:50],
        "chart": {
            "type": kind,
            "series": [
                {
                    "name": name[:20],
                    "data": [
                        {"label": category, "value": value}
                        for category, value in zip(labels, values, strict=True)
                    ],
                }
                for name, values in series.items()
            ],
            "axis_config": {"categories": labels, "y_label": y_label[:50]},
        },
    }


def _charts(report: Report, lang: str) -> list[dict[str, Any]]:
    labels = [bucket_label(b) for b in report.buckets]
    size = {label(lang, "report.series.gb"): [_gb(b.capacity_mb) for b in report.buckets]}
    waits = {
        label(lang, "report.series.median"): [b.wait_median_hours for b in report.buckets],
        label(lang, "report.series.p90"): [b.wait_p90_hours for b in report.buckets],
    }
    hours = label(lang, "report.axis.hours")
    return [
        _chart("report_capacity", label(lang, "report.chart.capacity"), "bar", size, labels, "GB"),
        _chart("report_wait", label(lang, "report.chart.wait"), "line", waits, labels, hours),
    ]


def _counts_line(report: Report, lang: str) -> str:
    counts = " · ".join(f"{bucket_label(b)} {number(b.retrieved)}" for b in report.buckets)
    return label(lang, "report.per_day", counts=counts)


def _day_lines(report: Report, lang: str) -> str:
    """The classic form of the charts: one line per day (or group of days)."""
    return "\n".join(
        label(
            lang,
            "report.day_line",
            day=bucket_label(b),
            count=number(b.retrieved),
            size=capacity(b.capacity_mb, lang),
            median=f"{b.wait_median_hours:.1f}",
            p90=f"{b.wait_p90_hours:.1f}",
        )
        for b in report.buckets
    )


def _slowest(report: Report, lang: str) -> str | None:
    slow = report.slowest
    if slow is None or slow.waited is None:
        return None
    name = safe(slow.name, NAME_MAX) or label(lang, "name.empty")
    return label(
        lang,
        "report.slowest",
        name=name,
        task_id=code(slow.task_id, 64),
        waited=duration(slow.waited, lang),
    )


def _expiring(report: Report, lang: str) -> str:
    head = label(lang, "report.expiring", count=number(len(report.expiring)))
    if not report.expiring:
        return head + "\n" + label(lang, "report.expiring.none")
    lines = [
        f"• {safe(e.name, NAME_MAX) or label(lang, 'name.empty')} {code(e.task_id, 64)} · "
        + date_token(e.expires_at)
        for e in report.expiring[:EXPIRING_SHOWN]
    ]
    hidden = len(report.expiring) - EXPIRING_SHOWN
    if hidden > 0:
        lines.append(label(lang, "csum.more", n=number(hidden)))
    return "\n".join([head, *lines])


def report_title(report: Report, lang: str) -> str:
    return label(lang, "report.header", days=report.days)


def report_blocks(
    report: Report, *, now: datetime, lang: str, rendering: Rendering, prefix: str = "report"
) -> list[dict[str, Any]]:
    """The report's blocks (no header): at most 7, two of them charts with NEWER."""
    lang = normalise_lang(lang)
    if report.history_from is None:
        return [section_block(label(lang, "report.no_history"), f"{prefix}_empty")]
    blocks = [section_block(_totals_text(report, lang), f"{prefix}_totals")]
    if report.buckets:
        if Rendering.CHARTS in rendering:
            blocks += _charts(report, lang)
            blocks.append(_context(_counts_line(report, lang), f"{prefix}_counts"))
        else:
            blocks.append(section_block(_day_lines(report, lang), f"{prefix}_days"))
    slowest = _slowest(report, lang)
    if slowest is not None:
        blocks.append(section_block(slowest, f"{prefix}_slowest"))
    blocks.append(section_block(_expiring(report, lang), f"{prefix}_expiring"))
    as_of = label(lang, "report.as_of", zone=report.zone, when=date_token(now))
    blocks.append(_context(as_of, f"{prefix}_as_of"))
    if prefix != "report":
        for block in blocks:
            if block["type"] == "data_visualization":
                block["block_id"] = block["block_id"].replace("report", prefix, 1)
    return blocks


def _context(text: str, block_id: str) -> dict[str, Any]:
    element = {"type": "mrkdwn", "text": text[:3000], "verbatim": True}
    return {"type": "context", "block_id": block_id, "elements": [element]}


def render_report(
    report: Report, *, now: datetime, lang: str = "en", rendering: Rendering = Rendering.CLASSIC
) -> Message:
    """The report as a message (the ``report`` command, the weekly subscription)."""
    lang = normalise_lang(lang)
    title = report_title(report, lang)
    header = {
        "type": "header",
        "block_id": "report_header",
        "text": {"type": "plain_text", "text": title, "emoji": True},
    }
    blocks = [header, *report_blocks(report, now=now, lang=lang, rendering=rendering)]
    text = f"{title}: " + label(
        lang,
        "report.totals.plain",
        count=number(report.totals.retrieved),
        size=capacity(report.totals.capacity_mb, lang),
    )
    return Message(text=text, blocks=blocks)
