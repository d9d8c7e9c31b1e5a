"""``shellcount check``: every error and warning at once, one exact line each, on stdout;
a summary on stderr; exit 1 on an error (or, with ``--strict``, a warning).

The files below are numbered by line in comments, so each expected position can be
checked by eye.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.choices import CheckFormat
from shellcount.errors import Location, Problem
from shellcount.ledger import lint
from shellcount.ledger.loader import packaged_claims_path
from shellcount.views import check as check_view

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
TODAY = dt.date(2026, 6, 15)

# Three mistakes: an unknown unit, a misspelt source id, a misspelt field.
THREE_MISTAKES = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
    claims:
      - id: containers
        source: gazette
        measure: containers
        figure: about 6,700
        unit: containr
        quote: about 6,700 containers
      - id: shells
        source: gazete
        measure: shells
        figure: more than three million
        unit: shell
        sinse: 2023-09
        quote: more than three million shells
    """
)
#  8 - id: containers    12 unit: containr (value at column 11)
# 14 - id: shells        15 source: gazete (value at column 13)    19 sinse (column 5)

# Loads, with one warning of each kind (today: TODAY).
WARNINGS = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
      - id: herald
        outlet: Herald
        published: 2026-07
    claims:
      - id: containers
        source: gazette
        measure: containers
        origin: north-korea
        destination: russia
        figure: about 6,700
        unit: container
        as_of: 2026-06-16
        quote: about 6,700 containers
      - id: shells
        source: gazette
        measure: shells
        calibre: 152 mm
        figure: more than three million
        unit: shell
        basis: capacity
        quote: more than three million shells
      - id: vessels
        source: herald
        measure: cargo vessels
        origin: north-korea
        figure: about four
        unit: vessel
        quote: about four cargo vessels
    """
)
#  7 - id: herald (no speaker)   9 published: 2026-07 (value at column 16)
# 18 as_of: 2026-06-16 (value at column 12)   26 basis: capacity (value at column 12)
# 28 - id: vessels (nothing else counts cargo vessels)

WARNING_LINES = [
    "7:5: warning: source 'herald' names no speaker: add who gave its figures ('speaker': a "
    "person or body; for the outlet's own reporting, the outlet)",
    "9:16: warning: source 'herald': published: 2026-07 is after today (2026-06-15); a typo "
    "in the year?",
    "18:12: warning: claim 'containers': as_of: 2026-06-16 is after today (2026-06-15); a "
    "figure cannot count days that have not come (a typo in the year?)",
    "26:12: warning: claim 'shells': a capacity claim without 'converts': derive divides it "
    "by another container count (same source and date, or interpolated), not necessarily "
    "the one it was converted from; name that claim in 'converts'",
    "28:5: warning: claim 'vessels' is compared with nothing: no other claim counts the same "
    "quantity (measure 'cargo vessels', no calibre, from north-korea, no destination), none "
    "converts it or is relative to it, and it is not a munitions or container count",
]

# Loads with no warning at all.
CLEAN = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
    claims:
      - id: containers
        source: gazette
        measure: containers
        figure: about 6,700
        unit: container
        quote: about 6,700 containers
    """
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates are checked against TODAY, so the expected lines never age."""
    monkeypatch.setattr(lint, "_today", lambda: TODAY)


def write(tmp_path: Path, text: str, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- errors ------------------------------------------------------------------------------


def test_three_mistakes_are_all_reported_with_their_lines(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = write(tmp_path, THREE_MISTAKES)
    result = shellcount("check", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:12:11: error: claim 'containers': unit: unknown unit 'containr'; did you mean "
        "'container'?",
        f"{path}:15:13: error: claim 'shells': source: no source has id 'gazete'; did you mean "
        "'gazette'?",
        f"{path}:19:5: error: claim 'shells': unknown field 'sinse'; did you mean 'since'?",
    ]
    assert result.stderr == "3 errors, 0 warnings in 1 file\n"
    assert result.exit_code == 1


def test_errors_are_the_loaders_own(shellcount: Shell, tmp_path: Path) -> None:
    """check reports exactly what the other commands refuse, in the same words."""
    path = write(tmp_path, THREE_MISTAKES)
    refused = shellcount("compare", "--claims", str(path))
    checked = shellcount("check", str(path))
    assert refused.exit_code == checked.exit_code == 1
    assert checked.stdout == refused.stderr


def test_a_file_that_cannot_be_read_is_an_error_without_a_line(
    shellcount: Shell, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.yaml"
    result = shellcount("check", str(missing), "--format", "json")
    assert json.loads(result.stdout) == [
        {"file": str(missing), "line": None, "column": None, "level": "error",
         "message": "no such file"}
    ]  # fmt: skip
    result = shellcount("check", str(missing))
    assert result.stdout == f"{missing}: error: no such file\n"
    assert result.exit_code == 1


def test_a_line_break_in_a_name_does_not_split_the_line(shellcount: Shell, tmp_path: Path) -> None:
    path = write(tmp_path, edit(CLEAN, "    quote:", '    "not\\nhere\\u001b[31m": 1\n    quote:'))
    result = shellcount("check", str(path))
    assert result.stdout == (
        f"{path}:13:5: error: claim 'containers': unknown field 'not\\nhere\\x1b[31m'\n"
    )


# -- warnings ----------------------------------------------------------------------------


def test_each_kind_of_warning(shellcount: Shell, tmp_path: Path) -> None:
    path = write(tmp_path, WARNINGS)
    result = shellcount("check", str(path))
    assert result.stdout.splitlines() == [f"{path}:{line}" for line in WARNING_LINES]
    assert result.stderr == "0 errors, 5 warnings in 1 file\n"
    assert result.exit_code == 0


def test_strict_fails_on_warnings(shellcount: Shell, tmp_path: Path) -> None:
    warned = write(tmp_path, WARNINGS)
    assert shellcount("check", "--strict", str(warned)).exit_code == 1
    clean = write(tmp_path, CLEAN, "clean.yaml")
    result = shellcount("check", "--strict", str(clean))
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "0 errors, 0 warnings in 1 file\n",
    )


def test_no_warning_for_what_is_used(tmp_path: Path) -> None:
    """A claim referred to, sharing its quantity, relative to another, or counting
    munitions or containers is used; so is one whose fields are all fine."""
    text = WARNINGS + textwrap.dedent(
        """\
          - id: vessels-again
            source: gazette
            measure: cargo vessels
            origin: north-korea
            figure: five
            unit: vessel
            quote: five vessels
          - id: more-containers
            source: gazette
            measure: containers
            origin: russia
            destination: north-korea
            figure: about 30
            unit: percent
            relative_to: containers
            quote: about 30 percent more
        """
    )
    messages = [p.message for p in lint.check_file(write(tmp_path, text), today=TODAY)]
    assert not [m for m in messages if "compared with nothing" in m], messages


def test_dates_today_and_this_months_publication_are_not_warned(tmp_path: Path) -> None:
    text = edit(WARNINGS, "published: 2026-07", "published: 2026-06")
    text = edit(text, "as_of: 2026-06-16", "as_of: 2026-06-15")
    messages = [p.message for p in lint.check_file(write(tmp_path, text), today=TODAY)]
    assert not [m for m in messages if "after today" in m], messages


def test_a_month_as_of_is_its_last_day(tmp_path: Path) -> None:
    """As the reconciler reads it: 'as of June' is 30 June, after the 15th."""
    text = edit(WARNINGS, "as_of: 2026-06-16", "as_of: 2026-06")
    problems = lint.check_file(write(tmp_path, text), today=TODAY)
    assert [str(p.location).split(":", 1)[1] for p in problems if "as_of" in p.message] == ["18:12"]
    assert "as_of: 2026-06-30 is after today" in " ".join(p.message for p in problems)


def test_warnings_are_not_given_for_a_file_with_errors(tmp_path: Path) -> None:
    text = edit(WARNINGS, "unit: vessel", "unit: vesel")
    problems = lint.check_file(write(tmp_path, text), today=TODAY)
    assert [p.level for p in problems] == ["error"]


def test_the_packaged_claims_have_no_errors(shellcount: Shell) -> None:
    path = packaged_claims_path()
    problems = lint.check_file(path)
    assert [p for p in problems if p.level != lint.WARNING] == []
    result = shellcount("check", str(path))
    assert result.exit_code == 0, result.stdout
    assert result.stderr == f"0 errors, {len(problems)} warnings in 1 file\n"


# -- several files, formats ----------------------------------------------------------------


def test_several_files_are_all_checked_and_reported(shellcount: Shell, tmp_path: Path) -> None:
    bad = write(tmp_path, THREE_MISTAKES, "bad.yaml")
    warned = write(tmp_path, WARNINGS, "warned.yaml")
    clean = write(tmp_path, CLEAN, "clean.yaml")
    missing = tmp_path / "missing.yaml"
    result = shellcount("check", str(warned), str(bad), str(missing), str(clean))
    files = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    # File by file in the order given, a bad file not stopping the ones after it.
    assert files == [str(warned)] * 5 + [str(bad)] * 3 + [str(missing)]
    assert result.stderr == "4 errors, 5 warnings in 4 files\n"
    assert result.exit_code == 1


def test_warnings_alone_exit_0_over_several_files_checked_separately(
    shellcount: Shell, tmp_path: Path
) -> None:
    result = shellcount(
        "check",
        "--separately",
        str(write(tmp_path, WARNINGS, "a.yaml")),
        str(write(tmp_path, CLEAN, "b.yaml")),
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "0 errors, 5 warnings in 2 files\n"


def test_several_files_are_checked_as_one_ledger(shellcount: Shell, tmp_path: Path) -> None:
    """The same two files read together, as two --claims would read them: the claim id
    both give clashes (the source both give alike is one source)."""
    a = write(tmp_path, WARNINGS, "a.yaml")
    b = write(tmp_path, CLEAN, "b.yaml")
    result = shellcount("check", str(a), str(b))
    assert result.stdout == (
        f"{b}:8:9: error: claim 'containers': id: also given at {a}:11:9; a claim id must "
        "be unique across all the files read together\n"
    ), result.output
    assert result.stderr == "1 error, 0 warnings in 2 files\n"
    assert result.exit_code == 1


def test_json_format(shellcount: Shell, tmp_path: Path) -> None:
    path = write(tmp_path, WARNINGS)
    result = shellcount("check", "--format", "json", str(path))
    items = json.loads(result.stdout)
    assert [list(item) for item in items] == [["file", "line", "column", "level", "message"]] * 5
    assert items[0] == {
        "file": str(path), "line": 7, "column": 5, "level": "warning",
        "message": WARNING_LINES[0].split(": warning: ")[1],
    }  # fmt: skip
    assert result.exit_code == 0


@pytest.mark.parametrize("output_format", list(CheckFormat))
def test_every_format_reports_every_problem(
    shellcount: Shell, tmp_path: Path, output_format: CheckFormat
) -> None:
    path = write(tmp_path, THREE_MISTAKES)
    result = shellcount("check", "--format", output_format.value, str(path))
    assert result.exit_code == 1
    for line in ("12", "15", "19"):
        assert f"{path}:{line}:" in result.stdout or f'"line": {line},' in result.stdout
    assert result.stderr == "3 errors, 0 warnings in 1 file\n"


def test_problems_are_sorted_by_position() -> None:
    problems = [
        Problem(Location("f", 9, 1), "b", "warning"),
        Problem(Location("f", 2, 7), "a"),
        Problem(Location("f", 2, 3), "c", "warning"),
    ]
    assert [p.message for p in sorted(problems, key=lint._position)] == ["c", "a", "b"]


def test_summary_counts() -> None:
    one = [Problem(Location("f", 1, 1), "x")]
    assert check_view.summary(one, 1) == "1 error, 0 warnings in 1 file"
    assert check_view.summary([], 3) == "0 errors, 0 warnings in 3 files"


# -- the README --------------------------------------------------------------------------


def test_readme_check_examples_are_real(
    shellcount: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's bad.yaml (built as in test_readme), and the packaged file's warnings."""
    (tmp_path / "bad.yaml").write_text(
        "format: 1\nsources:\n  - id: a\n    outlet: X\n    published: 2024-02-30\n"
        "claims:\n  - id: c\n    source: b\n    measure: shells\n    figure: lots\n"
        "    unit: shel\n    sinse: 2024-01\n    quote: q\n",
        encoding="utf-8",
    )
    for command, directory in (
        ("shellcount check bad.yaml", tmp_path),
        ("shellcount check data/claims.yaml", REPOSITORY),
    ):
        monkeypatch.chdir(directory)
        block = README.split(f"$ {command}\n")[1].split("```")[0].splitlines()
        result = shellcount(*command.split()[1:])
        *lines, summary = block
        assert summary == result.stderr.rstrip("\n"), result.stderr
        for line in lines:
            assert line == "..." or line in result.stdout.splitlines(), result.stdout


# Two outlets give one minister's number for one day and measure: unless one says it
# restates the other, a relay would count as corroboration.
RELAYED = textwrap.dedent(
    """\
    format: 1
    sources:
      - {id: wire, outlet: Wire, published: 2024-02-27, speaker: Shin Won-sik}
      - {id: paper, outlet: Paper, published: 2024-02-27, speaker: Shin Won Sik}
    claims:
      - {id: wire-count, source: wire, measure: containers, figure: "about 6,700",
         unit: container, quote: "about 6,700 containers"}
      - {id: paper-count, source: paper, measure: containers, figure: "6,700",
         unit: container, quote: "6,700 containers"}
    """
)


def test_an_unmarked_restatement_is_warned_of(shellcount: Shell, tmp_path: Path) -> None:
    path = tmp_path / "relayed.yaml"
    path.write_text(RELAYED, encoding="utf-8")
    result = shellcount("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}:8:5: warning: claim 'paper-count' gives the same number as claim "
        "'wire-count' (line 6) for the same speaker, date and measure (Shin Won Sik, "
        "2024-02-27, 'containers'): if it repeats that statement, say so ('restates: "
        "wire-count'), or a relay is counted as corroboration\n"
    ), result.stdout
    path.write_text(
        RELAYED.replace('quote: "6,700 containers"}', 'restates: wire-count, quote: "6,700"}'),
        encoding="utf-8",
    )
    assert shellcount("check", str(path)).stdout == ""
