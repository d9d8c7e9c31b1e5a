"""Each output format as a function of shared result data (the sample report)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import Shell, matches_golden
from shellcount.formats import FORMATTERS, OutputFormat, Terminal, render
from shellcount.formats.printable import printable
from shellcount.formats.report import Report


def test_every_format_has_a_formatter() -> None:
    assert set(FORMATTERS) == set(OutputFormat)


def _row_lines(text: str, claim_id: str) -> list[str]:
    """The lines of a table or Markdown text that start the row of ``claim_id``."""
    return [
        line
        for line in text.splitlines()
        if line.lstrip(" |").startswith(f"{claim_id} ") and "[" in line
    ]


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_every_format_renders_every_row(output_format: OutputFormat, sample_report: Report) -> None:
    """Each row, with its own range, where the format puts rows: CSV and JSON records by
    their field names; table and Markdown a line that starts with the row's claim."""
    text = render(sample_report, output_format)
    assert text.endswith("\n"), text
    assert "\x1b" not in text, text
    if output_format is OutputFormat.CSV:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(r["claim_id"], r["low"], r["high"]) for r in rows] == [
            ("a", "6650", "6750"),
            ("b", "3000000", ""),
        ], text
    elif output_format is OutputFormat.JSON:
        rows = json.loads(text)["rows"]
        assert [(r["claim_id"], r["low"], r["high"]) for r in rows] == [
            ("a", 6650, 6750),
            ("b", 3000000, None),
        ], text
    else:
        unescaped = text.replace("\\", "")
        for claim_id, shown in (("a", "[6,650, 6,750]"), ("b", "[3,000,000, open)")):
            lines = _row_lines(unescaped, claim_id)
            assert len(lines) == 1, (claim_id, text)
            assert shown in lines[0], (claim_id, text)


def test_csv(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.CSV)
    assert text == (
        "claim_id,quote,low,high,per_container_nominal\r\n"
        'a,"about 6,700",6650,6750,447.76\r\n'
        "b,[bold red]loud[/] | *x*,3000000,,\r\n"
    ), text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1]["high"] == ""


def test_json(sample_report: Report) -> None:
    document = json.loads(render(sample_report, OutputFormat.JSON))
    assert document["title"] == "Sample"
    assert document["rows"][1] == {
        "claim_id": "b",
        "quote": "[bold red]loud[/] | *x*",
        "low": 3000000,
        "high": None,
        "per_container_nominal": None,
    }
    assert document["notes"] == ["a note"]


def test_markdown_escapes_data(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.MARKDOWN)
    assert "| b | \\[bold red\\]loud\\[/\\] \\| \\*x\\* | \\[3,000,000, open\\) |" in text, text
    assert "### containers" in text
    assert "|---|---|---:|" in text


def test_table_shows_markup_as_written(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.TABLE)
    assert "[bold red]loud[/] | *x*" in text, text
    assert "step one" not in text  # the working shows only with --explain
    assert "a note" in text


def test_table_for_a_terminal_is_coloured_and_fits(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.TABLE, Terminal(width=40, color=True))
    assert "\x1b[" in text
    assert "[bold red]" in text, text


def test_table_working_with_explain(sample_report: Report) -> None:
    report = Report(
        sample_report.title,
        sample_report.fields,
        sample_report.columns,
        sample_report.rows,
        explain=True,
    )
    text = render(report, OutputFormat.TABLE)
    assert "a\n  step one\n  step two\n" in text, text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("red \x1b[31mALERT\x1b[0m", "red \\x1b[31mALERT\\x1b[0m"),
        ("over\rwrite", "over\\rwrite"),
        ("bell\x07", "bell\\x07"),
        ("rtl \u202eevil", "rtl \\u202eevil"),
    ],
)
def test_control_characters_are_made_visible(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_table_too_wide_for_the_terminal_becomes_records(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.TABLE, Terminal(width=45, color=False))
    assert "\nb\n  Quote  [bold red]loud[/] | *x*\n  Range  [3,000,000, open)\n" in text, text
    assert "…" not in text, text


def test_a_table_that_fits_stays_a_table(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.TABLE, Terminal(width=200, color=False))
    assert " Claim   Quote " in text, text


def test_a_wrapped_record_value_stays_under_its_value(sample_report: Report) -> None:
    text = render(sample_report, OutputFormat.TABLE, Terminal(width=30, color=False))
    assert "  Quote  [bold red]loud[/] |\n         *x*\n" in text, text


# -- one command in each human format, exactly (the goldens) ------------------------------


@pytest.mark.parametrize(
    ("output_format", "golden"),
    [
        (OutputFormat.TABLE, "reconcile_ruritania.txt"),
        (OutputFormat.MARKDOWN, "reconcile_ruritania.md"),
        (OutputFormat.JSON, "reconcile_ruritania.json"),
    ],
)
def test_reconcile_in_each_format_is_exact(
    shellcount: Shell, monkeypatch: pytest.MonkeyPatch, output_format: OutputFormat, golden: str
) -> None:
    """The verdicts of a claims file written for the tests, byte for byte: a change to any
    format's layout shows here (SHELLCOUNT_UPDATE_GOLDEN=1 rewrites the files)."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    # --all: every verdict's section, each format's layout of all of them (the default
    # lists conflicts and tensions only).
    result = shellcount(
        "reconcile",
        "--claims",
        "tests/data/ruritania.yaml",
        "--all",
        "--format",
        output_format.value,
    )
    assert result.exit_code == 0, result.output
    assert matches_golden(golden, result.stdout), result.stdout
