"""``shellcount timeline``: dated counts with their periods and rates, the change between
consecutive counts, counts that fall, and (``--at``) a count read off on any day."""

from __future__ import annotations

import datetime as dt

from shellcount.analysis.per_container import matches_calibre
from shellcount.analysis.timeline import TimelineEntry, is_cumulative_count, timeline
from shellcount.arithmetic import units
from shellcount.choices import LISTED
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.views import common, words

FIELDS = (
    "measure", "calibre_mm", "origin", "destination", "claim_id", "source_id", "since",
    "as_of", "low", "high", "days", "rate_per_day_low", "rate_per_day_high",
    "rate_per_month_low", "rate_per_month_high", "flag",
    "kind", "from_claim_id", "from_claims", "value", "unit", "rate_per_day_nominal",
    "rate_per_month_nominal", "how",
    *common.open_fields(""),
)  # fmt: skip

COLUMNS = (
    Column("claim", "Claim"),
    Column("period", "Period", wrap=True),
    Column("count", "Count", numeric=True),
    Column("days", "Days", numeric=True, priority=2),
    Column("per_day", "Per day", numeric=True, priority=1),
    Column("per_month", "Per month", numeric=True, priority=2),
    Column("flag", "Flag", wrap=True, priority=1),
)


def timeline_report(
    ledger: Ledger,
    *,
    measure: str | None = None,
    calibre_mm: float | None = None,
    at: dt.date | None = None,
) -> Report:
    groups = timeline_quantities(ledger, measure=measure, calibre_mm=calibre_mm)
    rows: list[Row] = []
    for claims in groups:
        section = words.quantity_text(claims[0])
        rows.extend(_row(entry, claims[0], section) for entry in timeline(claims, at))
    notes = [
        "Rates are averages over each period; a month is a twelfth of a year (30.44 days).",
        "A step is the change between one count and the one before it in date order; "
        "counts whose periods start on different days may differ for that reason alone.",
    ]
    if at is not None:
        notes.append(f"--at {at}: the count read off each quantity's series on that day.")
    return Report(
        title=f"Timeline ({ledger.path})",
        fields=FIELDS,
        columns=COLUMNS,
        rows=tuple(rows),
        notes=tuple(notes) + common.date_notes([c for cs in groups for c in cs]),
        bottom_line=tuple(_bottom_line(claims) for claims in groups),
    )


def timeline_quantities(
    ledger: Ledger, *, measure: str | None = None, calibre_mm: float | None = None
) -> list[list[Claim]]:
    """The dated counts of each quantity (of the measure and calibre, when given), in the
    ledger's order: what the timeline table and chart show."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in ledger:
        if not is_cumulative_count(claim):
            continue
        if measure is not None and claim.measure != measure:
            continue
        if calibre_mm is not None and not matches_calibre(claim, calibre_mm):
            continue
        groups.setdefault(claim.quantity, []).append(claim)
    return list(groups.values())


def _bottom_line(claims: list[Claim]) -> str:
    """A quantity's counts: how many, over which dates, the latest."""
    dated = sorted((c for c in claims if c.as_of is not None), key=lambda c: c.as_of or dt.date.min)
    latest = dated[-1]
    return (
        f"{words.quantity_text(claims[0])}: {words.count(len(dated), 'count')} from "
        f"{dated[0].as_of} to {latest.as_of}; the latest, {latest.id}, "
        f"'{latest.figure.text}' ({words.amount_text(latest.amount)})."
    )


def _row(entry: TimelineEntry, first: Claim, section: str) -> Row:
    claim = entry.claim
    per_month = _per_month(entry.per_day)
    values: dict[str, Cell] = {
        "measure": first.measure,
        "calibre_mm": common.number(first.calibre_mm),
        "origin": first.origin or "",
        "destination": first.destination or "",
        "claim_id": claim.id if claim else "",
        "source_id": claim.source.id if claim else "",
        "since": common.iso(entry.since),
        "as_of": entry.as_of.isoformat(),
        "low": common.number(entry.amount.interval.lower),
        "high": common.number(entry.amount.interval.upper),
        "days": entry.days,
        **common.end_cells("rate_per_day", entry.per_day),
        **common.end_cells("rate_per_month", per_month),
        "flag": words.timeline_flag(entry),
        "kind": entry.kind,
        # At most LISTED ids, as compare's conflicts_with: a date of many claims would
        # otherwise repeat them all on every step row after it.
        "from_claim_id": " ".join(c.id for c in entry.previous[:LISTED]),
        "from_claims": len(entry.previous) if entry.kind == "step" else None,
        "value": common.number(entry.amount.nominal),
        "unit": units.format_unit(entry.amount.unit),
        "rate_per_day_nominal": common.number(entry.per_day.nominal if entry.per_day else None),
        "rate_per_month_nominal": common.number(per_month.nominal if per_month else None),
        "how": words.timeline_how(entry),
        **common.open_cells("", entry.amount.interval),
    }
    if entry.kind == "step":
        name = f"  change since {entry.since}"
        period = f"{entry.since} – {entry.as_of}"
    elif entry.kind == "at":
        name, period = "read off the series", f"on {entry.as_of}"
    else:
        assert claim is not None
        name = claim.id
        period = f"{entry.since} – {entry.as_of}" if entry.since else f"as of {entry.as_of}"
    shown = {
        "claim": name,
        "period": period,
        "count": words.amount_text(entry.amount, with_unit=False),
        "days": "" if entry.days is None else str(entry.days),
        "per_day": _rate_text(entry.per_day),
        "per_month": _rate_text(per_month),
        "flag": str(values["flag"]),
    }
    working = (str(values["how"]),)
    return Row(values, shown, section=section, working=working)


def _per_month(per_day: Amount | None) -> Amount | None:
    if per_day is None:
        return None
    numerator = per_day.unit * units.parse_unit("day")
    return per_day.to(units.ratio_unit(numerator, units.parse_unit("month")))


def _rate_text(amount: Amount | None) -> str:
    if amount is None:
        return ""
    nominal = words.nominal_text(amount)
    interval = words.amount_text(amount, with_unit=False)
    return interval if not nominal or nominal == interval else f"{nominal} {interval}"
