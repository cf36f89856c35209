"""The words of the grammar, in English and Chinese (matched after NFKC + casefold)."""

from __future__ import annotations

from bot.schedule.parse import DAILY_WORDS as DAILY_WORDS  # re-exported for the help view
from bot.schedule.parse import EVERY_WORDS as EVERY_WORDS
from bot.schedule.parse import WEEKDAYS_WORDS as WEEKDAYS_WORDS
from bot.subscriptions.model import NotifyEvent
from bot.tasks.selection import StatusFilter

STATUS_WORDS: dict[StatusFilter, tuple[str, ...]] = {
    StatusFilter.PENDING: ("pending", "待取回"),
    StatusFilter.RETRIEVING: ("retrieving", "running", "取回中"),
    StatusFilter.RETRIEVED: ("retrieved", "done", "ready", "已取回"),
    StatusFilter.ALL: ("all", "全部"),
}
SHOW_WORDS: tuple[str, ...] = ("show", "详情")
SEARCH_WORDS: tuple[str, ...] = ("search", "搜索")
SUMMARY_WORDS: tuple[str, ...] = ("summary", "汇总")
HELP_WORDS: tuple[str, ...] = ("help", "帮助")
REPORT_WORDS: tuple[str, ...] = ("report", "报告")
REPORT_PERIODS: dict[str, int] = {"7d": 7, "30d": 30, "7天": 7, "30天": 30}
REFRESH_WORDS: tuple[str, ...] = ("refresh", "刷新")
PUBLIC_WORDS: tuple[str, ...] = ("public", "公开")
PLAY_WORDS: tuple[str, ...] = ("play", "播放")  # a fresh link to a recording
DOWNLOAD_WORDS: tuple[str, ...] = ("download", "下载")  # a download link (API 3.0)

# task changes (TASK_MANAGERS only)
NEW_WORDS: tuple[str, ...] = ("new", "新建")
DELETE_WORDS: tuple[str, ...] = ("delete", "删除")

# watches (one person's direct messages about one task)
WATCH_WORDS: tuple[str, ...] = ("watch", "关注")
UNWATCH_WORDS: tuple[str, ...] = ("unwatch", "取消关注")
WATCHING_WORDS: tuple[str, ...] = ("watching", "关注列表")

# subscriptions
SUBSCRIBE_WORDS: tuple[str, ...] = ("subscribe", "订阅")
SUBSCRIPTIONS_WORDS: tuple[str, ...] = ("subscriptions", "订阅列表")
UNSUBSCRIBE_WORDS: tuple[str, ...] = ("unsubscribe", "取消订阅")
PAUSE_WORDS: tuple[str, ...] = ("pause", "暂停")
RESUME_WORDS: tuple[str, ...] = ("resume", "恢复")
NOTIFY_WORDS: tuple[str, ...] = ("notify", "通知")
ALL_SUBSCRIPTIONS_WORDS: tuple[str, ...] = ("all", "全部")  # unsubscribe all
EVENT_WORDS: dict[NotifyEvent, tuple[str, ...]] = {
    NotifyEvent.APPEARED: ("appeared", "new", "新任务", "新"),
    NotifyEvent.PENDING: STATUS_WORDS[StatusFilter.PENDING],
    NotifyEvent.RETRIEVING: STATUS_WORDS[StatusFilter.RETRIEVING],
    NotifyEvent.RETRIEVED: STATUS_WORDS[StatusFilter.RETRIEVED],
}

EVENT_BY_WORD: dict[str, NotifyEvent] = {
    word: event for event, words in EVENT_WORDS.items() for word in words
}
FILTER_BY_WORD: dict[str, StatusFilter] = {
    word: status_filter for status_filter, words in STATUS_WORDS.items() for word in words
}
