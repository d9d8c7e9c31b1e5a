"""Rows stream: CSV, JSON and Markdown come in pieces as rows are made, with the very
text of the whole document; compare makes its rows as they are written."""

from __future__ import annotations

import pytest

from shellcount.choices import OutputFormat
from shellcount.formats import json_format, markdown_format, render, render_chunks
from shellcount.formats.report import Column, LazyRows, Report, Row
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.views.compare import compare_report
from shellcount.views.reconcile import reconcile_report
from shellcount.views.timeline import timeline_report


def whole_json(report: Report) -> str:
    """The JSON as it was written before rows streamed: one dump of the document."""
    rows = []
    for row in report.rows:
        item: dict[str, object] = {
            name: row.values.get(name) for name in report.fields if name != "working"
        }
        if report.explain:
            item["working"] = list(row.working)
        rows.append(item)
    document: dict[str, object] = {"title": report.title}
    if report.metadata:
        document["metadata"] = dict(report.metadata)
    if report.bottom_line:
        document["bottom_line"] = list(report.bottom_line)
    document.update(rows=rows, notes=list(report.notes))
    return json_format.dumps(document)


def whole_markdown(report: Report) -> str:
    """The Markdown as it was written before rows streamed: every section's table whole,
    then each row's working."""
    md = markdown_format
    lines = [md._heading("##", report.title), ""]
    if report.bottom_line:
        lines += [*(md._item(line) for line in report.bottom_line), ""]
    for section, rows in report.sections():
        if section:
            lines += [md._heading("###", section), ""]
        lines.append("| " + " | ".join(md.escape(c.title) for c in report.columns) + " |")
        lines.append("|" + "|".join("---:" if c.numeric else "---" for c in report.columns) + "|")
        for row in rows:
            cells = (md.escape(row.shown.get(c.key, "")) for c in report.columns)
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    for row in report.rows:
        if report.explain and row.working:
            lines.append(f"**{md.escape(row.shown.get(report.columns[0].key, ''))}**")
            lines += [md._item(step) for step in row.working]
            lines.append("")
    if report.notes:
        lines += ["Notes:", "", *(md._item(note) for note in report.notes), ""]
    return "\n".join(lines)


def reports() -> list[Report]:
    ledger = load_claims(packaged_claims_path())
    return [
        compare_report(ledger),
        compare_report(ledger, explain=True),
        reconcile_report(ledger),
        timeline_report(ledger),
        timeline_report(ledger, measure="no such measure"),
    ]


@pytest.mark.parametrize("index", range(5))
def test_the_json_in_pieces_is_the_whole_document(index: int) -> None:
    report = reports()[index]
    chunks = list(render_chunks(report, OutputFormat.JSON))
    expected = whole_json(report)
    assert "".join(chunks) == expected
    rows = sum(1 for _ in report.rows)
    assert len(chunks) == (1 if rows == 0 else rows + 2), len(chunks)


@pytest.mark.parametrize("index", range(5))
def test_the_markdown_in_pieces_is_the_whole_document(index: int) -> None:
    report = reports()[index]
    assert "".join(render_chunks(report, OutputFormat.MARKDOWN)) == whole_markdown(report)


def test_markdown_comes_in_pieces_and_makes_its_rows_once() -> None:
    made = []

    def rows() -> list[Row]:
        made.append(1)
        return [
            Row({}, {"n": str(n)}, section=f"part {n // 150}", working=(f"step {n}",))
            for n in range(200)
        ]

    report = Report("t", (), (Column("n", "n"),), LazyRows(rows), explain=True)
    chunks = list(render_chunks(report, OutputFormat.MARKDOWN))
    assert len(made) == 1  # the working is kept, not made by reading the rows again
    assert len(chunks) == 4, [len(chunk) for chunk in chunks]  # 64 lines a piece
    assert chunks[0].startswith("## t\n\n### part 0\n\n| n |\n|---|\n| 0 |\n"), chunks[0]
    assert "".join(chunks) == whole_markdown(report)
    assert "### part 1\n\n| n |\n|---|\n| 150 |\n" in chunks[2], chunks[2]


def test_csv_comes_in_pieces_of_rows() -> None:
    fields = ("n", "text")
    made = []

    def rows() -> list[Row]:
        made.append(1)
        return [Row({"n": n, "text": f"={n}"}, {}) for n in range(200)]

    report = Report("t", fields, (Column("n", "n"),), LazyRows(rows))
    chunks = list(render_chunks(report, OutputFormat.CSV))
    assert len(chunks) == 4, chunks  # 64 rows a piece, the header with the first
    assert "".join(chunks) == render(report, OutputFormat.CSV)
    assert chunks[0].startswith("n,text\r\n0,'=0\r\n"), chunks[0]
    assert len(made) == 2  # rows are made again for each reading, never kept


def test_compare_makes_its_rows_as_they_are_read() -> None:
    report = compare_report(load_claims(packaged_claims_path()))
    assert isinstance(report.rows, LazyRows)
    first = next(iter(report.rows))
    assert first.values["claim_id"] == "kirby-oct-containers", first.values
