"""Charts as one self-contained inline SVG string, for pages that embed them (the HTML
report): ``svg(chart) -> str``.

The same chart model and axis rules as the image files, drawn without matplotlib: no
font, script, style sheet or image is fetched or embedded, and no ``id`` or ``<style>``
is written, so several charts can sit in one page without touching each other. Every
text from the claims file is escaped (it is data, never markup); the output is the same
for the same chart. Text widths are estimated from the characters (no font is measured),
generously, and the picture grows wide enough for its longest labels rather than
clipping them; the ``viewBox`` lets a page scale it to its column.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

from shellcount.formats import axis, chart_layout
from shellcount.formats.chart import (
    Chart,
    DatedCount,
    NothingToChart,
    RangeChart,
    RangePanel,
    RangeRow,
    TimelineChart,
    TimelinePanel,
    printable_chart,
)
from shellcount.formats.chart_svg_canvas import (
    LABEL_SIZE,
    MARGIN,
    SMALL_SIZE,
    Canvas,
    heading,
    key,
    key_entries,
    notes,
    text_width,
)

WIDTH = 880.0  # the picture's least width, in px
PANEL_TITLE_SIZE = 13.5
ROW_HEIGHT = 24.0
ARROW_ROOM = 14.0  # px past the last value for open ends, before the first for low ones
LEAST_PLOT = 360.0
TIMELINE_PANEL = 210.0
SHORT_TIMELINE_PANEL = 150.0  # a panel of one or two counts

Place = Callable[[float], float]  # a value (or a day number) to its x or y on the page


def svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element (no XML declaration), ready to inline in HTML."""
    chart = printable_chart(chart)
    if isinstance(chart, RangeChart):
        return _range_svg(chart)
    return _timeline_svg(chart)


# Range charts ---------------------------------------------------------------------------


def _row_label(row: RangeRow) -> str:
    return f"{row.label}  ·  {row.detail}" if row.detail else row.label


def _range_svg(chart: RangeChart) -> str:
    if not any(panel.drawn_rows() for panel in chart.panels):
        raise NothingToChart("no figure to chart")
    rows = [row for panel in chart.panels for row in panel.rows]
    left = max(text_width(_row_label(row), LABEL_SIZE) for row in rows) + 14
    right = max((text_width(row.text, SMALL_SIZE) for row in rows), default=0) + 18
    width = max(WIDTH, MARGIN + left + LEAST_PLOT + right + MARGIN)
    plot = (MARGIN + left, width - MARGIN - right)
    canvas = Canvas()
    y = heading(canvas, chart.title, width, 0.0)
    groups = chart_layout.colours(row.group for row in rows)
    y = key(canvas, key_entries(chart_layout.range_keys(chart), groups), width, y)
    for panel in chart.panels:
        y = _range_panel(canvas, panel, groups, plot, y + 8)
    y = notes(canvas, chart.notes, width, y + 6)
    return canvas.document(width, y + MARGIN, chart.title)


def _range_panel(
    canvas: Canvas,
    panel: RangePanel,
    groups: dict[str, str],
    plot: tuple[float, float],
    y: float,
) -> float:
    """One panel from ``y`` down: its title, a row per claim, its axis. Returns the y below."""
    if panel.title:
        y += PANEL_TITLE_SIZE * 1.3
        canvas.text(MARGIN, y, panel.title, size=PANEL_TITLE_SIZE, weight="bold")
        y += 6
    drawn = panel.drawn_rows()
    band = panel.band
    values = [v for row in (*drawn, *([band] if band else [])) for v in _ends(row)]
    found = axis.scale_of(values)
    if found is None:  # only rows with no figure: their words, no axis
        found = axis.Scale(0.0, 1.0, False)
    scale = axis.padded(found, left=0.03, right=0.03)
    below = found.logarithmic and min(axis.finite(values)) <= 0
    opens = any(_is_open(row) for row in drawn)
    first = plot[0] + (ARROW_ROOM if below else 0)
    last = plot[1] - (ARROW_ROOM if opens else 0)

    def x_of(value: float) -> float:
        share = scale.share(value)
        if math.isinf(share):
            return plot[0] if share < 0 else plot[1]
        return first + min(max(share, -0.02), 1.02) * (last - first)

    top = y
    bottom = top + ROW_HEIGHT * len(panel.rows)
    for index in range(1, len(panel.rows), 2):
        canvas.rect(plot[0] - 4, top + index * ROW_HEIGHT, plot[1] - plot[0] + 8, ROW_HEIGHT,
                    colour=chart_layout.STRIPE)  # fmt: skip
    tick_values = [t for t in axis.ticks(scale) if scale.low <= t <= scale.high]
    for value in tick_values:
        canvas.line(x_of(value), top, x_of(value), bottom, chart_layout.GRID, width=0.8)
    if band is not None and band.interval is not None:
        low, high = x_of(band.interval.low), x_of(band.interval.high)
        canvas.rect(
            low, top, high - low, bottom - top, colour=chart_layout.BAND_COLOUR, opacity=0.25
        )
        if band.nominal is not None:
            median = x_of(band.nominal)
            canvas.line(median, top, median, bottom, chart_layout.MEDIAN_COLOUR, width=1.3,
                        dashed=True)  # fmt: skip
    for index, row in enumerate(panel.rows):
        middle = top + (index + 0.5) * ROW_HEIGHT
        canvas.text(plot[0] - 10, middle + LABEL_SIZE * 0.35, _row_label(row), anchor="end")
        if row.text:
            canvas.text(plot[1] + 12, middle + SMALL_SIZE * 0.35, row.text, size=SMALL_SIZE,
                        colour="#333333")  # fmt: skip
        if row.interval is not None:
            colour = groups.get(row.group, chart_layout.PALETTE[0])
            below = scale.share(row.interval.low) < 0  # zero or less on a log axis
            _range_row(canvas, row, x_of, middle, colour=colour, plot=plot, below=below)
    canvas.line(plot[0], bottom, plot[1], bottom, "#666666", width=1)
    y = _value_ticks(canvas, tick_values, x_of, bottom)
    label = panel.axis_label + (" (log scale)" if scale.logarithmic else "")
    canvas.text((plot[0] + plot[1]) / 2, y + LABEL_SIZE * 1.3, label, anchor="middle")
    return y + LABEL_SIZE * 1.3 + 8


def _ends(row: RangeRow) -> tuple[float | None, ...]:
    if row.interval is None:
        return ()
    return (row.interval.low, row.interval.high, row.nominal)


def _is_open(row: RangeRow) -> bool:
    return row.interval is not None and row.interval.is_open


def _value_ticks(canvas: Canvas, values: Sequence[float], x_of: Place, y: float) -> float:
    """Tick marks under the axis at every value, a label where it does not overlap the
    one before. Returns the y below the labels."""
    free = -math.inf
    for value in values:
        x = x_of(value)
        canvas.line(x, y, x, y + 4, "#666666")
        text = axis.tick_words(value)
        half = text_width(text, SMALL_SIZE) / 2
        if x - half < free:
            continue
        canvas.text(x, y + 4 + SMALL_SIZE * 1.1, text, size=SMALL_SIZE, anchor="middle")
        free = x + half + 8
    return y + 4 + SMALL_SIZE * 1.1


def _range_row(
    canvas: Canvas,
    row: RangeRow,
    x_of: Place,
    y: float,
    *,
    colour: str,
    plot: tuple[float, float],
    below: bool,
) -> None:
    """A line from low to high (to the edge, with an arrow, when open; from the left edge
    when the low end is below a log axis); end ticks and a dot at the stated figure, or
    dashed with hollow ends when there is none."""
    assert row.interval is not None
    interval = row.interval
    low, high = x_of(interval.low), x_of(interval.high)
    stated = row.nominal is not None
    canvas.line(low, y, high, y, colour, width=2.4, dashed=not stated)
    ends = []
    if below:
        canvas.arrow(plot[0], y, colour, "left")
    else:
        ends.append(low)
    if interval.is_open:
        canvas.arrow(plot[1], y, colour, "right")
    else:
        ends.append(high)
    for x in ends:
        if stated:
            canvas.line(x, y - 6, x, y + 6, colour, width=2)
        else:
            canvas.dot(x, y, colour, hollow=True, r=3.8)
    if row.nominal is not None and math.isfinite(row.nominal):
        canvas.dot(x_of(row.nominal), y, colour)


# Timelines ------------------------------------------------------------------------------


def _timeline_svg(chart: TimelineChart) -> str:
    if not any(panel.counts for panel in chart.panels):
        raise NothingToChart("no dated count to chart")
    series = chart_layout.colours(c.series for panel in chart.panels for c in panel.counts)
    labels = [c.label for panel in chart.panels for c in panel.counts]
    label_room = max(text_width(label, SMALL_SIZE) for label in labels) + 30
    tick_room = 74.0
    width = max(WIDTH, MARGIN + tick_room + LEAST_PLOT + label_room + MARGIN)
    canvas = Canvas()
    y = heading(canvas, chart.title, width, 0.0)
    y = key(canvas, key_entries(chart_layout.timeline_keys(chart), series), width, y)
    first, last = chart_layout.timeline_days(chart)
    span = max(last - first, 30.0)
    days = (first - span * 0.04, last + span * 0.02)
    plot = (MARGIN + tick_room, width - MARGIN - label_room)
    date_ticks = axis.date_ticks(dt.date.fromordinal(int(first)), dt.date.fromordinal(int(last)))
    for panel in chart.panels:
        frame = _TimelineFrame(canvas, series, plot, days, span)
        y = frame.draw(panel, y + 10, date_ticks)
    y = notes(canvas, chart.notes, width, y + 6)
    return canvas.document(width, y + MARGIN, chart.title)


class _TimelineFrame:
    """One timeline panel on the page: days across ``plot``, values from zero up."""

    def __init__(
        self,
        canvas: Canvas,
        series: dict[str, str],
        plot: tuple[float, float],
        days: tuple[float, float],
        span: float,
    ) -> None:
        self.canvas, self.series, self.plot, self.days, self.span = (
            canvas, series, plot, days, span
        )  # fmt: skip
        self.top = self.bottom = 0.0
        self.scale = axis.Scale(0.0, 1.0, False)

    def x_of(self, day: float) -> float:
        share = (day - self.days[0]) / (self.days[1] - self.days[0])
        return self.plot[0] + share * (self.plot[1] - self.plot[0])

    def y_of(self, value: float) -> float:
        share = min(max(self.scale.share(value), 0.0), 1.0)
        return self.bottom - share * (self.bottom - self.top)

    def draw(
        self, panel: TimelinePanel, y: float, date_ticks: Sequence[tuple[dt.date, str]]
    ) -> float:
        """The panel from ``y`` down; returns the y below it."""
        canvas, plot = self.canvas, self.plot
        y += PANEL_TITLE_SIZE * 1.3
        canvas.text(MARGIN, y, panel.title, size=PANEL_TITLE_SIZE, weight="bold")
        highest = max(axis.finite(v for c in panel.counts for v in _count_ends(c)), default=1.0)
        ceiling = min(highest * 1.15, axis.LARGEST) if highest > 0 else 1.0
        self.scale = axis.Scale(0.0, ceiling, False)
        placed, labels = chart_layout.timeline_places(panel, ceiling, self.span)
        height = TIMELINE_PANEL if len(panel.counts) > 2 else SHORT_TIMELINE_PANEL
        # Tall enough for the longest column of claim ids beside the counts.
        height = max(height, self.labels_height(labels))
        self.top, self.bottom = y + 14, y + 14 + height
        for value in axis.ticks(self.scale):
            at = self.y_of(value)
            canvas.line(plot[0], at, plot[1], at, chart_layout.GRID, width=0.8)
            canvas.text(plot[0] - 8, at + SMALL_SIZE * 0.35, axis.tick_words(value),
                        size=SMALL_SIZE, anchor="end")  # fmt: skip
        canvas.text(MARGIN + SMALL_SIZE, (self.top + self.bottom) / 2, panel.axis_label,
                    size=SMALL_SIZE, anchor="middle", rotate=True)  # fmt: skip
        for item in placed:
            self.count(item.count, self.x_of(item.x))
        canvas.line(plot[0], self.bottom, plot[1], self.bottom, "#666666")
        self.date_ticks(date_ticks)
        self.labels(labels)
        return self.bottom + 4 + SMALL_SIZE * 1.2

    def count(self, count: DatedCount, x: float) -> None:
        """One count: upright from low to high (an arrow to the top when open), its dot,
        and the faint line from zero at its ``since``."""
        canvas, colour = self.canvas, self.series[count.series]
        stated = count.nominal is not None
        point = self.y_of(chart_layout.point_of(count))
        if count.since is not None:
            start = self.x_of(chart_layout.day_number(count.since))
            canvas.line(start, self.y_of(0.0), x, point, colour, width=1.1, dashed=not stated,
                        opacity=0.4)  # fmt: skip
        high = self.top if count.interval.is_open else self.y_of(count.interval.high)
        canvas.line(x, self.y_of(count.interval.low), x, high, colour, width=2.4,
                    dashed=not stated)  # fmt: skip
        if count.interval.is_open:
            canvas.arrow(x, self.top - 4, colour, "up")
        canvas.dot(x, point, colour, hollow=not stated)

    def date_ticks(self, ticks: Sequence[tuple[dt.date, str]]) -> None:
        free = -math.inf
        for day, text in ticks:
            x = self.x_of(chart_layout.day_number(day))
            self.canvas.line(x, self.bottom, x, self.bottom + 4, "#666666")
            half = text_width(text, SMALL_SIZE) / 2
            if x - half < free:
                continue
            self.canvas.text(x, self.bottom + 4 + SMALL_SIZE * 1.1, text, size=SMALL_SIZE,
                             anchor="middle")  # fmt: skip
            free = x + half + 8

    def columns(
        self, labels: Sequence[chart_layout.Label]
    ) -> tuple[list[tuple[float, float, chart_layout.Label]], list[list[int]]]:
        """The labels' anchors, sorted by x, and the columns they gather into (which depend
        on x alone)."""
        anchors = sorted(
            ((self.x_of(label.x), self.y_of(label.y), label) for label in labels),
            key=lambda a: a[0],
        )
        widths = [max(text_width(t, SMALL_SIZE) for t in a[2].lines) for a in anchors]
        return anchors, chart_layout.label_columns(anchors, widths, 12.0)

    def labels_height(self, labels: Sequence[chart_layout.Label]) -> float:
        anchors, columns = self.columns(labels)
        return max(
            (sum(_label_height(anchors[i][2]) for i in column) for column in columns),
            default=0.0,
        )

    def labels(self, labels: Sequence[chart_layout.Label]) -> None:
        """Claim ids in columns right of the counts they name, spread so none overlaps."""
        line = SMALL_SIZE * 1.2
        anchors, columns = self.columns(labels)
        for column in columns:
            x = max(anchors[i][0] for i in column) + 10
            # Down the page is up in value: spread as heights above the bottom edge.
            ordered = sorted(column, key=lambda i: -anchors[i][1])
            heights = [_label_height(anchors[i][2]) for i in ordered]
            wanted = [self.bottom - anchors[i][1] for i in ordered]
            room = self.bottom - self.top
            centres = chart_layout.spread(wanted, heights, 0.0, room)
            for i, centre in zip(ordered, centres, strict=True):
                ax, ay, label = anchors[i]
                colour = self.series[label.series]
                middle = self.bottom - centre
                self.canvas.line(ax + 3, ay, x - 2, middle, colour, width=0.6, opacity=0.6)
                first = middle - (len(label.lines) - 1) * line / 2 + SMALL_SIZE * 0.35
                for index, text in enumerate(label.lines):
                    self.canvas.text(x, first + index * line, text, size=SMALL_SIZE,
                                     colour=colour)  # fmt: skip


def _count_ends(count: DatedCount) -> tuple[float | None, ...]:
    return (count.interval.low, count.interval.high, count.nominal)


def _label_height(label: chart_layout.Label) -> float:
    return len(label.lines) * SMALL_SIZE * 1.2 + 3
