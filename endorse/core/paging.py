"""Pages of one list among several on a staff page: which page each list shows, kept in
the URL as ``?<param>=<key>&page=<n>`` (one list paged at a time, the others on their
first page). The rows are counted and sliced in SQL by the selectors; this only says
which slice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Row = TypeVar("Row")


def page_number(text: str | None) -> int:
    """The page asked for: a positive whole number, else the first page."""
    value = (text or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**6 else 1


@dataclass(frozen=True)
class Pager:
    """One page of a list of ``total`` rows, ``size`` to a page (``number`` from 1)."""

    param: str  # the URL's parameter naming the list ("state", "list")
    key: str  # this list's name in that parameter
    size: int
    total: int
    number: int = 1

    @classmethod
    def of(cls, *, param: str, key: str, size: int, total: int, asked: int = 1) -> Pager:
        """The page asked for, or the last page when it asks beyond the end."""
        return cls(param, key, size, total, min(max(asked, 1), max(-(-total // size), 1)))

    @property
    def pages(self) -> int:
        return max(-(-self.total // self.size), 1)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def end(self) -> int:
        return self.offset + self.size

    @property
    def has_other_pages(self) -> bool:
        return self.pages > 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class Paged(Generic[Row]):
    """One page of a list's rows, and the pager that says which."""

    rows: list[Row]
    pager: Pager

    @property
    def total(self) -> int:
        return self.pager.total
