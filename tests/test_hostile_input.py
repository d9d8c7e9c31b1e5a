"""Hostile inputs: what a careless or hostile claims file, unit, date or file name does.

Each case is an exact one-line problem (or the right output), never a traceback, and the
grammars' work stays linear: the sizes below are where the old regular expressions
backtracked for seconds or hours (a 24-character unit: about 8 s; 41 characters: days),
against microseconds now, so the bounds cannot flake.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Shell
from shellcount.arithmetic import units
from shellcount.errors import FigureError, UnitError
from shellcount.ledger import figure_statement
from shellcount.ledger.dates import DateError, parse_date
from shellcount.ledger.figure import parse_figure, parse_tolerance
from shellcount.ledger.figure_words import Rejected, Unusable
from shellcount.ledger.loader import load_claims

FAST = 0.5  # seconds: thousands of times what linear matching takes


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    with contextlib.suppress(UnitError, FigureError):
        work()
    return time.perf_counter() - start


# -- the unit grammar --------------------------------------------------------------------

# The expression as it was, which backtracked: an optional separator let a run of letters
# be split into names in every possible way.
_OLD_NAME = r"[A-Za-z_%$][A-Za-z0-9_$]*"
_OLD_POWER = r"(?:\s*(?:\^|\*\*)\s*-?[0-9])?"
_OLD_UNIT = re.compile(rf"{_OLD_NAME}{_OLD_POWER}(?:\s*[/*·]?\s*{_OLD_NAME}{_OLD_POWER})*")


@given(st.text(alphabet="aZ1_%$ /*·^-2", max_size=8))
def test_the_unit_grammar_reads_the_language_it_read(text: str) -> None:
    assert bool(units._UNIT.fullmatch(text)) == bool(_OLD_UNIT.fullmatch(text))


@pytest.mark.parametrize(
    "text",
    [
        "a" * 24 + "!",  # about 8 s before
        "shell" * 39 + "!",
        "a " * 99 + "!",
        "a/" * 99 + "!",
        "a ^ 2 " * 33 + "!",
    ],
    ids=["letters", "names", "spaced", "divided", "powers"],
)
def test_a_unit_that_does_not_match_fails_at_once(text: str) -> None:
    assert _timed(lambda: units._UNIT.fullmatch(text)) < FAST


def test_a_41_character_unit_is_one_line_at_once() -> None:
    text = "a" * 40 + "!"
    units.parse_unit("shell")  # pint imported and the registry built: not what is timed
    assert _timed(lambda: units.parse_unit(text)) < FAST
    with pytest.raises(UnitError) as refused:
        units.parse_unit(text)
    assert str(refused.value) == (
        f"{text!r} is not a unit expression (unit names joined by '/' or '*', "
        "e.g. 'shell/container')"
    )


def test_a_unit_past_the_limit_is_refused_before_it_is_read() -> None:
    text = "shell/" * 1000 + "container"
    with pytest.raises(UnitError) as refused:
        units.parse_unit(text)
    assert str(refused.value) == (
        f"{(text[:77] + '...')!r} is too long to be a unit (6,009 characters; at most 200)"
    )


# -- the figure grammar ------------------------------------------------------------------

_KB32 = 32 * 1024
_FIGURES = {
    "digits": "1" * _KB32,
    "groups": "1" + ",111" * (_KB32 // 4),
    "bad-groups": "1" + ",111" * (_KB32 // 4) + ",11",
    "words": "about " * (_KB32 // 6),
    "scales": "one hundred and " * (_KB32 // 16),
    "dashes": "1 - " * (_KB32 // 4),
    "ranges": "between 1 and " * (_KB32 // 14),
    "spaced-digits": "1 " * (_KB32 // 2),
    "thin-spaces": "1\u2009" * (_KB32 // 2),
}


@pytest.mark.parametrize("text", list(_FIGURES.values()), ids=list(_FIGURES))
def test_a_32_kb_figure_is_one_line_at_once(text: str) -> None:
    assert _timed(lambda: parse_figure(text)) < FAST
    with pytest.raises(FigureError) as refused:
        parse_figure(text)
    assert str(refused.value) == (
        f"figure {(text[:77] + '...')!r} is too long to be a figure ({len(text):,} "
        "characters; at most 200): a figure is a number and a few words, and the source's "
        "text belongs in 'quote:'"
    )


@pytest.mark.parametrize("text", list(_FIGURES.values()), ids=list(_FIGURES))
def test_the_figure_grammar_itself_reads_32_kb_in_linear_time(text: str) -> None:
    # Past the length cap, straight into the grammar: linear here is a fraction of a
    # second; the backtracking that took over 100 s would show at once.
    read = figure_statement.statement.__wrapped__  # type: ignore[attr-defined]
    assert _timed(lambda: _refused_or_read(read, text)) < 20 * FAST


def _refused_or_read(read: Callable[[str], object], text: str) -> None:
    with contextlib.suppress(Rejected, Unusable, ArithmeticError):
        read(text)


def test_a_tolerance_with_a_long_run_of_spaces_is_one_line_at_once() -> None:
    text = "1" + " " * 50_000 + "x"
    assert _timed(lambda: parse_tolerance(text)) < FAST
    with pytest.raises(FigureError) as refused:
        parse_tolerance(text)
    assert str(refused.value).startswith(f"tolerance {(text[:77] + '...')!r} is not accepted")


# -- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digit", "name"),
    [
        ("٢٠٢٤-٠٢-٢٧", "٢", "ARABIC-INDIC DIGIT TWO"),
        ("۲۰۲۴-۰۲", "۲", "EXTENDED ARABIC-INDIC DIGIT TWO"),
        ("२०२४-०२-२७", "२", "DEVANAGARI DIGIT TWO"),
        ("２０２４-０２-２７", "２", "FULLWIDTH DIGIT TWO"),
        ("2024-02-2７", "７", "FULLWIDTH DIGIT SEVEN"),
    ],
    ids=["arabic-indic", "persian", "devanagari", "fullwidth", "one-digit"],
)
def test_dates_refuse_digits_of_other_scripts(text: str, digit: str, name: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_date(text)
    assert str(refused.value) == (
        f"{text!r} is not a date: {digit!r} ({name}) is not one of the digits 0-9; write "
        "dates with them, YYYY-MM-DD or YYYY-MM"
    )


CLAIMS = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: "{outlet}"
        published: "{published}"
        speaker: Gazette staff
    claims:
      - id: containers
        source: gazette
        measure: "{measure}"
        origin: "{origin}"
        figure: about 4,200
        unit: container
        quote: "{quote}"
      - id: containers-later
        source: gazette
        measure: containers
        origin: north
        figure: about 4,300
        unit: container
        quote: about 4,300 containers
    """
)
#  1 format     5 published (value at column 16)   10 measure (column 14)  15 - id: later
#  2 sources    6 speaker                          11 origin (column 13)   16-17 source
#  3 - id       7 claims                           12 figure               17 measure
#  4 outlet     8 - id: containers  9 source       13 unit  14 quote


def _claims(tmp_path: Path, name: str = "claims.yaml", **fields: str) -> Path:
    values = {
        "outlet": "Gazette",
        "published": "2024-02-27",
        "measure": "containers",
        "origin": "north",
        "quote": "about 4,200 containers",
        **fields,
    }
    path = tmp_path / name
    path.write_text(CLAIMS.format(**values), encoding="utf-8")
    return path


def test_a_date_in_another_script_is_a_located_line(shellcount: Shell, tmp_path: Path) -> None:
    path = _claims(tmp_path, published="٢٠٢٤-٠٢-٢٧")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:5:16: error: source 'gazette': published: '٢٠٢٤-٠٢-٢٧' is not a date: '٢' "
        "(ARABIC-INDIC DIGIT TWO) is not one of the digits 0-9; write dates with them, "
        "YYYY-MM-DD or YYYY-MM\n",
    )


# -- invisible characters ----------------------------------------------------------------

INVISIBLE = {
    "outlet": ("Gaz\\u200dette", "Gaz\u200dette", "Gaz\\u200dette"),
    "measure": ("containers\\u200b", "containers\u200b", "containers\\u200b"),
    "origin": ("\\u2066north\\u2069", "\u2066north\u2069", "\\u2066north\\u2069"),
    "quote": ("about \\u202e4,200", "about \u202e4,200", "about \\u202e4,200"),
}
"""Field: (as the YAML writes it, the text, as every human format shows it)."""


def _invisible_claims(tmp_path: Path) -> Path:
    return _claims(tmp_path, **{name: written for name, (written, _, _) in INVISIBLE.items()})


@pytest.mark.parametrize(
    ("command", "output_format"),
    [
        (["claims"], "table"),
        (["claims"], "markdown"),
        (["sources"], "table"),
        (["sources"], "markdown"),
        (["compare"], "table"),
        (["compare"], "markdown"),
    ],
)
def test_invisible_characters_are_shown_in_every_human_format(
    shellcount: Shell, tmp_path: Path, command: list[str], output_format: str
) -> None:
    path = _invisible_claims(tmp_path)
    result = shellcount(*command, "--claims", str(path), "-f", output_format)
    assert result.exit_code == 0, result.output
    text = result.stdout
    hidden = [c for _, raw, _ in INVISIBLE.values() for c in raw if not c.isprintable()]
    assert [c for c in hidden if c in text] == [], text
    shown = {"sources": ["outlet"], "claims": ["quote"], "compare": ["measure"]}[command[0]]
    # Markdown leaves a backslash before a letter as it is: it shows as written.
    for name in shown:
        assert INVISIBLE[name][2] in text, text


def test_invisible_characters_are_escaped_in_json_and_read_back(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = _invisible_claims(tmp_path)
    result = shellcount("claims", "--claims", str(path), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout
    assert "\\u202e" in result.stdout
    row = json.loads(result.stdout)["rows"][0]
    assert (row["measure"], row["origin"], row["quote"]) == (
        INVISIBLE["measure"][1],
        INVISIBLE["origin"][1],
        INVISIBLE["quote"][1],
    )


def test_measures_that_differ_by_an_invisible_character_are_flagged(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = _claims(tmp_path, measure="containers\\u200b")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{path}:17:14: warning: measure 'containers' differs from measure "
        "'containers\\u200b' (line 10) only by invisible characters (U+200B): they look "
        "the same but are two different names; write one as the other\n",
    )


def test_origins_that_differ_by_direction_marks_are_flagged_in_json(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = _claims(tmp_path, origin="\\u200enorth")
    result = shellcount("check", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    # The raw JSON shows the mark as an escape; parsed, the message is the text line's.
    assert "\u200e" not in result.stdout
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "line": 18,
            "column": 13,
            "level": "warning",
            "message": "origin 'north' differs from origin '\\u200enorth' (line 11) only by "
            "invisible characters (U+200E): they look the same but are two different names; "
            "write one as the other",
        }
    ]


def test_a_control_character_in_a_check_message_is_escaped_in_json(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = _claims(tmp_path, published="2024-02-27\\u202e")
    result = shellcount("check", "--format", "json", str(path))
    assert "\u202e" not in result.stdout, result.stdout
    assert json.loads(result.stdout)[0]["message"] == (
        "source 'gazette': published: expected a date YYYY-MM-DD or YYYY-MM, not "
        "'2024-02-27\\u202e'"
    )


# -- file names that are not UTF-8 -------------------------------------------------------

_NOT_UTF8 = os.fsdecode(b"\xff-claims.yaml")  # the bad byte as Python's lone surrogate


def test_a_file_name_that_is_not_utf8_is_escaped_in_json(shellcount: Shell, tmp_path: Path) -> None:
    path = _claims(tmp_path, _NOT_UTF8, measure="containers\\u200b")
    checked = shellcount("check", "-f", "json", str(path))
    listed = shellcount("sources", "--claims", str(path), "-f", "json")
    assert (checked.exit_code, listed.exit_code) == (0, 0), checked.output + listed.output
    # Valid UTF-8 holding valid JSON, the name escaped and read back as Python read it.
    assert "\\udcff" in checked.stdout
    assert json.loads(checked.stdout_bytes.decode("utf-8"))[0]["file"] == str(path)
    assert json.loads(listed.stdout_bytes.decode("utf-8"))["title"] == f"Sources ({path})"


def test_a_json_file_named_in_bytes_that_are_not_utf8_is_written(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = _claims(tmp_path, _NOT_UTF8)
    target = tmp_path / os.fsdecode(b"\xfe.json")
    result = shellcount("sources", "--claims", str(path), "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    title = json.loads(target.read_bytes().decode("utf-8"))["title"]
    assert title == f"Sources ({path})"


# -- check reads every file it can ----------------------------------------------------------


def test_check_reports_every_readable_file_when_one_cannot_be_read(
    shellcount: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _claims(tmp_path, "first.yaml", measure="containers\\u200b")
    locked = _claims(tmp_path, "locked.yaml")
    last = _claims(tmp_path, "last.yaml", published="2024-13-01")
    locked.chmod(0)
    if os.geteuid() == 0:
        # Root reads any file: refuse this one as the system would refuse anyone else.
        real_open = Path.open

        def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        real_access = os.access
        monkeypatch.setattr(Path, "open", refusing_open)
        monkeypatch.setattr(
            os, "access", lambda p, mode, **k: p != str(locked) and real_access(p, mode, **k)
        )
    result = shellcount("check", str(first), str(locked), str(last))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{first}:17:14: warning: measure 'containers' differs from measure "
        "'containers\\u200b' (line 10) only by invisible characters (U+200B): they look "
        "the same but are two different names; write one as the other\n"
        f"{locked}: error: permission denied\n"
        f"{last}:5:16: error: source 'gazette': published: '2024-13-01' is not a date in the "
        "calendar\n",
    )
    assert result.stderr == "2 errors, 1 warning in 3 files\n"


# -- cross-references --------------------------------------------------------------------

REFERENCES = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: Gazette staff
    claims:
      - id: containers
        source: gazette
        measure: containers
        figure: about 4,200
        unit: container
        quote: about 4,200 containers
      - id: first
        source: gazette
        measure: shells
        figure: {first_figure}
        unit: {first_unit}
        {first_reference}
        quote: the first
      - id: second
        source: gazette
        measure: shells
        figure: {second_figure}
        unit: {second_unit}
        {second_reference}
        quote: the second
    """
)
# Lines 14-20 are 'first' (its reference on line 19, the value at column 5 + the
# name's length + 2), lines 21-27 'second' (its reference on line 26); with converts a
# 'basis: capacity' line comes first, moving each reference and 'second' a line down.


def _references(tmp_path: Path, first: str, second: str, kind: str) -> Path:
    percent = kind == "relative_to"
    capacity = "basis: capacity\n    " if kind == "converts" else ""
    text = REFERENCES.format(
        first_figure="about 30" if percent else "2,600,000",
        second_figure="about 20" if percent else "2,500,000",
        first_unit="percent" if percent else "shell",
        second_unit="percent" if percent else "shell",
        first_reference=f"{capacity}{first}",
        second_reference=f"{capacity}{second}",
    )
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cycle_of_converts_is_reported(shellcount: Shell, tmp_path: Path) -> None:
    path = _references(tmp_path, "converts: second", "converts: first", "converts")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:20:15: error: claim 'first': converts: claim 'second' (line 22) is not a "
        "count of carriers such as containers or trucks (its unit is 'shell')\n"
        f"{path}:28:15: error: claim 'second': converts: claim 'first' (line 14) is not a "
        "count of carriers such as containers or trucks (its unit is 'shell')\n",
    )


def test_a_chain_of_converts_is_reported(shellcount: Shell, tmp_path: Path) -> None:
    path = _references(tmp_path, "converts: second", "converts: containers", "converts")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:20:15: error: claim 'first': converts: claim 'second' (line 22) is not a "
        "count of carriers such as containers or trucks (its unit is 'shell')\n",
    )


def test_a_cycle_of_relative_to_is_reported(shellcount: Shell, tmp_path: Path) -> None:
    path = _references(tmp_path, "relative_to: second", "relative_to: first", "relative_to")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:19:18: error: claim 'first': relative_to: claim 'second' (line 21) is "
        "itself relative_to 'first'; point relative_to at the count it rests on\n"
        f"{path}:26:18: error: claim 'second': relative_to: claim 'first' (line 14) is "
        "itself relative_to 'second'; point relative_to at the count it rests on\n",
    )


def test_a_cycle_of_three_restatements_is_reported_once(shellcount: Shell, tmp_path: Path) -> None:
    path = _references(tmp_path, "restates: second", "restates: containers", "restates")
    text = path.read_text(encoding="utf-8").replace(
        "    quote: about 4,200 containers", "    restates: first\n    quote: about 4,200"
    )
    path.write_text(text, encoding="utf-8")
    result = shellcount("check", str(path))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:13:15: error: claim 'containers': restates: the restatements go round in a "
        "circle (containers -> first -> second -> containers); one of them must be the "
        "statement the others repeat\n",
    )


def test_a_long_chain_of_restatements_ends_at_its_statement(tmp_path: Path) -> None:
    count = 3000
    lines = [
        "format: 1",
        "sources:",
        "  - id: gazette",
        "    outlet: Gazette",
        "    published: 2024-02-27",
        "    speaker: Gazette staff",
        "claims:",
    ]
    for number in range(count):
        lines += [
            f"  - id: c{number}",
            "    source: gazette",
            "    measure: containers",
            "    figure: about 4,200",
            "    unit: container",
            "    quote: about 4,200 containers",
        ]
        if number:
            lines.append(f"    restates: c{number - 1}")
    path = tmp_path / "chain.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_claims(path)
    assert {ledger.statement(claim).id for claim in ledger} == {"c0"}


# -- did you mean, on thousands of misses --------------------------------------------------


PER_MISS = 2 * 8
"""Ratios computed for one miss: 8 names ranked, each close one's ratio taken twice (as
get_close_matches does)."""


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times difflib compares two spellings: the cost of a suggestion."""
    import difflib

    counted = [0]
    real_ratio = difflib.SequenceMatcher.ratio

    def ratio(self: difflib.SequenceMatcher[str]) -> float:
        counted[0] += 1
        return real_ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", ratio)
    return counted


@pytest.mark.parametrize("count", [1_000, 16_000])
def test_a_suggestion_costs_the_same_among_any_number_of_names(
    comparisons: list[int], count: int
) -> None:
    from shellcount import spelling

    names = {f"source-2024-{number:05d}": None for number in range(count)}
    misses = [f"sourse-2024-{number:05d}x" for number in range(0, count, count // 100)]
    found = [spelling.closest(miss, names) for miss in misses]
    assert found == [miss.replace("sourse", "source")[:-1] for miss in misses]
    # At most 8 names ranked a miss whatever the number of names (difflib: every name).
    assert comparisons[0] <= PER_MISS * len(misses)


def test_a_short_list_is_searched_as_difflib_searches_it() -> None:
    import difflib

    from shellcount import spelling

    names = ["containers", "container-count", "shells", "rounds", "vessels"]
    for word in ("containr", "shels", "round", "vesel", "nothing-like"):
        expected = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
        assert spelling.closest(word, names) == (expected[0] if expected else None)


def test_a_list_changed_in_place_is_indexed_again() -> None:
    from shellcount import spelling

    names = {f"alpha-{number:03d}": None for number in range(100)}
    assert spelling.closest("alpha-050x", names) == "alpha-050"
    names.clear()
    names.update({f"omega-{number:03d}": None for number in range(100)})
    assert spelling.closest("omega-050x", names) == "omega-050"


def test_check_suggests_the_right_id_for_each_of_2000_misspelt_sources(
    shellcount: Shell, tmp_path: Path, comparisons: list[int]
) -> None:
    count = 2000
    lines = ["format: 1", "sources:"]
    for number in range(count):
        lines += [
            f"  - id: gazette-2024-{number:05d}",
            "    outlet: Gazette",
            "    published: 2024-02-27",
            "    speaker: Gazette staff",
        ]
    lines.append("claims:")
    for number in range(count):
        lines += [
            f"  - id: claim-{number:05d}",
            f"    source: gazete-2024-{number:05d}",
            "    measure: containers",
            "    figure: about 4,200",
            "    unit: container",
            "    quote: about 4,200 containers",
        ]
    path = tmp_path / "misspelt.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = shellcount("check", str(path))
    first_claim_line = 4 + 4 * count  # after format, sources, the sources and claims
    assert result.exit_code == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:{first_claim_line + 1 + 6 * number}:13: error: claim 'claim-{number:05d}': "
        f"source: no source has id 'gazete-2024-{number:05d}'; did you mean "
        f"'gazette-2024-{number:05d}'?"
        for number in range(count)
    ]
    assert comparisons[0] <= PER_MISS * count
