"""``shellcount compare``: every claim side by side, grouped by the quantity it counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from shellcount.analysis.conflicts import by_claim, find_disagreements
from shellcount.analysis.per_container import PerContainer, PerContainerDeriver
from shellcount.analysis.plausibility import OVER_PAYLOAD, assess, check_for
from shellcount.analysis.reconcile import Comparison, Verdict
from shellcount.formats.report import Column, Report, Row
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.ledger.reference import load_reference
from shellcount.views import common, words
from shellcount.views.derive import fit_note
from shellcount.views.reconcile import listing_order
from shellcount.views.working import per_container_working

FIELDS = (
    "claim_id", "source_id", "outlet", "speaker", "published", "as_of", "since", "measure",
    "calibre_mm", "origin", "destination", "unit", "figure", "basis", "value", "low", "high",
    "per_container_nominal", "per_container_low", "per_container_high",
    "per_container_method", "per_container_claims", "flags", "conflicts_with",
    "tensions_with", "statement", "restates", "method",
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
    disagreeing = find_disagreements(ledger)
    verdicts = by_claim(ledger, disagreeing)
    derived = {claim: deriver.derive(claim) for claim in ordered if claim.counts_munitions}
    over_payload = _over_payload(derived.values())
    rows = [
        _row(
            ledger,
            claim,
            derived.get(claim),
            verdicts.get(claim.id, []),
            explain,
            over_payload=claim in over_payload,
        )
        for claim in ordered
    ]
    per_carrier = common.other_carriers(derived.values())
    return Report(
        title=f"Claims compared ({ledger.path})",
        fields=common.with_carrier(FIELDS, "per_container_method") if per_carrier else FIELDS,
        columns=common.per_carrier_columns(COLUMNS, "method", {"per_container": "Per carrier"})
        if per_carrier
        else COLUMNS,
        rows=tuple(rows),
        notes=common.date_notes(list(ledger.claims)) + tuple(over_payload.values()),
        explain=explain,
        charts=common.per_container_chart(derived.values(), "Munitions per container, by claim"),
        bottom_line=bottom_line(ledger, disagreeing),
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


def bottom_line(ledger: Ledger, disagreeing: list[Comparison]) -> tuple[str, ...]:
    """How many claims, statements and quantities; which conflict; the largest gap."""
    statements = len({ledger.statement(claim).id for claim in ledger})
    quantities = len({claim.quantity for claim in ledger})
    conflicts = sum(1 for c in disagreeing if c.verdict is Verdict.CONFLICT)
    lines = [
        f"{len(ledger.claims)} claims in {statements} statements on {quantities} quantities: "
        f"{conflicts} pairs conflict, {len(disagreeing) - conflicts} are in tension "
        "(shellcount reconcile says why)."
    ]
    ordered = sorted(disagreeing, key=listing_order(disagreeing))
    named = [c for c in ordered if c.verdict is Verdict.CONFLICT][:5]
    if named:
        lines.append(
            "Conflicts: "
            + ", ".join(
                f"{c.claim_a.id} against {c.claim_b.id} ({words.share(c.gap_relative)})"
                for c in named
            )
            + (f" and {conflicts - len(named)} more." if conflicts > len(named) else ".")
        )
    return tuple(lines)


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
    disagrees: list[tuple[str, Verdict]],
    explain: bool,
    *,
    over_payload: bool,
) -> Row:
    source = claim.source
    containers = derived.containers if derived else None
    per_container = derived.per_container if derived else None
    conflicts_with = [other for other, verdict in disagrees if verdict is Verdict.CONFLICT]
    tensions_with = [other for other, verdict in disagrees if verdict is Verdict.TENSION]
    flags = common.flags(claim)
    flags += ["conflict"] if conflicts_with else []
    flags += ["tension"] if tensions_with else []
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
        "conflicts_with": " ".join(conflicts_with),
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
            "interval": common.amount_text(claim.amount, with_unit=False),
            "per_container": _per_container_text(per_container),
            common.CARRIER: common.carrier_name(containers),
            "method": containers.method.value if containers else "",
            "flags": ", ".join(flags),
            "verdict": "; ".join(
                part
                for part in (
                    _with("conflict", conflicts_with),
                    _with("tension", tensions_with),
                    "" if statement is claim else f"restates {statement.id}",
                )
                if part
            ),
        }

    working = per_container_working(derived) if (explain and derived) else ()
    return Row(values, shown, section=common.quantity_text(claim), working=working)


def _with(verdict: str, others: list[str]) -> str:
    return f"{verdict} with {', '.join(others)}" if others else ""


def _per_container_text(amount: Amount | None) -> str:
    return words.nominal_and_range(amount)
