"""Claims files travel between people: text in them must come out as text.

A claims file with a spreadsheet formula for an outlet, rich markup, ANSI escapes and a
carriage return in a quote, HTML and pipes in notes is run through every command that
shows its text, in every format. Whatever the format:

- no raw control character reaches the output (the table, Markdown and CSV show them as
  escapes, ``\\x1b``; JSON as ``\\u001b``, which parses back to the original);
- a CSV text cell never starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (a ``'`` goes first, OWASP's advice against CSV injection);
- JSON gives back the original text exactly;
- Markdown escapes the markup, and the table shows ``[bold red]`` as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import Shell, original
from shellcount.characters import printable
from shellcount.formats import OutputFormat, render
from shellcount.formats.csv_format import neutralised
from shellcount.formats.markdown_format import render as markdown
from shellcount.formats.report import Column, Report, Row

OUTLET = '=HYPERLINK("http://x","click")'
SPEAKER = "+1 spoof"
ROLE = "-2+3 <b>chief</b>"
VIA = ("@evil", "\tagency")
MEASURE = "@SUM(A1)"
ORIGIN = "=1+1"
DESTINATION = "-cmd|' /C calc'!A0"
QUOTE = "[bold red]markup[/] \x1b[31mANSI\x1b[0m over\rwrite \x9b2J \u202eevil\u202c\u2028end"
NOTE = "<script>alert(1)</script> | pipes | [link](http://x) &amp; $x$"
SECOND_QUOTE = "\rline one\nline two\t'quoted'"
OTHER_OUTLET = "\x1b]0;title\x07 Herald"


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's."""
    return json.dumps(text, ensure_ascii=True)


HOSTILE = f"""\
format: 1
sources:
  - id: gazette-2024-02-27
    outlet: {_yaml(OUTLET)}
    published: 2024-02-27
    speaker: {_yaml(SPEAKER)}
    role: {_yaml(ROLE)}
    via: [{", ".join(_yaml(v) for v in VIA)}]
    note: {_yaml(NOTE)}
  - id: herald-2024-03
    outlet: {_yaml(OTHER_OUTLET)}
    published: 2024-03
    speaker: Herald staff
claims:
  - id: containers
    source: gazette-2024-02-27
    measure: {_yaml(MEASURE)}
    origin: {_yaml(ORIGIN)}
    destination: {_yaml(DESTINATION)}
    figure: about 6,700
    unit: container
    since: 2023-09
    quote: {_yaml(QUOTE)}
    note: {_yaml(NOTE)}
  - id: containers-later
    source: herald-2024-03
    measure: {_yaml(MEASURE)}
    origin: {_yaml(ORIGIN)}
    destination: {_yaml(DESTINATION)}
    figure: more than 9,000
    unit: container
    since: 2023-09
    quote: {_yaml(SECOND_QUOTE)}
  - id: shells
    source: gazette-2024-02-27
    measure: shells
    calibre: 152 mm
    figure: more than three million
    unit: shell
    basis: capacity
    converts: containers
    quote: {_yaml(QUOTE)}
  - id: shells-2
    source: herald-2024-03
    measure: shells
    calibre: 152 mm
    figure: 2 million
    unit: shell
    quote: {_yaml(SECOND_QUOTE)}
"""

HOSTILE_TEXTS = (OUTLET, SPEAKER, ROLE, *VIA, MEASURE, ORIGIN, DESTINATION, QUOTE, NOTE)
HOSTILE_TEXTS += (SECOND_QUOTE, OTHER_OUTLET)

COMMANDS = {
    "compare": ["compare"],
    "claims": ["claims"],
    "sources": ["sources"],
    "derive": ["derive", "--calibre", "152", "--explain"],
    "reconcile": ["reconcile"],
    "timeline": ["timeline"],
}

# Everything printable() escapes: C0 and C1 controls, DEL, separators, bidi controls.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "claims.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def _run(shellcount: Shell, hostile: Path, command: str, output_format: str) -> str:
    result = shellcount(*COMMANDS[command], "--claims", str(hostile), "--format", output_format)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_file_says_what_it_means(hostile: Path) -> None:
    from shellcount.ledger.loader import load_claims

    ledger = load_claims(hostile)
    source = ledger.sources["gazette-2024-02-27"]
    assert (source.outlet, source.speaker, source.role, source.via) == (
        OUTLET,
        SPEAKER,
        ROLE,
        VIA,
    )
    assert ledger.claims[0].quote == QUOTE
    assert ledger.claims[0].measure == MEASURE


@pytest.mark.parametrize("output_format", [f.value for f in OutputFormat])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_control_character_reaches_the_output(
    shellcount: Shell, hostile: Path, command: str, output_format: str
) -> None:
    text = _run(shellcount, hostile, command, output_format)
    if output_format == "csv":
        text = text.replace("\r\n", "\n")  # RFC 4180's line ends are CRLF
    for number, line in enumerate(text.split("\n"), 1):
        assert not RAW_CONTROL.search(line), f"line {number}: {line!r}"
        assert "\r" not in line, f"line {number}: {line!r}"
        assert "\t" not in line, f"line {number}: {line!r}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_csv_text_never_starts_a_formula_and_reads_back(
    shellcount: Shell, hostile: Path, command: str
) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(shellcount, hostile, command, "csv"))))
    objects = json.loads(_run(shellcount, hostile, command, "json"))["rows"]
    assert len(rows) == len(objects)
    text_cells = 0
    for row, item in zip(rows, objects, strict=True):
        for name, value in item.items():
            if not isinstance(value, str) or name == "working":
                continue
            cell = row[name]
            text_cells += 1
            assert not cell.startswith(FORMULA_STARTS), (name, cell)
            assert original(cell) == printable(value), (name, cell, value)
    assert text_cells


def test_csv_neutralises_the_hostile_cells(shellcount: Shell, hostile: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(shellcount, hostile, "compare", "csv"))))
    first = next(row for row in rows if row["claim_id"] == "containers")
    assert first["outlet"] == "'" + OUTLET
    assert first["speaker"] == "'" + SPEAKER
    assert first["measure"] == "'" + MEASURE
    assert first["origin"] == "'" + ORIGIN
    assert first["destination"] == "'" + DESTINATION
    claims = list(csv.DictReader(io.StringIO(_run(shellcount, hostile, "claims", "csv"))))
    assert claims[0]["quote"] == (
        "[bold red]markup[/] \\x1b[31mANSI\\x1b[0m over\\rwrite \\x9b2J \\u202eevil\\u202c"
        "\\u2028end"
    )
    # A tab or CR first is escaped first, so it cannot start a cell either.
    assert claims[1]["quote"] == "\\rline one\\nline two\\t'quoted'"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_keeps_the_text_exactly(shellcount: Shell, hostile: Path, command: str) -> None:
    text = _run(shellcount, hostile, command, "json")
    values = {
        value
        for row in json.loads(text)["rows"]
        for value in row.values()
        if isinstance(value, str)
    }
    shown = {t for t in HOSTILE_TEXTS if any(t in value for value in values)}
    assert shown, values  # every command shows some of them, exactly as written
    assert "\\u001b" in text or "\x1b" not in "".join(values)


def test_json_quotes_come_back_exactly(shellcount: Shell, hostile: Path) -> None:
    rows = json.loads(_run(shellcount, hostile, "claims", "json"))["rows"]
    assert [row["quote"] for row in rows] == [QUOTE, SECOND_QUOTE, QUOTE, SECOND_QUOTE]
    sources = json.loads(_run(shellcount, hostile, "sources", "json"))["rows"]
    assert sources[0]["outlet"] == OUTLET
    assert sources[1]["outlet"] == OTHER_OUTLET


def test_markdown_escapes_the_markup(shellcount: Shell, hostile: Path) -> None:
    text = _run(shellcount, hostile, "claims", "markdown")
    # Issue 11: escaped only where it would be syntax. Brackets are text (no link can
    # follow), and the backslash of an escape shown is not before punctuation.
    assert "| [bold red]markup[/] \\x1b[31mANSI\\x1b[0m over\\rwrite " in text, text
    notes = _run(shellcount, hostile, "sources", "markdown")
    assert "\\<script>alert(1)\\</script> \\| pipes \\|" in notes, notes
    assert re.search(r"(?<!\\)<", notes) is None, notes  # no tag can open
    assert "[link\\](http://x)" in notes  # the link cut where it would start
    assert "\\&amp; \\$x\\$" in notes
    compare = _run(shellcount, hostile, "compare", "markdown")
    # A heading made of claim text.
    assert "### @SUM(A1) · =1+1 → -cmd\\|' /C calc'!A0" in compare.splitlines(), compare


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_markdown_tables_keep_their_columns(shellcount: Shell, hostile: Path, command: str) -> None:
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    for block in _run(shellcount, hostile, command, "markdown").split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if lines:
            counts = {len(unescaped_pipe.findall(line)) for line in lines}
            assert len(counts) == 1, block


def test_the_table_shows_markup_as_written(shellcount: Shell, hostile: Path) -> None:
    text = _run(shellcount, hostile, "claims", "table")
    assert "[bold red]markup[/]" in text, text
    assert "\\x1b[31mANSI\\x1b[0m over\\rwrite" in text, text
    sources = _run(shellcount, hostile, "sources", "table")
    assert OUTLET in sources
    assert "\\x1b]0;title\\x07 Herald" in sources


def test_the_coloured_table_adds_only_its_own_escapes(
    shellcount: Shell, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    text = _run(shellcount, hostile, "claims", "table")
    assert "\x1b[" in text  # rich's colours
    assert "\x1b[31mANSI" not in text  # but not the quote's
    assert "\\x1b[31mANSI" in text


# -- the formatters' rules, one at a time ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'quoted'", "''quoted'"),  # so that one leading ' can always be taken off
        ("plain", "plain"),
        (" =1+1", " =1+1"),
        ("", ""),
    ],
)
def test_neutralised(text: str, cell: str) -> None:
    assert neutralised(text) == cell
    assert original(neutralised(text)) == text


def _report(text: str) -> Report:
    return Report(
        text,
        ("name", "amount"),
        (Column("name", "Name"), Column("amount", "Amount", numeric=True)),
        (Row({"name": text, "amount": -5}, {"name": text, "amount": "-5"}, section=text),),
        notes=(text,),
    )


def test_csv_numbers_we_write_are_not_touched() -> None:
    text = render(_report("=x"), OutputFormat.CSV)
    assert text == "name,amount\r\n'=x,-5\r\n"


@pytest.mark.parametrize("character", ["\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202e"])
def test_json_escapes_what_the_encoder_leaves(character: str) -> None:
    text = render(_report(f"a{character}b"), OutputFormat.JSON)
    assert character not in text
    assert f"\\u{ord(character):04x}" in text
    assert json.loads(text)["rows"][0]["name"] == f"a{character}b"


@pytest.mark.parametrize(
    ("note", "item"),
    [
        ("- not a nested list", "- \\- not a nested list"),
        ("1. not numbered", "- 1\\. not numbered"),
        ("2) not numbered", "- 2\\) not numbered"),
        ("# not a heading", "- \\# not a heading"),
        ("> not a quote", "- \\> not a quote"),
        ("a & b", "- a & b"),  # not an entity: left as written (issue 11)
        ("&amp; b", "- \\&amp; b"),
        ("* not a list", "- \\* not a list"),
        ("+ not a list", "- \\+ not a list"),
        ("[ ] not a task", "- \\[ ] not a task"),
    ],
)
def test_markdown_notes_are_text(note: str, item: str) -> None:
    report = _report("x")
    report = Report(report.title, report.fields, report.columns, report.rows, notes=(note,))
    assert item in markdown(report).splitlines()


def test_range_chart_labels_are_printable() -> None:
    from shellcount.arithmetic.interval import Interval
    from shellcount.formats.chart import RangePanel, RangeRow
    from shellcount.formats.range_chart import draw

    chart = RangePanel(
        "t", "u", (RangeRow("a\x1bb", Interval(1, 2), 1.5), RangeRow("ab", Interval(2, 3)))
    )
    lines = draw(chart, 80)
    assert not any("\x1b" in line for line in lines)
    bars = [line for line in lines if line.startswith("a")]
    assert bars[0].startswith("a\\x1bb  ")
    assert bars[1].startswith("ab      ")


def test_error_messages_quote_the_file_escaped_on_one_line(tmp_path: Path) -> None:
    from shellcount.errors import ClaimsFileError
    from shellcount.ledger.loader import load_claims

    text = HOSTILE.replace("    speaker: Herald staff\n", '    "\\e[2J\\nfake: ok": 1\n')
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClaimsFileError) as raised:
        load_claims(path)
    assert str(raised.value) == (
        f"{path}:13:5: error: source 'herald-2024-03': unknown field '\\x1b[2J\\nfake: ok'"
    )
