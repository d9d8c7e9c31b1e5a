"""``shellcount mix``: one container count converted to two calibres, the total for each
share of containers carrying the first, and the share each other source's total implies.

Every row says how it was reached: CSV and JSON carry the claims (``claim_a_id``,
``claim_b_id``, ``containers_claim_id``, ``matches_claim_id``) and the arithmetic (``how``);
the table and Markdown name the claims in each section's heading and show the arithmetic
in the How column.
"""

from __future__ import annotations

from shellcount.analysis.mix import CurvePoint, Match, MixResult, Unmatched, analyse
from shellcount.arithmetic.interval import Interval
from shellcount.formats.numbers import grouped, interval_text, plain
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.views import common, words
from shellcount.views.working import figure_step

FIELDS = (
    "kind", "share", "calibre_a_mm", "calibre_b_mm", "containers_value",
    "total_nominal", "total_low", "total_high", "matches_claim_id",
    "claim_a_id", "claim_b_id", "share_low", "share_high", "flag", "how",
    "containers_claim_id", "as_of", "source_id", "matches_source_id",
    *common.open_fields("total"),
)  # fmt: skip

COLUMNS = (
    Column("row", "Row", wrap=True),
    Column("share", "Share of A", numeric=True),
    Column("nominal", "Total", numeric=True),
    Column("range", "Range", numeric=True),
    Column("fits", "Shares that fit", numeric=True),
    Column("flag", "Flag", wrap=True, priority=1),
    Column("how", "How", wrap=True, priority=2),
)

METHOD_NOTES = (
    "curve: total(s) = s × A + (1 − s) × B rounds, s the share of the containers carrying "
    "calibre A; each end of the range separately (an open end of A stays open for s > 0)",
    "match: another source's total T of the same flow on the containers' date; share = "
    "(T − B) ÷ (A − B) on the stated numbers; shares that fit: every s in [0, 1] for which "
    "the range of the mix overlaps T's",
)


def mix_report(
    ledger: Ledger, calibre_a: float, calibre_b: float, *, explain: bool = False
) -> Report:
    results = analyse(ledger, calibre_a, calibre_b)
    rows: list[Row] = []
    notes = list(METHOD_NOTES)
    used: list[Claim] = []
    for result in results:
        mix = result.mix
        section = _section(result)
        rows += [_curve_row(point, section, explain) for point in result.curve]
        rows += [_match_row(found, section, explain) for found in result.matches]
        notes += _unmatched_notes(result)
        used += [mix.containers, mix.a, mix.b, *(found.claim for found in result.matches)]
    if not results:
        notes.append(
            f"no container claim is converted both to {plain(calibre_a)} mm and to "
            f"{plain(calibre_b)} mm by capacity claims (basis: capacity, with converts)"
        )
    notes += common.date_notes(list(dict.fromkeys(used)))
    return Report(
        title=f"Mix of {plain(calibre_a)} mm (A) and {plain(calibre_b)} mm (B): the total "
        f"for each share of containers carrying A ({ledger.path})",
        fields=FIELDS + (("working",) if explain else ()),
        columns=COLUMNS,
        rows=tuple(rows),
        notes=tuple(notes),
        explain=explain,
    )


def _section(result: MixResult) -> str:
    mix = result.mix
    return f"{_claim_text(mix.containers)}: A = {_claim_text(mix.a)}, B = {_claim_text(mix.b)}"


def _claim_text(claim: Claim) -> str:
    """``id (figure unit, 152 mm, as of 2024-02-27)``."""
    parts = [f"{claim.figure.text} {claim.unit_text}", words.calibre_text(claim)]
    parts.append(f"as of {claim.as_of}" if claim.as_of else "undated")
    return f"{claim.id} ({', '.join(part for part in parts if part)})"


def _common_values(item: CurvePoint | Match) -> dict[str, Cell]:
    mix = item.mix
    return {
        "calibre_a_mm": common.number(mix.a.calibre_mm),
        "calibre_b_mm": common.number(mix.b.calibre_mm),
        "containers_value": common.number(mix.containers.figure.value),
        "claim_a_id": mix.a.id,
        "claim_b_id": mix.b.id,
        "containers_claim_id": mix.containers.id,
        "as_of": common.iso(mix.containers.as_of),
        "source_id": " ".join(sorted(mix.source_ids)),
    }


def _curve_row(point: CurvePoint, section: str, explain: bool) -> Row:
    share = point.share
    nominal = _curve_nominal(point)
    spread = _curve_range(point)
    how = "; ".join(part for part in (nominal, f"range {spread}") if part)
    working = _curve_working(point) if explain else ()
    values: dict[str, Cell] = {
        "kind": "curve",
        "share": common.number(share),
        **_common_values(point),
        **common.amount_cells("total", point.total, nominal="nominal"),
        "matches_claim_id": "",
        "share_low": None,
        "share_high": None,
        "flag": "",
        "how": how,
        "matches_source_id": "",
    }
    if explain:
        values["working"] = "; ".join(working)
    shown = {
        "row": f"curve {plain(share)}",
        "share": plain(share),
        "nominal": words.nominal_text(point.total),
        "range": interval_text(point.total.interval),
        "fits": "",
        "flag": "",
        "how": nominal or spread,
    }
    return Row(values, shown, section=section, working=working)


def _match_row(found: Match, section: str, explain: bool) -> Row:
    share_how = _share_how(found)
    fits = _fits_text(found.fits)
    overlap = (
        f"the ranges overlap for shares {fits}"
        if found.fits
        else "no share in [0, 1] makes the ranges overlap"
    )
    how = f"{share_how}; {overlap}"
    working = _match_working(found) if explain else ()
    values: dict[str, Cell] = {
        "kind": "match",
        "share": common.number(found.share),
        **_common_values(found),
        **common.amount_cells("total", found.total, nominal="nominal"),
        "matches_claim_id": found.claim.id,
        "share_low": common.number(found.fits.low) if found.fits else None,
        "share_high": common.number(found.fits.high) if found.fits else None,
        "flag": " ".join(flag.value for flag in found.flags),
        "how": how,
        "matches_source_id": found.claim.source.id,
    }
    if explain:
        values["working"] = "; ".join(working)
    shown = {
        "row": f"match {found.claim.id}",
        "share": plain(found.share) if found.share is not None else "none",
        "nominal": words.nominal_text(found.total),
        "range": interval_text(found.total.interval),
        "fits": fits,
        "flag": " ".join(flag.value for flag in found.flags),
        "how": share_how,
    }
    return Row(values, shown, section=section, working=working)


def _curve_nominal(point: CurvePoint) -> str:
    a, b = point.mix.total_a, point.mix.total_b
    if a.nominal is None or b.nominal is None:
        return ""
    return (
        f"{plain(point.share)} × {grouped(a.nominal)} + {plain(1 - point.share)} × "
        f"{grouped(b.nominal)} = {grouped(point.total.nominal)}"
    )


def _curve_range(point: CurvePoint) -> str:
    a, b = point.mix.total_a, point.mix.total_b
    return (
        f"{plain(point.share)} × {interval_text(a.interval)} + {plain(1 - point.share)} × "
        f"{interval_text(b.interval)} = {interval_text(point.total.interval)}"
    )


def _share_how(found: Match) -> str:
    a, b, total = found.mix.total_a.nominal, found.mix.total_b.nominal, found.total.nominal
    if a is None or b is None or total is None:
        missing = [
            claim.id
            for claim, value in ((found.claim, total), (found.mix.a, a), (found.mix.b, b))
            if value is None
        ]
        return f"no stated number in {', '.join(missing)}: no share on stated numbers"
    if found.share is None:
        return f"A and B both state {grouped(a)}: no share can be read from stated numbers"
    return f"({grouped(total)} − {grouped(b)}) ÷ ({grouped(a)} − {grouped(b)}) = {found.share:.2f}"


def _fits_text(fits: Interval | None) -> str:
    return "none" if fits is None else interval_text(fits)


def _curve_working(point: CurvePoint) -> tuple[str, ...]:
    steps = [
        f"share s = {plain(point.share)} of the containers carry A, "
        f"{plain(1 - point.share)} carry B",
        *_claims_steps(point),
    ]
    nominal = _curve_nominal(point)
    steps.append(f"nominal: {nominal} round" if nominal else "nominal: none (no stated number)")
    steps.append(f"range: {_curve_range(point)} round")
    return tuple(steps)


def _match_working(found: Match) -> tuple[str, ...]:
    a, b, total = found.mix.total_a, found.mix.total_b, found.total
    fits = _fits_text(found.fits)
    steps = [
        f"T: {figure_step(found.claim)}",
        *_claims_steps(found),
        f"stated share: (T − B) ÷ (A − B): {_share_how(found)}",
        f"shares that fit (s in [0, 1] where the mix's range overlaps T's): "
        f"{'; '.join(_fit_conditions(a, b, total))}: {fits}",
    ]
    if found.flags:
        steps.append(f"flags: {' '.join(flag.value for flag in found.flags)}")
    return tuple(steps)


def _claims_steps(item: CurvePoint | Match) -> list[str]:
    mix = item.mix
    return [
        f"A: {figure_step(mix.a)}",
        f"B: {figure_step(mix.b)}",
        f"both convert {figure_step(mix.containers)}",
    ]


def _fit_conditions(a: Amount, b: Amount, total: Amount) -> list[str]:
    """The two conditions of an overlap, each as the linear inequality it is in s."""
    conditions = []
    if not total.interval.is_open:
        conditions.append(
            f"low end s × {grouped(a.interval.low)} + (1 − s) × {grouped(b.interval.low)} "
            f"≤ {grouped(total.interval.high)}"
        )
    if a.interval.is_open or b.interval.is_open:
        where = {(True, True): "every s", (True, False): "s > 0", (False, True): "s < 1"}
        conditions.append(f"high end open for {where[a.interval.is_open, b.interval.is_open]}")
    else:
        conditions.append(
            f"high end s × {grouped(a.interval.high)} + (1 − s) × {grouped(b.interval.high)} "
            f"≥ {grouped(total.interval.low)}"
        )
    return conditions


def _unmatched_notes(result: MixResult) -> list[str]:
    """The counts of the flow left unmatched, and why, one note per reason."""
    containers = result.mix.containers
    by_reason: dict[Unmatched, list[str]] = {}
    for claim, reason in result.unmatched:
        label = claim.id
        if reason is Unmatched.OTHER_DATE:
            label = f"{claim.id} (as of {claim.as_of})"
        by_reason.setdefault(reason, []).append(label)
    texts = {
        Unmatched.SAME_SOURCE: "same source as the mix, so not a check of it",
        Unmatched.SAME_STATEMENT: "a restatement of the conversion, so not a check of it",
        Unmatched.OTHER_DATE: f"another date than the containers' {containers.as_of}; "
        "comparing them would need a rate",
        Unmatched.UNDATED: "undated, so no date to compare"
        if containers.as_of
        else f"{containers.id} is undated, so no count can be compared with it",
    }
    return [
        f"{containers.id}: not matched, {texts[reason]}: {', '.join(labels)}"
        for reason, labels in by_reason.items()
    ]
