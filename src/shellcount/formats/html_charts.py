"""Range charts (a ``Chart`` of labelled intervals) as inline SVG, for the HTML report.

One row per bar: a line from the low end to the high end, a dot at the stated figure,
an arrow where the high end is open (or the low end is off a log axis), a bar end for
a closed end and a ring for an excluded one. The axis is logarithmic when the values span
more than a factor of ten, as in the terminal's range chart.

A small drawing kept apart from the page's template, so a fuller chart renderer can take
its place. Every text is escaped here: the SVG goes into the page as markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from shellcount.formats.numbers import grouped
from shellcount.formats.printable import printable
from shellcount.formats.report import Bar, Chart

WIDTH = 960
LABEL_WIDTH = 300  # the labels' column, right-aligned against the plot
RIGHT = 24
TOP = 8
ROW = 20
AXIS_ROOM = 44  # tick labels and the unit under the rows
OPEN_ROOM = 18  # past the highest finite value, where open ends point
LOG_SPAN = 10.0
INK = "#0072B2"  # Okabe and Ito's blue: told apart with the common colour deficiencies
BAND = "#E69F00"
GRID = "#d0d0d0"
MUTED = "#555555"


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    logarithmic: bool
    left: float
    right: float

    def x(self, value: float) -> float:
        """Where ``value`` falls; below the axis (or not positive on a log axis) is -inf."""
        if self.logarithmic:
            if value <= 0:
                return -math.inf
            share = math.log(value / self.low) / math.log(self.high / self.low)
        else:
            share = (value - self.low) / (self.high - self.low)
        return self.left + share * (self.right - self.left)


def svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element (empty when no bar has a finite value)."""
    bars = [*chart.bars, *([chart.band] if chart.band else [])]
    scale = _scale(bars)
    if scale is None:
        return ""
    height = TOP + ROW * len(bars) + AXIS_ROOM
    title = escape(printable(chart.title))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="range-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-label="{title}">',
        f"<title>{title}</title>",
    ]
    bottom = TOP + ROW * len(bars)
    parts += _axis(scale, bottom, chart.unit)
    for index, bar in enumerate(chart.bars):
        parts += _row(bar, scale, TOP + ROW * index + ROW / 2)
    if chart.band is not None:
        parts += _band(chart.band, scale, TOP + ROW * len(chart.bars) + ROW / 2)
    parts.append("</svg>")
    return "\n".join(parts)


def _scale(bars: list[Bar]) -> _Scale | None:
    values = [
        value
        for bar in bars
        for value in (bar.interval.low, bar.interval.high, bar.nominal)
        if value is not None and math.isfinite(value)
    ]
    if not values:
        return None
    left = LABEL_WIDTH + 12
    right = WIDTH - RIGHT - (OPEN_ROOM if any(bar.interval.is_open for bar in bars) else 0)
    low, high = min(values), max(values)
    positive = [value for value in values if value > 0]
    if positive and high / min(positive) > LOG_SPAN:
        return _Scale(min(positive), high, True, left, right)
    if not high - low > abs(high) * 1e-9:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    return _Scale(low, high, False, left, right)


def _row(bar: Bar, scale: _Scale, y: float) -> list[str]:
    label = escape(printable(bar.label))
    interval = bar.interval
    start, end = scale.x(interval.low), scale.x(interval.high)
    low_off = not math.isfinite(start)
    high_open = not math.isfinite(end)
    x1 = scale.left - 6 if low_off else start
    x2 = WIDTH - RIGHT if high_open else end
    parts = [
        f'<text x="{LABEL_WIDTH}" y="{y + 4:.1f}" text-anchor="end" class="label">{label}</text>',
        f'<line x1="{x1:.1f}" y1="{y:.1f}" x2="{x2:.1f}" y2="{y:.1f}" stroke="{INK}" '
        'stroke-width="3"/>',
    ]
    if low_off:
        parts.append(_arrow(x1, y, -1))
    else:
        parts.append(_end(start, y, interval.low_excluded))
    if high_open:
        parts.append(_arrow(x2, y, 1))
    else:
        parts.append(_end(end, y, interval.high_excluded))
    if bar.nominal is not None and math.isfinite(bar.nominal):
        where = scale.x(bar.nominal)
        if math.isfinite(where):
            parts.append(f'<circle cx="{where:.1f}" cy="{y:.1f}" r="4.5" fill="{INK}"/>')
    return parts


def _band(band: Bar, scale: _Scale, y: float) -> list[str]:
    start = max(scale.left, scale.x(band.interval.low))
    end = min(WIDTH - RIGHT, scale.x(band.interval.high))
    parts = [
        f'<text x="{LABEL_WIDTH}" y="{y + 4:.1f}" text-anchor="end" class="label">'
        f"{escape(printable(band.label))}</text>",
        f'<rect x="{start:.1f}" y="{y - 6:.1f}" width="{max(end - start, 1):.1f}" height="12" '
        f'fill="{BAND}" opacity="0.5"/>',
    ]
    if band.nominal is not None and math.isfinite(scale.x(band.nominal)):
        x = scale.x(band.nominal)
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 8:.1f}" x2="{x:.1f}" y2="{y + 8:.1f}" '
            'stroke="#000" stroke-width="2"/>'
        )
    return parts


def _end(x: float, y: float, excluded: bool) -> str:
    """A bar end for a closed end, a ring for an excluded one."""
    stroke = f'stroke="{INK}" stroke-width="2"'
    if excluded:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" {stroke}/>'
    return f'<line x1="{x:.1f}" y1="{y - 6:.1f}" x2="{x:.1f}" y2="{y + 6:.1f}" {stroke}/>'


def _arrow(x: float, y: float, direction: int) -> str:
    """A head pointing off the axis: right for an open high end, left for a low one off it."""
    tip = x + 8 * direction
    points = f"{x:.1f},{y - 6:.1f} {tip:.1f},{y:.1f} {x:.1f},{y + 6:.1f}"
    return f'<polygon points="{points}" fill="{INK}"/>'


def _axis(scale: _Scale, bottom: float, unit: str) -> list[str]:
    parts = [
        f'<line x1="{scale.left:.1f}" y1="{bottom:.1f}" x2="{WIDTH - RIGHT}" y2="{bottom:.1f}" '
        f'stroke="{MUTED}"/>'
    ]
    next_free = -math.inf
    for value in _ticks(scale):
        x = scale.x(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        text = grouped(value) if value == 0 or 1e-3 <= abs(value) < 1e15 else f"{value:.3g}"
        half = 3.6 * len(text)
        if x - half < next_free:
            continue  # would overlap the label before it
        next_free = x + half + 6
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16:.1f}" text-anchor="middle" class="tick">'
            f"{text}</text>"
        )
    caption = escape(printable(unit)) + (" (log scale)" if scale.logarithmic else "")
    parts.append(f'<text x="{scale.left:.1f}" y="{bottom + 34:.1f}" class="unit">{caption}</text>')
    return parts


def _ticks(scale: _Scale) -> list[float]:
    if scale.logarithmic:
        first = math.floor(math.log10(scale.low))
        last = math.ceil(math.log10(scale.high))
        every = max(1, (last - first) // 8)
        multiples = (1, 2, 5) if every == 1 else (1,)
        values = [
            multiple * 10.0**power
            for power in range(first, last + 1, every)
            for multiple in multiples
            if scale.low <= multiple * 10.0**power <= scale.high
        ]
        return values if len(values) >= 2 else [scale.low, *values, scale.high]
    span = scale.high - scale.low
    step = 10 ** math.floor(math.log10(span / 4))
    for multiple in (1, 2, 5, 10):
        if span / (step * multiple) <= 5:
            step *= multiple
            break
    start = math.ceil(scale.low / step) * step
    return [start + index * step for index in range(int((scale.high - start) / step) + 1)]
