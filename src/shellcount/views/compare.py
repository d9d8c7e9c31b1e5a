"""``shellcount compare``: every claim side by side, grouped by the quantity it counts."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator

from shellcount.analysis.conflict_counts import Marks, mark_claims
from shellcount.analysis.per_container import PerContainer, PerContainerDeriver
from shellcount.analysis.plausibility import OVER_PAYLOAD, assess, check_for
from shellcount.choices import LISTED
from shellcount.formats.report import Column, LazyRows, Report, Row
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.ledger.reference import load_reference
from shellcount.views import common, words
from shellcount.views.derive import fit_note
from shellcount.views.working import per_container_working

FIELDS = (
    "claim_id", "source_id", "outlet", "speaker", "published", "as_of", "since", "measure",
    "calibre_mm", "origin", "destination", "unit", "figure", "basis", "value", "low", "high",
    "per_container_nominal", "per_container_low", "per_container_high",
    "per_container_method", "per_container_claims", "flags", "conflicts", "conflicts_with",
    "tensions", "tensions_with", "statement", "restates", "method",
    *common.open_fields("", "per_container"),
)  # fmt: skip

COLUMNS = (
    Column("claim", "Claim"),
    Column("source", "Source", wrap=True, priority=3),
    Column("date", "As of"),
    Column("figure", "Figure as written", wrap=True, priority=1),
    Column("interval", "Interval", numeric=True),
    Column("per_container", "Per container", numeric=True, priority=1),
    Column("method", "From", wrap=True, priority=2),
    Column("flags", "Flags", wrap=True, priority=2),
    Column("verdict", "Disagrees with", wrap=True, priority=4),
)


def compare_report(ledger: Ledger, *, explain: bool = False) -> Report:
    deriver = PerContainerDeriver(ledger)
    ordered = sorted(ledger.claims, key=_quantity_order(ledger))
    marks = mark_claims(ledger)
    derived = {claim: deriver.derive(claim) for claim in ordered if claim.counts_munitions}
    over_payload = _over_payload(derived.values())

    def rows() -> Iterator[Row]:
        for claim in ordered:
            yield _row(
                ledger,
                claim,
                derived.get(claim),
                marks.get(claim),
                explain,
                over_payload=claim in over_payload,
            )

    fields, columns = common.carrier_layout(
        common.other_carriers(derived.values()),
        FIELDS,
        COLUMNS,
        before="method",
        titles={"per_container": "Per carrier"},
        after="per_container_method",
    )
    return Report(
        title=f"Claims compared ({ledger.path})",
        fields=fields,
        columns=columns,
        rows=LazyRows(rows),
        notes=common.date_notes(list(ledger.claims)) + tuple(over_payload.values()),
        explain=explain,
        charts=lambda: common.per_container_chart(
            derived.values(), "Munitions per container, by claim"
        ),
        bottom_line=bottom_line(ledger, marks),
    )


def _over_payload(derived: Iterable[PerContainer]) -> dict[Claim, str]:
    """The capacity conversions whose projectiles alone outweigh a 20 ft container's
    payload (the packaged reference file), each with its note."""
    conversions = [d for d in derived if d.claim.basis is Basis.CAPACITY and d.per_container]
    if not conversions:
        return {}
    check = check_for(load_reference())
    found = {}
    for result in conversions:
        note = fit_note(assess(result.claim, result.per_container, check))
        if note is not None:
            found[result.claim] = note
    return found


def bottom_line(ledger: Ledger, marks: dict[Claim, Marks]) -> tuple[str, ...]:
    """How many claims, statements and quantities; which conflict; the largest gap."""
    statements = len({ledger.statement(claim).id for claim in ledger})
    quantities = len({claim.quantity for claim in ledger})
    conflicts = sum(m.conflicts for m in marks.values()) // 2
    tensions = sum(m.tensions for m in marks.values()) // 2
    lines = [
        f"{len(ledger.claims)} claims in {statements} statements on {quantities} quantities: "
        f"{conflicts} pairs conflict, {tensions} are in tension "
        "(shellcount reconcile says why)."
    ]
    named = _largest_conflicts(ledger, marks)
    if named:
        lines.append(
            "Conflicts: "
            + ", ".join(f"{a.id} against {b.id} ({words.share(gap)})" for a, b, gap in named)
            + (f" and {conflicts - len(named)} more." if conflicts > len(named) else ".")
        )
    return tuple(lines)


def _largest_conflicts(
    ledger: Ledger, marks: dict[Claim, Marks]
) -> list[tuple[Claim, Claim, float | None]]:
    """The conflicting pairs with the largest relative gaps (then quantities in order of
    first appearance, then file order). Each is among the farthest of its own claims."""
    position = {claim: index for index, claim in enumerate(ledger.claims)}
    first_seen: dict[object, int] = {}
    for claim in ledger.claims:
        if claim.relative_to is None:
            first_seen.setdefault(claim.quantity, len(first_seen))

    def order(pair: tuple[Claim, Claim, float | None]) -> tuple[float, int, int, int]:
        a, b, gap = pair
        quantity = first_seen.get(b.quantity, len(first_seen))
        return (-(gap if gap is not None else -1.0), quantity, position[a], position[b])

    def occurrences() -> Iterator[tuple[Claim, Claim, float | None]]:
        for claim, mark in marks.items():
            for other, gap in mark.conflicts_with:
                a, b = (claim, other) if position[claim] < position[other] else (other, claim)
                yield a, b, gap

    # A pair is named by both its claims at most: the LISTED largest distinct pairs are
    # among the 2 * LISTED largest namings, and no list of every pair is made.
    largest: dict[tuple[Claim, Claim], float | None] = {}
    for a, b, gap in heapq.nsmallest(2 * LISTED, occurrences(), key=order):
        largest.setdefault((a, b), gap)
    return [(a, b, gap) for (a, b), gap in largest.items()][:LISTED]


def _quantity_order(ledger: Ledger) -> Callable[[Claim], tuple[int, str, int]]:
    """Quantities in order of first appearance; within one, by date then file order."""
    first_seen: dict[object, int] = {}
    for index, claim in enumerate(ledger.claims):
        first_seen.setdefault(claim.quantity, index)
    position = {claim.id: index for index, claim in enumerate(ledger.claims)}

    def key(claim: Claim) -> tuple[int, str, int]:
        undated_last = common.iso(claim.as_of) or "9999"
        return (first_seen[claim.quantity], undated_last, position[claim.id])

    return key


def _row(
    ledger: Ledger,
    claim: Claim,
    derived: PerContainer | None,
    marks: Marks | None,
    explain: bool,
    *,
    over_payload: bool,
) -> Row:
    source = claim.source
    containers = derived.containers if derived else None
    per_container = derived.per_container if derived else None
    marks = marks or Marks()
    conflicts_with = [other.id for other, _ in marks.conflicts_with]
    tensions_with = [other.id for other, _ in marks.tensions_with]
    flags = common.flags(claim)
    flags += ["conflict"] if marks.conflicts else []
    flags += ["tension"] if marks.tensions else []
    flags += [OVER_PAYLOAD] if over_payload else []
    statement = ledger.statement(claim)
    values = {
        "claim_id": claim.id,
        "source_id": source.id,
        "outlet": source.outlet,
        "speaker": source.speaker or "",
        "published": common.iso(source.published) if source.published else "",
        "as_of": common.iso(claim.as_of),
        "since": common.iso(claim.since),
        "measure": claim.measure,
        "calibre_mm": common.number(claim.calibre_mm),
        "origin": claim.origin or "",
        "destination": claim.destination or "",
        "unit": claim.unit_text,
        "figure": claim.figure.text,
        "basis": claim.basis.value,
        **common.amount_cells("", claim.amount),
        **common.amount_cells("per_container", per_container, nominal="nominal"),
        common.CARRIER: common.carrier_name(containers),
        "per_container_method": containers.method.value if containers else "",
        "per_container_claims": " ".join(c.id for c in containers.claims) if containers else "",
        "flags": " ".join(flags),
        "conflicts": marks.conflicts,
        "conflicts_with": " ".join(conflicts_with),
        "tensions": marks.tensions,
        "tensions_with": " ".join(tensions_with),
        "statement": statement.id,
        "restates": claim.restates or "",
        "method": claim.method or "",
    }

    def shown() -> dict[str, str]:
        return {
            "claim": claim.id,
            "source": " — ".join(p for p in (source.outlet, source.speaker) if p),
            "date": common.iso(claim.as_of) or "undated",
            "figure": f"{claim.figure.text} {claim.unit_text}",
            "interval": words.amount_text(claim.amount, with_unit=False),
            "per_container": _per_container_text(per_container),
            common.CARRIER: common.carrier_name(containers),
            "method": containers.method.value if containers else "",
            "flags": ", ".join(flags),
            "verdict": "; ".join(
                part
                for part in (
                    _with("conflict", conflicts_with, marks.conflicts),
                    _with("tension", tensions_with, marks.tensions),
                    "" if statement is claim else f"restates {statement.id}",
                )
                if part
            ),
        }

    working = per_container_working(derived) if (explain and derived) else ()
    return Row(values, shown, section=words.quantity_text(claim), working=working)


def _with(verdict: str, others: list[str], count: int) -> str:
    """``conflict with a, b`` (the farthest first), and how many more there are."""
    if not others:
        return ""
    more = f" and {count - len(others)} more" if count > len(others) else ""
    return f"{verdict} with {', '.join(others)}{more}"


def _per_container_text(amount: Amount | None) -> str:
    return words.nominal_and_range(amount)
