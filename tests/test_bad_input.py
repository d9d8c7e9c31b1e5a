"""The bad-input corpus: every file under ``tests/bad_input/`` is ``valid.yaml`` with one
thing wrong, and each is refused with exit status 1, nothing on stdout, no traceback, and
exactly the lines in CORPUS on stderr (``FILE:LINE:COLUMN: error: ...``, or
``error: FILE: ...`` where there is no line to point at).

The cases too big to commit (a 50 MB file, an endless stream) and the alias bombs are made
in a temporary directory here, and must be refused quickly and without much memory.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from shellcount.cli import app
from shellcount.ledger.loader import MAX_FILE_BYTES

BAD_INPUT = Path(__file__).parent / "bad_input"

# Expected stderr lines, after "{path}:" (or, starting "error:", with {path} in them).
CORPUS: dict[str, list[str]] = {
    # YAML syntax
    "yaml_syntax_unclosed_quote": [
        "14:1: error: YAML syntax: while scanning a quoted scalar (from line 13, column 12), "
        "found unexpected end of stream"
    ],
    "yaml_syntax_unclosed_bracket": [
        "9:11: error: YAML syntax: while parsing a flow sequence (from line 8, column 11), "
        "did not find expected ',' or ']'"
    ],
    "yaml_syntax_tab_indent": [
        "11:1: error: YAML syntax: while scanning a plain scalar, found a tab character that "
        "violates indentation"
    ],
    "yaml_syntax_bad_indent": [
        "12:4: error: YAML syntax: while parsing a block collection, did not find expected "
        "'-' indicator"
    ],
    "yaml_syntax_colon_in_value": [
        "13:19: error: YAML syntax: mapping values are not allowed in this context"
    ],
    "yaml_syntax_two_documents": [
        "14:1: error: YAML syntax: expected a single document in the stream, but found "
        "another document"
    ],
    "control_character": ["13:23: error: YAML: character U+0007 is not allowed in YAML; remove it"],
    "deep_nesting": ["2:108: error: YAML: lists and mappings nested more than 100 deep"],
    # Duplicates
    "duplicate_field": [
        "5:5: error: source 'gazette-2024-02-27': duplicate field 'outlet' (first on line 4)"
    ],
    "duplicate_top_level_field": [
        "6:1: error: the file: duplicate field 'format' (first on line 1)"
    ],
    "duplicate_source_id": [
        "6:9: error: source 'gazette-2024-02-27': duplicate source id (first on line 3)"
    ],
    "duplicate_claim_id": ["14:9: error: claim 'containers': duplicate claim id (first on line 7)"],
    # Unknown fields, units, sources and words
    "unknown_field": [
        "12:5: error: claim 'containers': unknown field 'sinse'; did you mean 'since'?"
    ],
    "unknown_top_level_field": ["2:1: error: the file: unknown field 'version'"],
    "unknown_unit": [
        "11:11: error: claim 'containers': unit: unknown unit 'contaner'; did you mean 'container'?"
    ],
    "unknown_source": [
        "8:13: error: claim 'containers': source: no source has id 'gazette-2024-02-28'; did "
        "you mean 'gazette-2024-02-27'?"
    ],
    "unknown_basis": [
        "13:12: error: claim 'containers': basis: 'rumour' is not one of reported, capacity, "
        "estimate"
    ],
    "merge_key": [
        "13:5: error: claim 'containers': YAML merge keys ('<<') are not supported; write the "
        "fields out"
    ],
    # Wrong types, missing and empty values
    "type_figure_list": [
        "10:13: error: claim 'containers': figure: expected a number or text such as "
        "'about 4,200', got a list"
    ],
    "type_figure_true": [
        "10:13: error: claim 'containers': figure: 'true' is not a number the grammar "
        "accepts: 'true' is not a number, scale or hedge word (expected e.g. 'about 4,200', "
        "'more than two million', '1-2.5 million')"
    ],
    "type_quote_mapping": ["13:12: error: claim 'containers': quote: expected text, got a mapping"],
    "type_outlet_list": [
        "4:13: error: source 'gazette-2024-02-27': outlet: expected text, got a list"
    ],
    "type_claims_mapping": ["7:3: error: claims: expected a list, got a mapping"],
    "type_claim_text": ["7:5: error: claim #1: expected a mapping of fields, got text"],
    "type_field_name_number": [
        "13:5: error: claim 'containers': field names must be text, got a number"
    ],
    "type_format_text": [
        "1:9: error: format: '1' is text, not a number; this shellcount reads format 1 "
        "(write 'format: 1')"
    ],
    "type_format_2": [
        "1:9: error: format: 2 is not supported; this shellcount reads format 1 (write 'format: 1')"
    ],
    "missing_quote": ["7:5: error: claim 'containers': missing required field 'quote'"],
    "empty_quote": ["13:5: error: claim 'containers': quote: is empty; a value is required"],
    "figure_empty": ["10:5: error: claim 'containers': figure: is empty; a value is required"],
    # Dates
    "date_not_in_calendar": [
        "5:16: error: source 'gazette-2024-02-27': published: '2024-02-30' is not a date in "
        "the calendar"
    ],
    "date_month_13": [
        "12:12: error: claim 'containers': since: '2023-13' is not a date in the calendar"
    ],
    "date_day_first": [
        "5:16: error: source 'gazette-2024-02-27': published: expected a date YYYY-MM-DD or "
        "YYYY-MM, not '27/02/2024'"
    ],
    "date_words": [
        "12:12: error: claim 'containers': since: expected a date YYYY-MM-DD or YYYY-MM, not "
        "'September 2023'"
    ],
    "date_inverted": [
        "12:12: error: claim 'containers': since: 2024-01-31 is after as_of 2023-09-01"
    ],
    "date_since_after_published": [
        "12:12: error: claim 'containers': since: 2024-03 is after as_of 2024-02-27 (the "
        "source's published date)"
    ],
    # Figures: negative, zero, not a number, infinite, too large, not in the grammar
    "figure_negative": [
        "10:13: error: claim 'containers': figure: '-6,700' is negative; only a 'relative_to' "
        "percentage may be"
    ],
    "figure_negative_hedged": [
        "10:13: error: claim 'containers': figure: 'about -6,700' is negative; only a "
        "'relative_to' percentage may be"
    ],
    **{
        name: [
            f"10:13: error: claim 'containers': figure: {figure!r} is zero: a count of nothing "
            "cannot be compared or divided by; give a bound ('fewer than 10') or leave the "
            "claim out"
        ]
        for name, figure in (
            ("figure_zero", "0"),
            ("figure_zero_hedged", "about 0"),
            ("figure_zero_range", "0-0"),
        )
    },
    **{
        name: [
            f"10:13: error: claim 'containers': figure: {figure!r} is not a number; give the "
            "figure as reported, e.g. 'about 4,200'"
        ]
        for name, figure in (("figure_nan", ".nan"), ("figure_nan_word", "NaN"))
    },
    **{
        name: [
            f"10:13: error: claim 'containers': figure: {figure!r} is infinite; a figure with "
            "no upper bound is written e.g. 'more than 3 million'"
        ]
        for name, figure in (("figure_infinite", ".inf"), ("figure_infinity_word", "infinity"))
    },
    "figure_too_large": [
        f"10:13: error: claim 'containers': figure: '{'9' * 77}...' is too long to be a "
        "figure (400 characters; at most 200): a figure is a number and a few words, and the "
        "source's text belongs in 'quote:'"
    ],
    "figure_not_grammar": [
        "10:13: error: claim 'containers': figure: 'lots' is not a number the grammar "
        "accepts: 'lots' is not a number, scale or hedge word (expected e.g. 'about 4,200', "
        "'more than two million', '1-2.5 million')"
    ],
    "figure_ambiguous_dot": [
        "10:13: error: claim 'containers': figure: '6.700' is not a number the grammar "
        "accepts: '6.700' is ambiguous: the decimal 6.7, or 6,700 with '.' between "
        "thousands? Write 6,700 for thousands, or 6.7000 for the decimal (expected e.g. "
        "'about 4,200', 'more than two million', '1-2.5 million')"
    ],
    # The whole file
    "empty": ["1:1: error: the file is empty: expected format, sources, claims"],
    "only_comments": ["1:1: error: the file is empty: expected format, sources, claims"],
    "top_level_list": ["1:1: error: the file: expected a mapping of fields, got a list"],
    "top_level_text": ["1:1: error: the file: expected a mapping of fields, got text"],
    "sources_empty_list": [
        "2:10: error: sources: the list is empty; at least one source is required"
    ],
    # Encodings (committed as bytes)
    "invalid_utf8": ["4:16: error: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    "utf16_bom": ["1:1: error: the file is UTF-16 (byte-order mark FF FE); save it as UTF-8"],
    "utf16_be_bom": ["1:1: error: the file is UTF-16 (byte-order mark FE FF); save it as UTF-8"],
    "utf32_bom": ["1:1: error: the file is UTF-32 (byte-order mark FF FE 00 00); save it as UTF-8"],
    "utf16_no_bom": [
        "1:1: error: the file is UTF-16 or UTF-32 (zero bytes between the characters); save "
        "it as UTF-8"
    ],
    # Tags: never constructed. The payloads would touch a file in the working directory.
    "tag_python_apply": [
        "13:12: error: claim 'containers': quote: expected text, got a value tagged "
        "!!python/object/apply:os.system"
    ],
    "tag_python_name": [
        "4:13: error: source 'gazette-2024-02-27': outlet: expected text, got a value tagged "
        "!!python/name:os.system"
    ],
    "tag_python_whole_file": [
        "1:1: error: the file: expected a mapping of fields, got a value tagged "
        "!!python/object/apply:os.system"
    ],
    "tag_python_unknown_field": ["13:5: error: claim 'containers': unknown field 'run'"],
    "tag_local": [
        "10:13: error: claim 'containers': figure: expected a number or text such as "
        "'about 4,200', got a value tagged !secret"
    ],
}

VALID = ("valid", "valid_utf8_bom")  # the base every case edits, and it with a UTF-8 BOM


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def assert_refused(result: Result, expected: list[str]) -> None:
    assert result.exit_code == 1, result.stderr
    assert result.stdout == "", result.stdout
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == expected, result.stderr


def test_every_corpus_file_has_a_case() -> None:
    on_disk = {path.stem for path in BAD_INPUT.glob("*.yaml")}
    assert on_disk == set(CORPUS) | set(VALID)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_is_refused(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where a tag's payload, if it ever ran, would leave a file
    path = BAD_INPUT / f"{name}.yaml"
    expected = [f"{path}:{line}" for line in CORPUS[name]]
    assert_refused(run("compare", "--claims", str(path), "--format", "csv"), expected)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_check_gives_the_same_lines(name: str) -> None:
    path = BAD_INPUT / f"{name}.yaml"
    result = run("check", str(path))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert problems == [f"{path}:{line}" for line in CORPUS[name]]


@pytest.mark.parametrize("name", VALID)
def test_the_base_loads_with_or_without_a_utf8_bom(name: str) -> None:
    result = run("compare", "--claims", str(BAD_INPUT / f"{name}.yaml"), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "containers,gazette-2024-02-27,Gazette," in result.stdout


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("utf16_bom", b"\xff\xfef\x00"),
        ("utf16_be_bom", b"\xfe\xff\x00f"),
        ("utf32_bom", b"\xff\xfe\x00\x00f\x00\x00\x00"),
        ("utf16_no_bom", b"f\x00o\x00"),
        ("valid_utf8_bom", b"\xef\xbb\xbfformat"),
        ("control_character", b"format"),
    ],
)
def test_the_encoded_files_are_still_encoded(name: str, start: bytes) -> None:
    # A checkout or an editor that re-encoded these would make their cases test nothing.
    assert (BAD_INPUT / f"{name}.yaml").read_bytes().startswith(start)


# -- too big: refused from the size, quickly, without reading it ---------------------------


def _max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes vs KiB


def test_a_50_mb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(50_000_000)  # sparse: 50 MB to stat, nothing to write
    assert MAX_FILE_BYTES < 50_000_000
    started, rss = time.perf_counter(), _max_rss_mb()
    result = run("compare", "--claims", str(path))
    assert time.perf_counter() - started < 2
    assert _max_rss_mb() - rss < 20
    assert_refused(
        result,
        [
            f"error: {path}: file is 47.7 MiB, over the 32 MiB limit for a claims file "
            "(split it into several files)"
        ],
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_stream_is_refused_after_the_limit() -> None:
    # A device or a pipe has no size to check: at most the limit is read.
    started = time.perf_counter()
    result = run("compare", "--claims", "/dev/zero")
    assert time.perf_counter() - started < 2
    assert_refused(
        result,
        [
            "error: /dev/zero: file is over the 32 MiB limit for a claims file (split it "
            "into several files)"
        ],
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_small_file_through_a_pipe_is_read(tmp_path: Path) -> None:
    # `--claims <(...)`: the bounded read still takes the whole of a small stream.
    import threading

    fifo = tmp_path / "claims.fifo"
    os.mkfifo(fifo)
    data = (BAD_INPUT / "valid.yaml").read_bytes()
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    try:
        result = run("compare", "--claims", str(fifo), "--format", "csv")
    finally:
        writer.join(timeout=5)
    assert result.exit_code == 0, result.stderr
    assert "containers,gazette-2024-02-27,Gazette," in result.stdout


# -- alias bombs: refused before anything expands them --------------------------------------

BASE = (BAD_INPUT / "valid.yaml").read_text(encoding="utf-8")


def _laughs(levels: int = 12) -> str:
    """The billion laughs on one line: anchors a0..aN in a flow list, each a list of nine
    aliases of the one before, so aN stands for 9**N lists of nine 'lol's."""
    items = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    items += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
    return "[" + ", ".join(items) + "]"


BOMBS = {  # where the bomb is: (old, new) in valid.yaml
    "quote": ("quote: about 6,700 containers", "quote: BOMB"),
    "outlet": ("outlet: Gazette", "outlet: BOMB"),
    "via": ("    published: 2024-02-27\n", "    published: 2024-02-27\n    via: BOMB\n"),
    "claims": (BASE[BASE.index("claims:") :], "claims: BOMB\n"),
    "unknown-field": ("  - id: containers\n", "  - id: containers\n    lol: BOMB\n"),
}


@pytest.mark.parametrize("where", sorted(BOMBS))
def test_an_alias_bomb_is_refused(tmp_path: Path, where: str) -> None:
    old, new = BOMBS[where]
    text = BASE.replace(old, new.replace("BOMB", _laughs()))
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    started, rss = time.perf_counter(), _max_rss_mb()
    result = run("compare", "--claims", str(path))
    assert time.perf_counter() - started < 2
    assert _max_rss_mb() - rss < 50
    # a6 stands for about 20 million characters: with the aliases before it, its first
    # alias passes 32 MiB.
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "*a6" in row)
    column = text.splitlines()[line - 1].index("*a6") + 1
    assert_refused(
        result,
        [
            f"{path}:{line}:{column}: error: YAML: aliases ('*a6') repeat more than 32 MiB "
            "of text; write the values out"
        ],
    )


def test_one_long_text_aliased_many_times_is_refused(tmp_path: Path) -> None:
    # No nesting: 100 kB aliased in 2,000 places would be 200 MB of rows to write.
    long = "x" * 100_000
    text = BASE.replace("outlet: Gazette", f"outlet: &long {long}").replace(
        "    published: 2024-02-27\n",
        "    published: 2024-02-27\n    via: [" + ", ".join(["*long"] * 2000) + "]\n",
    )
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = run("sources", "--claims", str(path), "--format", "csv")
    assert time.perf_counter() - started < 2
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:6:"), result.stderr
    assert "aliases ('*long') repeat more than 32 MiB of text" in result.stderr


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    text = BASE.replace("    source: gazette-2024-02-27", "    source: *gazette").replace(
        "  - id: gazette-2024-02-27", "  - id: &gazette gazette-2024-02-27"
    )
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("compare", "--claims", str(path), "--format", "csv")
    assert result.exit_code == 0, result.stderr
