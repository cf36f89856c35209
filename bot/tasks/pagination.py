"""Cutting an ordered list of tasks into pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.ivc.models import Task

DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class Page:
    """One page of an ordered selection; ``page`` is 1-based and already clamped."""

    items: tuple[Task, ...]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the selection has (at least 1, even when empty)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def first_index(self) -> int:
        """1-based position of the first item on this page (0 when the page is empty)."""
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        """1-based position of the last item on this page (0 when the page is empty)."""
        return self.first_index + len(self.items) - 1 if self.items else 0

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clamp_page(page: int, total: int, page_size: int) -> int:
    """Clamp a requested 1-based page number into the range that exists."""
    last = max(1, -(-total // page_size))
    return min(max(1, page), last)


def paginate(items: Sequence[Task], page: int, page_size: int = DEFAULT_PAGE_SIZE) -> Page:
    """Return page ``page`` of the already ordered ``items``; out-of-range pages clamp."""
    size = max(1, page_size)
    number = clamp_page(page, len(items), size)
    start = (number - 1) * size
    return Page(tuple(items[start : start + size]), number, size, len(items))
