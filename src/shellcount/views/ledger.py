"""``shellcount claims`` and ``shellcount sources``: the ledger with quotes and provenance."""

from __future__ import annotations

from collections import Counter

from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.model import Claim, Ledger, Source
from shellcount.views import common, words

CLAIM_FIELDS = (
    "claim_id", "source_id", "measure", "calibre_mm", "origin", "destination", "figure",
    "unit", "value", "low", "high", "since", "as_of", "basis", "converts", "relative_to",
    "quote", "note", "high_excluded", "restates", "method", "statement",
    *common.open_fields(""),
    # The claim's source, and its dates as written: what `shellcount import` needs to
    # give back the same ledger (ledger/spreadsheet.py reads these names).
    "outlet", "published", "speaker", "role", "via", "url", "document", "grade",
    "source_note", "since_as_written", "as_of_as_written",
)  # fmt: skip

CLAIM_COLUMNS = (
    Column("claim", "Claim", wrap=True),
    Column("source", "Source", priority=2),
    Column("figure", "Figure", wrap=True, priority=1),
    Column("interval", "Interval", numeric=True),
    Column("dates", "Period", wrap=True, priority=1),
    Column("basis", "Basis", wrap=True, priority=2),
    Column("quote", "Quote", wrap=True, priority=3),
)

SOURCE_FIELDS = (
    "source_id", "outlet", "published", "speaker", "role", "via", "url", "document", "grade",
    "claims", "note",
)  # fmt: skip

SOURCE_COLUMNS = (
    Column("source", "Source"),
    Column("outlet", "Outlet", wrap=True),
    Column("published", "Published", priority=1),
    Column("speaker", "Speaker", wrap=True, priority=1),
    Column("via", "Via", wrap=True, priority=2),
    Column("grade", "Grade", priority=2),
    Column("claims", "Claims", numeric=True),
    Column("note", "Note", wrap=True, priority=3),
)


def claims_report(ledger: Ledger) -> Report:
    return Report(
        title=f"Claims ({ledger.path})",
        fields=CLAIM_FIELDS,
        columns=CLAIM_COLUMNS,
        rows=tuple(_claim_row(claim, ledger.statement(claim)) for claim in ledger),
        notes=common.date_notes(list(ledger.claims)),
        bottom_line=(_ledger_line(ledger),),
    )


def _ledger_line(ledger: Ledger) -> str:
    statements = len({ledger.statement(claim).id for claim in ledger})
    dated = [claim.as_of for claim in ledger if claim.as_of is not None]
    span = f", dated {min(dated)} to {max(dated)}" if dated else ""
    return (
        f"{words.count(len(ledger.claims), 'claim')} in "
        f"{words.count(statements, 'statement')} from "
        f"{words.count(len(ledger.sources), 'source')}{span}."
    )


def sources_report(ledger: Ledger) -> Report:
    counts = Counter(claim.source.id for claim in ledger)
    return Report(
        title=f"Sources ({ledger.path})",
        fields=SOURCE_FIELDS,
        columns=SOURCE_COLUMNS,
        rows=tuple(_source_row(s, counts[s.id]) for s in ledger.sources.values()),
        bottom_line=(
            _ledger_line(ledger)
            + f" {sum(1 for s in ledger.sources.values() if s.grade)} of the sources are graded.",
        ),
    )


def _claim_row(claim: Claim, statement: Claim) -> Row:
    values: dict[str, Cell] = {
        "claim_id": claim.id,
        "source_id": claim.source.id,
        "measure": claim.measure,
        "calibre_mm": common.number(claim.calibre_mm),
        "origin": claim.origin or "",
        "destination": claim.destination or "",
        "figure": claim.figure.text,
        "unit": claim.unit_text,
        **common.amount_cells("", claim.amount),
        "since": common.iso(claim.since),
        "as_of": common.iso(claim.as_of),
        "basis": claim.basis.value,
        "converts": claim.converts or "",
        "relative_to": claim.relative_to or "",
        "quote": claim.quote,
        "note": claim.note or "",
        # "hundreds" is [200, 1,000): its high end is not one of its values.
        "high_excluded": claim.figure.interval.high_excluded,
        "restates": claim.restates or "",
        "method": claim.method or "",
        "statement": statement.id,
        **_source_cells(claim.source),
        "since_as_written": claim.since_text or "",
        "as_of_as_written": claim.as_of_text or "",
    }
    shown = {
        "claim": claim.id + ("" if statement is claim else f" (restates {statement.id})"),
        "source": claim.source.id,
        "figure": f"{claim.figure.text} {claim.unit_text}",
        "interval": words.amount_text(claim.amount, with_unit=False),
        "dates": words.date_text(claim),
        "basis": claim.basis.value,
        "quote": claim.quote,
    }
    return Row(values, shown)


def _source_cells(source: Source) -> dict[str, Cell]:
    return {
        "outlet": source.outlet,
        "published": source.published_text,
        "speaker": source.speaker or "",
        "role": source.role or "",
        "via": " > ".join(source.via),
        "url": source.url or "",
        "document": source.document or "",
        "grade": source.grade or "",
        "source_note": source.note or "",
    }


def _source_row(source: Source, claims: int) -> Row:
    cells = _source_cells(source)
    note = cells.pop("source_note")
    values: dict[str, Cell] = {"source_id": source.id, **cells, "claims": claims, "note": note}
    speaker = ", ".join(p for p in (source.speaker, source.role) if p)
    shown = {
        "source": source.id,
        "outlet": source.outlet,
        "published": source.published_text,
        "speaker": speaker,
        "via": " > ".join(source.via),
        "grade": source.grade or "",
        "claims": str(claims),
        "note": source.note or "",
    }
    return Row(values, shown)
