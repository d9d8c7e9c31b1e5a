"""Cells, fields and charts shared by every view of claims; the words they hold are
words.py's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shellcount.analysis.per_container import ContainerCount, PerContainer
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.formats.numbers import grouped, rounded
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim, Ledger

if TYPE_CHECKING:
    from shellcount.formats.chart import RangePanel


def iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def number(value: float | None) -> float | int | None:
    """A JSON/CSV number: rounded as output carries it, None for no or an unbounded value."""
    if value is None or value in (float("inf"), float("-inf")):
        return None
    value = rounded(value)
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def amount_cells(prefix: str, amount: Amount | None, *, nominal: str = "value") -> dict[str, Cell]:
    """``{prefix}_{nominal}``, ``{prefix}_low``, ``{prefix}_high`` of an amount, and
    ``{prefix}_low_open``, ``{prefix}_high_open``; with no prefix, ``value``, ``low``,
    ``high``, ``low_open``, ``high_open``."""
    names = [f"{prefix}_{end}" if prefix else end for end in (nominal, "low", "high")]
    if amount is None:
        return dict.fromkeys(names) | open_cells(prefix, None)
    ends = (amount.nominal, amount.interval.lower, amount.interval.upper)
    cells = {name: number(end) for name, end in zip(names, ends, strict=True)}
    return cells | open_cells(prefix, amount.interval)


def end_cells(prefix: str, amount: Amount | None) -> dict[str, Cell]:
    """``{prefix}_low`` and ``{prefix}_high`` of an amount (a rate, say), empty without one."""
    if amount is None:
        return {f"{prefix}_low": None, f"{prefix}_high": None}
    return {
        f"{prefix}_low": number(amount.interval.lower),
        f"{prefix}_high": number(amount.interval.upper),
    }


def open_cells(prefix: str, interval: Interval | None) -> dict[str, Cell]:
    """Whether each end is open (``true``: no bound, the empty cell beside it is not a
    missing value), or nothing when there is no interval at all."""
    names = [f"{prefix}_{end}" if prefix else end for end in ("low_open", "high_open")]
    if interval is None:
        return dict.fromkeys(names)
    return dict(zip(names, (interval.lower is None, interval.is_open), strict=True))


def open_fields(*prefixes: str) -> tuple[str, ...]:
    """The open-end field names of these amounts, in order (``""``: the claim's own)."""
    return tuple(
        f"{prefix}_{end}" if prefix else end
        for prefix in prefixes
        for end in ("low_open", "high_open")
    )


def flags(claim: Claim) -> list[str]:
    """Short words for what a reader must know before using a figure."""
    found = []
    if claim.basis is not Basis.REPORTED:
        found.append(claim.basis.value)
    if claim.figure.interval.is_open:
        found.append("open-bound")
    if claim.relative_to is not None:
        found.append(f"relative-to:{claim.relative_to}")
    if claim.as_of is None:
        found.append("undated")
    return found


def per_container_chart(results: Iterable[PerContainer], title: str) -> tuple[RangePanel, ...]:
    """The per-container ranges of the claims that have one, on one axis per carrier
    (containers first, under ``title``; per truck, say, on an axis of its own)."""
    from shellcount.formats.chart import RangePanel, RangeRow  # only a table draws charts

    by_carrier: dict[str, list[RangeRow]] = {}
    for result in results:
        if result.per_container is not None:
            bar = RangeRow(
                result.claim.id, result.per_container.interval, result.per_container.nominal
            )
            by_carrier.setdefault(carrier_name(result), []).append(bar)
    container = units.COUNT_OF_CONTAINERS
    charts = []
    for carrier in sorted(by_carrier, key=lambda name: name != container):
        if carrier == container:
            unit, heading = units.MUNITIONS_PER_CONTAINER.replace(" ", ""), title
        else:
            unit = f"{units.COUNT_OF_MUNITIONS}/{carrier}"
            heading = title.replace(f"per {container}", f"per {carrier}")
        charts.append(RangePanel(heading, unit, tuple(by_carrier[carrier])))
    return tuple(charts)


CARRIER = "carrier"
"""The field naming what a per-container figure is per, when it is not always a container."""


_CARRIER_NAMES: dict[object, str] = {}  # a plain dict: no key tuple per row, as a cache makes


def carrier_name(result: PerContainer | ContainerCount | None) -> str:
    """``container``, ``truck``: what a figure is per; empty with no count to divide by."""
    carrier = None if result is None else result.carrier
    if carrier is None:
        return ""
    name = _CARRIER_NAMES.get(carrier)
    if name is None:
        name = _CARRIER_NAMES[carrier] = units.format_unit(carrier)
    return name


def other_carriers(results: Iterable[PerContainer | None]) -> bool:
    """Whether any figure is per something other than a container (a truck, a vessel):
    only then do the reports carry the ``carrier`` field, so container stories read as
    they always have."""
    return any(carrier_name(r) not in ("", units.COUNT_OF_CONTAINERS) for r in results)


def with_carrier(fields: tuple[str, ...], after: str = "per_container_high") -> tuple[str, ...]:
    """``fields`` with ``carrier`` beside the per-container figure."""
    at = fields.index(after) + 1
    return (*fields[:at], CARRIER, *fields[at:])


def per_carrier_columns(
    columns: tuple[Column, ...], before: str, titles: dict[str, str]
) -> tuple[Column, ...]:
    """The table's columns with a Carrier column before ``before`` and the headings that
    say "container" said of carriers (``titles``: key -> new heading)."""
    changed = [dataclasses.replace(c, title=titles.get(c.key, c.title)) for c in columns]
    at = next(i for i, c in enumerate(changed) if c.key == before)
    return (*changed[:at], Column(CARRIER, "Carrier"), *changed[at:])


def carrier_layout(
    per_carrier: bool,
    fields: tuple[str, ...],
    columns: tuple[Column, ...],
    *,
    before: str,
    titles: dict[str, str],
    after: str = "per_container_high",
) -> tuple[tuple[str, ...], tuple[Column, ...]]:
    """A report's fields and columns, with the carrier's beside the per-container figure
    when some figure is per something other than a container (``per_carrier``), and as
    they are otherwise."""
    if not per_carrier:
        return fields, columns
    return with_carrier(fields, after), per_carrier_columns(columns, before, titles)


def date_notes(claims: list[Claim]) -> tuple[str, ...]:
    """What was assumed to read month dates, with the claims each reading applies to."""
    readers: dict[str, list[str]] = {}
    for claim in claims:
        for assumption in claim.assumptions:
            readers.setdefault(assumption, []).append(claim.id)
    return tuple(f"{assumption}: {', '.join(ids)}" for assumption, ids in readers.items())


def with_reading(report: Report, ledger: Ledger) -> Report:
    """The report with the reading its figures rest on: named in its metadata (JSON and
    CSV) and in its notes (the human formats)."""
    metadata = [*report.metadata, ("reading", ledger.reading)]
    note = f"Reading of the hedges: {reading_summary(ledger.reading)}"
    if ledger.about is not None:
        width = f"{ledger.about * 100:g}%"
        metadata.append(("about", width))
        note += f"; 'about' and its synonyms ±{width} of the figure (--about)"
    return dataclasses.replace(report, metadata=tuple(metadata), notes=(*report.notes, note))


def reading_summary(name: str) -> str:
    """The reading's one-line summary from the readings file."""
    from shellcount.ledger.readings import get_reading

    return get_reading(name).summary


class UnknownColumnsError(ValueError):
    """``--columns`` names a field the report does not have (a usage error)."""


def with_columns(report: Report, names: tuple[str, ...]) -> Report:
    """The report cut to the fields ``names``, in that order, in every format: CSV and
    JSON carry just those fields, the table and Markdown show them as columns of their
    own (numbers written as the tables write them). The report's metadata (``reading``)
    may be named like any field; unnamed, it is left out of the CSV."""
    constants = dict(report.metadata)
    known = (*report.fields, *constants)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UnknownColumnsError(
            f"no field {', '.join(map(repr, unknown))} here; the fields are: {', '.join(known)}"
        )
    rows = []
    for row in report.rows:
        values = {name: row.values.get(name, constants.get(name)) for name in names}
        rows.append(
            Row(values, {name: _cell_words(value) for name, value in values.items()}, row.section)
        )
    numeric = {
        name
        for name in names
        if any(isinstance(row.values.get(name), int | float) for row in rows)
        and not any(isinstance(row.values.get(name), str) and row.values.get(name) for row in rows)
    }
    columns = tuple(Column(name, name, numeric=name in numeric) for name in names)
    return dataclasses.replace(
        report, fields=names, columns=columns, rows=tuple(rows), metadata_columns=False
    )


def _cell_words(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return grouped(value)
    return value
