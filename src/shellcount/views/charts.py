"""Charts as image files (``shellcount plot``): forest plots of labelled intervals, and a
timeline of cumulative counts.

Four parts, in this order:

- chart data: plain records of labelled intervals and dated counts, what the drawing
  functions take;
- builders, which read those records off the results the tables show (per-container
  figures, the pool, the timeline report): nothing is computed again here;
- drawing: one function per chart, PNG or SVG bytes out;
- writing: the bytes to a temporary file beside the destination, renamed over it.

matplotlib is an optional extra (it brings numpy, and pint imports numpy whenever it is
installed): it is imported inside the drawing functions only, and this module is
imported only by the ``plot`` commands. Figures are ``matplotlib.figure.Figure`` objects
on the Agg canvas, never pyplot, so no global figure state is kept between charts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from shellcount.errors import ShellcountError
from shellcount.formats.numbers import grouped, interval_text, plain
from shellcount.formats.printable import printable
from shellcount.views import words

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from shellcount.analysis.pool import PoolResult, QuantityPool, Selection, Settings
    from shellcount.formats.report import Cell
    from shellcount.ledger.model import Claim, Ledger

MISSING = "plotting needs matplotlib: pip install 'shellcount[plot]'"
FORMATS = ("png", "svg")
DPI = 150
WIDTH_IN = 11.0
# Okabe and Ito's palette: told apart with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
FAINT = "#888888"
LOG_SPAN = 10.0  # a log axis when the values span more than this factor

_T = TypeVar("_T")


class PlottingUnavailable(ShellcountError):
    """matplotlib is not installed (or does not import)."""

    def __init__(self) -> None:
        super().__init__(MISSING)


class NothingToPlot(ShellcountError):
    """The selection has no figure to draw."""


# Chart data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One row of a forest plot: a labelled interval, its stated value, its words.

    ``high`` is ``math.inf`` for an open upper end; ``low`` is None when the row has no
    figure at all (it keeps its place, with ``text`` saying why).
    """

    label: str
    detail: str  # who said it: speaker or outlet (and, in a pool, the weight)
    low: float | None
    high: float
    nominal: float | None
    group: str  # the colour and its legend entry
    text: str  # the figure as the tables write it


@dataclass(frozen=True)
class ForestPanel:
    """Rows on one axis, with an optional pooled band (p5 to p95) and median."""

    title: str
    axis_label: str
    rows: tuple[Span, ...]
    band: tuple[float, float] | None = None
    median: float | None = None


@dataclass(frozen=True)
class ForestChart:
    """A titled forest plot of one or more panels, with notes under it."""

    title: str
    panels: tuple[ForestPanel, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatedCount:
    """A cumulative count at its ``as_of``, counted from zero at its ``since`` (if any)."""

    label: str
    series: str  # the flow: colour and legend entry
    since: dt.date | None
    as_of: dt.date
    low: float
    high: float  # math.inf when open
    nominal: float | None


@dataclass(frozen=True)
class TimelinePanel:
    """The counts of one measure (and calibre) on one value axis, a colour per flow."""

    title: str
    axis_label: str
    counts: tuple[DatedCount, ...]


@dataclass(frozen=True)
class TimelineChart:
    """A titled timeline of one or more panels on a shared date axis, with notes under it."""

    title: str
    panels: tuple[TimelinePanel, ...]
    notes: tuple[str, ...] = ()


Chart = ForestChart | TimelineChart


# Builders -----------------------------------------------------------------------------


def derive_chart(ledger: Ledger, calibre_mm: float, title: str | None = None) -> ForestChart:
    """Munitions per container, one row per munitions claim, as ``shellcount derive``."""
    from shellcount.analysis.per_container import PerContainerDeriver
    from shellcount.arithmetic import units
    from shellcount.views.derive import derived_for_calibre

    results = derived_for_calibre(PerContainerDeriver(ledger), calibre_mm)
    if not results:
        raise NothingToPlot(f"no munitions claim of {plain(calibre_mm)} mm or of no calibre")
    rows = []
    unit = ""
    for result in results:
        claim, figure = result.claim, result.per_container
        calibre = claim.calibre_mm
        group = "no calibre stated" if calibre is None else f"{plain(calibre)} mm"
        if figure is None:
            rows.append(Span(claim.id, _who(claim), None, 0.0, None, group, "no container count"))
            continue
        unit = unit or _unit_words(units.format_unit(figure.unit))
        interval = figure.interval
        text = words.nominal_and_range(figure)
        rows.append(
            Span(claim.id, _who(claim), interval.low, interval.high, figure.nominal, group, text)
        )
    default = (
        f"Munitions per container, {plain(calibre_mm)} mm and no stated calibre ({ledger.path})"
    )
    panel = ForestPanel("", unit or "rounds per container", tuple(rows))
    note = (
        "Each claim's figure divided by a container count: the claim it converts, one of the "
        "same source and date, or the counts interpolated at its date (shellcount derive "
        "--explain shows which)."
    )
    return ForestChart(title or default, (panel,), (note,))


def pool_chart(
    ledger: Ledger, selection: Selection, settings: Settings, title: str | None = None
) -> ForestChart:
    """The claims pooled at one date, with the pool's p5 to p95 and p50, as ``shellcount
    pool``: a panel per quantity."""
    from shellcount.views.pool import left_out_reason, pooled, weights_text

    result = pooled(ledger, selection, settings)
    panels, notes = [], []
    for quantity in result.quantities:
        panel, panel_notes = _pool_panel(result, quantity)
        panels.append(panel)
        notes += panel_notes
    used = result.settings
    notes.append(
        f"Pool: weights {weights_text(used)}, {used.samples:,} draws, seed {used.seed}; "
        f"an open range from x is drawn up to {used.tail:g} × x."
    )
    by_reason: dict[str, list[str]] = {}
    for left in result.left_out:
        by_reason.setdefault(left_out_reason(left), []).append(left.claim.id)
    notes += [f"Not pooled: {', '.join(ids)}: {reason}." for reason, ids in by_reason.items()]
    calibre = "" if selection.calibre_mm is None else f", {plain(selection.calibre_mm)} mm"
    default = f"{selection.measure.capitalize()}{calibre} pooled at {result.at} ({ledger.path})"
    return ForestChart(title or default, tuple(panels), tuple(notes))


def _pool_panel(result: PoolResult, quantity: QuantityPool) -> tuple[ForestPanel, list[str]]:
    """One quantity's claims at the date, its band and median, and what to note."""
    from shellcount.arithmetic import units

    section = _quantity_words(quantity.carried[0].claim)
    weights = {c.carried.claim.id: c.weight for c in quantity.components}
    # Weights go on the labels only when they differ; the note says the scheme.
    unequal = len({round(w, 9) for w in weights.values()}) > 1
    rows, notes = [], []
    for item in quantity.carried:
        claim, interval = item.claim, item.interval
        detail = _who(claim)
        if unequal and claim.id in weights:
            detail += f", weight {plain(weights[claim.id])}"
        text = (
            _figure_text(item.amount.nominal, interval.low, interval.high, interval_text(interval))
            if item.factor is None
            else words.nominal_and_range(item.amount)
        )
        group = "as stated on the date" if item.factor is None else "carried at its own rate"
        rows.append(
            Span(claim.id, detail, interval.low, interval.high, item.amount.nominal, group, text)
        )
        if item.factor is not None:
            notes.append(
                f"{claim.id}: stated on {claim.as_of}, carried {words.carried_text(item)}."
            )
    found = quantity.intersection
    if found.interval is None:
        low_ids = ", ".join(i.claim.id for i in found.highest_low)
        high_ids = ", ".join(i.claim.id for i in found.lowest_high)
        notes.append(
            f"{section}: no value fits every claim: {low_ids} from "
            f"{words.derived(found.highest_low[0].interval.low)}, {high_ids} up to "
            f"{words.derived(found.lowest_high[0].interval.high)} "
            f"(gap {words.derived(found.gap or 0)})."
        )
    band = median = None
    if quantity.draws is not None:
        percentiles = quantity.draws.percentiles
        band, median = (percentiles[5], percentiles[95]), percentiles[50]
    unit = _unit_words(units.format_unit(quantity.unit))
    panel = ForestPanel(f"{section}, at {result.at}", unit, tuple(rows), band, median)
    return panel, notes


def timeline_chart(
    ledger: Ledger,
    *,
    measure: str | None = None,
    calibre_mm: float | None = None,
    title: str | None = None,
) -> TimelineChart:
    """The dated counts of ``shellcount timeline``, a panel per measure and calibre and a
    colour per flow. Without ``--measure``, a measure with a single count and no period
    says nothing about time: it is named in a note rather than given a panel."""
    from shellcount.views.timeline import timeline_report

    report = timeline_report(ledger, measure=measure, calibre_mm=calibre_mm)
    panels: dict[tuple[Cell, ...], list[DatedCount]] = {}
    names: dict[tuple[Cell, ...], tuple[str, str]] = {}
    for row in report.rows:
        values = row.values
        if values["kind"] != "period":
            continue
        key = (values["measure"], values["calibre_mm"], values["unit"])
        calibre = f" · {values['calibre_mm']} mm" if values["calibre_mm"] is not None else ""
        names[key] = (f"{values['measure']}{calibre}", _unit_words(str(values["unit"])))
        flow = _flow_words(values["origin"], values["destination"])
        high = values["high"]
        panels.setdefault(key, []).append(
            DatedCount(
                str(values["claim_id"]),
                flow,
                _date(values["since"]),
                _as_date(values["as_of"]),
                _number(values["low"]),
                math.inf if high is None else _number(high),
                None if values["value"] is None else _number(values["value"]),
            )
        )
    charted, single = [], []
    for quantity, counts in panels.items():
        name, unit = names[quantity]
        over_time = any(c.since for c in counts) or len({c.as_of for c in counts}) > 1
        if measure is None and not over_time:
            single.append(name)
        else:
            charted.append(TimelinePanel(name, unit, tuple(counts)))
    if not charted:
        asked = f" of measure {measure!r}" if measure else ""
        raise NothingToPlot(f"no dated count{asked} to chart (see shellcount timeline)")
    notes = []
    if single:
        notes.append(
            f"Not charted, a single count with no period: {', '.join(single)} "
            "(shellcount timeline lists them; --measure charts one)."
        )
    subject = "Cumulative counts" if measure is None else f"Cumulative counts of {measure}"
    default = f"{subject} over time ({ledger.path})"
    return TimelineChart(title or default, tuple(charted), tuple(notes))


def _who(claim: Claim) -> str:
    return claim.source.speaker or claim.source.outlet


def _quantity_words(claim: Claim) -> str:
    calibre = f" · {plain(claim.calibre_mm)} mm" if claim.calibre_mm is not None else ""
    flow = _flow_words(claim.origin, claim.destination)
    return f"{claim.measure}{calibre} · {flow}"


def _flow_words(origin: Cell, destination: Cell) -> str:
    if not origin and not destination:
        return "flow not stated"
    return f"{origin or '?'} → {destination or '?'}"


def _figure_text(nominal: float | None, low: float, high: float, ends: str) -> str:
    """``352.11 [350, open)``: the stated figure, then its range, as the tables do."""
    if nominal is None:
        return ends
    stated = grouped(nominal)
    return stated if low == high == nominal else f"{stated} {ends}"


def _unit_words(text: str) -> str:
    """``round/container`` → ``rounds per container``; ``shell`` → ``shells``."""
    top, _, bottom = text.replace(" ", "").partition("/")
    words = top if not top.isalpha() or not top.islower() or top.endswith("s") else f"{top}s"
    return f"{words} per {bottom}" if bottom else words


def _date(cell: Cell) -> dt.date | None:
    return dt.date.fromisoformat(str(cell)) if cell else None


def _as_date(cell: Cell) -> dt.date:
    return dt.date.fromisoformat(str(cell))


def _number(cell: Cell) -> float:
    assert isinstance(cell, int | float)
    return float(cell)


# Drawing ------------------------------------------------------------------------------


def require_matplotlib() -> None:
    """Fail early, before any work, when the ``plot`` extra is not installed."""
    try:
        importlib.import_module("matplotlib")
    except ImportError:
        raise PlottingUnavailable from None


def draw(chart: Chart, file_format: str) -> bytes:
    """The chart as PNG or SVG bytes.

    Text from the claims file is data: with math parsing off, a '$' in an outlet's name is
    a dollar sign, not the start of a formula that could fail to parse.
    """
    try:
        import matplotlib

        chart = _printable(chart)
        with matplotlib.rc_context({"text.parse_math": False}):
            if isinstance(chart, ForestChart):
                return _to_bytes(forest_figure(chart), file_format)
            return _to_bytes(timeline_figure(chart), file_format)
    except ImportError:
        # matplotlib, or numpy under it, installed but broken: the same remedy.
        raise PlottingUnavailable from None


def _printable(value: _T) -> _T:
    """The chart data with control characters in every text made visible: they would make
    an invalid SVG, and on a PNG they are invisible. One place, before any drawing."""
    if isinstance(value, str):
        return printable(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_printable(item) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _printable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def forest_figure(chart: ForestChart) -> Figure:
    """Rows of intervals, a panel per quantity: a line from low to high, a dot at the stated
    figure, an arrow where the high end is open, hollow ends and a dashed line where there
    is no stated figure; the pooled p5 to p95 as a band and p50 as a line."""
    from matplotlib.figure import Figure

    rows = sum(len(panel.rows) for panel in chart.panels)
    height = 1.6 + 0.3 * rows + 1.0 * len(chart.panels) + 0.18 * len(chart.notes)
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    axes = figure.subplots(
        len(chart.panels),
        1,
        squeeze=False,
        height_ratios=[len(panel.rows) + 1.6 for panel in chart.panels],
    )[:, 0]
    groups = _colours(row.group for panel in chart.panels for row in panel.rows)
    for ax, panel in zip(axes, chart.panels, strict=True):
        _forest_panel(ax, panel, groups)
    handles = [_line_handle(colour, "o", label=group) for group, colour in groups.items()]
    _title_and_key(figure, chart.title, handles + _forest_keys(chart), columns=3)
    _notes(figure, chart.notes)
    return figure


def timeline_figure(chart: TimelineChart) -> Figure:
    """Cumulative counts against date, a panel per measure: each count a vertical interval
    at its ``as_of`` (an arrow when open), a faint line from zero at its ``since``; a
    colour per flow; each count named by its claim id."""
    from matplotlib.figure import Figure

    # A panel of one or two counts needs less height than one of many.
    heights = [2.9 if len(panel.counts) > 2 else 2.0 for panel in chart.panels]
    height = 1.4 + sum(heights) + 0.18 * len(chart.notes)
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    grid = figure.subplots(len(chart.panels), 1, squeeze=False, sharex=True, height_ratios=heights)
    axes = grid[:, 0]
    series = _colours(c.series for panel in chart.panels for c in panel.counts)
    days = [d for p in chart.panels for c in p.counts for d in (c.since, c.as_of) if d]
    first, last = min(days), max(days)
    span = max((last - first).days, 30)
    # Room on the right for the column of claim ids beside the last counts.
    left, right = first - dt.timedelta(days=span * 0.04), last + dt.timedelta(days=span * 0.36)
    placed = []
    for ax, panel in zip(axes, chart.panels, strict=True):
        ax.set_xlim(left, right)
        placed.append(_timeline_panel(ax, panel, series, span))
    _date_axis(axes[-1], first, last)
    _title_and_key(figure, chart.title, _timeline_keys(chart), columns=4)
    _notes(figure, chart.notes)
    # Claim ids go where they do not overlap, which needs the axes' final size: lay the
    # figure out once, keep that layout, then place them.
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    for ax, labels in zip(axes, placed, strict=True):
        _place_labels(ax, labels)
    return figure


def _forest_panel(ax: Axes, panel: ForestPanel, colours: dict[str, str]) -> None:
    """One panel: the axis, the pooled band, a row per claim, the words on either side."""
    count = len(panel.rows)
    log, right = _forest_axis(ax, panel)
    ax.set_ylim(count - 0.5, -0.5)
    if panel.band is not None:
        ax.axvspan(*panel.band, color="#999999", alpha=0.22, lw=0, zorder=0)
    if panel.median is not None:
        ax.axvline(panel.median, color="#333333", lw=1.3, ls=(0, (5, 3)), zorder=1)
    for y, row in enumerate(panel.rows):
        if row.low is not None:
            _draw_row(ax, row, row.low, y, right=right, colour=colours[row.group])
    ax.set_yticks(range(count), [f"{row.label}  ·  {row.detail}" for row in panel.rows])
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color="#dddddd", lw=0.8)
    ax.set_axisbelow(True)
    for y in range(1, count, 2):
        ax.axhspan(y - 0.5, y + 0.5, color="#f3f3f3", lw=0, zorder=-1)
    ax.set_xlabel(panel.axis_label + (" (log scale)" if log else ""), fontsize=9.5)
    if panel.title:
        ax.set_title(panel.title, loc="left", fontsize=10.5, fontweight="bold")
    # The figures in words, in a column on the right, as the tables write them.
    words = ax.twinx()
    words.set_ylim(ax.get_ylim())
    words.set_yticks(range(count), [row.text for row in panel.rows])
    words.tick_params(axis="y", length=0, pad=16, labelsize=8.5, labelcolor="#333333")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("top", "right", "left", "bottom"):
        words.spines[side].set_visible(False)


def _forest_axis(ax: Axes, panel: ForestPanel) -> tuple[bool, float]:
    """Scale, limits and ticks of a panel's value axis: log when the values span more than
    a factor of ten, with room on the right for open ends to run off. Returns whether
    the scale is log, and the right limit."""
    ends = _finite_values(
        v for row in panel.rows if row.low is not None for v in (row.low, row.high, row.nominal)
    )
    ends += _finite_values([*(panel.band or ()), panel.median])
    low, high = min(ends), max(ends)
    log = low > 0 and high / low > LOG_SPAN
    any_open = any(row.low is not None and math.isinf(row.high) for row in panel.rows)
    if log:
        ax.set_xscale("log")
        right = high * (2.5 if any_open else 1.6)
        ax.set_xlim(low / 1.6, right)
        ticks = _log_ticks(low / 1.6, right)
        ax.set_xticks(ticks, [_tick_text(t) for t in ticks])
        ax.minorticks_off()
    else:
        pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
        right = high + pad * (3.5 if any_open else 1)
        ax.set_xlim(max(0.0, low - pad) if low >= 0 else low - pad, right)
        _number_ticks(ax.xaxis)
    return log, right


def _draw_row(ax: Axes, row: Span, low: float, y: int, *, right: float, colour: str) -> None:
    """A line from low to high (to the edge, with an arrow, when open); end ticks and a dot
    at the stated figure, or dashed with hollow ends when there is none."""
    from matplotlib import transforms

    stated = row.nominal is not None
    is_open = math.isinf(row.high)
    style = "-" if stated else (0, (4, 2.5))
    ax.plot([low, right if is_open else row.high], [y, y], color=colour, lw=2.2, ls=style,
            solid_capstyle="butt")  # fmt: skip
    finite_ends = [low] if is_open else [low, row.high]
    if row.nominal is not None:
        ax.plot(finite_ends, [y] * len(finite_ends), "|", color=colour, ms=11, mew=2)
        ax.plot([row.nominal], [y], "o", color=colour, ms=7.5, zorder=4)
    else:
        ax.plot(finite_ends, [y] * len(finite_ends), "o", ms=7, mfc="white", mec=colour,
                mew=1.8, zorder=4)  # fmt: skip
    if is_open:
        edge = transforms.blended_transform_factory(ax.transAxes, ax.transData)
        ax.plot([1.0], [y], ">", color=colour, ms=9, transform=edge, clip_on=False, zorder=5)


def _forest_keys(chart: ForestChart) -> list[Any]:
    rows = [row for panel in chart.panels for row in panel.rows if row.low is not None]
    keys = []
    if any(row.nominal is not None for row in rows):
        keys.append(
            _line_handle("#444444", "o", label="stated figure, in the range its hedge allows")
        )
    if any(row.nominal is None for row in rows):
        keys.append(
            _line_handle("#444444", "o", label="a range with no stated figure", hollow=True)
        )
    if any(math.isinf(row.high) for row in rows):
        keys.append(_line_handle("#444444", ">", label="open: no upper bound", line=False))
    if any(panel.band for panel in chart.panels):
        from matplotlib.patches import Patch

        keys.append(Patch(color="#999999", alpha=0.35, label="pool p5 to p95"))
        keys.append(_line_handle("#333333", "", label="pool p50", dashed=True))
    return keys


@dataclass(frozen=True)
class _Label:
    """Claim ids to write beside the counts they name (one line each)."""

    x: float
    y: float
    lines: tuple[str, ...]
    colour: str


def _timeline_panel(
    ax: Axes, panel: TimelinePanel, colours: dict[str, str], span: int
) -> list[_Label]:
    """Draw one panel; return the labels to place once the layout is known."""
    finite = _finite_values(v for c in panel.counts for v in (c.low, c.high, c.nominal))
    top = max(finite) * 1.15 if finite else 1.0
    ax.set_ylim(0, top)
    by_day: dict[dt.date, list[DatedCount]] = {}
    for count in panel.counts:
        by_day.setdefault(count.as_of, []).append(count)
    # Counts of one day side by side, a little apart, so none hides another.
    step = span * 0.014
    labels = []
    for day, counts in by_day.items():
        drawn = []
        for index, count in enumerate(counts):
            x = _day_number(day) + (index - (len(counts) - 1) / 2) * step
            drawn.append((x, _draw_count(ax, count, x, top, colours[count.series]), count))
        # Counts of one day, one flow and about one height share a label: one line to
        # their ids rather than several crossing.
        groups: list[list[tuple[float, float, DatedCount]]] = []
        for item in sorted(drawn, key=lambda d: (d[2].series, d[1])):
            last = groups[-1][-1] if groups else None
            if last and last[2].series == item[2].series and item[1] - last[1] < top * 0.06:
                groups[-1].append(item)
            else:
                groups.append([item])
        labels += [
            _Label(
                sum(x for x, _, _ in group) / len(group),
                sum(y for _, y, _ in group) / len(group),
                tuple(count.label for _, _, count in group),
                colours[group[0][2].series],
            )
            for group in groups
        ]
    _number_ticks(ax.yaxis)
    ax.set_ylabel(panel.axis_label, fontsize=9.5)
    ax.set_title(panel.title, loc="left", fontsize=10.5, fontweight="bold")
    ax.grid(axis="y", color="#dddddd", lw=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    flows = dict.fromkeys(c.series for c in panel.counts)
    handles = [_line_handle(colours[flow], "o", label=flow) for flow in flows]
    ax.legend(handles=handles, loc="upper left", fontsize=8.5, frameon=False)
    return labels


def _draw_count(ax: Axes, count: DatedCount, x: float, top: float, colour: str) -> float:
    """One count: its interval upright at ``x``, its stated figure, the faint line from
    zero at its ``since``. Returns the height its label points at."""
    from matplotlib import transforms

    stated = count.nominal is not None
    point = count.nominal if count.nominal is not None else count.low
    style = "-" if stated else (0, (4, 2.5))
    if count.since is not None:
        ax.plot([_day_number(count.since), x], [0, point], color=colour, lw=1.1, alpha=0.35,
                ls=style)  # fmt: skip
    is_open = math.isinf(count.high)
    ax.plot([x, x], [count.low, top if is_open else count.high], color=colour, lw=2.4, ls=style,
            solid_capstyle="butt")  # fmt: skip
    if stated:
        ax.plot([x], [point], "o", color=colour, ms=6.5, zorder=4)
    else:
        ax.plot([x], [point], "o", ms=6, mfc="white", mec=colour, mew=1.6, zorder=4)
    if is_open:
        edge = transforms.blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot([x], [1.0], "^", color=colour, ms=8, transform=edge, clip_on=False, zorder=5)
    return point


def _place_labels(ax: Axes, labels: Sequence[_Label]) -> None:
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
    clusters: list[list[tuple[float, float, _Label]]] = []
    for anchor in anchors:
        if clusters:
            last = clusters[-1]
            width = max(len(text) for *_, label in last for text in label.lines) * font * 0.6
            if anchor[0] - max(a[0] for a in last) < (width + 12) / to_points:
                last.append(anchor)
                continue
        clusters.append([anchor])
    box = ax.get_window_extent()
    for cluster in clusters:
        column = max(a[0] for a in cluster) + 9 / to_points
        ordered = sorted(cluster, key=lambda a: float(a[1]))
        heights = [len(label.lines) * line + line * 0.35 for *_, label in ordered]
        ys = spread([a[1] for a in ordered], heights, box.y0, box.y1)
        for (x, y, label), label_y in zip(ordered, ys, strict=True):
            ax.annotate(
                "\n".join(label.lines),
                # Anchored in data and offset in points: the same place at any dpi (the
                # SVG is written at 72, the layout was measured at DPI).
                xy=(label.x, label.y),
                xycoords="data",
                xytext=((column - x) * to_points, (label_y - y) * to_points),
                textcoords="offset points",
                fontsize=font,
                linespacing=1.15,
                color=label.colour,
                va="center",
                ha="left",
                arrowprops={"arrowstyle": "-", "color": label.colour, "lw": 0.6, "alpha": 0.6,
                            "shrinkA": 1, "shrinkB": 4, "relpos": (0, 0.5)},
            )  # fmt: skip


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


def _timeline_keys(chart: TimelineChart) -> list[Any]:
    counts = [c for panel in chart.panels for c in panel.counts]
    keys = [
        _line_handle("#444444", "o", label="count as of its date, in the range its hedge allows")
    ]
    if any(c.nominal is None for c in counts):
        keys.append(
            _line_handle("#444444", "o", label="a range with no stated figure", hollow=True)
        )
    if any(math.isinf(c.high) for c in counts):
        keys.append(_line_handle("#444444", "^", label="open: no upper bound", line=False))
    if any(c.since for c in counts):
        keys.append(
            _line_handle(FAINT, "", label="from zero at the start of its period", faint=True)
        )
    return keys


def _line_handle(
    colour: str,
    marker: str,
    *,
    label: str,
    hollow: bool = False,
    line: bool = True,
    dashed: bool = False,
    faint: bool = False,
) -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        color=colour,
        marker=marker or None,
        markersize=7,
        markerfacecolor="white" if hollow else colour,
        lw=(1.1 if faint else 2.2) if line else 0,
        ls=(0, (4, 2.5)) if hollow or dashed else "-",
        alpha=0.5 if faint else 1.0,
        label=label,
    )


def _title_and_key(figure: Figure, title: str, handles: list[Any], *, columns: int) -> None:
    """The title as the heading of the key, one block above the panels: the layout keeps
    a figure title and a figure legend from overlapping only as one artist."""
    figure.legend(
        handles=handles,
        loc="outside upper left",
        ncols=min(columns, len(handles)),
        fontsize=8.5,
        frameon=False,
        title=title,
        title_fontproperties={"size": 12.5, "weight": "bold"},
        alignment="left",
    )


def _notes(figure: Figure, notes: Sequence[str]) -> None:
    # supxlabel, not a free text: the layout makes room for it.
    if notes:
        import textwrap

        lines = [line for note in notes for line in textwrap.wrap(note, 150)]
        figure.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=8, color="#444444")


def _colours(groups: Any) -> dict[str, str]:
    names = list(dict.fromkeys(groups))
    return {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(names)}


def _number_ticks(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda value, _: _tick_text(value)))


def _date_axis(ax: Axes, first: dt.date, last: dt.date) -> None:
    """Dates ticked from the first to the last date only: the room on the right is for
    labels, and ticks there would look like months with no count."""
    from matplotlib import dates, ticker

    # matplotlib.dates is untyped where matplotlib is installed; Any where it is not.
    locator = dates.AutoDateLocator(minticks=4, maxticks=9)  # type: ignore[no-untyped-call,unused-ignore]
    ends = _day_number(first), _day_number(last)
    start, stop = (dt.datetime.combine(day, dt.time()) for day in (first, last))
    values = locator.tick_values(start, stop)  # type: ignore[no-untyped-call,unused-ignore]
    ax.xaxis.set_major_locator(ticker.FixedLocator([t for t in values if ends[0] <= t <= ends[1]]))
    # The year alone beside the axis: the default "2022-May" reads as a date of its own.
    formatter = dates.ConciseDateFormatter(  # type: ignore[no-untyped-call,unused-ignore]
        locator, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"]
    )
    ax.xaxis.set_major_formatter(formatter)
    for axes in ax.figure.axes:
        axes.spines["bottom"].set_bounds(*ends)


def _day_number(day: dt.date) -> float:
    """The day as matplotlib places dates (its epoch, whatever the rc file sets)."""
    from matplotlib import dates

    return float(dates.date2num(day))  # type: ignore[no-untyped-call,unused-ignore]


def _log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 steps over two decades or fewer, 1-3 over four, powers of ten beyond: labels
    that neither crowd nor leave the axis bare."""
    decades = math.log10(high / low)
    steps = (1, 2, 5) if decades <= 2.2 else (1, 3) if decades <= 4.5 else (1,)
    ticks = []
    for power in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        ticks += [s * 10.0**power for s in steps if low <= s * 10.0**power <= high]
    return ticks


def _tick_text(value: float) -> str:
    """``500``, ``20,000``, ``2.5 million``, ``2 billion``: what a reader says aloud."""
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{grouped(value / scale)} {word}"
    return grouped(value)


def _finite_values(values: Iterable[float | None]) -> list[float]:
    return [value for value in values if value is not None and math.isfinite(value)]


def _to_bytes(figure: Figure, file_format: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    # SVG text as text (searchable, editable in an illustration program), ids and
    # metadata fixed so the same chart gives the same file.
    metadata = {"Date": None} if file_format == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "shellcount"}):
        figure.savefig(buffer, format=file_format, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def chart_format(path: Path) -> str | None:
    """``png`` or ``svg`` from the file's suffix, or None for any other."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None
