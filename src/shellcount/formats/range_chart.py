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
from dataclasses import dataclass

from shellcount.formats.numbers import grouped
from shellcount.formats.printable import printable
from shellcount.formats.report import Bar, Chart

DEFAULT_WIDTH = 60  # columns of the plotting area when the terminal width is unknown
OPEN = "▶"
BELOW = "◀"
NOMINAL = "●"
BAND = "░"
MEDIAN = "┃"


@dataclass(frozen=True)
class _Axis:
    low: float
    high: float
    logarithmic: bool
    width: int
    room: int = 0  # columns past ``high`` kept for open ends
    left: int = 0  # columns before ``low`` kept for ends below it (zero on a log axis)

    def column(self, value: float) -> float:
        """Where ``value`` falls, in columns from 0 (may lie outside the axis)."""
        if self.logarithmic:
            if value <= 0:
                return -math.inf
            share = (math.log(value) - math.log(self.low)) / (
                math.log(self.high) - math.log(self.low)
            )
        else:
            share = (value - self.low) / (self.high - self.low)
        return self.left + share * (self.width - 1 - self.room - self.left)


def draw(chart: Chart, width: int | None = None) -> list[str]:
    """The chart as lines of text; empty when no bar has a finite value to place."""
    bars = [*chart.bars, *([chart.band] if chart.band else [])]
    # Labels made printable before they are measured, so escapes keep the bars aligned.
    label_width = max((len(printable(bar.label)) for bar in bars), default=0)
    plot_width = max(20, (width - label_width - 3) if width else DEFAULT_WIDTH)
    # Open ends run off the axis: keep the last columns for them, past every finite value.
    room = 2 if any(bar.interval.is_open for bar in bars) else 0
    axis = _axis(bars, plot_width, room)
    if axis is None:
        return []
    lines = [chart.title]
    for bar in chart.bars:
        lines.append(f"{printable(bar.label):<{label_width}}  {_bar(bar, axis)}".rstrip())
    if chart.band is not None:
        label = printable(chart.band.label)
        lines.append(f"{label:<{label_width}}  {_band(chart.band, axis)}".rstrip())
    ticks, labels = _ticks(axis)
    lines.append(" " * (label_width + 2) + ticks)
    lines.append(" " * (label_width + 2) + labels)
    scale = " (log scale)" if axis.logarithmic else ""
    lines.append(" " * (label_width + 2) + f"{chart.unit}{scale}")
    return lines


def _axis(bars: list[Bar], width: int, room: int) -> _Axis | None:
    values = []
    for bar in bars:
        for value in (bar.interval.low, bar.interval.high, bar.nominal):
            if value is not None and math.isfinite(value):
                values.append(value)
    if not values:
        return None
    low, high = min(values), max(values)
    positive = [v for v in values if v > 0]
    if positive and high / min(positive) > 10:
        # Zero ends (up to, fewer than) cannot sit on a log axis: they run off it to the left.
        left = 2 if low <= 0 else 0
        return _Axis(min(positive), high, True, width, room, left)
    if not high - low > abs(high) * 1e-9:
        # One value (or values too close to tell apart): a little axis around it.
        pad = abs(low) * 0.1
        if not (low - pad < low and high + pad > high):
            pad = 1.0
        low, high = low - pad, high + pad
    return _Axis(low, high, False, width, room)


def _span(bar: Bar, axis: _Axis) -> tuple[float, float, int, int]:
    """Where the bar's ends fall, and the first and last columns it covers on the axis."""
    start, end = axis.column(bar.interval.low), axis.column(bar.interval.high)
    first = max(0, round(start)) if math.isfinite(start) else 0
    last = min(axis.width - 1, round(end)) if math.isfinite(end) else axis.width - 1
    return start, end, first, last


def _bar(bar: Bar, axis: _Axis) -> str:
    cells = [" "] * axis.width
    start, end, first, last = _span(bar, axis)
    for index in range(first, last + 1):
        cells[index] = "─"
    if not math.isfinite(start) or start < -0.5:
        cells[0] = BELOW
    else:
        cells[first] = "(" if bar.interval.low_excluded else "["
    if bar.interval.is_open or end > axis.width - 0.5:
        cells[axis.width - 1] = OPEN
    else:
        cells[last] = ")" if bar.interval.high_excluded else "]"
    if first == last and math.isfinite(start) and start >= -0.5 and not bar.interval.is_open:
        cells[first] = "|"
    if bar.nominal is not None and math.isfinite(bar.nominal):
        where = axis.column(bar.nominal)
        if 0 <= where <= axis.width - 1 - axis.room:
            cells[round(where)] = NOMINAL
    return "".join(cells)


def _band(band: Bar, axis: _Axis) -> str:
    cells = [" "] * axis.width
    _, _, first, last = _span(band, axis)
    for index in range(first, last + 1):
        cells[index] = BAND
    if band.nominal is not None and math.isfinite(band.nominal):
        where = axis.column(band.nominal)
        if 0 <= where <= axis.width - 1:
            cells[round(where)] = MEDIAN
    return "".join(cells)


def _ticks(axis: _Axis) -> tuple[str, str]:
    """The tick line and the labels under it, labels kept apart from each other."""
    values = _tick_values(axis)
    marks = ["─"] * axis.width
    labels = [" "] * (axis.width + 12)
    next_free = 0
    for value in values:
        column = round(axis.column(value))
        if not 0 <= column < axis.width:
            continue
        marks[column] = "┬"
        text = _tick_label(value)
        begin = max(0, column - len(text) // 2)
        if begin < next_free:
            continue
        labels[begin : begin + len(text)] = list(text)
        next_free = begin + len(text) + 1
    return "".join(marks), "".join(labels).rstrip()


def _tick_label(value: float) -> str:
    """Grouped digits for ordinary numbers, ``1e-198`` style for extreme ones."""
    if value != 0 and not 1e-3 <= abs(value) < 1e15:
        return f"{value:.3g}"
    return grouped(value)


def _tick_values(axis: _Axis) -> list[float]:
    if axis.logarithmic:
        first, last = math.floor(math.log10(axis.low)), math.ceil(math.log10(axis.high))
        every = max(1, (last - first) // 8)  # at most about eight decades labelled
        decades = [10.0**power for power in range(first, last + 1, every)]
        # 1, 2 and 5 of each decade: labels that would collide are skipped when drawn.
        multiples = (1, 2, 5) if every == 1 else (1,)
        values = [m * d for d in decades for m in multiples if axis.low <= m * d <= axis.high]
        return [axis.low, *values, axis.high] if len(values) < 2 else values
    span = axis.high - axis.low
    if not span / 4 > 0:
        return [axis.low, axis.high]
    step = 10 ** math.floor(math.log10(span / 4))
    for multiple in (1, 2, 5, 10):
        if span / (step * multiple) <= 5:
            step *= multiple
            break
    start = math.ceil(axis.low / step) * step
    return [start + index * step for index in range(int((axis.high - start) / step) + 1)]
