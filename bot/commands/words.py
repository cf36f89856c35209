"""The words of the grammar, in English and Chinese (matched after NFKC + casefold)."""

from __future__ import annotations

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
REFRESH_WORDS: tuple[str, ...] = ("refresh", "刷新")
PUBLIC_WORDS: tuple[str, ...] = ("public", "公开")

FILTER_BY_WORD: dict[str, StatusFilter] = {
    word: status_filter for status_filter, words in STATUS_WORDS.items() for word in words
}
