"""Each output format as a function of shared result data (the sample report)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Shell, matches_golden
from shellcount.characters import printable
from shellcount.formats import FORMATTERS, OutputFormat, Terminal, render
from shellcount.formats.cells import cell_width
from shellcount.formats.report import Column, Report, Row


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
    # Issue 11: brackets and parentheses are no longer escaped; the pipe and stars are.
    assert "| b | [bold red]loud[/] \\| \\*x\\* | [3,000,000, open) |" in text.splitlines(), text
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


# -- the table fitted to a terminal ---------------------------------------------------------


def _prose_report() -> Report:
    """Ids, a number, an empty column, a prose column and a prose column that may leave."""
    columns = (
        Column("claim", "Claim"),
        Column("empty", "Empty"),
        Column("figure", "Figure", wrap=True, priority=1),
        Column("range", "Range", numeric=True),
        Column("how", "How", wrap=True, priority=2),
    )
    how = "the figure read as written, then carried to the date of the pool at its own rate"
    rows = (
        Row({}, {"claim": "a-claim", "figure": "more than three million", "range": "[1, 2]",
                 "how": how}),
        Row({}, {"claim": "b", "figure": "about 6,700", "range": "[6,600, 6,800]",
                 "how": "as stated"}),
    )  # fmt: skip
    return Report("Prose", (), columns, rows)


def test_a_pipe_keeps_every_column_on_one_line() -> None:
    text = render(_prose_report(), OutputFormat.TABLE)
    assert text.splitlines()[2:] == [
        " Claim     Empty   Figure                             Range   How",
        " " + "─" * 141,
        " a-claim           more than three million           [1, 2]   the figure read as"
        " written, then carried to the date of the pool at its own rate",
        " b                 about 6,700               [6,600, 6,800]   as stated",
        "",
    ], text


def test_a_terminal_leaves_out_empty_columns_and_wraps_with_a_hang() -> None:
    text = render(_prose_report(), OutputFormat.TABLE, Terminal(width=130))
    assert text.splitlines()[2:] == [
        " Claim     Figure                             Range   How",
        " " + "─" * 129,
        " a-claim   more than three million           [1, 2]   the figure read as written,"
        " then carried to the date of the pool at its own",
        "                                                        rate",
        " b         about 6,700               [6,600, 6,800]   as stated",
        "",
    ], text


def test_prose_that_does_not_fit_moves_under_its_row() -> None:
    text = render(_prose_report(), OutputFormat.TABLE, Terminal(width=60))
    assert text.splitlines()[2:] == [
        " Claim     Figure                             Range",
        " ──────────────────────────────────────────────────",
        " a-claim   more than three million           [1, 2]",
        "   How: the figure read as written, then carried to the date",
        "     of the pool at its own rate",
        " b         about 6,700               [6,600, 6,800]",
        "   How: as stated",
        "",
    ], text


def test_a_narrow_column_wraps_its_words_with_a_hang() -> None:
    text = render(_prose_report(), OutputFormat.TABLE, Terminal(width=44))
    assert text.splitlines()[2:8] == [
        " Claim     Figure                      Range",
        " ───────────────────────────────────────────",
        " a-claim   more than three            [1, 2]",
        "             million",
        "   How: the figure read as written, then",
        "     carried to the date of the pool at its",
    ], text


def test_the_columns_of_priority_0_stay_in_the_table_to_the_last() -> None:
    text = render(_prose_report(), OutputFormat.TABLE, Terminal(width=24))
    assert text.splitlines()[2:6] == [
        " Claim             Range",
        " ───────────────────────",
        " a-claim          [1, 2]",
        "   Figure: more than",
    ], text


def test_fixed_columns_that_cannot_fit_become_blocks() -> None:
    text = render(_prose_report(), OutputFormat.TABLE, Terminal(width=22))
    assert text.splitlines()[-6:] == [
        "",
        "b",
        "  Figure  about 6,700",
        "  Range   [6,600,",
        "          6,800]",
        "  How     as stated",
    ], text
    assert max(len(line) for line in text.splitlines()) <= 22, text


def test_one_long_cell_does_not_pad_every_row_in_a_pipe() -> None:
    """Issue 12: the pool table padded every row to its longest list of claims, so its
    bytes grew with the square of the claims. A prose cell past 400 cells no longer sets
    its column's width: it runs on, on its own line."""
    columns = (Column("claims", "Claims", wrap=True), Column("p50", "p50", numeric=True))
    long = " ".join(f"claim-{n}" for n in range(200))
    rows = tuple(Row({}, {"claims": f"claim-{n}", "p50": "1"}) for n in range(50))
    report = Report("Pool", (), columns, (Row({}, {"claims": long, "p50": "2"}), *rows))
    lines = render(report, OutputFormat.TABLE).splitlines()
    assert lines[4] == f" {long}     2", lines[4]
    assert lines[5] == " claim-0      1", lines[5]  # the column as wide as claim-49


# -- Markdown escapes what would be syntax, and nothing else ---------------------------------


def _markdown_parser() -> Any:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _shown(tokens: list[Any]) -> list[tuple[str, str]]:
    """The inline pieces a Markdown reader sees, with their kind (text, em, link, ...)."""
    return [
        (child.type, child.content)
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
    ]


def _as_read(text: str) -> str:
    """What the data should read as: line breaks folded, control characters shown."""
    return printable(re.sub(r"\r\n|\n", " ", text)).strip(" ")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("[6,650, 6,750]", "[6,650, 6,750]"),  # issue 11: was \[6,650, 6,750\]
        ("(packaged claims.yaml)", "(packaged claims.yaml)"),  # was \(packaged claims.yaml\)
        ("a ~ b", "a ~ b"),
        ("snake_case", "snake_case"),
        ("2 * 3", "2 * 3"),
        ("a | b", "a \\| b"),
        ("*loud*", "\\*loud\\*"),
        ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
        ("[link](http://x)", "[link\\](http://x)"),
        ("&amp; &#65;", "\\&amp; \\&#65;"),
        ("`code`", "\\`code\\`"),
        ("$5 to $9", "\\$5 to \\$9"),
        ("a\\|b", "a\\\\\\|b"),
        ("C:\\dir", "C:\\dir"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
        (":fire:", "\\:fire:"),
        ("line\nbreak", "line break"),
    ],
)
def test_markdown_escapes_only_what_would_be_syntax(text: str, written: str) -> None:
    from shellcount.formats.markdown_format import escape

    assert escape(text) == written
    tokens = _markdown_parser().parse(f"| h |\n|---|\n| {written} |\n")
    assert _shown(tokens)[-1] == ("text", _as_read(text)), tokens


_HOSTILE = st.lists(
    st.sampled_from([*"ab1 .:_*~`|\\<>&#;[]()!$-+=/\"'\n", "&amp;", "<b>", "://", "  "]),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HOSTILE)
def test_any_text_in_a_markdown_cell_reads_as_written(text: str) -> None:
    """Claims-file text is data: in a cell it is one text, as written, never a tag, a
    link, emphasis or code, and never a second cell."""
    from shellcount.formats.markdown_format import escape

    tokens = _markdown_parser().parse(f"| h | x |\n|---|---|\n| {escape(text)} | end |\n")
    shown = _shown(tokens)
    expected = _as_read(text)
    assert shown[-2:] == [("text", expected), ("text", "end")] if expected else True, shown
    assert {kind for kind, _ in shown} <= {"text"}, shown


@settings(max_examples=300, deadline=None)
@given(_HOSTILE)
def test_any_text_in_a_markdown_note_reads_as_written(text: str) -> None:
    """A note or bottom line is a list item: what would start a block is escaped too."""
    from shellcount.formats.markdown_format import _item

    tokens = _markdown_parser().parse(_item(text) + "\n")
    kinds = [token.type for token in tokens]
    expected = _as_read(text)
    if expected:
        assert kinds == [
            "bullet_list_open", "list_item_open", "paragraph_open", "inline",
            "paragraph_close", "list_item_close", "bullet_list_close",
        ], (kinds, _item(text))  # fmt: skip
        assert _shown(tokens) == [("text", expected)], _item(text)


def test_a_table_of_empty_cells_keeps_its_first_column() -> None:
    columns = (Column("claim", "Claim"), Column("note", "Note", wrap=True))
    report = Report("Empty", (), columns, (Row({}, {}),))
    text = render(report, OutputFormat.TABLE, Terminal(width=80))
    assert text == "Empty\n\n Claim\n ─────\n\n\n", text


def test_the_blocks_measured_by_length_are_one_cell_wide() -> None:
    """cells.cell_width takes a text made of these blocks alone to be as wide as it is
    long: every character of them must be one cell."""
    from shellcount.formats import cells

    blocks = cells.ONE_CELL_BLOCKS
    ranges = [blocks[index : index + 3] for index in range(0, len(blocks), 3)]
    assert all(part[1] == "-" for part in ranges), ranges
    wider = [
        hex(code)
        for first, _, last in ranges
        for code in range(ord(first), ord(last) + 1)
        if cells.cell_width(chr(code) + "中") != 3  # measured character by character
    ]
    assert wider == [], wider
    assert cells.cell_width("a → b · c") == 9
    assert cells.cell_width("中文 e\u0301") == 6


_WORD = st.text(alphabet="abcdefghij-,[]0123456789→中", min_size=1, max_size=12)
_CELL = st.lists(_WORD, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    flags=st.lists(
        st.tuples(st.booleans(), st.booleans(), st.integers(0, 3)), min_size=1, max_size=5
    ),
    cells=st.lists(st.lists(_CELL, min_size=5, max_size=5), min_size=1, max_size=6),
    width=st.integers(30, 150),
)
def test_a_fitted_table_keeps_every_word_within_the_width(
    flags: list[tuple[bool, bool, int]], cells: list[list[str]], width: int
) -> None:
    """Whatever the columns declare and the cells hold: a table drawn for a terminal has
    no line wider than the terminal, and shows every word of every cell whole."""
    columns = tuple(
        Column(f"c{n}", f"Column {n}", numeric=numeric, wrap=wrap and not numeric, priority=p)
        for n, (numeric, wrap, p) in enumerate(flags)
    )
    rows = tuple(Row({}, {f"c{n}": row[n] for n in range(len(columns))}) for row in cells)
    text = render(Report("T", (), columns, rows), OutputFormat.TABLE, Terminal(width=width))
    lines = text.splitlines()
    if any(line.startswith(" ─") for line in lines):
        assert [line for line in lines if cell_width(line) > width] == [], text
        shown = " ".join(lines).split()
        words = [word for row in cells for cell in row[: len(columns)] for word in cell.split()]
        assert all(any(word in piece for piece in shown) for word in words), text
