"""The charts of ``shellcount plot`` (and of the HTML report) as chart records, built from
the core's results: per-container figures, the pool, the timeline's entries. Nothing is
computed again here and nothing is drawn: ``formats.chart_image`` draws PNG and SVG
files, ``formats.chart_svg`` inline SVG, both from the model in ``formats.chart``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from shellcount.arithmetic.interval import Interval
from shellcount.formats.chart import (
    DatedCount,
    NothingToChart,
    RangeChart,
    RangePanel,
    RangeRow,
    TimelineChart,
    TimelinePanel,
)
from shellcount.formats.numbers import grouped, interval_text, plain
from shellcount.views import words

if TYPE_CHECKING:
    from shellcount.analysis.per_container import PerContainer
    from shellcount.analysis.pool import PoolResult, QuantityPool, Selection, Settings
    from shellcount.ledger.model import Claim, Ledger

# The most panels and rows a chart draws: past them a chart is unreadable (and slow to
# lay out); the notes name what was left out.
MOST_PANELS = 12
MOST_ROWS = 150


def derive_chart(ledger: Ledger, calibre_mm: float, title: str | None = None) -> RangeChart:
    """Munitions per container, one row per munitions claim, as ``shellcount derive``."""
    from shellcount.analysis.per_container import PerContainerDeriver
    from shellcount.views.derive import derived_for_calibre

    results = derived_for_calibre(PerContainerDeriver(ledger), calibre_mm)
    if not results:
        raise NothingToChart(f"no munitions claim of {plain(calibre_mm)} mm or of no calibre")
    if all(result.per_container is None for result in results):
        raise NothingToChart(
            f"no munitions claim of {plain(calibre_mm)} mm or of no calibre has a container "
            "count to divide by (shellcount derive --explain says why)"
        )
    rows, notes = _most_rows(per_container_rows(results))
    default = (
        f"Munitions per container, {plain(calibre_mm)} mm and no stated calibre ({ledger.path})"
    )
    panel = RangePanel("", _unit_of(results), rows)
    note = (
        "Each claim's figure divided by a container count: the claim it converts, one of the "
        "same source and date, or the counts interpolated at its date (shellcount derive "
        "--explain shows which)."
    )
    return RangeChart(title or default, (panel,), (note, *notes))


def per_container_rows(results: Iterable[PerContainer]) -> tuple[RangeRow, ...]:
    """A row per derived claim: its per-container range, who said it, its calibre as the
    group; a claim with no container count keeps its row with words saying so."""
    rows = []
    for result in results:
        claim, figure = result.claim, result.per_container
        calibre = claim.calibre_mm
        group = "no calibre stated" if calibre is None else f"{plain(calibre)} mm"
        if figure is None:
            rows.append(RangeRow(claim.id, None, None, _who(claim), group, "no container count"))
            continue
        text = words.nominal_and_range(figure)
        rows.append(RangeRow(claim.id, figure.interval, figure.nominal, _who(claim), group, text))
    return tuple(rows)


def _unit_of(results: Iterable[PerContainer]) -> str:
    from shellcount.arithmetic import units

    for result in results:
        if result.per_container is not None:
            return _unit_words(units.format_unit(result.per_container.unit))
    return "rounds per container"


def _most_rows(rows: tuple[RangeRow, ...]) -> tuple[tuple[RangeRow, ...], tuple[str, ...]]:
    """The first ``MOST_ROWS`` rows, and a note naming how many more were left out."""
    if len(rows) <= MOST_ROWS:
        return rows, ()
    left = len(rows) - MOST_ROWS
    note = f"Not charted: {left:,} more rows (the table lists them; a selection charts fewer)."
    return rows[:MOST_ROWS], (note,)


def pool_chart(
    ledger: Ledger, selection: Selection, settings: Settings, title: str | None = None
) -> RangeChart:
    """The claims pooled at one date, with the pool's p5 to p95 and p50, as ``shellcount
    pool``: a panel per quantity."""
    from shellcount.views.pool import left_out_reason, pooled, weights_text

    result = pooled(ledger, selection, settings)
    panels, notes = [], []
    for quantity in result.quantities[:MOST_PANELS]:
        panel, panel_notes = _pool_panel(result, quantity)
        panels.append(panel)
        notes += panel_notes
    if not panels:
        raise NothingToChart(f"no claim of measure {selection.measure!r} to pool")
    if len(result.quantities) > MOST_PANELS:
        left = len(result.quantities) - MOST_PANELS
        notes.append(f"Not charted: {left:,} more quantities (shellcount pool lists them).")
    used = result.settings
    notes.append(
        f"Pool: weights {weights_text(used)}, {used.samples:,} draws, seed {used.seed}; "
        f"an open range from x is drawn up to {used.tail:g} × x."
    )
    by_reason: dict[str, list[str]] = {}
    for left_out in result.left_out:
        by_reason.setdefault(left_out_reason(left_out), []).append(left_out.claim.id)
    notes += [f"Not pooled: {', '.join(ids)}: {reason}." for reason, ids in by_reason.items()]
    calibre = "" if selection.calibre_mm is None else f", {plain(selection.calibre_mm)} mm"
    default = f"{selection.measure.capitalize()}{calibre} pooled at {result.at} ({ledger.path})"
    return RangeChart(title or default, tuple(panels), tuple(notes))


def _pool_panel(result: PoolResult, quantity: QuantityPool) -> tuple[RangePanel, list[str]]:
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
        rows.append(RangeRow(claim.id, interval, item.amount.nominal, detail, group, text))
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
    band = None
    if quantity.draws is not None:
        percentiles = quantity.draws.percentiles
        band = RangeRow("pool p5-p95", Interval(percentiles[5], percentiles[95]), percentiles[50])
    shown, more = _most_rows(tuple(rows))
    unit = _unit_words(units.format_unit(quantity.unit))
    panel = RangePanel(f"{section}, at {result.at}", unit, shown, band)
    return panel, [*notes, *more]


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
    from shellcount.analysis.timeline import timeline
    from shellcount.arithmetic import units
    from shellcount.views.timeline import timeline_quantities

    panels: dict[tuple[object, ...], list[DatedCount]] = {}
    names: dict[tuple[object, ...], tuple[str, str]] = {}
    for claims in timeline_quantities(ledger, measure=measure, calibre_mm=calibre_mm):
        first = claims[0]
        for entry in timeline(claims):
            if entry.kind != "period" or entry.claim is None:
                continue
            unit = units.format_unit(entry.amount.unit)
            key = (first.measure, first.calibre_mm, unit)
            name = " · ".join(part for part in (first.measure, words.calibre_text(first)) if part)
            names[key] = (name, _unit_words(unit))
            panels.setdefault(key, []).append(
                DatedCount(
                    entry.claim.id,
                    _flow_words(first),
                    entry.since,
                    entry.as_of,
                    entry.amount.interval,
                    entry.amount.nominal,
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
    if not charted and single:
        raise NothingToChart(
            f"nothing to chart over time: a single count with no period of {', '.join(single)} "
            "(--measure charts one)"
        )
    if not charted:
        asked = f" of measure {measure!r}" if measure else ""
        raise NothingToChart(f"no dated count{asked} to chart (see shellcount timeline)")
    notes = []
    if single:
        notes.append(
            f"Not charted, a single count with no period: {', '.join(single)} "
            "(shellcount timeline lists them; --measure charts one)."
        )
    if len(charted) > MOST_PANELS:
        left = [panel.title for panel in charted[MOST_PANELS:]]
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5:,} more" if len(left) > 5 else "")
        notes.append(f"Not charted, past {MOST_PANELS} measures: {shown} (--measure charts one).")
        charted = charted[:MOST_PANELS]
    subject = "Cumulative counts" if measure is None else f"Cumulative counts of {measure}"
    default = f"{subject} over time ({ledger.path})"
    return TimelineChart(title or default, tuple(charted), tuple(notes))


def _who(claim: Claim) -> str:
    return claim.source.speaker or claim.source.outlet


def _quantity_words(claim: Claim) -> str:
    """``shells · 152 mm · north-korea → russia``: a panel's quantity, its flow always said."""
    parts = [claim.measure, words.calibre_text(claim), _flow_words(claim)]
    return " · ".join(part for part in parts if part)


def _flow_words(claim: Claim) -> str:
    """The flow, a colour of the chart: ``flow not stated`` is one too."""
    return words.flow_text(claim) or "flow not stated"


def _figure_text(nominal: float | None, low: float, high: float, ends: str) -> str:
    """``352.11 [350, open)``: the stated figure, then its range, as the tables do."""
    if nominal is None:
        return ends
    stated = grouped(nominal)
    return stated if low == high == nominal else f"{stated} {ends}"


def _unit_words(text: str) -> str:
    """``round/container`` → ``rounds per container``; ``shell`` → ``shells``."""
    top, _, bottom = text.replace(" ", "").partition("/")
    named = top if not top.isalpha() or not top.islower() or top.endswith("s") else f"{top}s"
    return f"{named} per {bottom}" if bottom else named
