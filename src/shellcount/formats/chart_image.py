"""Charts as image files, PNG or SVG bytes, drawn with matplotlib: the only module of the
package that imports it.

matplotlib is an optional extra (it brings numpy, and pint imports numpy whenever it is
installed): it is imported inside the functions only, and this module is imported only
by the ``plot`` commands. Figures are ``matplotlib.figure.Figure`` objects on the Agg
canvas, never pyplot, so no global figure state is kept between charts. The chart model
is ``formats.chart``; the scale and ticks are ``formats.axis``'s, as in the terminal's
range chart and the inline SVG.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shellcount.arithmetic.interval import Interval
from shellcount.errors import ShellcountError
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
from shellcount.formats.chart_layout import Key, Label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MISSING = "plotting needs matplotlib: pip install 'shellcount[plot]'"
FORMATS = ("png", "svg")
DPI = 150
WIDTH_IN = 11.0
MARGIN_IN = 0.12
ROW_IN = 0.3  # the height of a row of a range chart
TOO_BIG = 60_000  # pixels: past this Agg refuses a picture (its limit is 2 ** 16)


class PlottingUnavailable(ShellcountError):
    """matplotlib is not installed (or does not import)."""

    def __init__(self) -> None:
        super().__init__(MISSING)


def require_matplotlib() -> None:
    """Fail early, before any work, when the ``plot`` extra is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlottingUnavailable from None


def chart_format(path: Path) -> str | None:
    """``png`` or ``svg`` from the file's suffix, or None for any other."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def draw(chart: Chart, file_format: str) -> bytes:
    """The chart as PNG or SVG bytes.

    Text from the claims file is data: with math parsing off, a '$' in an outlet's name is
    a dollar sign, not the start of a formula that could fail to parse.
    """
    chart = printable_chart(chart)
    try:
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            if isinstance(chart, RangeChart):
                return _to_bytes(range_figure(chart), file_format)
            return _to_bytes(timeline_figure(chart), file_format)
    except ImportError:
        # matplotlib, or numpy under it, installed but broken: the same remedy.
        raise PlottingUnavailable from None


# Range charts ---------------------------------------------------------------------------


def range_figure(chart: RangeChart) -> Figure:
    """Rows of intervals, a panel per quantity: a line from low to high, a dot at the stated
    figure, an arrow where the high end is open (or the low end below a log axis), hollow
    ends and a dashed line where there is no stated figure; the pooled p5 to p95 as a band
    and p50 as a line."""
    if not any(panel.drawn_rows() for panel in chart.panels):
        raise NothingToChart("no figure to chart")
    rows = sum(len(panel.rows) for panel in chart.panels)
    notes = _note_lines(chart.notes)
    height = 1.7 + ROW_IN * rows + 1.0 * len(chart.panels) + 0.16 * len(notes)
    figure = _new_figure(height)
    axes = figure.subplots(
        len(chart.panels),
        1,
        squeeze=False,
        height_ratios=[len(panel.rows) + 1.6 for panel in chart.panels],
    )[:, 0]
    groups = chart_layout.colours(row.group for panel in chart.panels for row in panel.rows)
    for ax, panel in zip(axes, chart.panels, strict=True):
        _range_panel(ax, panel, groups)
    handles = [_handle(colour, "stated", group) for group, colour in groups.items() if group]
    keys = [_key_handle(key) for key in chart_layout.range_keys(chart)]
    _title_and_key(figure, chart.title, handles + keys, columns=3)
    _notes(figure, notes)
    _thin_tick_labels(figure, list(axes))
    return figure


def _range_panel(ax: Axes, panel: RangePanel, colours: dict[str, str]) -> None:
    """One panel: the axis, the pooled band, a row per claim, the words on either side."""
    count = len(panel.rows)
    panel, factor = _range_units(panel)
    scale, below = _range_axis(ax, panel, factor)
    ax.set_ylim(count - 0.5, -0.5)
    band = panel.band
    if band is not None and band.interval is not None:
        ax.axvspan(band.interval.low, band.interval.high, color=chart_layout.BAND_COLOUR,
                   alpha=0.22, lw=0, zorder=0)  # fmt: skip
        if band.nominal is not None:
            ax.axvline(band.nominal, color=chart_layout.MEDIAN_COLOUR, lw=1.3, ls=(0, (5, 3)),
                       zorder=1)  # fmt: skip
    for y, row in enumerate(panel.rows):
        if row.interval is not None:
            colour = colours.get(row.group, chart_layout.PALETTE[0])
            _draw_row(ax, row, y, scale=scale, colour=colour, below=below)
    ax.set_yticks(range(count), [_row_label(row) for row in panel.rows])
    ax.tick_params(axis="y", length=0, labelsize=9, pad=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color=chart_layout.GRID, lw=0.8)
    ax.set_axisbelow(True)
    for y in range(1, count, 2):
        ax.axhspan(y - 0.5, y + 0.5, color=chart_layout.STRIPE, lw=0, zorder=-1)
    ax.set_xlabel(panel.axis_label + (" (log scale)" if scale.logarithmic else ""), fontsize=9.5)
    if panel.title:
        ax.set_title(panel.title, loc="left", fontsize=10.5, fontweight="bold")
    # The figures in words, in a column on the right, as the tables write them: texts of
    # this axes (not a twin's ticks), so the layout makes room for them.
    from matplotlib import transforms

    edge = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    for y, row in enumerate(panel.rows):
        ax.annotate(row.text, xy=(1.0, y), xycoords=edge, xytext=(14, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=8.5,
                    color="#333333", annotation_clip=False)  # fmt: skip
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _row_label(row: RangeRow) -> str:
    return f"{row.label}  ·  {row.detail}" if row.detail else row.label


def _range_axis(ax: Axes, panel: RangePanel, factor: float) -> tuple[axis.Scale, bool]:
    """Scale, limits and ticks of a panel's value axis (``axis.scale_of``), with room on
    the right for open ends to run off and on the left for ends below a log axis.
    Returns the scale drawn and whether any end is below it."""
    rows = [*panel.drawn_rows(), *([panel.band] if panel.band else [])]
    values = [v for row in rows if row.interval for v in (*_ends(row.interval), row.nominal)]
    found = axis.scale_of(values) or axis.Scale(0.0, 1.0, False)
    any_open = any(row.interval is not None and row.interval.is_open for row in rows)
    below = found.logarithmic and min(axis.finite(values)) <= 0
    scale = axis.padded(found, left=0.08 if below else 0.04, right=0.12 if any_open else 0.04)
    if scale.logarithmic:
        ax.set_xscale("log")
    ax.set_xlim(scale.low, scale.high)
    ticks = [t for t in axis.ticks(scale) if scale.low <= t <= scale.high]
    ax.set_xticks(ticks, [axis.tick_words(t * factor) for t in ticks])
    ax.minorticks_off()
    return scale, below


def _ends(interval: Interval) -> tuple[float, float]:
    return interval.low, interval.high


def _power_of_ten(intervals: Sequence[Interval]) -> float:
    """What a panel's values are drawn divided by: a power of ten when they pass 1e100,
    else 1. matplotlib's transforms overflow on a linear span near the float limit (a log
    axis has no such trouble), and the tick labels say the values undivided. A log axis
    needs no division (and tiny values would underflow)."""
    biggest = max(axis.finite(abs(v) for i in intervals for v in _ends(i)), default=0.0)
    return 10.0 ** math.floor(math.log10(biggest)) if biggest > 1e100 else 1.0


def _divided(interval: Interval, factor: float) -> Interval:
    return replace(interval, low=interval.low / factor, high=interval.high / factor)


def _range_units(panel: RangePanel) -> tuple[RangePanel, float]:
    rows = [row for row in (*panel.rows, panel.band) if row and row.interval]
    factor = _power_of_ten([row.interval for row in rows if row.interval])
    found = axis.scale_of(v for row in rows if row.interval for v in _ends(row.interval))
    if factor == 1.0 or (found and found.logarithmic):
        return panel, 1.0

    def divided(row: RangeRow) -> RangeRow:
        if row.interval is None:
            return row
        nominal = None if row.nominal is None else row.nominal / factor
        return replace(row, interval=_divided(row.interval, factor), nominal=nominal)

    band = None if panel.band is None else divided(panel.band)
    return replace(panel, rows=tuple(divided(row) for row in panel.rows), band=band), factor


def _timeline_units(panel: TimelinePanel) -> tuple[TimelinePanel, float]:
    factor = _power_of_ten([count.interval for count in panel.counts])
    if factor == 1.0:
        return panel, factor
    counts = tuple(
        replace(
            count,
            interval=_divided(count.interval, factor),
            nominal=None if count.nominal is None else count.nominal / factor,
        )
        for count in panel.counts
    )
    return replace(panel, counts=counts), factor


def _draw_row(
    ax: Axes, row: RangeRow, y: int, *, scale: axis.Scale, colour: str, below: bool
) -> None:
    """A line from low to high (to the edge, with an arrow, when open or below the axis);
    end ticks and a dot at the stated figure, or dashed with hollow ends when there is
    none."""
    from matplotlib import transforms

    assert row.interval is not None
    interval = row.interval
    stated = row.nominal is not None
    runs_below = below and interval.low <= 0
    low = scale.low if runs_below else interval.low
    high = scale.high if interval.is_open else interval.high
    style = "-" if stated else (0, (4, 2.5))
    ax.plot([low, high], [y, y], color=colour, lw=2.2, ls=style, solid_capstyle="butt")
    finite_ends = [v for v, off in ((low, runs_below), (high, interval.is_open)) if not off]
    if stated:
        ax.plot(finite_ends, [y] * len(finite_ends), "|", color=colour, ms=11, mew=2)
        ax.plot([row.nominal or 0.0], [y], "o", color=colour, ms=7.5, zorder=4)
    else:
        ax.plot(finite_ends, [y] * len(finite_ends), "o", ms=7, mfc="white", mec=colour,
                mew=1.8, zorder=4)  # fmt: skip
    edge = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    if interval.is_open:
        ax.plot([1.0], [y], ">", color=colour, ms=9, transform=edge, clip_on=False, zorder=5)
    if runs_below:
        ax.plot([0.01], [y], "<", color=colour, ms=9, transform=edge, clip_on=False, zorder=5)


# Timelines ------------------------------------------------------------------------------


def timeline_figure(chart: TimelineChart) -> Figure:
    """Cumulative counts against date, a panel per measure: each count a vertical interval
    at its ``as_of`` (an arrow when open), a faint line from zero at its ``since``; a
    colour per flow; each count named by its claim id."""
    if not any(panel.counts for panel in chart.panels):
        raise NothingToChart("no dated count to chart")
    # A panel of one or two counts needs less height than one of many; one of many ids
    # beside its counts more.
    heights = [_timeline_height(panel) for panel in chart.panels]
    notes = _note_lines(chart.notes)
    height = 1.5 + sum(heights) + 0.16 * len(notes)
    figure = _new_figure(height)
    grid = figure.subplots(len(chart.panels), 1, squeeze=False, sharex=True, height_ratios=heights)
    axes = grid[:, 0]
    series = chart_layout.colours(c.series for panel in chart.panels for c in panel.counts)
    first, last = chart_layout.timeline_days(chart)
    span = max(last - first, 30.0)
    # Room on the right for the column of claim ids beside the last counts.
    left, right = first - span * 0.04, last + span * 0.36
    placed = []
    for ax, panel in zip(axes, chart.panels, strict=True):
        ax.set_xlim(left, right)
        placed.append(_timeline_panel(ax, panel, series, span))
    _date_axis(axes[-1], first, last)
    keys = [_handle(colour, "stated", name) for name, colour in series.items()]
    keys += [_key_handle(key) for key in chart_layout.timeline_keys(chart)]
    _title_and_key(figure, chart.title, keys, columns=4)
    _notes(figure, notes)
    # Claim ids go where they do not overlap, which needs the axes' final size: lay the
    # figure out once, keep that layout, then place them.
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    for ax, labels in zip(axes, placed, strict=True):
        _place_labels(ax, labels, series)
    return figure


def _timeline_height(panel: TimelinePanel) -> float:
    lines = len(panel.counts)
    return max(2.9 if lines > 2 else 2.0, 0.19 * lines + 0.9)


def _timeline_panel(
    ax: Axes, panel: TimelinePanel, colours: dict[str, str], span: float
) -> list[Label]:
    """Draw one panel; return the labels to place once the layout is known."""
    panel, factor = _timeline_units(panel)
    found = axis.finite(v for c in panel.counts for v in (*_ends(c.interval), c.nominal))
    highest = max(found, default=1.0)
    top = min(highest * 1.15, axis.LARGEST) if highest > 0 else 1.0
    ax.set_ylim(0, top)
    placed, labels = chart_layout.timeline_places(panel, top, span)
    for item in placed:
        _draw_count(ax, item.count, item.x, top, colours[item.count.series])
    ticks = axis.ticks(axis.Scale(0.0, top, False))
    ax.set_yticks(ticks, [axis.tick_words(t * factor) for t in ticks])
    ax.set_ylabel(panel.axis_label, fontsize=9.5)
    ax.set_title(panel.title, loc="left", fontsize=10.5, fontweight="bold")
    ax.grid(axis="y", color=chart_layout.GRID, lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return labels


def _draw_count(ax: Axes, count: DatedCount, x: float, top: float, colour: str) -> None:
    """One count: its interval upright at ``x``, its stated figure, the faint line from
    zero at its ``since``."""
    from matplotlib import transforms

    stated = count.nominal is not None
    point = chart_layout.point_of(count)
    style = "-" if stated else (0, (4, 2.5))
    if count.since is not None:
        ax.plot([chart_layout.day_number(count.since), x], [0, point], color=colour, lw=1.1,
                alpha=0.35, ls=style)  # fmt: skip
    is_open = count.interval.is_open
    ax.plot([x, x], [count.interval.low, top if is_open else count.interval.high], color=colour,
            lw=2.4, ls=style, solid_capstyle="butt")  # fmt: skip
    if stated:
        ax.plot([x], [point], "o", color=colour, ms=6.5, zorder=4)
    else:
        ax.plot([x], [point], "o", ms=6, mfc="white", mec=colour, mew=1.6, zorder=4)
    if is_open:
        edge = transforms.blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot([x], [1.0], "^", color=colour, ms=8, transform=edge, clip_on=False, zorder=5)


def _place_labels(ax: Axes, labels: Sequence[Label], colours: dict[str, str]) -> None:
    """Labels in a column right of the rightmost count near them, spread so none overlaps
    another, each with a thin line to its counts."""
    if not labels:
        return
    to_points = 72.0 / ax.figure.dpi
    font = 8.0
    line = font * 1.3 / to_points  # pixels
    anchors = sorted(
        ((*ax.transData.transform((label.x, label.y)), label) for label in labels),
        key=lambda a: float(a[0]),
    )
    widths = [max(len(text) for text in a[2].lines) * font * 0.6 / to_points for a in anchors]
    box = ax.get_window_extent()
    for column in chart_layout.label_columns(anchors, widths, 12 / to_points):
        right = max(float(anchors[i][0]) for i in column) + 9 / to_points
        ordered = sorted(column, key=lambda i: float(anchors[i][1]))
        heights = [len(anchors[i][2].lines) * line + line * 0.35 for i in ordered]
        ys = chart_layout.spread([float(anchors[i][1]) for i in ordered], heights, box.y0, box.y1)
        for i, label_y in zip(ordered, ys, strict=True):
            x, y, label = anchors[i]
            colour = colours[label.series]
            ax.annotate(
                "\n".join(label.lines),
                # Anchored in data and offset in points: the same place at any dpi (the
                # SVG is written at 72, the layout was measured at DPI).
                xy=(label.x, label.y),
                xycoords="data",
                xytext=((right - x) * to_points, (label_y - y) * to_points),
                textcoords="offset points",
                fontsize=font,
                linespacing=1.15,
                color=colour,
                va="center",
                ha="left",
                arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.6, "alpha": 0.6,
                            "shrinkA": 1, "shrinkB": 4, "relpos": (0, 0.5)},
            )  # fmt: skip


def _date_axis(ax: Axes, first: float, last: float) -> None:
    """Dates ticked from the first to the last date only (``axis.date_ticks``): the room
    on the right is for labels, and ticks there would look like months with no count."""
    import datetime as dt

    ticks = axis.date_ticks(dt.date.fromordinal(int(first)), dt.date.fromordinal(int(last)))
    ax.set_xticks([chart_layout.day_number(day) for day, _ in ticks], [t for _, t in ticks])
    for axes in ax.figure.axes:
        axes.spines["bottom"].set_bounds(first, last)


# Shared ---------------------------------------------------------------------------------


def _handle(colour: str, mark: str, label: str) -> Any:
    """A legend entry drawn like the marks it names."""
    from matplotlib.lines import Line2D

    hollow = mark == "hollow"
    line = mark not in ("open", "below")
    faint = mark == "faint"
    markers = {"open": ">", "below": "<", "faint": "", "median": ""}
    return Line2D(
        [],
        [],
        color=colour,
        marker=markers.get(mark, "o") or None,
        markersize=7,
        markerfacecolor="white" if hollow else colour,
        lw=(1.1 if faint else 2.2) if line else 0,
        ls=(0, (4, 2.5)) if hollow or mark == "median" else "-",
        alpha=0.5 if faint else 1.0,
        label=label,
    )


def _key_handle(key: Key) -> Any:
    if key.mark == "band":
        from matplotlib.patches import Patch

        return Patch(color=chart_layout.BAND_COLOUR, alpha=0.35, label=key.label)
    colour = {"median": chart_layout.MEDIAN_COLOUR, "faint": chart_layout.FAINT}
    return _handle(colour.get(key.mark, chart_layout.KEY_COLOUR), key.mark, key.label)


def _title_and_key(figure: Figure, title: str, handles: list[Any], *, columns: int) -> None:
    """The title as the heading of the key, one block above the panels: the layout keeps
    a figure title and a figure legend from overlapping only as one artist."""
    figure.legend(
        handles=handles,
        loc="outside upper left",
        ncols=min(columns, len(handles)),
        fontsize=8.5,
        frameon=False,
        title="\n".join(textwrap.wrap(title, 110)) or title,
        title_fontproperties={"size": 12.5, "weight": "bold"},
        alignment="left",
    )


def _note_lines(notes: Sequence[str]) -> list[str]:
    return [line for note in notes for line in textwrap.wrap(note, 150)]


def _notes(figure: Figure, lines: Sequence[str]) -> None:
    # supxlabel, not a free text: the layout makes room for it.
    if lines:
        figure.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=8, color="#444444")


def _thin_tick_labels(figure: Figure, axes: Sequence[Axes]) -> None:
    """Blank a value tick label that would overlap the one before it (``axis.ticks``
    offers 1, 2 and 5 of each decade; the space decides which are written). Blanked in
    the tick labels themselves, which a later draw keeps."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined,unused-ignore]
    for ax in axes:
        labels = ax.xaxis.get_ticklabels()
        positions = list(ax.get_xticks())
        texts, free = [], -math.inf
        for label in labels:
            box = label.get_window_extent(renderer)
            if label.get_text() and box.x0 >= free:
                texts.append(label.get_text())
                free = box.x1 + 6
            else:
                texts.append("")
        ax.set_xticks(positions, texts)


def _new_figure(height_in: float) -> Figure:
    """A figure of the chart width on the Agg canvas (which can measure text)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if height_in * DPI > TOO_BIG:
        raise NothingToChart(
            f"a chart {height_in:,.0f} inches tall is too big to draw: select fewer claims"
        )
    # A margin round the picture, so no label runs to its edge.
    layout = ConstrainedLayoutEngine(w_pad=MARGIN_IN, h_pad=MARGIN_IN)
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout=layout)
    FigureCanvasAgg(figure)
    return figure


def _to_bytes(figure: Figure, file_format: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    # SVG text as text (searchable, editable in an illustration program), ids and
    # metadata fixed so the same chart gives the same file.
    metadata = {"Date": None} if file_format == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "shellcount"}):
        figure.savefig(buffer, format=file_format, dpi=DPI, metadata=metadata)
    return buffer.getvalue()
