"""Bad claims files as analysts meet them: every problem on stderr as one exact line,
``FILE:LINE:COLUMN: error: <label>: <field>: <message>``, exit 1, nothing on stdout and no
traceback.

Each case edits one thing in BASE, a small valid file (numbered below), so the line and
column of every expected message can be checked against the listing by eye.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shellcount.cli import app
from shellcount.errors import ClaimsFileError
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Ledger

BAD = Path(__file__).parent / "data" / "bad"

BASE = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette-2024-02-27
        outlet: Gazette
        published: 2024-02-27
      - id: herald-2024-03
        outlet: Herald
        published: 2024-03
    claims:
      - id: containers
        source: gazette-2024-02-27
        measure: containers
        figure: about 6,700
        unit: container
        since: 2023-09
        quote: about 6,700 containers
      - id: shells
        source: gazette-2024-02-27
        measure: shells
        calibre: 152 mm
        figure: more than three million
        unit: shell
        basis: capacity
        converts: containers
        quote: more than three million shells
    """
)
#  1 format           10 - id: containers      19 measure: shells
#  2 sources          11   source              20 calibre: 152 mm     (value at column 14)
#  3 - id: gazette    12   measure             21 figure              (value at column 13)
#  4   outlet         13   figure              22 unit: shell         (value at column 11)
#  5   published      14   unit                23 basis: capacity
#  6 - id: herald     15   since (column 12)   24 converts            (value at column 15)
#  7   outlet         16   quote               25 quote               (value at column 12)
#  8   published      17 - id: shells
#  9 claims           18   source (column 13)

# A third claim appended to BASE (lines 26-32): a percentage relative to 'shells'.
RELATIVE = """\
  - id: more-shells
    source: herald-2024-03
    measure: shells
    figure: about 30
    unit: percent
    relative_to: shells
    quote: about 30% more shells than the minister said
"""

# A third claim appended to BASE (lines 26-32): the same quantity as 'shells'.
SAME_QUANTITY = """\
  - id: shells-again
    source: herald-2024-03
    measure: shells
    calibre: 152mm
    figure: 2 million
    unit: shell
    quote: two million 152mm shells
"""


def edit(*changes: tuple[str, str], text: str = BASE) -> str:
    """``text`` with each ``(old, new)`` made; ``old`` must occur exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path | str, env: dict[str, str] | None = None) -> Result:
    args = ["compare", "--format", "csv"]
    if env is None:
        args[1:1] = ["--claims", str(path)]
    return CliRunner().invoke(app, args, env=env)


def assert_fails(result: Result, expected: str) -> None:
    assert result.stderr == expected, result.stderr
    assert result.exit_code == 1, result.stderr
    assert result.stdout == "", result.stderr
    assert isinstance(result.exception, SystemExit), result.stderr


def assert_problems(path: Path, *problems: str) -> None:
    """The run fails with exactly these problems, each ``LINE:COLUMN: error: ...``."""
    assert_fails(run(path), "".join(f"{path}:{problem}\n" for problem in problems))


def test_base_is_valid(tmp_path: Path) -> None:
    for text in (BASE, BASE + RELATIVE, BASE + SAME_QUANTITY):
        result = run(write(tmp_path, text))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
    assert BASE.splitlines()[20] == "    figure: more than three million"


# -- one edit, one problem ---------------------------------------------------------------

CASES = [
    # References between entries.
    pytest.param(
        [
            (
                "source: gazette-2024-02-27\n    measure: shells",
                "source: gazette-2024-02-72\n    measure: shells",
            )
        ],
        "18:13: error: claim 'shells': source: no source has id 'gazette-2024-02-72'; "
        "did you mean 'gazette-2024-02-27'?",
        id="unknown-source-id",
    ),
    pytest.param(
        [("converts: containers", "converts: container")],
        "24:15: error: claim 'shells': converts: no claim has id 'container'; "
        "did you mean 'containers'?",
        id="unknown-converts-id",
    ),
    pytest.param(
        [("converts: containers", "converts: shells")],
        "24:15: error: claim 'shells': converts: a claim cannot refer to itself",
        id="converts-itself",
    ),
    pytest.param(
        [("  - id: shells", "  - id: containers")],
        "17:9: error: claim 'containers': duplicate claim id (first on line 10)",
        id="duplicate-claim-id",
    ),
    pytest.param(
        [("  - id: herald-2024-03", "  - id: gazette-2024-02-27")],
        "6:9: error: source 'gazette-2024-02-27': duplicate source id (first on line 3)",
        id="duplicate-source-id",
    ),
    pytest.param(
        [("    unit: shell\n", "    unit: shell\n    unit: shell\n")],
        "23:5: error: claim 'shells': duplicate field 'unit' (first on line 22)",
        id="duplicate-field",
    ),
    pytest.param(
        [("claims:\n", "format: 1\nclaims:\n")],
        "9:1: error: the file: duplicate field 'format' (first on line 1)",
        id="duplicate-top-level-field",
    ),
    # Field names.
    pytest.param(
        [("    since: 2023-09", "    sinse: 2023-09")],
        "15:5: error: claim 'containers': unknown field 'sinse'; did you mean 'since'?",
        id="unknown-field-typo",
    ),
    pytest.param(
        [("format: 1\n", "format: 1\nformt: 1\n")],
        "2:1: error: the file: unknown field 'formt'; did you mean 'format'?",
        id="unknown-top-level-field",
    ),
    pytest.param(
        [("    unit: shell\n", "    unit: shell\n    <<: {note: shared}\n")],
        "23:5: error: claim 'shells': YAML merge keys ('<<') are not supported; "
        "write the fields out",
        id="merge-key",
    ),
    # Units.
    pytest.param(
        [("unit: shell\n", "unit: shel\n")],
        "22:11: error: claim 'shells': unit: unknown unit 'shel'; did you mean 'shell'?",
        id="unknown-unit",
    ),
    pytest.param(
        [("unit: shell\n", "unit: shell/\n")],
        "22:11: error: claim 'shells': unit: 'shell/' is not a unit expression (unit names "
        "joined by '/' or '*', e.g. 'shell/container')",
        id="unit-expression",
    ),
    # Dates.
    pytest.param(
        [("since: 2023-09", "since: 2024-13-01")],
        "15:12: error: claim 'containers': since: '2024-13-01' is not a date in the calendar",
        id="date-month-13",
    ),
    pytest.param(
        [("since: 2023-09", "since: 2024/02/27")],
        "15:12: error: claim 'containers': since: expected a date YYYY-MM-DD or YYYY-MM, "
        "not '2024/02/27'",
        id="date-slashes",
    ),
    pytest.param(
        [("since: 2023-09", "since: Feb 2024")],
        "15:12: error: claim 'containers': since: expected a date YYYY-MM-DD or YYYY-MM, "
        "not 'Feb 2024'",
        id="date-words",
    ),
    pytest.param(
        # The claims of a source with a bad date are not also told the source is missing.
        [("published: 2024-02-27", "published: 2024-02-30")],
        "5:16: error: source 'gazette-2024-02-27': published: '2024-02-30' is not a date in "
        "the calendar",
        id="published-not-in-calendar",
    ),
    pytest.param(
        # as_of defaults to the source's published date, and the message says so; the
        # claim converting this one is not also told it does not exist.
        [("since: 2023-09", "since: 2024-03")],
        "15:12: error: claim 'containers': since: 2024-03 is after as_of 2024-02-27 "
        "(the source's published date)",
        id="since-after-published",
    ),
    pytest.param(
        [("since: 2023-09\n", "since: 2023-09\n    as_of: 2023-08-31\n")],
        "15:12: error: claim 'containers': since: 2023-09 is after as_of 2023-08-31",
        id="since-after-as-of",
    ),
    # converts and relative_to.
    # Any count of carriers may be converted (containers, trucks, vessels, a unit the
    # file declares), but not munitions or money: changed from "not a container count".
    pytest.param(
        [("unit: container", "unit: round")],
        "24:15: error: claim 'shells': converts: claim 'containers' (line 10) is not a "
        "count of carriers such as containers or trucks (its unit is 'round')",
        id="converts-not-a-carrier-count",
    ),
    pytest.param(
        [("unit: container", "unit: USD")],
        "24:15: error: claim 'shells': converts: claim 'containers' (line 10) is not a "
        "count of carriers such as containers or trucks (its unit is 'USD')",
        id="converts-money",
    ),
    pytest.param(
        [("    basis: capacity\n", "")],
        "23:15: error: claim 'shells': converts: only a 'basis: capacity' claim converts a "
        "container count (this one is 'reported')",
        id="converts-without-capacity",
    ),
    pytest.param(
        [("basis: capacity", "basis: estimate")],
        "24:15: error: claim 'shells': converts: only a 'basis: capacity' claim converts a "
        "container count (this one is 'estimate')",
        id="converts-with-estimate",
    ),
    pytest.param(
        [("basis: capacity", "basis: capcity")],
        "23:12: error: claim 'shells': basis: 'capcity' is not one of reported, capacity, estimate",
        id="unknown-basis",
    ),
    # Wrong types.
    pytest.param(
        [("figure: more than three million", "figure: [3, 4]")],
        "21:13: error: claim 'shells': figure: expected a number or text such as "
        "'about 4,200', got a list",
        id="figure-list",
    ),
    pytest.param(
        # Read as written, not as YAML 1.1's true: the grammar refuses the word.
        [("figure: more than three million", "figure: yes")],
        "21:13: error: claim 'shells': figure: 'yes' is not a number the grammar accepts: "
        "'yes' is not a number, scale or hedge word (expected e.g. 'about 4,200', "
        "'more than two million', '1-2.5 million')",
        id="figure-yes",
    ),
    pytest.param(
        # Only the outlet is reported: the claims citing this source are not also told
        # that it does not exist.
        [("outlet: Gazette", "outlet: [Gazette]")],
        "4:13: error: source 'gazette-2024-02-27': outlet: expected text, got a list",
        id="outlet-list",
    ),
    pytest.param(
        [("quote: more than three million shells", "quote: {text: three million}")],
        "25:12: error: claim 'shells': quote: expected text, got a mapping",
        id="quote-mapping",
    ),
    pytest.param(
        [("calibre: 152 mm", "calibre: [152, mm]")],
        "20:14: error: claim 'shells': calibre: expected a single value, got a list",
        id="calibre-list",
    ),
    pytest.param(
        [("published: 2024-03\n", "published: 2024-03\n    via: {agency: Yonhap}\n")],
        "9:10: error: source 'herald-2024-03': via: expected a list of text, got a mapping",
        id="via-mapping",
    ),
    pytest.param(
        [("  - id: shells\n", "  - shells\n  - id: shells\n")],
        "17:5: error: claim #2: expected a mapping of fields, got text",
        id="claim-not-a-mapping",
    ),
    # format.
    pytest.param(
        [("format: 1", "format: 2")],
        "1:9: error: format: 2 is not supported; this shellcount reads format 1 "
        "(write 'format: 1')",
        id="format-2",
    ),
    pytest.param(
        [("format: 1", 'format: "1"')],
        "1:9: error: format: '1' is text, not a number; this shellcount reads format 1 "
        "(write 'format: 1')",
        id="format-text-1",
    ),
    pytest.param(
        [("format: 1", "format: 1.0")],
        "1:9: error: format: 1.0 is not supported; this shellcount reads format 1 "
        "(write 'format: 1')",
        id="format-1.0",
    ),
    pytest.param(
        [("format: 1", "format:")],
        "1:8: error: format: expected a version number, got nothing; this shellcount reads "
        "format 1 (write 'format: 1')",
        id="format-empty",
    ),
    pytest.param(
        [("format: 1\n", "")],
        "1:1: error: the file: missing required field 'format' (write 'format: 1' at the top)",
        id="format-missing",
    ),
    # Missing and empty.
    pytest.param(
        [("    quote: more than three million shells\n", "")],
        "17:5: error: claim 'shells': missing required field 'quote'",
        id="missing-quote",
    ),
    pytest.param(
        [("    outlet: Herald\n", "")],
        "6:5: error: source 'herald-2024-03': missing required field 'outlet'",
        id="missing-outlet",
    ),
    pytest.param(
        [(BASE[BASE.index("claims:") :], "claims: []\n")],
        "9:9: error: claims: the list is empty; at least one claim is required",
        id="claims-empty-list",
    ),
    pytest.param(
        [(BASE[BASE.index("claims:") :], "claims:\n")],
        "9:8: error: claims: expected a list, got nothing",
        id="claims-nothing",
    ),
    pytest.param(
        # The claims are not each told that their source is missing.
        [(BASE[BASE.index("sources:") : BASE.index("claims:")], "sources: Gazette\n")],
        "2:10: error: sources: expected a list, got text",
        id="sources-not-a-list",
    ),
    # Figures.
    pytest.param(
        [("figure: more than three million", "figure: more than three milion")],
        "21:13: error: claim 'shells': figure: 'more than three milion' is not a number the "
        "grammar accepts: 'milion' is not a number, scale or hedge word; did you mean "
        "'million'?",
        id="figure-grammar",
    ),
    pytest.param(
        [("figure: more than three million", "figure: -3000000")],
        "21:13: error: claim 'shells': figure: '-3000000' is negative; only a 'relative_to' "
        "percentage may be",
        id="figure-negative-number",
    ),
    pytest.param(
        [("figure: more than three million", "figure: about -3 million")],
        "21:13: error: claim 'shells': figure: 'about -3 million' is negative; only a "
        "'relative_to' percentage may be",
        id="figure-negative-text",
    ),
    pytest.param(
        [("figure: more than three million", "figure: .nan")],
        "21:13: error: claim 'shells': figure: '.nan' is not a number; give the figure as "
        "reported, e.g. 'about 4,200'",
        id="figure-nan",
    ),
    # Calibre.
    pytest.param(
        [("calibre: 152 mm", "calibre: 152 kg")],
        "20:14: error: claim 'shells': calibre: '152 kg' is [mass], not a length such as '152 mm'",
        id="calibre-mass",
    ),
    pytest.param(
        [("calibre: 152 mm", "calibre: 0")],
        "20:14: error: claim 'shells': calibre: must be a positive length, not '0'",
        id="calibre-zero",
    ),
    # Sources' own fields.
    pytest.param(
        [("published: 2024-02-27\n", "published: 2024-02-27\n    grade: Z9\n")],
        "6:12: error: source 'gazette-2024-02-27': grade: 'Z9' is not an Admiralty code: a "
        "letter A-F then a digit 1-6, e.g. 'B2'",
        id="grade",
    ),
    pytest.param(
        [("  - id: herald-2024-03", "  - id: Bad_ID")],
        "6:9: error: source 'Bad_ID': id: 'Bad_ID' may use only lower-case letters, digits and '-'",
        id="source-id-pattern",
    ),
    # Whole-file problems.
    pytest.param(
        [(BASE, "- format: 1\n- sources: []\n")],
        "1:1: error: the file: expected a mapping of fields, got a list",
        id="top-level-list",
    ),
    pytest.param(
        [(BASE, "")],
        "1:1: error: the file is empty: expected format, sources, claims",
        id="empty-file",
    ),
    pytest.param(
        [(BASE, "# claims to come\n\n")],
        "1:1: error: the file is empty: expected format, sources, claims",
        id="only-comments",
    ),
    pytest.param(
        [(BASE, "---\n")],
        "1:1: error: the file is empty: expected format, sources, claims",
        id="only-document-marker",
    ),
    pytest.param(
        [("quote: more than three million shells", 'quote: "more than three million shells')],
        "26:1: error: YAML syntax: while scanning a quoted scalar (from line 25, column 12), "
        "found unexpected end of stream",
        id="yaml-unclosed-quote",
    ),
    pytest.param(
        [("    unit: shell\n", "\tunit: shell\n")],
        "22:1: error: YAML syntax: while scanning a plain scalar, found a tab character that "
        "violates indentation",
        id="yaml-tab",
    ),
    pytest.param(
        [("    unit: shell\n", "    unit: shell\n   basis: capacity\n")],
        "23:4: error: YAML syntax: while parsing a block collection, did not find expected "
        "'-' indicator",
        id="yaml-indentation",
    ),
    pytest.param(
        [(BASE, BASE + "---\nformat: 1\n")],
        "26:1: error: YAML syntax: expected a single document in the stream, but found "
        "another document",
        id="yaml-two-documents",
    ),
    pytest.param(
        [("quote: about 6,700 containers", "quote: about 6,700\x07 containers")],
        "16:23: error: YAML: character U+0007 is not allowed in YAML; remove it",
        id="control-character",
    ),
]


@pytest.mark.parametrize(("changes", "problem"), CASES)
def test_one_problem(tmp_path: Path, changes: list[tuple[str, str]], problem: str) -> None:
    assert_problems(write(tmp_path, edit(*changes)), problem)


# -- relative_to and the dimension of a quantity -----------------------------------------


def test_relative_to_may_be_negative(tmp_path: Path) -> None:
    result = run(write(tmp_path, BASE + edit(("figure: about 30", "figure: -30"), text=RELATIVE)))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("unit", ["shell", "km", "dozen"])
def test_relative_to_must_be_a_percentage(tmp_path: Path, unit: str) -> None:
    path = write(tmp_path, BASE + edit(("unit: percent", f"unit: {unit}"), text=RELATIVE))
    assert_problems(
        path,
        f"30:11: error: claim 'more-shells': unit: a relative_to figure is a percentage, "
        f"not '{unit}'",
    )


def test_same_quantity_in_another_dimension(tmp_path: Path) -> None:
    # 152mm is the same calibre as 152 mm: the same measure, calibre, origin and
    # destination, so the same quantity, which cannot be counted in kilometres.
    path = write(tmp_path, BASE + edit(("unit: shell", "unit: km"), text=SAME_QUANTITY))
    assert_problems(
        path,
        "31:11: error: claim 'shells-again': unit: 'km' is [length], but claim 'shells' "
        "(line 17) counts the same 'shells' in 'shell' ([munition])",
    )


def test_another_calibre_is_another_quantity(tmp_path: Path) -> None:
    text = BASE + edit(
        ("unit: shell", "unit: km"), ("calibre: 152mm", "calibre: 122mm"), text=SAME_QUANTITY
    )
    result = run(write(tmp_path, text))
    assert result.exit_code == 0, result.stderr


# -- several problems at once ------------------------------------------------------------


def test_three_mistakes_reported_at_once_in_line_order(tmp_path: Path) -> None:
    # Made in reverse order, and found by different passes (a claim's unit, an unknown
    # field, a source's field): reported together, sorted by line.
    path = write(
        tmp_path,
        edit(
            ("unit: shell\n", "unit: shel\n"),
            ("    since: 2023-09", "    sinse: 2023-09"),
            ("outlet: Gazette", "outlet: [Gazette]"),
        ),
    )
    assert_problems(
        path,
        "4:13: error: source 'gazette-2024-02-27': outlet: expected text, got a list",
        "15:5: error: claim 'containers': unknown field 'sinse'; did you mean 'since'?",
        "22:11: error: claim 'shells': unit: unknown unit 'shel'; did you mean 'shell'?",
    )


def test_a_duplicate_with_problems_of_its_own_is_still_a_duplicate(tmp_path: Path) -> None:
    path = write(
        tmp_path, edit(("  - id: shells", "  - id: containers"), ("unit: shell\n", "unit: shel\n"))
    )
    assert_problems(
        path,
        "17:9: error: claim 'containers': duplicate claim id (first on line 10)",
        "22:11: error: claim 'containers': unit: unknown unit 'shel'; did you mean 'shell'?",
    )


def test_unknown_fields_are_never_read(tmp_path: Path) -> None:
    # An alias bomb under an unknown field: reported as unknown, never expanded.
    bomb = "    lol: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb += f"    lol{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}]\n"
    path = write(tmp_path, edit(("    unit: shell\n", "    unit: shell\n" + bomb)))
    expected = ["23:5: error: claim 'shells': unknown field 'lol'"]
    expected += [
        f"{24 + n}:5: error: claim 'shells': unknown field 'lol{level}'"
        for n, level in enumerate("bcdefghi")
    ]
    assert_problems(path, *expected)


@pytest.mark.parametrize("opening", ["[", "- "])
def test_absurd_nesting_is_refused_not_a_crash(tmp_path: Path, opening: str) -> None:
    # libyaml composes recursively in C; 100,000 levels would overflow the stack. The
    # top-level mapping is level 1, so the 100th opening is level 101, the first refused.
    depth = 100_000
    if opening == "[":
        nested, line, column = " " + "[" * depth + "x" + "]" * depth, 2, len("nested: ") + 100
    else:
        nested, line, column = "\n" + "- " * depth + "x", 3, 2 * 100 - 1
    path = write(tmp_path, edit(("format: 1\n", f"format: 1\nnested:{nested}\n")))
    result = run(path)
    assert_fails(
        result,
        f"{path}:{line}:{column}: error: YAML: lists and mappings nested more than 100 deep\n",
    )


# -- tags that would run code --------------------------------------------------------------


def _payload(marker: Path) -> str:
    return f"!!python/object/apply:os.system [\"touch '{marker}'\"]"


@pytest.mark.skipif(os.name != "posix", reason="the payload runs 'touch'")
def test_the_payload_is_live(tmp_path: Path) -> None:
    # So that the tests below, which check the marker is never made, could fail.
    import yaml

    marker = tmp_path / "ran"
    yaml.unsafe_load(f"quote: {_payload(marker)}\n")
    assert marker.exists()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "format: 1",
            "format: PAYLOAD",
            "1:9: error: format: expected a version number, got a value tagged "
            "!!python/object/apply:os.system; this shellcount reads format 1 "
            "(write 'format: 1')",
        ),
        (
            "quote: more than three million shells",
            "quote: PAYLOAD",
            "25:12: error: claim 'shells': quote: expected text, got a value tagged "
            "!!python/object/apply:os.system",
        ),
        (
            "    quote: more than three million shells\n",
            "    quote: more than three million shells\n    run: PAYLOAD\n",
            "26:5: error: claim 'shells': unknown field 'run'",
        ),
        (
            BASE,
            "PAYLOAD\n",
            "1:1: error: the file: expected a mapping of fields, got a value tagged "
            "!!python/object/apply:os.system",
        ),
    ],
    ids=["format", "quote", "unknown-field", "whole-file"],
)
def test_python_tags_are_refused_never_run(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    marker = tmp_path / "ran"
    path = write(tmp_path, edit((old, new.replace("PAYLOAD", _payload(marker)))))
    assert_problems(path, problem)
    assert not marker.exists()


# -- the file itself -----------------------------------------------------------------------


def test_not_utf8() -> None:
    # Line 5 is 'outlet: Évening Caf' then a Latin-1 é: the column counts characters.
    path = BAD / "not_utf8.yaml"
    assert_fails(
        run(path),
        f"{path}:5:24: error: the file is not UTF-8 text (byte 0xe9); save it as UTF-8\n",
    )


def test_no_such_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    assert_fails(run(path), f"error: {path}: no such file\n")


def test_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert "is a directory" in result.stderr, result.stderr


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + BASE)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = run(path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == run(write(tmp_path, BASE, "plain.yaml")).stdout


def test_byte_order_mark_keeps_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + edit(("format: 1", "format: 2")))
    assert_problems(
        path,
        "1:9: error: format: 2 is not supported; this shellcount reads format 1 "
        "(write 'format: 1')",
    )


def test_the_environment_variable_gives_the_same_error(tmp_path: Path) -> None:
    path = write(tmp_path, edit(("    since: 2023-09", "    sinse: 2023-09")))
    expected = (
        f"{path}:15:5: error: claim 'containers': unknown field 'sinse'; did you mean 'since'?\n"
    )
    assert_fails(run(path), expected)
    assert_fails(run(path, env={"SHELLCOUNT_CLAIMS": str(path)}), expected)


# -- values are read as written, never by YAML 1.1's typing rules ----------------------------


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        pytest.param(
            [("outlet: Gazette", "outlet: 1843")],
            lambda ledger: ledger.sources["gazette-2024-02-27"].outlet == "1843",
            id="number-as-outlet",
        ),
        pytest.param(
            [("unit: container\n", "unit: container\n    origin: NO\n")],
            lambda ledger: ledger.claims[0].origin == "NO",
            id="norway-is-not-false",
        ),
        pytest.param(
            [("  - id: shells", "  - id: 17")],
            lambda ledger: ledger.claims[1].id == "17",
            id="number-as-id",
        ),
    ],
)
def test_values_are_read_as_written(
    tmp_path: Path, changes: list[tuple[str, str]], check: Callable[[Ledger], bool]
) -> None:
    ledger = load_claims(write(tmp_path, edit(*changes)))
    assert check(ledger)


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("1:30", "figure: '1:30' is not a number the grammar accepts"),
        ("0x1A", "figure: '0x1A' is not a number the grammar accepts"),
        ("1_000", "figure: '1_000' is not a number the grammar accepts"),
    ],
)
def test_yaml_number_forms_are_not_silently_converted(
    tmp_path: Path, figure: str, message: str
) -> None:
    path = write(tmp_path, edit(("figure: more than three million", f"figure: {figure}")))
    with pytest.raises(ClaimsFileError, match=re.escape(message)):
        load_claims(path)


def test_an_empty_required_field_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, edit(("quote: more than three million shells", "quote:")))
    assert_problems(path, "25:5: error: claim 'shells': quote: is empty; a value is required")


# -- restates: a claim names the statement it repeats ---------------------------------------

# A third claim appended to BASE (lines 26-33): the herald repeating the gazette's count.
RESTATED = """\
  - id: herald-containers
    source: herald-2024-03
    measure: containers
    figure: 6,700
    unit: container
    since: 2023-09
    restates: containers
    quote: 6,700 containers
"""


def test_restates_names_one_statement(tmp_path: Path) -> None:
    ledger = load_claims(write(tmp_path, BASE + RESTATED))
    herald = ledger.claim("herald-containers")
    assert herald.restates == "containers"
    assert ledger.statement(herald) is ledger.claim("containers")
    assert ledger.same_statement(herald, ledger.claim("containers"))
    assert not ledger.same_statement(herald, ledger.claim("shells"))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param(
            [("    restates: containers", "    restates: container")],
            "32:15: error: claim 'herald-containers': restates: no claim has id 'container'; "
            "did you mean 'containers'?",
            id="unknown-target",
        ),
        pytest.param(
            [("    restates: containers", "    restates: herald-containers")],
            "32:15: error: claim 'herald-containers': restates: a claim cannot refer to itself",
            id="itself",
        ),
        pytest.param(
            [
                (
                    "    unit: container\n    since: 2023-09\n    quote: about",
                    "    unit: container\n    since: 2023-09\n"
                    "    restates: herald-containers\n    quote: about",
                )
            ],
            "16:15: error: claim 'containers': restates: the restatements go round in a "
            "circle (containers -> herald-containers -> containers); one of them must be the "
            "statement the others repeat",
            id="cycle",
        ),
    ],
)
def test_restates_problems(tmp_path: Path, changes: list[tuple[str, str]], problem: str) -> None:
    assert_problems(write(tmp_path, edit(*changes, text=BASE + RESTATED)), problem)


def test_a_chain_of_relative_claims_is_refused(tmp_path: Path) -> None:
    # A percentage of a percentage would be read as a percentage of a count.
    chained = edit(
        ("  - id: more-shells", "  - id: even-more"),
        ("relative_to: shells", "relative_to: more-shells"),
        text=RELATIVE,
    )
    assert_problems(
        write(tmp_path, BASE + RELATIVE + chained),
        "38:18: error: claim 'even-more': relative_to: claim 'more-shells' (line 26) is itself "
        "relative_to 'shells'; point relative_to at the count it rests on",
    )
