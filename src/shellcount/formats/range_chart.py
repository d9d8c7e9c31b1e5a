"""Intervals drawn as text on a common axis, readable without colour.

    claim-a        [────●────────────▶      open high end: runs off the axis
    claim-b           [──●────]             closed ends: [ ], excluded: ( )
    pool p5-p95       ░░░░░┃░░░░░░          the pooled band, p50 marked
                   ┬──────────┬──────────┬
                  300       1,000      3,000
                   round/container (log scale)

The axis is logarithmic when the values span more than a factor of ten (and none is
zero or below), linear otherwise.
"""

from __future__ import annotations

import math

from shellcount.arithmetic.interval import Interval
from shellcount.characters import printable
from shellcount.formats import axis
from shellcount.formats.chart import RangePanel, RangeRow
from shellcount.record import record

DEFAULT_WIDTH = 60  # columns of the plotting area when the terminal width is unknown
OPEN = "▶"
BELOW = "◀"
NOMINAL = "●"
BAND = "░"
MEDIAN = "┃"


@record
class _Axis:
    """The scale of a range chart laid on a number of text columns."""

    scale: axis.Scale
    width: int
    room: int = 0  # columns past the scale's high kept for open ends
    left: int = 0  # columns before its low kept for ends below it (zero on a log axis)

    def column(self, value: float) -> float:
        """Where ``value`` falls, in columns from 0 (may lie outside the axis)."""
        return self.left + self.scale.share(value) * (self.width - 1 - self.room - self.left)


def draw(chart: RangePanel, width: int | None = None) -> list[str]:
    """The panel as lines of text; empty when no row has a finite value to place. Rows
    with no figure are left out: the table beside the chart says why."""
    rows = chart.drawn_rows()
    bars = [*rows, *([chart.band] if chart.band else [])]
    # Labels made printable before they are measured, so escapes keep the bars aligned.
    label_width = max((len(printable(bar.label)) for bar in bars), default=0)
    plot_width = max(20, (width - label_width - 3) if width else DEFAULT_WIDTH)
    # Open ends run off the axis: keep the last columns for them, past every finite value.
    room = 2 if any(_interval(bar).is_open for bar in bars) else 0
    found = _axis(bars, plot_width, room)
    if found is None:
        return []
    lines = [chart.title]
    for bar in rows:
        lines.append(f"{printable(bar.label):<{label_width}}  {_bar(bar, found)}".rstrip())
    if chart.band is not None:
        label = printable(chart.band.label)
        lines.append(f"{label:<{label_width}}  {_band(chart.band, found)}".rstrip())
    ticks, labels = _ticks(found)
    lines.append(" " * (label_width + 2) + ticks)
    lines.append(" " * (label_width + 2) + labels)
    scale = " (log scale)" if found.scale.logarithmic else ""
    lines.append(" " * (label_width + 2) + f"{chart.axis_label}{scale}")
    return lines


def _interval(bar: RangeRow) -> Interval:
    assert bar.interval is not None  # drawn_rows() and a band always have one
    return bar.interval


def _axis(bars: list[RangeRow], width: int, room: int) -> _Axis | None:
    values = [v for bar in bars for v in (_interval(bar).low, _interval(bar).high, bar.nominal)]
    scale = axis.scale_of(values)
    if scale is None:
        return None
    # Zero ends (up to, fewer than) cannot sit on a log axis: they run off it to the left.
    left = 2 if scale.logarithmic and min(axis.finite(values)) <= 0 else 0
    return _Axis(scale, width, room, left)


def _span(bar: RangeRow, axis: _Axis) -> tuple[float, float, int, int]:
    """Where the bar's ends fall, and the first and last columns it covers on the axis."""
    start, end = axis.column(_interval(bar).low), axis.column(_interval(bar).high)
    first = max(0, round(start)) if math.isfinite(start) else 0
    last = min(axis.width - 1, round(end)) if math.isfinite(end) else axis.width - 1
    return start, end, first, last


def _bar(bar: RangeRow, axis: _Axis) -> str:
    interval = _interval(bar)
    cells = [" "] * axis.width
    start, end, first, last = _span(bar, axis)
    for index in range(first, last + 1):
        cells[index] = "─"
    if not math.isfinite(start) or start < -0.5:
        cells[0] = BELOW
    else:
        cells[first] = "(" if interval.low_excluded else "["
    if interval.is_open or end > axis.width - 0.5:
        cells[axis.width - 1] = OPEN
    else:
        cells[last] = ")" if interval.high_excluded else "]"
    if first == last and math.isfinite(start) and start >= -0.5 and not interval.is_open:
        cells[first] = "|"
    if bar.nominal is not None and math.isfinite(bar.nominal):
        where = axis.column(bar.nominal)
        if 0 <= where <= axis.width - 1 - axis.room:
            cells[round(where)] = NOMINAL
    return "".join(cells)


def _band(band: RangeRow, axis: _Axis) -> str:
    cells = [" "] * axis.width
    _, _, first, last = _span(band, axis)
    for index in range(first, last + 1):
        cells[index] = BAND
    if band.nominal is not None and math.isfinite(band.nominal):
        where = axis.column(band.nominal)
        if 0 <= where <= axis.width - 1:
            cells[round(where)] = MEDIAN
    return "".join(cells)


def _ticks(found: _Axis) -> tuple[str, str]:
    """The tick line and the labels under it, labels kept apart from each other."""
    marks = ["─"] * found.width
    labels = [" "] * (found.width + 12)
    next_free = 0
    for value in axis.ticks(found.scale):
        column = round(found.column(value))
        if not 0 <= column < found.width:
            continue
        marks[column] = "┬"
        text = axis.tick_text(value)
        begin = max(0, column - len(text) // 2)
        if begin < next_free:
            continue
        labels[begin : begin + len(text)] = list(text)
        next_free = begin + len(text) + 1
    return "".join(marks), "".join(labels).rstrip()
