"""The one chart model every chart is drawn from: plain records, no drawing.

Two kinds of chart, each a title, one or more panels and notes under them:

- a range chart: rows of labelled intervals (low, stated figure, high) on one value axis
  per panel, with an optional pooled band (p5 to p95, p50 as its stated figure);
- a timeline: dated counts, a colour per series (a flow), on a shared date axis.

The terminal draws one ``RangePanel`` under a table (``formats.range_chart``); the image
files (``formats.chart_image``) and the inline SVG of the HTML report
(``formats.chart_svg``) draw whole charts. The views build them from the core's results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TypeVar

from shellcount.arithmetic.interval import Interval
from shellcount.characters import printable
from shellcount.errors import ShellcountError
from shellcount.record import record

_T = TypeVar("_T")


class NothingToChart(ShellcountError):
    """The selection has no figure to draw."""


@record
class RangeRow:
    """One labelled interval and its stated figure.

    ``interval`` is None for a row with no figure at all: it keeps its place, and
    ``text`` says why. ``detail`` (who said it), ``group`` (its colour and legend entry)
    and ``text`` (the figure in words) are drawn by the image charts, not the terminal's.
    """

    label: str
    interval: Interval | None
    nominal: float | None = None
    detail: str = ""
    group: str = ""
    text: str = ""


@record
class RangePanel:
    """Rows on one value axis; ``band`` is a pool's p5 to p95 with its p50 as nominal."""

    title: str
    axis_label: str
    rows: tuple[RangeRow, ...]
    band: RangeRow | None = None

    def drawn_rows(self) -> tuple[RangeRow, ...]:
        """The rows that have an interval to place on the axis."""
        return tuple(row for row in self.rows if row.interval is not None)


@record
class RangeChart:
    """A titled range chart of one or more panels, with notes under it."""

    title: str
    panels: tuple[RangePanel, ...]
    notes: tuple[str, ...] = ()


@record
class DatedCount:
    """A cumulative count at its ``as_of``, counted from zero at its ``since`` (if any)."""

    label: str
    series: str  # the flow: colour and legend entry
    since: dt.date | None
    as_of: dt.date
    interval: Interval
    nominal: float | None = None


@record
class TimelinePanel:
    """The counts of one measure (and calibre) on one value axis, a colour per series."""

    title: str
    axis_label: str
    counts: tuple[DatedCount, ...]


@record
class TimelineChart:
    """A titled timeline of one or more panels on a shared date axis, with notes under it."""

    title: str
    panels: tuple[TimelinePanel, ...]
    notes: tuple[str, ...] = ()


Chart = RangeChart | TimelineChart

# What an SVG or a PNG's text cannot carry: the two non-characters XML refuses, and lone
# surrogates should any reach here (printable already writes them as visible escapes).
_UNWRITABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def chart_text(text: str) -> str:
    """Text as a chart shows it: control characters and bytes that were not UTF-8 as
    visible escapes, and what XML cannot hold as the replacement character."""
    return _UNWRITABLE.sub("\ufffd", printable(text))


def printable_chart(value: _T) -> _T:
    """The chart with every text in it passed through ``chart_text``: one place, before any
    drawing, since claims-file text is data."""
    if isinstance(value, str):
        return chart_text(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(printable_chart(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: printable_chart(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value
