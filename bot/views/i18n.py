"""Every label the views show, in English and Chinese.

``label(lang, key, **values)`` formats one entry; unknown languages fall back to English.
Values passed in are inserted as given: escape untrusted ones first.
"""

from __future__ import annotations

LANGS = ("en", "zh")

EN: dict[str, str] = {
    # filters (header titles)
    "filter.all": "All tasks",
    "filter.pending": "Pending tasks",
    "filter.retrieving": "Retrieving tasks",
    "filter.retrieved": "Retrieved tasks",
    "filter.search": "Search results",
    "header.count": "{title} · {count}",
    # statuses
    "status.retrieving": "Retrieving",
    "status.pending": "Pending",
    "status.retrieved": "Retrieved",
    "status.unknown": "Status {value}",
    "status.no_archive": "No archived recording",
    "status.unknown_group": "Unknown status",
    # field labels
    "field.name": "Task name",
    "field.task_id": "TaskId",
    "field.status": "Status",
    "field.window": "Time window",
    "field.mode": "Mode",
    "field.capacity": "Capacity",
    "field.expiration": "Copy kept",
    # values
    "mode.fast": "Fast",
    "mode.unknown": "Mode {value}",
    "expiration.days": "kept {days} days",
    "expiration.day": "kept 1 day",
    "capacity.none": "—",
    "name.empty": "(no name)",
    # list
    "list.range": "{first}–{last} of {total}",
    "list.page": "page {page} of {pages}",
    "list.search": "Search: {query}",
    "empty.all": "No retrieval tasks right now.",
    "empty.pending": "No pending tasks right now.",
    "empty.retrieving": "No tasks are being retrieved right now.",
    "empty.retrieved": "No retrieved tasks right now.",
    "empty.search": "No tasks match {query}.",
    "empty.hint": "Try `all` to see every task.",
    # buttons
    "button.previous": "Previous",
    "button.next": "Next",
    "button.refresh": "Refresh",
    # footer
    "age.seconds": "updated {n} s ago",
    "age.minutes": "updated {n} min ago",
    "age.hours": "updated {n} h ago",
    "age.days": "updated {n} d ago",
    "ago.seconds": "{n} s ago",
    "ago.minutes": "{n} min ago",
    "ago.hours": "{n} h ago",
    "ago.days": "{n} d ago",
    "stale": ":warning: IVC is not answering ({error}); showing data from {ago}",
    "stale.no_error": "no details",
    "skipped": "{n} records skipped (malformed)",
    "skipped.one": "1 record skipped (malformed)",
    # details
    "details.header": "Task details",
    "details.channels": "*Channels · {count}*",
    "details.no_channels": "No channels listed for this task.",
    "details.more": "+{n} more channels",
    "details.more.one": "+1 more channel",
    # summary
    "summary.header": "Summary · {count} tasks",
    "summary.line": "{count} tasks · {capacity}",
    "summary.line.one": "1 task · {capacity}",
    "summary.total": "Total",
    # help
    "help.header": "Retrieval tasks: help",
    "help.intro": "Shows IVC recording-retrieval tasks. Words in English or Chinese, any case:",
    "help.all": "every task (the default)",
    "help.pending": "tasks waiting to be retrieved",
    "help.retrieving": "tasks being retrieved now",
    "help.retrieved": "tasks whose footage is back",
    "help.show": "one task with its channels",
    "help.search": "tasks whose name or TaskId contains the text",
    "help.summary": "counts and capacity per status",
    "help.help": "this help",
    "help.modifiers": "Add anywhere:",
    "help.refresh": "ask IVC now instead of using cached data",
    "help.public": "post in the channel instead of only to you",
    "help.arg.task_id": "<TaskId>",
    "help.arg.text": "<text>",
    # problems
    "problem.unknown": "Unknown command `{word}`",
    "problem.missing_task_id": "`{word}` needs a TaskId, e.g. `show 0123abcd…`",
    "problem.missing_query": "`{word}` needs some text to look for, e.g. `search lobby`",
    # errors and progress
    "error.ivc": ":x: {error}",
    "error.generic": ":x: Something went wrong on our side; try again in a moment.",
    "fetching": ":hourglass: Fetching tasks from IVC…",
}

ZH: dict[str, str] = {
    "filter.all": "全部任务",
    "filter.pending": "待取回任务",
    "filter.retrieving": "取回中任务",
    "filter.retrieved": "已取回任务",
    "filter.search": "搜索结果",
    "header.count": "{title} · {count}",
    "status.retrieving": "取回中",
    "status.pending": "待取回",
    "status.retrieved": "已取回",
    "status.unknown": "状态 {value}",
    "status.no_archive": "无归档录像",
    "status.unknown_group": "未知状态",
    "field.name": "任务名称",
    "field.task_id": "任务 ID",
    "field.status": "状态",
    "field.window": "时间范围",
    "field.mode": "模式",
    "field.capacity": "容量",
    "field.expiration": "副本有效期",
    "mode.fast": "极速",
    "mode.unknown": "模式 {value}",
    "expiration.days": "保留 {days} 天",
    "expiration.day": "保留 1 天",
    "capacity.none": "—",
    "name.empty": "（无名称）",
    "list.range": "第 {first}–{last} 条，共 {total} 条",
    "list.page": "第 {page}/{pages} 页",
    "list.search": "搜索：{query}",
    "empty.all": "目前没有取回任务。",
    "empty.pending": "目前没有待取回的任务。",
    "empty.retrieving": "目前没有取回中的任务。",
    "empty.retrieved": "目前没有已取回的任务。",
    "empty.search": "没有与 {query} 匹配的任务。",
    "empty.hint": "试试 `全部` 查看所有任务。",
    "button.previous": "上一页",
    "button.next": "下一页",
    "button.refresh": "刷新",
    "age.seconds": "更新于 {n} 秒前",
    "age.minutes": "更新于 {n} 分钟前",
    "age.hours": "更新于 {n} 小时前",
    "age.days": "更新于 {n} 天前",
    "ago.seconds": "{n} 秒前",
    "ago.minutes": "{n} 分钟前",
    "ago.hours": "{n} 小时前",
    "ago.days": "{n} 天前",
    "stale": ":warning: IVC 无响应（{error}）；显示的是 {ago}的数据",
    "stale.no_error": "无详细信息",
    "skipped": "已跳过 {n} 条格式错误的记录",
    "skipped.one": "已跳过 1 条格式错误的记录",
    "details.header": "任务详情",
    "details.channels": "*通道 · {count}*",
    "details.no_channels": "此任务没有列出通道。",
    "details.more": "另有 {n} 个通道",
    "details.more.one": "另有 1 个通道",
    "summary.header": "汇总 · 共 {count} 个任务",
    "summary.line": "{count} 个任务 · {capacity}",
    "summary.line.one": "1 个任务 · {capacity}",
    "summary.total": "合计",
    "help.header": "取回任务：帮助",
    "help.intro": "显示 IVC 录像取回任务。命令可用中文或英文，不区分大小写：",
    "help.all": "全部任务（默认）",
    "help.pending": "等待取回的任务",
    "help.retrieving": "正在取回的任务",
    "help.retrieved": "录像已取回的任务",
    "help.show": "单个任务及其通道",
    "help.search": "名称或任务 ID 包含该文字的任务",
    "help.summary": "各状态的任务数和容量",
    "help.help": "本帮助",
    "help.modifiers": "可加在任意位置：",
    "help.refresh": "立即向 IVC 查询，不使用缓存",
    "help.public": "发到频道里，而不是只给你看",
    "help.arg.task_id": "<任务 ID>",
    "help.arg.text": "<文字>",
    "problem.unknown": "未知命令 `{word}`",
    "problem.missing_task_id": "`{word}` 需要一个任务 ID，例如 `详情 0123abcd…`",
    "problem.missing_query": "`{word}` 需要要查找的文字，例如 `搜索 大厅`",
    "error.ivc": ":x: IVC 出错：{error}",
    "error.generic": ":x: 我们这边出了点问题，请稍后重试。",
    "fetching": ":hourglass: 正在从 IVC 获取任务…",
}

CATALOGUE: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def normalise_lang(lang: str | None) -> str:
    """``"zh"`` for any Chinese locale (zh, zh-CN, zh_TW…), otherwise ``"en"``."""
    return "zh" if isinstance(lang, str) and lang.lower().startswith("zh") else "en"


def counted(lang: str, key: str, amount: int, **values: object) -> str:
    """``key`` for an amount: the ``key.one`` entry when ``amount`` is 1 and it exists."""
    table = CATALOGUE[normalise_lang(lang)]
    chosen = f"{key}.one" if amount == 1 and f"{key}.one" in table else key
    return table[chosen].format(**values)


def label(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``values`` filled in."""
    template = CATALOGUE[normalise_lang(lang)][key]
    return template.format(**values) if values else template
