"""What the image and SVG renderers share beyond the model and the axis: the palette, the
legend's words, where a timeline's counts stand and which share a label, and how labels
are spread so that none overlaps another."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from shellcount.formats import axis
from shellcount.formats.chart import (
    DatedCount,
    RangeChart,
    RangePanel,
    TimelineChart,
    TimelinePanel,
)
from shellcount.record import record

# Okabe and Ito's palette: told apart with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FAINT = "#888888"
KEY_COLOUR = "#444444"
BAND_COLOUR = "#999999"
MEDIAN_COLOUR = "#333333"
STRIPE = "#f3f3f3"
GRID = "#dddddd"
NOTE_COLOUR = "#444444"

STATED = "stated figure, in the range its hedge allows"
COUNTED = "count as of its date, in the range its hedge allows"
NO_STATED = "a range with no stated figure"
OPEN = "open: no upper bound"
BELOW = "from zero (or less): runs off the log axis"
BAND = "pool p5 to p95"
MEDIAN = "pool p50"
FROM_ZERO = "from zero at the start of its period"


def colours(groups: Iterable[str]) -> dict[str, str]:
    """A colour per group, in the order the groups first appear."""
    names = list(dict.fromkeys(groups))
    return {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(names)}


@record
class Key:
    """One entry of a chart's key: what its mark looks like, and its words."""

    label: str
    mark: str  # "stated", "hollow", "open", "below", "band", "median", "faint"


def range_keys(chart: RangeChart) -> list[Key]:
    """The marks a range chart uses, in the key's order."""
    rows = [row for panel in chart.panels for row in panel.drawn_rows()]
    keys = []
    if any(row.nominal is not None for row in rows):
        keys.append(Key(STATED, "stated"))
    if any(row.nominal is None for row in rows):
        keys.append(Key(NO_STATED, "hollow"))
    if any(row.interval is not None and row.interval.is_open for row in rows):
        keys.append(Key(OPEN, "open"))
    if any(_runs_below(panel) for panel in chart.panels):
        keys.append(Key(BELOW, "below"))
    if any(panel.band for panel in chart.panels):
        keys += [Key(BAND, "band"), Key(MEDIAN, "median")]
    return keys


def _runs_below(panel: RangePanel) -> bool:
    """Whether a row's low end (zero or less) runs off the panel's log axis to the left."""
    rows = [*panel.drawn_rows(), *([panel.band] if panel.band else [])]
    ends = [v for row in rows if row.interval for v in (row.interval.low, row.interval.high)]
    scale = axis.scale_of([*ends, *(row.nominal for row in rows)])
    return scale is not None and scale.logarithmic and min(axis.finite(ends)) <= 0


def timeline_keys(chart: TimelineChart) -> list[Key]:
    counts = [c for panel in chart.panels for c in panel.counts]
    keys = [Key(COUNTED, "stated")]
    if any(c.nominal is None for c in counts):
        keys.append(Key(NO_STATED, "hollow"))
    if any(c.interval.is_open for c in counts):
        keys.append(Key(OPEN, "open"))
    if any(c.since for c in counts):
        keys.append(Key(FROM_ZERO, "faint"))
    return keys


def day_number(day: dt.date) -> float:
    """A date as a number of days: the x of a timeline (any year from 1 to 9999)."""
    return float(day.toordinal())


def timeline_days(chart: TimelineChart) -> tuple[float, float]:
    """The first and last day of the chart's counts and periods, as day numbers."""
    days = [d for p in chart.panels for c in p.counts for d in (c.since, c.as_of) if d]
    return day_number(min(days)), day_number(max(days))


def point_of(count: DatedCount) -> float:
    """The height a count's dot (and its label) stands at: the stated figure, or its low."""
    return count.nominal if count.nominal is not None else count.interval.low


@record
class Placed:
    """A count at its place: counts of one day stand a little apart, so none hides another."""

    x: float  # day number
    count: DatedCount


@record
class Label:
    """Claim ids to write beside the counts they name (one line each), pointing at x, y."""

    x: float
    y: float
    lines: tuple[str, ...]
    series: str


def timeline_places(
    panel: TimelinePanel, top: float, span_days: float
) -> tuple[list[Placed], list[Label]]:
    """Where each count of the panel stands, and the labels naming them: counts of one
    day, one series and about one height (within 6% of ``top``) share a label."""
    by_day: dict[dt.date, list[DatedCount]] = {}
    for count in panel.counts:
        by_day.setdefault(count.as_of, []).append(count)
    step = span_days * 0.014
    placed: list[Placed] = []
    labels: list[Label] = []
    for day, counts in by_day.items():
        drawn = [
            Placed(day_number(day) + (index - (len(counts) - 1) / 2) * step, count)
            for index, count in enumerate(counts)
        ]
        placed += drawn
        groups: list[list[Placed]] = []
        for item in sorted(drawn, key=lambda d: (d.count.series, point_of(d.count))):
            last = groups[-1][-1] if groups else None
            if (
                last
                and last.count.series == item.count.series
                and point_of(item.count) - point_of(last.count) < top * 0.06
            ):
                groups[-1].append(item)
            else:
                groups.append([item])
        labels += [
            Label(
                sum(p.x for p in group) / len(group),
                sum(point_of(p.count) for p in group) / len(group),
                tuple(p.count.label for p in group),
                group[0].count.series,
            )
            for group in groups
        ]
    return placed, labels


def spread(
    wanted: Sequence[float], heights: Sequence[float], bottom: float, top: float
) -> list[float]:
    """Centres as close to ``wanted`` (ascending) as they can be with blocks of these
    heights not overlapping, inside ``[bottom, top]`` where there is room for them all."""
    placed: list[float] = []
    for index, value in enumerate(wanted):
        if placed:
            floor = placed[-1] + (heights[index - 1] + heights[index]) / 2
        else:
            floor = bottom + heights[0] / 2
        placed.append(max(value, floor))
    # Pushed above the top: move down from the top, keeping the blocks apart.
    ceiling = top - heights[-1] / 2 if heights else top
    for index in range(len(placed) - 1, -1, -1):
        placed[index] = min(placed[index], ceiling)
        if index:
            ceiling = placed[index] - (heights[index] + heights[index - 1]) / 2
    return placed


def label_columns(
    anchors: Sequence[tuple[float, float, Label]], width_of: Sequence[float], gap: float
) -> list[list[int]]:
    """Labels (anchors in drawing units, sorted by x) gathered into columns: a label joins
    the column before it when its anchor is closer to that column's last anchor than the
    widest label in it, plus ``gap``. Returns the indexes of each column's labels."""
    columns: list[list[int]] = []
    for index, (x, _, _) in enumerate(anchors):
        if columns:
            last = columns[-1]
            widest = max(width_of[i] for i in last)
            if x - max(anchors[i][0] for i in last) < widest + gap:
                last.append(index)
                continue
        columns.append([index])
    return columns
