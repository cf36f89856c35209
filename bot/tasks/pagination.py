"""What a page of an ordered selection is, and which page numbers exist.

The one place that cuts a selection into pages is ``TaskOrder.page`` (``bot.tasks.ordering``);
this module holds the page it returns and the arithmetic of page numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.ivc.models import Task

DEFAULT_PAGE_SIZE = 20


def page_count(total: int, page_size: int) -> int:
    """How many pages ``total`` items fill (at least 1, even when there are none)."""
    return max(1, -(-total // page_size))


def clamp_page(page: int, total: int, page_size: int) -> int:
    """Clamp a requested 1-based page number into the range that exists."""
    return min(max(1, page), page_count(total, page_size))


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
        return page_count(self.total, self.page_size)

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
