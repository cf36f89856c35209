"""Pure selection of tasks: status groups, filtering, display order, pages and statistics."""

from bot.tasks.ordering import TaskOrder, order_of
from bot.tasks.pagination import DEFAULT_PAGE_SIZE, Page
from bot.tasks.selection import (
    StatusFilter,
    StatusGroup,
    matches_query,
    select,
    sort_key,
    status_group,
)
from bot.tasks.stats import GroupStats, StatusStats, status_stats

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "GroupStats",
    "Page",
    "StatusFilter",
    "StatusGroup",
    "StatusStats",
    "TaskOrder",
    "matches_query",
    "order_of",
    "select",
    "sort_key",
    "status_group",
    "status_stats",
]
