"""``shellcount import``: a spreadsheet of claims (CSV, one row per claim, its source's
fields as columns) into a format-1 claims file.

The columns are those ``shellcount claims --format csv`` writes, so its output imports
back to the same ledger. Only the columns a claim or a source is made of are read; the
ones that command derives (``value``, ``low``, ``statement``, ``reading``, ...) are
allowed and set aside. A source is given on every row of its claims, or on some of them:
an empty source cell takes the value its other rows give, and two different values for
one source are an error.

The YAML is written (ledger/yaml_writer.py: block style, the field order of format 1,
text quoted only where YAML needs it, so it is kept exactly) and then read by the
loader, so every rule of the format applies; each problem the loader finds is moved
back to the row and column it came from: ``figures.csv:7: error: column 'as_of': ...``.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shellcount.errors import ClaimsFileError, Location, Problem
from shellcount.ledger import yaml_file
from shellcount.ledger.dates import parse_date
from shellcount.ledger.fileformat import CLAIM_FIELDS, SOURCE_FIELDS, SUPPORTED_FORMAT, Basis

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Spreadsheets larger than this are refused, as claims files are."""

# Column -> claim field, in format 1's order of the claim's fields.
CLAIM_COLUMNS = {
    "claim_id": "id",
    "source_id": "source",
    "measure": "measure",
    "figure": "figure",
    "unit": "unit",
    "calibre_mm": "calibre",
    "origin": "origin",
    "destination": "destination",
    "since": "since",
    "as_of": "as_of",
    "basis": "basis",
    "converts": "converts",
    "relative_to": "relative_to",
    "restates": "restates",
    "method": "method",
    "quote": "quote",
    "note": "note",
}
# Column -> source field (``source_id`` is the source's id as well as the claim's source).
SOURCE_COLUMNS = {
    "source_id": "id",
    "outlet": "outlet",
    "published": "published",
    "speaker": "speaker",
    "role": "role",
    "via": "via",
    "url": "url",
    "document": "document",
    "grade": "grade",
    "source_note": "note",
}
# The dates as the claims file wrote them (a month stays a month); preferred to the days.
WRITTEN_COLUMNS = {"since_as_written": "since", "as_of_as_written": "as_of"}
DERIVED_COLUMNS = (
    "value", "low", "high", "high_excluded", "statement", "low_open", "high_open",
    "reading", "about",
)  # fmt: skip
"""Columns ``claims --format csv`` works out from the others: read, and set aside."""

COLUMNS = tuple(
    dict.fromkeys((*CLAIM_COLUMNS, *SOURCE_COLUMNS, *WRITTEN_COLUMNS, *DERIVED_COLUMNS))
)
REQUIRED = ("claim_id", "source_id", "measure", "figure", "unit", "quote", "outlet", "published")

VIA_SEPARATOR = " > "
"""How the ``via`` column joins the attribution chain."""

TEXT_MARK = "'"
"""What CSV output puts before a text cell a spreadsheet could run as a formula."""

_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LABEL = re.compile(r"(?:claim|source) (?:'.*?'|#\d+): ")
# How the loader's messages point at another place in the file: "(line 12)", "on line 12".
_LINE = re.compile(r"(?:(?<=\()|(?<=on ))line (\d+)\b")

_CLAIM_ORDER = tuple(f.name for f in CLAIM_FIELDS)
_SOURCE_ORDER = tuple(f.name for f in SOURCE_FIELDS)


@dataclass
class _Cell:
    """A value for the claims file, and the row and column of the spreadsheet it is from."""

    value: Any
    row: int
    column: str


@dataclass
class _Entry:
    """A source or a claim being put together: its fields in the order they are set."""

    row: int
    fields: dict[str, _Cell] = field(default_factory=dict)


def import_spreadsheet(path: str | Path, *, label: str | None = None) -> str:
    """The claims file (format 1, as YAML text) that the spreadsheet at ``path`` holds;
    a ClaimsFileError with every problem, each at its row and column, otherwise."""
    shown = label or str(path)
    text = yaml_file.read_text(
        Path(path), shown, what="a spreadsheet", max_bytes=MAX_FILE_BYTES, error=_located
    )
    return _Import(shown).run(text)


class _Import:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.sources: dict[str, _Entry] = {}
        self.claims: list[_Entry] = []

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        # Text from the spreadsheet is quoted with repr, which escapes control characters.
        where = f"column {column!r}: " if column else ""
        self.problems.append(Problem(Location(self.shown, row), where + message))

    def fail_if_any(self) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: p.location.line or 0)
            raise ClaimsFileError(self.problems)

    # -- reading the rows ------------------------------------------------------------

    def run(self, text: str) -> str:
        rows = self.rows(text)
        header = next(rows, None)
        if header is None:
            self.problem(None, None, "the spreadsheet is empty: expected a header row of columns")
            self.fail_if_any()
        assert header is not None
        columns = self.columns(header[1])
        self.fail_if_any()
        seen_ids: dict[str, int] = {}
        for row, cells in rows:
            if not any(cell.strip() for cell in cells):
                continue  # the blank rows a spreadsheet leaves at the end
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
                self.problem(
                    row, None, f"{len(cells)} cells, but the header names {len(columns)} columns"
                )
                continue
            values = {
                name: _unmarked(cells[index]) if index < len(cells) else ""
                for index, name in enumerate(columns)
            }
            self.row(row, values, seen_ids)
        if not self.claims and not self.problems:
            self.problem(None, None, "no claims: the spreadsheet has a header and no rows")
        self.check_sources()
        self.fail_if_any()
        yaml_text = self.yaml()
        self.check(yaml_text)
        return yaml_text

    def rows(self, text: str) -> Iterator[tuple[int, list[str]]]:
        """Each record with the line it starts on (a quoted cell may hold line breaks)."""
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.problem(reader.line_num, None, f"not CSV the import can read: {error}")
                self.fail_if_any()
                return
            yield start, cells
            start = reader.line_num + 1

    def columns(self, header: list[str]) -> list[str]:
        names = [name.strip() for name in header]
        seen: set[str] = set()
        for name in names:
            if not name:
                continue  # an empty header cell: its column is not read
            if name in seen:
                self.problem(1, name, "given twice in the header")
            elif name not in COLUMNS:
                close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem(
                    1,
                    name,
                    f"not a column of a claims spreadsheet{hint} (the columns are those "
                    "'shellcount claims --format csv' writes)",
                )
            seen.add(name)
        for name in REQUIRED:
            if name not in seen:
                self.problem(1, name, "missing from the header; every claim needs one")
        return names

    def row(self, row: int, values: dict[str, str], seen_ids: dict[str, int]) -> None:
        for name in ("claim_id", "source_id", "measure", "figure", "unit", "quote"):
            if not values.get(name):
                self.problem(row, name, "is empty; every claim needs one")
        claim_id = values.get("claim_id", "")
        if claim_id in seen_ids:
            self.problem(
                row, "claim_id", f"{claim_id!r} is also the id on row {seen_ids[claim_id]}"
            )
            return
        if claim_id:
            seen_ids[claim_id] = row
        source_id = values.get("source_id", "")
        if source_id:
            self.source_cells(row, source_id, values)
        claim = _Entry(row)
        for column, name in CLAIM_COLUMNS.items():
            value = values.get(column, "")
            if value:
                claim.fields[name] = _Cell(value, row, column)
        self.dates(claim, values)
        if "calibre" in claim.fields and _PLAIN_NUMBER.fullmatch(claim.fields["calibre"].value):
            claim.fields["calibre"].value += " mm"
        if claim.fields.get("basis", _Cell("", 0, "")).value == Basis.REPORTED.value:
            del claim.fields["basis"]  # the default, as a claims file leaves it out
        self.claims.append(claim)

    def dates(self, claim: _Entry, values: dict[str, str]) -> None:
        """``since`` and ``as_of`` as the claims file wrote them, where the row says."""
        for column, name in WRITTEN_COLUMNS.items():
            written = values.get(column, "")
            day = claim.fields.get(name)
            if written and day is not None and not _same_day(written, day.value, name):
                self.problem(
                    day.row,
                    name,
                    f"{day.value!r}, but {column} is {written!r}; change both, or clear one",
                )
            elif written:
                claim.fields[name] = _Cell(written, day.row if day else claim.row, column)
            elif name == "as_of" and column in values and day is not None:
                # A claims spreadsheet with no as_of as written: the date is the source's
                # published date, which the claims file leaves for the loader to give.
                source = self.sources.get(values.get("source_id", ""))
                published = source.fields.get("published") if source else None
                if published is not None and _is_published_day(published.value, day.value):
                    del claim.fields["as_of"]

    def source_cells(self, row: int, source_id: str, values: dict[str, str]) -> None:
        source = self.sources.setdefault(source_id, _Entry(row))
        for column, name in SOURCE_COLUMNS.items():
            text = values.get(column, "")
            if not text:
                continue
            value: str | list[str] = text.split(VIA_SEPARATOR) if name == "via" else text
            given = source.fields.get(name)
            if given is None:
                source.fields[name] = _Cell(value, row, column)
            elif given.value != value:
                self.problem(
                    row,
                    column,
                    f"source {source_id!r} is {_shown(value)} here, but {_shown(given.value)} "
                    f"on row {given.row}; a source's cells are the same on each of its rows "
                    "(or empty)",
                )

    def check_sources(self) -> None:
        for source_id, source in self.sources.items():
            for column in ("outlet", "published"):
                if SOURCE_COLUMNS[column] not in source.fields:
                    self.problem(
                        source.row,
                        column,
                        f"is empty on every row of source {source_id!r}; every source needs one",
                    )

    # -- the claims file -------------------------------------------------------------

    def yaml(self) -> str:
        from shellcount.ledger.yaml_writer import claims_file

        document = {
            "format": SUPPORTED_FORMAT,
            "sources": [_ordered(entry, _SOURCE_ORDER) for entry in self.sources.values()],
            "claims": [_ordered(entry, _CLAIM_ORDER) for entry in self.claims],
        }
        name = Path(self.shown).name
        return claims_file(
            document, header=f"Imported from {name} by shellcount import: one claim a row."
        )

    def check(self, yaml_text: str) -> None:
        """Read the claims file as every command will; its problems at rows and columns."""
        from shellcount.ledger.loader import load_claims_text

        try:
            load_claims_text(yaml_text, self.shown)
        except ClaimsFileError as error:
            cells = self.cells_by_line(yaml_text)
            for problem in error.problems:
                self.moved(problem, cells)
            self.fail_if_any()

    def cells_by_line(self, yaml_text: str) -> dict[int, _Cell]:
        """The spreadsheet cell each line of the claims file was written from."""
        import yaml

        root: Any = yaml.compose(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        top = {key.value: value for key, value in root.value}
        cells: dict[int, _Cell] = {}
        for name, entries in (("sources", self.sources.values()), ("claims", self.claims)):
            for node, entry in zip(top[name].value, entries, strict=True):
                for key, value in node.value:
                    cell = entry.fields[key.value]
                    cells[key.start_mark.line + 1] = cell
                    for item in value.value if isinstance(value.value, list) else [value]:
                        cells.setdefault(item.start_mark.line + 1, cell)
        return cells

    def moved(self, problem: Problem, cells: dict[int, _Cell]) -> None:
        cell = cells.get(problem.location.line or 0)
        if cell is None:
            self.problems.append(Problem(Location(self.shown), problem.message))
            return
        message = _LABEL.sub("", problem.message, count=1)
        yaml_field = WRITTEN_COLUMNS.get(cell.column) or {**SOURCE_COLUMNS, **CLAIM_COLUMNS}.get(
            cell.column, cell.column
        )
        message = message.removeprefix(f"{yaml_field}: ")

        def row_of(match: re.Match[str]) -> str:
            other = cells.get(int(match.group(1)))
            return match.group() if other is None else f"row {other.row}"

        message = _LINE.sub(row_of, message)
        self.problems.append(
            Problem(Location(self.shown, cell.row), f"column {cell.column!r}: {message}")
        )


def _ordered(entry: _Entry, order: tuple[str, ...]) -> dict[str, Any]:
    return {name: entry.fields[name].value for name in order if name in entry.fields}


def _delimiter(text: str) -> str:
    """The header's separator: a comma, or the semicolon (or tab) that spreadsheets set
    to a language with a decimal comma write instead; whichever the header has most of."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _unmarked(cell: str) -> str:
    """A cell as written before CSV output kept it from starting a formula."""
    return cell.removeprefix(TEXT_MARK)


def _same_day(written: str, day: str, name: str) -> bool:
    """Whether the date as written stands for ``day`` (its first day as a since, its
    last as an as_of); a date either cannot read is left to the loader to report."""
    from shellcount.errors import ShellcountError

    try:
        reported, given = parse_date(written), parse_date(day)
    except ShellcountError:
        return True
    end = "first_day" if name == "since" else "last_day"
    return bool(getattr(reported, end) == getattr(given, end))


def _is_published_day(published: str, day: str) -> bool:
    """Whether ``day`` is the as_of a claim of a source published on ``published`` gets
    when it gives none (the last day of a month)."""
    from shellcount.errors import ShellcountError

    try:
        return parse_date(published).last_day == parse_date(day).last_day
    except ShellcountError:
        return False


def _shown(value: str | list[str]) -> str:
    return repr(VIA_SEPARATOR.join(value) if isinstance(value, list) else value)


def _located(where: Location, message: str) -> ClaimsFileError:
    return ClaimsFileError([Problem(where, message)])
