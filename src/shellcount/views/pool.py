"""``shellcount pool``: the claims on one measure at one date, their intersection, their
envelope and a weighted Monte Carlo pool, each row saying how it was reached.

For each quantity (a section): one ``claim`` row per claim pooled (its interval at the
date and how it got there), then ``intersection``, ``envelope`` and ``pool``.
"""

from __future__ import annotations

from collections.abc import Sequence, Sized

from shellcount.analysis.mixture import PERCENTILES, Draws
from shellcount.analysis.pool import (
    Carried,
    LeaveOut,
    LeftOut,
    NothingToPool,
    PoolError,
    PoolResult,
    QuantityPool,
    Selection,
    Settings,
    Why,
    pool,
)
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.choices import TAIL_WARNING, Restatements
from shellcount.formats.chart import RangePanel, RangeRow
from shellcount.formats.numbers import interval_text, plain
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.model import Ledger
from shellcount.views import common, words

FIELDS = (
    "method", "low", "high", "p5", "p50", "p95", "sources",
    "at", "measure", "calibre_mm", "origin", "destination", "unit",
    "weights", "samples", "seed", "tail", "how",
    "p50_tail_min", "p50_tail_max", "left_out", "statement",
    *common.open_fields(""),
)  # fmt: skip

COLUMNS = (
    Column("method", "Method", wrap=True),
    Column("low", "Low", numeric=True),
    Column("high", "High", numeric=True),
    Column("p5", "p5", numeric=True),
    Column("p50", "p50", numeric=True),
    Column("p95", "p95", numeric=True),
    Column("sources", "Claims (weight)", wrap=True, priority=1),
    Column("how", "How", wrap=True, priority=2),
)


CAPACITY_HINT = "--include-capacity to pool capacities"


def pooled(ledger: Ledger, selection: Selection, settings: Settings) -> PoolResult:
    """The pool, or an error that says why each claim of the measure is left out."""
    try:
        return pool(ledger, selection, settings)
    except NothingToPool as nothing:
        raise PoolError(nothing_to_pool_text(nothing)) from None


def nothing_to_pool_text(nothing: NothingToPool) -> str:
    """``no claim of measure 'shells' to pool: a: capacity: ...``, each claim's reason."""
    reasons = "; ".join(f"{item.claim.id}: {left_out_reason(item)}" for item in nothing.left_out)
    if nothing.at is not None:
        return f"no claim of measure {nothing.measure!r} can be read at {nothing.at}: {reasons}"
    capacity = any(item.why is Why.CAPACITY for item in nothing.left_out)
    hint = f" ({CAPACITY_HINT})" if capacity else ""
    return f"no claim of measure {nothing.measure!r} to pool: {reasons}{hint}"


def left_out_reason(item: LeftOut) -> str:
    """Why a claim is not pooled (or not drawn), in words."""
    claim, why = item.claim, item.why
    if why is Why.RELATIVE:
        return f"relative to {claim.relative_to}: a percentage, not a count"
    if why is Why.CAPACITY:
        return "capacity: what containers could hold, not a count"
    if why is Why.UNDATED:
        return "undated: no as_of to carry it from"
    if why is Why.NO_SINCE:
        return f"stated on {claim.as_of} with no since: no rate to carry it to {item.at}"
    if why is Why.BEFORE_PERIOD:
        return f"{item.at} is before its period starts ({claim.since})"
    if why is Why.SHORT_PERIOD:
        return f"its period ({claim.since} to {claim.as_of}) is less than a day"
    if why is Why.OTHER_UNIT:
        assert item.unit is not None
        assert item.pool_unit is not None
        return (
            f"cannot convert {units.format_unit(item.unit)} to "
            f"{units.format_unit(item.pool_unit)}: {units.dimension(item.unit)} is not "
            f"{units.dimension(item.pool_unit)}"
        )
    return "open from 0 or below: no scale for its tail"


def weights_text(settings: Settings) -> str:
    """``equal``, ``grades``, ``method``, with the weights given (``equal; a=2``) and
    ``precise`` when a statement's weight goes to its most precise claim."""
    parts = [settings.weights.value]
    parts += [f"{source}={weight:g}" for source, weight in settings.given.items()]
    if settings.restatements is Restatements.PRECISE:
        parts.append("restatements: precise")
    return "; ".join(parts)


def pool_report(ledger: Ledger, selection: Selection, settings: Settings) -> Report:
    """The pool of the claims selected, as a report."""
    return pool_result_report(ledger, pooled(ledger, selection, settings))


def pool_result_report(ledger: Ledger, result: PoolResult) -> Report:
    """The report of a pool already made."""
    selection = result.selection
    rows = [row for quantity in result.quantities for row in _rows(result, quantity)]
    claims = [item.claim for quantity in result.quantities for item in quantity.carried]
    return Report(
        title=f"{_subject(selection)} pooled at {result.at} ({ledger.path})",
        fields=FIELDS,
        columns=COLUMNS,
        rows=tuple(rows),
        notes=(*_notes(result), *common.date_notes(claims)),
        charts=tuple(_chart(result, quantity) for quantity in result.quantities),
        bottom_line=tuple(line for q in result.quantities for line in _bottom_line(result, q)),
    )


def _bottom_line(result: PoolResult, quantity: QuantityPool) -> list[str]:
    """The pooled figure, what it rests on, and how far the assumptions move it."""
    section = words.quantity_text(quantity.carried[0].claim)
    draws, sensitivity = quantity.draws, quantity.sensitivity
    if draws is None or sensitivity is None:
        return [f"{section}: nothing to draw a pool from."]
    statements = len({c.statement for c in quantity.components})
    p = draws.percentiles
    lines = [
        f"{section} at {result.at}: pooled p50 {words.derived(p[50])} (p5 {words.derived(p[5])}, "
        f"p95 {words.derived(p[95])}) from {len(quantity.components)} claims in {statements} "
        f"statements, weights {weights_text(result.settings)}, open ends drawn up to "
        f"{result.settings.tail:g} × their low end (--tail)."
    ]
    low, high = sensitivity.p50_range()
    tails = [tail for tail, _ in sensitivity.by_tail]
    moved = (high - low) / p[50] if p[50] else 0.0
    warning = "Warning: " if moved > TAIL_WARNING else ""
    lines.append(
        f"{warning}with --tail from {tails[0]:g} to {tails[-1]:g}, p50 runs from "
        f"{words.derived(low)} to {words.derived(high)} ({words.share(moved)} of it)"
        + (": the figure rests on the assumed end of the open-ended claims." if warning else ".")
    )
    moves = [(leave.draws.percentiles[50], leave) for leave in sensitivity.leave_out if leave.draws]
    if moves:
        lowest, highest = min(moves, key=lambda m: m[0]), max(moves, key=lambda m: m[0])
        lines.append(
            f"Leaving out one statement moves p50 to between {words.derived(lowest[0])} "
            f"(without {lowest[1].statement.id}) and {words.derived(highest[0])} "
            f"(without {highest[1].statement.id})."
        )
    return lines


def _chart(result: PoolResult, quantity: QuantityPool) -> RangePanel:
    """Each pooled claim's range at the date, and the pool's p5 to p95 as a band."""
    bars = tuple(
        RangeRow(item.claim.id, item.amount.interval, item.amount.nominal)
        for item in quantity.carried
    )
    band = None
    if quantity.draws is not None:
        percentiles = quantity.draws.percentiles
        band = RangeRow("pool p5-p95", Interval(percentiles[5], percentiles[95]), percentiles[50])
    section = words.quantity_text(quantity.carried[0].claim)
    return RangePanel(f"{section}, at {result.at}", units.format_unit(quantity.unit), bars, band)


def _subject(selection: Selection) -> str:
    calibre = f", {plain(selection.calibre_mm)} mm" if selection.calibre_mm is not None else ""
    return f"{selection.measure.capitalize()}{calibre}"


def _rows(result: PoolResult, quantity: QuantityPool) -> list[Row]:
    section = words.quantity_text(quantity.carried[0].claim)
    base = _quantity_cells(result, quantity)
    weighed = {**base, "weights": weights_text(result.settings)}  # rows the weights bear on
    rows = [_claim_row(result, quantity, item, weighed, section) for item in quantity.carried]
    rows += [
        _intersection_row(result, quantity, base, section),
        _envelope_row(result, quantity, base, section),
        _pool_row(result, quantity, weighed, section),
    ]
    if quantity.sensitivity is not None:
        rows += [
            _tail_row(result, tail, draws, weighed, section)
            for tail, draws in quantity.sensitivity.by_tail
        ]
        rows += [
            _leave_out_row(result, leave, weighed, section)
            for leave in quantity.sensitivity.leave_out
        ]
    return rows


def _percentile_cells(draws: Draws) -> tuple[dict[str, Cell], dict[str, str]]:
    """The draws' low, high and percentiles: numbers for machines, derived words for people."""
    cells = {"low": draws.low, "high": draws.high}
    cells.update({f"p{q}": draws.percentiles[q] for q in PERCENTILES})
    numbers: dict[str, Cell] = {name: common.number(value) for name, value in cells.items()}
    numbers.update(low_open=False, high_open=False)  # draws are finite
    return numbers, {name: words.derived(value) for name, value in cells.items()}


def _tail_row(
    result: PoolResult, tail: float, draws: Draws, base: dict[str, Cell], section: str
) -> Row:
    numbers, shown = _percentile_cells(draws)
    how = (
        f"the pool again with open ends drawn up to {tail:g} × their low end"
        + (" (as asked)" if tail == result.settings.tail else "")
        + f": {draws.samples:,} draws, seed {draws.seed}, the same draws as the pool"
    )
    values: dict[str, Cell] = {
        "method": "tail",
        **numbers,
        **base,
        "samples": draws.samples,
        "seed": draws.seed,
        "tail": common.number(tail),
        "how": how,
    }
    return Row(values, {"method": f"tail {tail:g}", **shown, "how": how}, section=section)


def _leave_out_row(result: PoolResult, leave: LeaveOut, base: dict[str, Cell], section: str) -> Row:
    ids = " ".join(claim.id for claim in leave.claims)
    values: dict[str, Cell] = {
        "method": "leave-out",
        **base,
        "samples": result.settings.samples,
        "seed": result.settings.seed,
        "tail": common.number(result.settings.tail),
        "left_out": ids,
        "statement": leave.statement.id,
    }
    shown = {"method": "leave-out", "sources": f"without {ids}"}
    if leave.draws is None:
        how = f"without statement {leave.statement.id} ({ids}): nothing left with any weight"
    else:
        numbers, derived = _percentile_cells(leave.draws)
        values.update(numbers)
        shown.update(derived)
        how = (
            f"the pool again without statement {leave.statement.id} ({ids}), the other "
            "weights normalised, the same draws"
        )
    values["how"] = how
    shown["how"] = how
    return Row(values, shown, section=section)


def _quantity_cells(result: PoolResult, quantity: QuantityPool) -> dict[str, Cell]:
    measure, calibre_mm, origin, destination = quantity.quantity
    return {
        "at": result.at.isoformat(),
        "measure": measure,
        "calibre_mm": common.number(calibre_mm),
        "origin": origin or "",
        "destination": destination or "",
        "unit": units.format_unit(quantity.unit),
    }


def _claim_row(
    result: PoolResult,
    quantity: QuantityPool,
    item: Carried,
    base: dict[str, Cell],
    section: str,
) -> Row:
    claim = item.claim
    component = quantity.component_of(item.claim)
    stated = f"figure '{claim.figure.text}' → {words.amount_text(claim.amount)} on {claim.as_of}"
    carried = words.carried_text(item) + (
        "" if item.factor is None else f" → {words.derived_interval(item.interval)} on {result.at}"
    )
    drawn = (
        f"drawn {words.drawn_text(component, result.settings.tail)}"
        if component
        else f"not drawn: {_undrawn_reason(quantity, item)}"
    )
    how = f"{stated}; {carried}; {drawn}"
    sources = f"{claim.id}:{plain(component.weight)}" if component else claim.id
    values: dict[str, Cell] = {
        "method": "claim",
        **_ends(item.interval),
        "sources": sources,
        **base,
        "how": how,
        "statement": component.statement.id if component else "",
    }

    def shown() -> dict[str, str]:
        return {
            "method": "claim",
            **_shown_ends(item.interval),
            "sources": _shown_sources(sources),
            "how": how,
        }

    return Row(values, shown, section=section)


def _intersection_row(
    result: PoolResult, quantity: QuantityPool, base: dict[str, Cell], section: str
) -> Row:
    found = quantity.intersection
    if found.interval is not None:
        ids = " ".join(item.claim.id for item in quantity.carried)
        high_text = "open" if found.interval.is_open else "the lowest high"
        how = (
            f"the values every claim allows ({_count(quantity.carried)}) at {result.at}: "
            f"the highest low ({_ids(found.highest_low)}) to {high_text} "
            f"({_ids(found.lowest_high)})"
        )
        ends, shown_ends = _ends(found.interval), _shown_ends(found.interval)
    else:
        ids = " ".join(item.claim.id for item in (*found.highest_low, *found.lowest_high))
        how = f"empty: {_emptied_by(quantity)}"
        ends = {"low": None, "high": None}
        shown_ends = {"low": "empty", "high": ""}
    values: dict[str, Cell] = {
        "method": "intersection",
        **ends,
        "sources": ids,
        **base,
        "how": how,
    }
    shown = {"method": "intersection", **shown_ends, "sources": _few(ids.split()), "how": how}
    return Row(values, shown, section=section)


def _envelope_row(
    result: PoolResult, quantity: QuantityPool, base: dict[str, Cell], section: str
) -> Row:
    envelope = quantity.envelope
    lowest = [i for i in quantity.carried if i.interval.low == envelope.low]
    highest = [i for i in quantity.carried if i.interval.high == envelope.high]
    high_text = "open" if envelope.is_open else "the highest high"
    how = (
        f"the values any claim allows ({_count(quantity.carried)}) at {result.at}: "
        f"the lowest low ({_ids(lowest)}) to {high_text} ({_ids(highest)})"
    )
    ids = " ".join(item.claim.id for item in quantity.carried)
    values: dict[str, Cell] = {
        "method": "envelope",
        **_ends(envelope),
        "sources": ids,
        **base,
        "how": how,
    }
    shown = {
        "method": "envelope",
        **_shown_ends(envelope),
        "sources": _few(ids.split()),
        "how": how,
    }
    return Row(values, shown, section=section)


def _pool_row(
    result: PoolResult, quantity: QuantityPool, base: dict[str, Cell], section: str
) -> Row:
    settings, draws = result.settings, quantity.draws
    sources = " ".join(f"{c.carried.claim.id}:{plain(c.weight)}" for c in quantity.components)
    values: dict[str, Cell] = {
        "method": "pool",
        "low": None,
        "high": None,
        **{f"p{q}": None for q in PERCENTILES},
        "sources": sources,
        **base,
        "samples": settings.samples,
        "seed": settings.seed,
        "tail": common.number(settings.tail),
    }
    shown = {"method": "pool", "sources": _shown_sources(sources)}
    if draws is None:
        how = "no claim has a distribution to draw from"
    else:
        how = (
            f"weighted linear pool of {_count(quantity.components)} at {result.at} "
            f"(weights: {weights_text(settings)}; normalised): {draws.samples:,} draws, "
            f"seed {draws.seed}; each picks a claim by weight, then a value from its "
            f"distribution; p5, p50, p95: the sorted draws at index floor(q × (N − 1) / 100); "
            f"low, high: the smallest and largest draw"
        )
        numbers, derived = _percentile_cells(draws)
        values.update(numbers)
        shown.update(derived)
    if quantity.sensitivity is not None:
        low, high = quantity.sensitivity.p50_range()
        values["p50_tail_min"], values["p50_tail_max"] = common.number(low), common.number(high)
    values["how"] = how
    shown["how"] = how
    return Row(values, shown, section=section)


def _notes(result: PoolResult) -> list[str]:
    settings = result.settings
    reading = "as given" if result.at_given else "the latest as_of among the claims selected"
    notes = [
        f"Every claim is read at {result.at} ({reading}): as stated when that is its own "
        "date, else carried at its own average rate since its since.",
        "Distributions: an exact figure is that value; an interval [a, b] is uniform on it; "
        f"an open interval [x, open) is uniform on [x, {settings.tail:g} × x] (--tail).",
    ]
    notes += _left_out_notes(result.left_out)
    weighed = {c.carried.claim.source.id for q in result.quantities for c in q.components}
    notes += [
        f"A weight is given for {source_id}, which has no claim in the pool"
        for source_id in settings.given
        if source_id not in weighed
    ]
    for quantity in result.quantities:
        section = words.quantity_text(quantity.carried[0].claim)
        if quantity.intersection.interval is None:
            notes.append(f"{section}: no value fits every claim: {_emptied_by(quantity)}")
        for item in quantity.carried:
            interval = item.interval
            if not interval.is_open and interval.low > 0 and interval.high >= 10 * interval.low:
                notes.append(
                    f"{item.claim.id}: '{item.claim.figure.text}' is "
                    f"{interval_text(item.interval)}, a very wide uniform"
                )
        notes += [
            f"{section}: not drawn: {o.claim.id}: {left_out_reason(o)}" for o in quantity.undrawn
        ]
    return notes


def _left_out_notes(left_out: tuple[LeftOut, ...]) -> list[str]:
    """Claims of the measure not pooled, grouped by reason."""
    by_reason: dict[str, list[LeftOut]] = {}
    for item in left_out:
        by_reason.setdefault(left_out_reason(item), []).append(item)
    notes = []
    for reason, items in by_reason.items():
        hint = f" ({CAPACITY_HINT})" if items[0].why is Why.CAPACITY else ""
        notes.append(f"Left out: {', '.join(item.claim.id for item in items)}: {reason}{hint}")
    return notes


def _emptied_by(quantity: QuantityPool) -> str:
    found = quantity.intersection
    low = found.highest_low[0].interval.low
    high = found.lowest_high[0].interval.high
    gap = found.gap or 0.0
    return (
        f"{_ids(found.highest_low)} from {words.derived(low)} (the highest low), "
        f"{_ids(found.lowest_high)} up to {words.derived(high)} (the lowest high): "
        f"gap {words.derived(gap)}"
    )


def _undrawn_reason(quantity: QuantityPool, item: Carried) -> str:
    undrawn = quantity.undrawn_of(item.claim)
    return left_out_reason(undrawn) if undrawn is not None else ""


def _ends(interval: Interval) -> dict[str, Cell]:
    return {
        "low": common.number(interval.lower),
        "high": common.number(interval.upper),
        **common.open_cells("", interval),
    }


def _shown_ends(interval: Interval) -> dict[str, str]:
    # Carried ends are derived figures: to the precision the sources support.
    return {"low": words.derived(interval.low), "high": words.derived(interval.high)}


def _shown_sources(sources: Cell) -> str:
    # "id:0.25 other:0.75" reads as "id (0.25), other (0.75)" in the human formats.
    parts = str(sources or "").split()
    named = [
        f"{name} ({weight})" if weight else name
        for name, _, weight in (part.partition(":") for part in parts[: LISTED + 1])
    ]
    return _few(named, len(parts), ", ")


def _count(items: Sized) -> str:
    return "1 claim" if len(items) == 1 else f"{len(items)} claims"


def _ids(items: Sequence[Carried]) -> str:
    return _few([item.claim.id for item in items[: LISTED + 1]], len(items), ", ")


LISTED = 10
"""Words name at most this many claims in a row (the CSV's ``sources`` names them all):
a row as wide as ten thousand ids would widen every row of its table."""


def _few(names: Sequence[str], count: int | None = None, separator: str = " ") -> str:
    """``a b c``, or past ``LISTED`` names the first of them and how many more."""
    count = len(names) if count is None else count
    if count <= LISTED:
        return separator.join(names)
    return f"{separator.join(names[:LISTED])} and {count - LISTED:,} more"
