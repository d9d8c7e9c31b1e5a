"""``shellcount reconcile``: which claims on one quantity conflict, which are in tension,
which agree, and which cannot be compared (and why).

Rows are listed by verdict, conflicts first, and within a verdict the largest relative
gap first: what needs a reader's eye comes first. Without ``--all`` only the conflicts
and tensions are listed, at most ``LISTED_PER_QUANTITY`` of each on each quantity, and
the other pairs are counted in a note: the rows stay few however many pairs disagree.
The bottom line says how many statements there are, which conflict, and the largest
disagreement.
"""

from __future__ import annotations

from collections.abc import Iterator

from shellcount.analysis.reconcile import Comparison, Verdict, reconcile
from shellcount.analysis.verdict_counts import (
    LISTED_PER_QUANTITY,
    NAMED,
    Verdicts,
    count_verdicts,
    verdicts_of,
)
from shellcount.arithmetic import units
from shellcount.formats.report import Cell, Column, LazyRows, Report, Row
from shellcount.ledger.model import Ledger
from shellcount.views import common, words

FIELDS = (
    "claim_a", "claim_b", "measure", "verdict", "gap", "gap_relative", "how",
    "calibre_mm", "origin", "destination", "date", "unit", "a_value", "a_low", "a_high",
    "b_value", "b_low", "b_high", "via_claim",
    "rule", "statement", "since_a", "since_b", "assumed_start", "carried", "carry_factor",
    "a_rate_per_day_low", "a_rate_per_day_high", "b_rate_per_day_low", "b_rate_per_day_high",
    "pace_change_low", "pace_change_high",
    *common.open_fields("a", "b"),
)  # fmt: skip

COLUMNS = (
    Column("pair", "Claims", wrap=True),
    Column("quantity", "Quantity", wrap=True, priority=2),
    Column("date", "Compared on", wrap=True),
    Column("gap", "Gap", numeric=True),
    Column("how", "How", wrap=True, priority=3),
)


def reconcile_report(
    ledger: Ledger, *, measure: str | None = None, show_all: bool = False
) -> Report:
    if show_all:
        facts = verdicts_of(ledger, reconcile(ledger, measure), show_all=True)
    else:
        facts = count_verdicts(ledger, measure)
    counted = facts.totals
    shown = facts.listed
    listed = dict.fromkeys(Verdict, 0)
    for comparison in shown:
        listed[comparison.verdict] += 1
    notes = [
        "Every pair is listed, those that cannot be compared last."
        if show_all
        else f"Listed: on each quantity, the {LISTED_PER_QUANTITY} conflicts and the "
        f"{LISTED_PER_QUANTITY} tensions with the largest relative gaps. Not listed: "
        + ", ".join(f"{counted[v] - listed[v]} {v.value}" for v in Verdict)
        + " (--all lists every pair).",
        "Claims on different dates are compared by carrying one to the other's date at its "
        "own average rate since its 'since': a disagreement there is a tension (the pace "
        "changed), not a conflict. A conflict is a pair that cannot both be true at any "
        "pace. A capacity is compared only with capacities; a restatement only says it "
        "repeats a statement.",
    ]

    def rows() -> Iterator[Row]:
        return (_row(c) for c in shown)  # each row made as it is written

    return Report(
        title=f"Consistency between claims ({ledger.path})",
        fields=FIELDS,
        columns=COLUMNS,
        rows=LazyRows(rows),
        notes=tuple(notes),
        bottom_line=bottom_line(ledger, facts),
    )


def bottom_line(ledger: Ledger, facts: Verdicts) -> tuple[str, ...]:
    """How many claims and statements, which conflict, and the largest disagreements."""
    statements = len({ledger.statement(claim).id for claim in ledger})
    counted = facts.totals
    lines = [
        f"{words.count(len(ledger.claims), 'claim')} in "
        f"{words.count(statements, 'statement')}. Pairs on one quantity: "
        + ", ".join(f"{counted[verdict]} {verdict.value}" for verdict in Verdict)
        + "."
    ]
    conflicts, tensions = facts.conflicts, facts.tensions
    if conflicts.pairs:
        shown = NAMED[Verdict.CONFLICT]
        named = ", ".join(_pair_with_gap(c, restated) for c, restated in conflicts.first)
        more = f" and {conflicts.pairs - shown} more" if conflicts.pairs > shown else ""
        lines.append(
            f"Conflicts between {words.count(conflicts.pairs, 'pair')} of statements: "
            f"{named}{more}."
        )
        lines.append(f"Largest conflict: {_largest(conflicts.first[0][0])}.")
    if tensions.pairs:
        lines.append(
            f"Tensions between {words.count(tensions.pairs, 'pair')} of statements; "
            f"the largest: {_largest(tensions.first[0][0])}."
        )
    if not conflicts.pairs and not tensions.pairs:
        lines.append("No two claims disagree.")
    return tuple(lines)


def _largest(comparison: Comparison) -> str:
    a, b = comparison.claim_a, comparison.claim_b
    return (
        f"{a.id} ({words.claim_figure(a)}) against {b.id} ({words.claim_figure(b)}), "
        f"{words.quantity_text(b)}: {_gap_text(comparison)} apart"
    )


def _pair_with_gap(comparison: Comparison, restated: int = 0) -> str:
    also = f", and {words.count(restated, 'restated pair')}" if restated else ""
    return (
        f"{comparison.claim_a.id} against {comparison.claim_b.id} "
        f"({words.share(comparison.gap_relative)}{also})"
    )


def _row(comparison: Comparison) -> Row:
    a, b = comparison.claim_a, comparison.claim_b
    carry, pace = comparison.carry, comparison.pace
    values: dict[str, Cell] = {
        "claim_a": a.id,
        "claim_b": b.id,
        "measure": b.measure,
        "verdict": comparison.verdict.value,
        "gap": common.number(comparison.gap),
        "gap_relative": common.number(comparison.gap_relative),
        "calibre_mm": common.number(b.calibre_mm),
        "origin": b.origin or "",
        "destination": b.destination or "",
        "date": common.iso(comparison.day),
        "unit": units.format_unit(comparison.a.unit) if comparison.a else "",
        **common.amount_cells("a", comparison.a),
        **common.amount_cells("b", comparison.b),
        "via_claim": comparison.via.id if comparison.via else "",
        "rule": comparison.rule.value,
        "statement": comparison.statement.id if comparison.statement else "",
        "since_a": common.iso(comparison.since_a),
        "since_b": common.iso(comparison.since_b),
        "assumed_start": comparison.assumed_start,
        "carried": (a.id if carry.side == "a" else b.id) if carry else "",
        "carry_factor": common.number(carry.factor) if carry else None,
        **common.end_cells("a_rate_per_day", pace.rate_a if pace else None),
        **common.end_cells("b_rate_per_day", pace.rate_b if pace else None),
        "pace_change_low": common.number(pace.change.lower) if pace else None,
        "pace_change_high": common.number(pace.change.upper) if pace else None,
    }

    values["how"] = how = words.how(comparison)

    def shown() -> dict[str, str]:
        return {
            "pair": f"{a.id} ~ {b.id}",
            "quantity": words.quantity_text(b),
            "date": common.iso(comparison.day) or _own_dates(comparison),
            "gap": _gap_text(comparison),
            "how": how,
        }

    return Row(values, shown, section=words.VERDICT_HEADINGS[comparison.verdict])


def _own_dates(comparison: Comparison) -> str:
    """Each on its own date, when they were not brought to one."""
    dates = [comparison.claim_a.as_of, comparison.claim_b.as_of]
    if None in dates:
        return ""
    return " and ".join(common.iso(day) for day in dates)


def _gap_text(comparison: Comparison) -> str:
    if comparison.gap is None:
        return ""
    relative = words.share(comparison.gap_relative)
    gap = words.derived(comparison.gap)
    return f"{gap} ({relative})" if relative else gap
