"""Result data as every output format reads it: named fields per row, plus the words
people see. Formatters are functions of a Report and know nothing of claims.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from shellcount.record import record

if TYPE_CHECKING:  # charts are drawn only by the terminal table: imported there
    from shellcount.formats.chart import RangePanel

Cell = str | int | float | None


@record
class Column:
    """A column of the human formats (table, Markdown): its heading and the text key.

    How the terminal table may fit it to a narrow terminal, as the view declares it:
    ``wrap``: prose (a source, a figure as written, an explanation) that may break between
    words onto further lines of its cell; numbers and ids never do. ``priority``: 0 keeps
    the column in the table whatever the width; when the table cannot fit, the column of
    the highest priority number leaves it first and is written under each row instead.
    """

    key: str
    title: str
    numeric: bool = False
    wrap: bool = False
    priority: int = 0


@record
class Row:
    """One row: machine values (CSV, JSON), words for people, its section, its working.

    The words may be given as a function: they are written only if a human format asks
    for them, so CSV and JSON of a large file never pay for formatting them.
    """

    values: dict[str, Cell]
    words: dict[str, str] | Callable[[], dict[str, str]]
    section: str = ""
    working: tuple[str, ...] = ()

    @functools.cached_property
    def shown(self) -> dict[str, str]:
        """The words for people, by column key."""
        return self.words() if callable(self.words) else self.words


class LazyRows:
    """Rows made as they are read, afresh each time (a view's generator function): a
    format writes each row as it comes, and no list of every row is kept."""

    def __init__(self, make: Callable[[], Iterable[Row]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Row]:
        return iter(self._make())


@record
class Report:
    """A titled table of rows. ``fields`` are the CSV/JSON names, in order."""

    title: str
    fields: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] | LazyRows  # LazyRows: made as the format reads them
    notes: tuple[str, ...] = ()
    explain: bool = field(default=False)
    # Drawn after the table in the terminal format, and made only then when given as a
    # function (the other formats never draw them).
    charts: tuple[RangePanel, ...] | Callable[[], tuple[RangePanel, ...]] = ()
    # The short answer a reader needs first (human formats open with it; JSON carries it).
    bottom_line: tuple[str, ...] = ()
    # What every row rests on (the reading of the hedges, ...): a JSON object, and a
    # column of the same value on every CSV row, after the report's own fields.
    metadata: tuple[tuple[str, str], ...] = ()
    metadata_columns: bool = True  # False: CSV leaves the metadata out (--columns chose)

    def chart_panels(self) -> tuple[RangePanel, ...]:
        """The charts, made if they were given as a function."""
        return self.charts() if callable(self.charts) else self.charts

    def sections(self) -> list[tuple[str, list[Row]]]:
        """Consecutive rows grouped by section, in order."""
        groups: list[tuple[str, list[Row]]] = []
        for row in self.rows:
            if not groups or groups[-1][0] != row.section:
                groups.append((row.section, []))
            groups[-1][1].append(row)
        return groups
