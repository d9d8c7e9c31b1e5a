"""``shellcount compare``: every claim side by side, grouped by the quantity it counts."""

from __future__ import annotations

from collections.abc import Callable

from shellcount.conflicts import find_conflicts
from shellcount.model import Amount, Claim, Ledger
from shellcount.per_container import PerContainer, PerContainerDeriver
from shellcount.report import Column, Report, Row
from shellcount.views import common
from shellcount.views.working import per_container_working

FIELDS = (
    "claim_id", "source_id", "outlet", "speaker", "published", "as_of", "since", "measure",
    "calibre_mm", "origin", "destination", "unit", "figure", "basis", "value", "low", "high",
    "per_container_nominal", "per_container_low", "per_container_high",
    "per_container_method", "per_container_claims", "flags", "conflicts_with",
)  # fmt: skip

COLUMNS = (
    Column("claim", "Claim"),
    Column("source", "Source"),
    Column("date", "As of"),
    Column("figure", "Figure as written"),
    Column("interval", "Interval", numeric=True),
    Column("per_container", "Per container", numeric=True),
    Column("method", "From"),
    Column("flags", "Flags"),
)


def compare_report(ledger: Ledger, *, explain: bool = False) -> Report:
    deriver = PerContainerDeriver(ledger)
    ordered = sorted(ledger.claims, key=_quantity_order(ledger))
    conflicting = find_conflicts(ledger)
    derived = {claim: deriver.derive(claim) for claim in ordered if claim.counts_munitions}
    rows = [
        _row(claim, derived.get(claim), conflicting.get(claim.id, []), explain) for claim in ordered
    ]
    return Report(
        title=f"Claims compared ({ledger.path})",
        fields=FIELDS,
        columns=COLUMNS,
        rows=tuple(rows),
        notes=common.date_notes(list(ledger.claims)),
        explain=explain,
        charts=common.per_container_chart(derived.values(), "Munitions per container, by claim"),
    )


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
    claim: Claim, derived: PerContainer | None, conflicts_with: list[str], explain: bool
) -> Row:
    source = claim.source
    containers = derived.containers if derived else None
    per_container = derived.per_container if derived else None
    flags = common.flags(claim) + (["conflict"] if conflicts_with else [])
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
        "per_container_method": containers.method.value if containers else "",
        "per_container_claims": " ".join(c.id for c in containers.claims) if containers else "",
        "flags": " ".join(flags),
        "conflicts_with": " ".join(conflicts_with),
    }

    def shown() -> dict[str, str]:
        return {
            "claim": claim.id,
            "source": " — ".join(p for p in (source.outlet, source.speaker) if p),
            "date": common.iso(claim.as_of) or "undated",
            "figure": f"{claim.figure.text} {claim.unit_text}",
            "interval": common.amount_text(claim.amount, with_unit=False),
            "per_container": _per_container_text(per_container),
            "method": containers.method.value if containers else "",
            "flags": ", ".join(flags),
        }

    working = per_container_working(derived) if (explain and derived) else ()
    return Row(values, shown, section=common.quantity_text(claim), working=working)


def _per_container_text(amount: Amount | None) -> str:
    if amount is None:
        return ""
    nominal = common.nominal_text(amount)
    interval = common.amount_text(amount, with_unit=False)
    return f"{nominal} {interval}" if nominal and nominal != interval else interval
