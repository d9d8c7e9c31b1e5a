"""``shellcount derive``: munitions per container for one calibre, from every source, with
what each figure means for a container's payload (see ``plausibility``); and
(``--implied``) what each per-container figure says about every container count."""

from __future__ import annotations

from shellcount.analysis.per_container import (
    ImpliedTotal,
    Method,
    PerContainer,
    PerContainerDeriver,
    matches_calibre,
)
from shellcount.analysis.plausibility import (
    OVER_PAYLOAD,
    Check,
    Fit,
    Plausibility,
    assess,
    check_for,
)
from shellcount.arithmetic import units
from shellcount.formats.numbers import DECIMALS, grouped, interval_text, plain
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Ledger
from shellcount.ledger.reference import load_reference
from shellcount.views import common, words
from shellcount.views.working import (
    implied_total_working,
    per_container_working,
    plausibility_working,
    share_shown,
)

# The contract's columns first, in its order (claims-format.md), then plausibility in the
# order issue 3 gives, then what each row used and how it reads.
FIELDS = (
    "claim_id", "source_id", "speaker", "as_of", "calibre_mm", "basis",
    "shells_value", "shells_low", "shells_high",
    "containers_value", "containers_low", "containers_high", "containers_method",
    "per_container_nominal", "per_container_low", "per_container_high",
    "round_mass_kg", "mass_per_container_t_low", "mass_per_container_t_high",
    "payload_share_nominal", "payload_share_low", "payload_share_high", "break_even_overhead",
    "round_id", "payload_kg", "measure", "unit", "containers_claims", "flags", "payload_fit",
    *common.open_fields("shells", "containers", "per_container"),
)  # fmt: skip

COLUMNS = (
    Column("claim", "Claim"),
    Column("speaker", "Speaker", wrap=True, priority=3),
    Column("date", "As of"),
    Column("calibre", "Calibre", priority=2),
    Column("munitions", "Munitions", wrap=True, priority=1),
    Column("containers", "Containers", numeric=True, priority=1),
    Column("method", "From", wrap=True, priority=2),
    Column("nominal", "Per container", numeric=True),
    Column("range", "Range", numeric=True),
    Column("payload", "Payload share", numeric=True, priority=1),
    Column("room", "Room", numeric=True, priority=1),  # break-even overhead: what packing could add
)

# The headings that say "container" when a figure may be per truck or vessel instead.
_PER_CARRIER_TITLES = {"containers": "Carriers", "nominal": "Per carrier"}

_IMPLIED_PER_CARRIER = {
    "factor": "Per-carrier figure of",
    "per_container": "Per carrier",
    "count": "Count of",
    "containers": "Carriers",
}

IMPLIED_FIELDS = (
    "factor_claim_id", "factor_source_id", "factor_calibre_mm",
    "per_container_nominal", "per_container_low", "per_container_high",
    "containers_claim_id", "containers_source_id", "containers_as_of",
    "containers_value", "containers_low", "containers_high",
    "total_nominal", "total_low", "total_high",
    *common.open_fields("per_container", "containers", "total"),
)  # fmt: skip

IMPLIED_COLUMNS = (
    Column("factor", "Per-container figure of", wrap=True),
    Column("per_container", "Per container", numeric=True),
    Column("count", "Container count of", wrap=True),
    Column("containers", "Containers", numeric=True),
    Column("nominal", "Implied total", numeric=True),
    Column("range", "Range", numeric=True),
)


def derive_report(
    ledger: Ledger, calibre_mm: float, *, explain: bool = False, check: Check | None = None
) -> Report:
    """``check``: the reference file and payload the figures are weighed against (default:
    the packaged reference file and its default container)."""
    results = derived_for_calibre(PerContainerDeriver(ledger), calibre_mm)
    check = check or check_for(load_reference())
    weighed = [assess(r.claim, r.per_container, check) for r in results]
    per_carrier = common.other_carriers(results)
    fields, columns = common.carrier_layout(
        per_carrier, FIELDS, COLUMNS, before="containers", titles=_PER_CARRIER_TITLES
    )
    return Report(
        title=f"Munitions per {'carrier' if per_carrier else 'container'}, "
        f"{plain(calibre_mm)} mm and no stated calibre ({ledger.path})",
        fields=fields + (("working",) if explain else ()),
        columns=columns,
        rows=tuple(
            _row(r, p, explain, check.reference.path) for r, p in zip(results, weighed, strict=True)
        ),
        notes=common.date_notes([r.claim for r in results])
        + _plausibility_notes(check, results, weighed),
        explain=explain,
        charts=lambda: common.per_container_chart(results, "Munitions per container, by claim"),
        bottom_line=_bottom_line(calibre_mm, results, weighed),
    )


def _bottom_line(
    calibre_mm: float, results: list[PerContainer], weighed: list[Plausibility]
) -> tuple[str, ...]:
    """How many figures, the range of the stated quotients (conversions apart, and each
    carrier apart), and how many outweigh the payload."""
    divided = [r for r in results if r.per_container is not None]
    carriers = sorted(
        {common.carrier_name(r) for r in divided}, key=lambda c: c != units.COUNT_OF_CONTAINERS
    )
    only_containers = carriers in ([], [units.COUNT_OF_CONTAINERS])
    count = "a container count" if only_containers else "a count of carriers"
    lines = [
        f"{words.count(len(results), 'munitions claim')} of {plain(calibre_mm)} mm or of no "
        f"stated calibre; {len(divided)} divided by {count}."
    ]
    for carrier in carriers:
        per = [r for r in divided if common.carrier_name(r) == carrier]
        label = "" if carrier == units.COUNT_OF_CONTAINERS else f" per {carrier}"
        for kind, chosen in (
            ("capacity conversions", [r for r in per if r.claim.basis is Basis.CAPACITY]),
            ("counts and estimates", [r for r in per if r.claim.basis is not Basis.CAPACITY]),
        ):
            stated = [
                r.per_container.nominal
                for r in chosen
                if r.per_container and r.per_container.nominal
            ]
            if stated:
                lines.append(
                    f"Stated figures of the {kind}{label}: {words.derived(min(stated))} to "
                    f"{words.derived(max(stated))} a {carrier} ({len(stated)} of {len(chosen)})."
                )
    over = [w.claim.id for w in weighed if _fit_flags(w)]
    if over:
        lines.append(f"Over the payload: {', '.join(over)} (see the notes).")
    return tuple(lines)


def implied_report(ledger: Ledger, calibre_mm: float, *, explain: bool = False) -> Report:
    deriver = PerContainerDeriver(ledger)
    totals = deriver.implied_totals(derived_for_calibre(deriver, calibre_mm))
    per_carrier = common.other_carriers(total.factor for total in totals)
    fields, columns = common.carrier_layout(
        per_carrier, IMPLIED_FIELDS, IMPLIED_COLUMNS, before="count", titles=_IMPLIED_PER_CARRIER
    )
    return Report(
        title=f"Totals implied by each per-{'carrier' if per_carrier else 'container'} "
        f"figure, {plain(calibre_mm)} mm ({ledger.path})",
        fields=fields + (("working",) if explain else ()),
        columns=columns,
        rows=tuple(_implied_row(total, explain) for total in totals),
        explain=explain,
    )


def derived_for_calibre(deriver: PerContainerDeriver, calibre_mm: float) -> list[PerContainer]:
    """Each munitions claim of the calibre, or of none stated, divided by its containers."""
    return deriver.derive_all(c for c in deriver.ledger if matches_calibre(c, calibre_mm))


def _row(result: PerContainer, weighed: Plausibility, explain: bool, reference_path: str) -> Row:
    claim, containers = result.claim, result.containers
    munitions = claim.amount.to(units.parse_unit(units.COUNT_OF_MUNITIONS))
    working = (
        per_container_working(result) + plausibility_working(weighed, reference_path)
        if explain
        else ()
    )
    values = {
        "claim_id": claim.id,
        "source_id": claim.source.id,
        "speaker": claim.source.speaker or "",
        "as_of": common.iso(claim.as_of),
        "calibre_mm": common.number(claim.calibre_mm),
        "basis": claim.basis.value,
        "measure": claim.measure,
        "unit": claim.unit_text,
        **common.amount_cells("shells", munitions),
        **common.amount_cells("containers", containers.amount if containers else None),
        "containers_method": containers.method.value if containers else "",
        "containers_claims": " ".join(c.id for c in containers.claims) if containers else "",
        **common.amount_cells("per_container", result.per_container, nominal="nominal"),
        common.CARRIER: common.carrier_name(result),
        "flags": " ".join(common.flags(claim) + _fit_flags(weighed)),
        **_plausibility_cells(weighed),
    }
    if explain:
        values["working"] = "; ".join(working)
    shown = {
        "claim": claim.id,
        "speaker": claim.source.speaker or claim.source.outlet,
        "date": common.iso(claim.as_of) or "undated",
        "calibre": words.calibre_text(claim) or "none",
        "munitions": f"{claim.figure.text} {claim.unit_text}"
        + ("" if claim.basis is Basis.REPORTED else f" ({claim.basis.value})"),
        "containers": _containers_text(result),
        common.CARRIER: common.carrier_name(result),
        "method": _method_text(result),
        "nominal": words.derived(result.per_container.nominal) if result.per_container else "",
        "range": words.derived_amount(result.per_container, with_unit=False),
        "payload": _share_text(weighed),
        "room": _room_text(weighed),
    }
    return Row(values, shown, working=working)


def _implied_row(implied: ImpliedTotal, explain: bool) -> Row:
    factor, count = implied.factor, implied.containers
    working = implied_total_working(implied) if explain else ()
    values = {
        "factor_claim_id": factor.claim.id,
        "factor_source_id": factor.claim.source.id,
        "factor_calibre_mm": common.number(factor.claim.calibre_mm),
        **common.amount_cells("per_container", factor.per_container, nominal="nominal"),
        common.CARRIER: common.carrier_name(factor),
        "containers_claim_id": count.id,
        "containers_source_id": count.source.id,
        "containers_as_of": common.iso(count.as_of),
        **common.amount_cells("containers", count.amount),
        **common.amount_cells("total", implied.total, nominal="nominal"),
    }
    if explain:
        values["working"] = "; ".join(working)
    shown = {
        "factor": factor.claim.id,
        "per_container": words.nominal_and_range(factor.per_container),
        common.CARRIER: common.carrier_name(factor),
        "count": count.id,
        "containers": f"{count.figure.text}",
        "nominal": words.derived(implied.total.nominal),
        "range": words.derived_amount(implied.total, with_unit=False),
    }
    return Row(values, shown, section=factor.claim.id, working=working)


def _containers_text(result: PerContainer) -> str:
    """The count divided by: as its claims state it, or (interpolated) derived."""
    containers = result.containers
    if containers is None:
        return ""
    if containers.method is Method.INTERPOLATED:
        return words.derived_amount(containers.amount, with_unit=False)
    return words.amount_text(containers.amount, with_unit=False)


def _method_text(result: PerContainer) -> str:
    # The claims behind the count are in --explain and the CSV; the table stays narrow.
    if result.containers is None:
        return "no count"
    if result.containers.method is Method.CONVERTS:
        return f"converts {result.containers.claims[0].id}"
    method: str = result.containers.method.value
    return method


def _fit_flags(weighed: Plausibility) -> list[str]:
    fits = weighed.weighing is None or weighed.weighing.fit is Fit.FITS
    return [] if fits else [OVER_PAYLOAD]


def fit_note(weighed: Plausibility) -> str | None:
    """In words, for a figure whose projectiles alone outweigh the payload; else None."""
    weighing = weighed.weighing
    if weighing is None or weighing.fit is Fit.FITS:
        return None
    share = weighing.share
    payload = f"{grouped(weighed.payload.kg)} kg payload"
    if weighing.fit is Fit.CANNOT_FIT:
        return (
            f"{OVER_PAYLOAD}: {weighed.claim.id}: even at its low end the projectiles alone "
            f"would be {words.derived(share.interval.low)} times the {payload}: the figure "
            "cannot fit in the containers"
        )
    return (
        f"{OVER_PAYLOAD}: {weighed.claim.id}: as stated, the projectiles alone would be "
        f"{words.derived(share.nominal)} times the {payload}: the figure does not fit as "
        "stated (only its low end does)"
    )


def _plausibility_cells(weighed: Plausibility) -> dict[str, Cell]:
    chosen, weighing = weighed.selection.round, weighed.weighing
    cells: dict[str, Cell] = {
        "round_id": chosen.id if chosen else "",
        "round_mass_kg": common.number(chosen.mass.nominal) if chosen else None,
        "mass_per_container_t_low": None,
        "mass_per_container_t_high": None,
        "payload_kg": None,
        **common.amount_cells("payload_share", None, nominal="nominal"),
        "break_even_overhead": None,
    }
    cells["payload_fit"] = ""
    if weighing is None:
        return cells
    cells["payload_fit"] = weighing.fit.value
    mass = weighing.mass.interval
    cells["mass_per_container_t_low"] = common.number(mass.lower)
    cells["mass_per_container_t_high"] = common.number(mass.upper)
    # The payload used is on every row that used it, so a row read alone says what it is.
    cells["payload_kg"] = common.number(weighed.payload.kg)
    cells.update(
        common.amount_cells("payload_share", share_shown(weighing.share), nominal="nominal")
    )
    if weighing.break_even_overhead is not None:
        cells["break_even_overhead"] = common.number(round(weighing.break_even_overhead, DECIMALS))
    return cells


def _share_text(weighed: Plausibility) -> str:
    """``0.69 [0.57, 0.86]``: the nominal share and its range, in one narrow column."""
    if weighed.weighing is None:
        return ""
    share = share_shown(weighed.weighing.share)
    ends = interval_text(share.interval)
    if share.nominal is None:
        return ends
    nominal = grouped(share.nominal)
    return nominal if ends == nominal else f"{nominal} {ends}"


def _room_text(weighed: Plausibility) -> str:
    """The break-even overhead, ``0.44``: what propellant and packing could add."""
    if weighed.weighing is None or weighed.weighing.break_even_overhead is None:
        return ""
    return grouped(round(weighed.weighing.break_even_overhead, DECIMALS))


def _no_payload_notes(
    check: Check, results: list[PerContainer], weighed: list[Plausibility]
) -> list[str]:
    """The figures per a carrier the reference file gives no payload of: not weighed."""
    unweighed: dict[str, list[str]] = {}
    for result, item in zip(results, weighed, strict=True):
        if not item.payload_known:
            unweighed.setdefault(common.carrier_name(result), []).append(item.claim.id)
    return [
        f"no payload for a {carrier} in {check.reference.path} (it gives container payloads "
        f"only): the payload is not checked for {', '.join(ids)}"
        for carrier, ids in unweighed.items()
    ]


def _plausibility_notes(
    check: Check, results: list[PerContainer], weighed: list[Plausibility]
) -> tuple[str, ...]:
    """The payload, each round used with its source, and why other claims have no mass."""
    notes = [f"payload: {words.payload_text(check.payload)}"]
    rounds: dict[str, list[str]] = {}
    reasons: dict[str, list[str]] = {}
    for item in weighed:
        chosen = item.selection.round
        if chosen is not None:
            rounds.setdefault(chosen.id, []).append(item.claim.id)
        else:
            reason = words.no_round_text(item.claim, item.selection, check.reference.path)
            reasons.setdefault(reason, []).append(item.claim.id)
    for chosen in check.reference.rounds:
        if chosen.id in rounds:
            uncertain = f"; uncertain: {chosen.uncertain}" if chosen.uncertain else ""
            notes.append(
                f"round {chosen.id} ({check.reference.path}) for {', '.join(rounds[chosen.id])}: "
                f"{chosen.name}, {words.mass_text(chosen)}; source: {chosen.source}{uncertain}"
            )
    notes.extend(f"no round mass ({reason}): {', '.join(ids)}" for reason, ids in reasons.items())
    notes.extend(_no_payload_notes(check, results, weighed))
    notes.extend(note for item in weighed if (note := fit_note(item)) is not None)
    if rounds:
        notes.append(
            "masses are of projectiles only: propellant, fuzes and packing are not known, so "
            "Room (break_even_overhead) is how much they could add, as a share of the "
            "projectiles' mass, before the payload is full"
        )
    return tuple(notes)
