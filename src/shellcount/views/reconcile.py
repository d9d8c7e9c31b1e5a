"""``shellcount reconcile``: which claims on the same quantity agree, which conflict and
by how much, and which cannot be compared (and why)."""

from __future__ import annotations

from shellcount import units
from shellcount.model import Amount, Ledger
from shellcount.reconcile import Comparison, Verdict, reconcile
from shellcount.report import Cell, Column, Report, Row
from shellcount.views import common

FIELDS = (
    "claim_a", "claim_b", "measure", "verdict", "gap", "how",
    "calibre_mm", "origin", "destination", "date", "unit", "a_value", "a_low", "a_high",
    "b_value", "b_low", "b_high", "via_claim",
)  # fmt: skip

COLUMNS = (
    Column("pair", "Claims"),
    Column("verdict", "Verdict"),
    Column("date", "Compared on"),
    Column("gap", "Gap", numeric=True),
    Column("how", "How"),
)

_ORDER = {Verdict.CONFLICT: 0, Verdict.AGREE: 1, Verdict.CANNOT_COMPARE: 2}


def reconcile_report(
    ledger: Ledger, *, measure: str | None = None, show_all: bool = False
) -> Report:
    comparisons = reconcile(ledger, measure)
    counted = dict.fromkeys(Verdict, 0)
    for comparison in comparisons:
        counted[comparison.verdict] += 1
    shown = [c for c in comparisons if show_all or c.verdict is not Verdict.CANNOT_COMPARE]
    # Conflicts first within each quantity, quantities in order of first appearance.
    first_seen: dict[object, int] = {}
    for comparison in comparisons:
        first_seen.setdefault(comparison.claim_b.quantity, len(first_seen))
    shown.sort(key=lambda c: (first_seen[c.claim_b.quantity], _ORDER[c.verdict]))
    notes = [
        f"{counted[Verdict.CONFLICT]} conflict, {counted[Verdict.AGREE]} agree, "
        f"{counted[Verdict.CANNOT_COMPARE]} cannot be compared"
        + ("" if show_all else " (not shown; --all shows them)"),
        "Claims on different dates are compared by carrying one to the other's date at its "
        "own average rate since its 'since'; a capacity is compared only with capacities.",
    ]
    return Report(
        title=f"Consistency between claims ({ledger.path})",
        fields=FIELDS,
        columns=COLUMNS,
        rows=tuple(_row(c) for c in shown),
        notes=tuple(notes),
    )


def _row(comparison: Comparison) -> Row:
    a, b = comparison.claim_a, comparison.claim_b
    values: dict[str, Cell] = {
        "claim_a": a.id,
        "claim_b": b.id,
        "measure": b.measure,
        "verdict": comparison.verdict.value,
        "gap": common.number(comparison.gap),
        "how": comparison.how,
        "calibre_mm": common.number(b.calibre_mm),
        "origin": b.origin or "",
        "destination": b.destination or "",
        "date": common.iso(comparison.day),
        "unit": units.format_unit(comparison.a.unit) if comparison.a else "",
        **_cells("a", comparison.a),
        **_cells("b", comparison.b),
        "via_claim": comparison.via.id if comparison.via else "",
    }
    shown = {
        "pair": f"{a.id} ~ {b.id}",
        "verdict": comparison.verdict.value,
        "date": common.iso(comparison.day),
        "gap": common.nominal_text(_gap_amount(comparison)),
        "how": comparison.how,
    }
    return Row(values, shown, section=common.quantity_text(b))


def _cells(prefix: str, amount: Amount | None) -> dict[str, Cell]:
    return common.amount_cells(prefix, amount)


def _gap_amount(comparison: Comparison) -> Amount | None:
    if comparison.gap is None or comparison.a is None:
        return None
    from shellcount.interval import Interval

    return Amount(comparison.gap, Interval.point(comparison.gap), comparison.a.unit)
