"""The words of task entities (unfurls and flexpanes), in English and Chinese; plain text:
Slack shows entity fields as given, so nothing here is mrkdwn."""

from __future__ import annotations

from bot.views.i18n import normalise_lang

EN: dict[str, str] = {
    "display_type": "Retrieval task",
    "product_name": "Tencent Cloud IVC",
    "created": "First seen",
    "expires": "Copy expires (estimate)",
    "window": "Window {start} – {end} ({zone})",
    "cameras": "{n} cameras",
    "cameras.one": "1 camera",
    "size": "Size",
    "days_kept": "Days kept",
    "task_id": "TaskId",
    "show": "Show details",
    "play": "Play",
    "download": "Download…",
    "watch": "Watch / unwatch",
    "again": "Retrieve again",
    "delete": "Delete…",
    "channels": "Channels",
    "channel": "{device} / {channel}: {status}",
    "more_channels": "+{n} more",
    "status.retrieved": "Retrieved",
    "status.retrieving": "Retrieving",
    "status.pending": "Pending",
    "status.unknown": "Status {value}",
    "status.no_archive": "No archived recording",
    "refused.title": "Not available",
    "refused.not_found": "IVC does not list this task (any more).",
    "refused.loading": "The task list is still loading from IVC: open it again in a moment.",
    "refused.unavailable": "The task could not be read from IVC just now: try again later.",
}

ZH: dict[str, str] = {
    "display_type": "取回任务",
    "product_name": "腾讯云 IVC",
    "created": "首次发现",
    "expires": "副本过期（估计）",
    "window": "时间段 {start} – {end}（{zone}）",
    "cameras": "{n} 个摄像头",
    "cameras.one": "1 个摄像头",
    "size": "大小",
    "days_kept": "保留天数",
    "task_id": "TaskId",
    "show": "查看详情",
    "play": "播放",
    "download": "下载…",
    "watch": "关注 / 取消关注",
    "again": "再次取回",
    "delete": "删除…",
    "channels": "通道",
    "channel": "{device} / {channel}：{status}",
    "more_channels": "另有 {n} 个",
    "status.retrieved": "已取回",
    "status.retrieving": "取回中",
    "status.pending": "待取回",
    "status.unknown": "状态 {value}",
    "status.no_archive": "无归档录像",
    "refused.title": "无法查看",
    "refused.not_found": "IVC 已不再列出此任务。",
    "refused.loading": "任务列表仍在从 IVC 加载：请稍后再打开。",
    "refused.unavailable": "暂时无法从 IVC 读取此任务：请稍后再试。",
}

TEXTS = {"en": EN, "zh": ZH}


def word(lang: str, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (English for any other language), ``values`` filled in."""
    template = TEXTS[normalise_lang(lang)][key]
    return template.format(**values) if values else template
