"""Read a claims file (format 1) into a checked Ledger, or say everything wrong with it.

The YAML is composed into nodes with PyYAML's safe C loader where available, so no tag can
run code, and every value keeps its line and column. The walk over the structure format 1
allows is ``walker``'s, shared with the reference file: every problem is collected, named
by file, line, column and field, and all are raised together at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

from shellcount.arithmetic import units
from shellcount.errors import ClaimsFileError, Location, Problem, UnitError
from shellcount.ledger import cache, yaml_file
from shellcount.ledger.dates import ReportedDate, parse_date
from shellcount.ledger.figure import Figure, parse_figure
from shellcount.ledger.fileformat import (
    CLAIM_FIELDS,
    CLAIM_ID_PATTERN,
    GRADE_PATTERN,
    SOURCE_FIELDS,
    SOURCE_ID_PATTERN,
    SUPPORTED_FORMAT,
    TOP_LEVEL_FIELDS,
    UNKNOWN,
    Basis,
)
from shellcount.ledger.model import Claim, Ledger, Source, restatement_cycles
from shellcount.ledger.readings import DEFAULT_READING
from shellcount.ledger.walker import Entry, Walker, did_you_mean
from shellcount.ledger.yaml_file import SCALAR_TAGS, TAG, kind_of
from shellcount.packaged import packaged_path

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Claims files larger than this are refused: 100,000 claims take about a third of it."""

MAX_NESTING = 100
"""Lists and mappings nested deeper than this are refused (format 1 needs four levels)."""

_SOURCE_ID = re.compile(SOURCE_ID_PATTERN)
_CLAIM_ID = re.compile(CLAIM_ID_PATTERN)
_GRADE = re.compile(GRADE_PATTERN)
# YAML's not-a-number and infinities, and the words for them: named, not just refused.
_NOT_FINITE = re.compile(r"[-+]?\.?(nan|inf|infinity)", re.IGNORECASE)

_MISSING_HINTS = {"format": f" (write 'format: {SUPPORTED_FORMAT}' at the top)"}


def packaged_claims_path() -> Path:
    """The claims file that ships with shellcount (``data/claims.yaml``)."""
    return packaged_path("claims.yaml")


PACKAGED_LABEL = "packaged claims.yaml"


def load_claims(
    path: str | Path,
    *,
    about: float | None = None,
    reading: str = DEFAULT_READING,
    label: str | None = None,
    outside_references: bool = False,
) -> Ledger:
    """Read, parse and check the claims file at ``path``: its figures by ``reading`` (a
    name of the readings file), with ``about`` overriding that hedge's width.

    ``label`` is how messages and titles name the file (default: the path as given).
    ``outside_references``: a ``converts``, ``relative_to`` or ``restates`` naming no
    claim of this file is left for ledger/merge.py to find in the files read with it.
    """
    shown = label or str(path)
    text = yaml_file.read_text(
        Path(path), shown, what="a claims file", max_bytes=MAX_FILE_BYTES, error=_located
    )
    return load_claims_text(
        text, shown, about=about, reading=reading, outside_references=outside_references
    )


def load_claims_text(
    text: str,
    shown: str,
    *,
    about: float | None = None,
    reading: str = DEFAULT_READING,
    outside_references: bool = False,
) -> Ledger:
    """``load_claims`` on a claims file's text, named ``shown`` in messages.

    The claims are composed and read one at a time, so a large file's YAML nodes are
    never all held at once. A file whose claims list is followed by other top-level
    fields (the sources, say, which the claims need first) is read again whole. A
    ledger read before from the same text and settings comes from ``cache``.
    """
    settings = (shown, about, reading, outside_references)
    # Count units earlier files of this run defined are known to this one: a ledger read
    # with their help is not kept, as the file alone may not read. (A file that reads
    # without them reads the same with them: a definition only adds names.)
    defined_before = set(units.defined_count_units())
    cached = cache.cached("claims", text, settings)
    if isinstance(cached, Ledger):
        return cached
    for streamed in ("claims", None):
        with yaml_file.collector_paused():
            document = yaml_file.compose(
                text,
                shown,
                expected="format, sources, claims",
                max_nesting=MAX_NESTING,
                error=_located,
                max_expanded=MAX_FILE_BYTES,
                streamed=streamed,
            )
            builder = _LedgerBuilder(shown, about, reading, outside_references)
            ledger = builder.build(document)
            if ledger is not None:
                if defined_before <= set(builder.declared_units):
                    declared = tuple(builder.declared_units)
                    cache.keep("claims", ledger, text, settings, declared_units=declared)
                return ledger
    raise AssertionError("loader bug: a file read whole asked to be read again")


class _LedgerBuilder(Walker):
    def __init__(
        self, shown: str, about: float | None, reading: str, outside_references: bool = False
    ) -> None:
        super().__init__(shown)
        self.outside_references = outside_references
        self.about = about
        self.reading = reading
        # Ids of sources and claims that are in the file but had problems of their own
        # (already reported): a reference to one is not a second, misleading problem.
        self.broken_sources: set[str] = set()
        self.broken_claims: set[str] = set()
        self.sources_listed = True  # False when 'sources' is missing or not a list
        # One string for each text many claims repeat (a measure, a unit, a place): a
        # large ledger would otherwise hold a copy per claim.
        self.repeated: dict[str, str] = {}
        self.declared_units: list[str] = []  # the file's own count units, in file order

    # -- the walk --------------------------------------------------------------------

    def build(self, document: yaml_file.Document) -> Ledger | None:
        """The checked ledger; None when the claims were read before fields that follow
        them in the file (the file must then be read whole)."""
        top = self.mapping(document.root, "the file", TOP_LEVEL_FIELDS, _MISSING_HINTS)
        if top is None:
            document.finish()
            self.stop(ClaimsFileError)
        self.check_format(top)
        self.declare_units(top)
        sources = self.read_sources(top)
        claims = self.read_claims(top, sources)
        if document.finish():
            return None
        self.raise_problems(ClaimsFileError)
        # Nothing may be dropped without a problem saying why: that would be lost data.
        for name, kept in (("sources", len(sources)), ("claims", len(claims))):
            node = top.value_node(name)
            if node is not None and len(node.value) != kept:
                raise AssertionError(f"loader bug: {name} dropped without a reported problem")
        return Ledger(self.shown, sources, tuple(claims), reading=self.reading, about=self.about)

    def check_format(self, top: Entry) -> None:
        node = top.value_node("format")
        if node is None:
            return
        if node.tag == f"{TAG}int" and node.value == str(SUPPORTED_FORMAT):
            return
        if node.tag in (f"{TAG}int", f"{TAG}float"):
            written = f"{node.value} is not supported"
        elif node.tag in SCALAR_TAGS and node.value not in ("", "~"):
            written = f"{node.value!r} is {kind_of(node)}, not a number"
        else:
            written = f"expected a version number, got {kind_of(node)}"
        self.problem(
            node,
            f"format: {written}; this shellcount reads format {SUPPORTED_FORMAT} "
            f"(write 'format: {SUPPORTED_FORMAT}')",
        )

    def declare_units(self, top: Entry) -> None:
        """The file's own count units, defined before any claim's unit is read."""
        for node, name in self.text_items(top, "units", about="units"):
            try:
                units.define_count_unit(name)
                self.declared_units.append(name)
            except UnitError as error:
                self.problem(node, f"units: {error}")

    # -- sources ---------------------------------------------------------------------

    def read_sources(self, top: Entry) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        first_line: dict[str, int | None] = {}
        listed = top.value_node("sources")
        # An empty list is reported once, not again by every claim citing a source.
        self.sources_listed = (
            listed is not None and listed.tag == f"{TAG}seq" and bool(listed.value)
        )
        for entry in self.entries(top, "sources", SOURCE_FIELDS):
            written_id = self.first_of_id(entry, first_line, "source")
            source_id = self.identifier(entry, _SOURCE_ID, "lower-case letters, digits and '-'")
            published, published_text = self.published(entry)
            outlet = self.text(entry, "outlet")
            if written_id is None:
                continue
            if source_id is None or outlet is None or published_text is None:
                self.broken_sources.add(written_id)
                continue
            sources[source_id] = Source(
                id=source_id,
                outlet=outlet,
                published=published,
                published_text=published_text,
                location=self.where(entry.node),
                speaker=self.text(entry, "speaker"),
                role=self.text(entry, "role"),
                via=self.text_list(entry, "via"),
                url=self.text(entry, "url"),
                document=self.text(entry, "document"),
                grade=self.grade(entry),
                note=self.text(entry, "note"),
                field_marks=entry.marks(),
            )
        return sources

    def published(self, entry: Entry) -> tuple[dt.date | None, str | None]:
        node = entry.value_node("published")
        if node is None:
            return None, None
        if self.written(node) == UNKNOWN:
            return None, UNKNOWN
        date = self.date(entry, "published")
        if date is None:
            return None, None
        # A month of publication could be any day of it; the last day is the latest the
        # figure can describe, which is what a default as_of needs.
        return date.last_day, date.text

    def grade(self, entry: Entry) -> str | None:
        grade = self.text(entry, "grade")
        if grade is not None and not _GRADE.fullmatch(grade):
            self.problem(
                entry.value_node("grade"),
                f"{entry.label}: grade: {grade!r} is not an Admiralty code: a letter A-F "
                f"then a digit 1-6, e.g. 'B2'",
            )
            return None
        return grade

    # -- claims ----------------------------------------------------------------------

    def read_claims(self, top: Entry, sources: dict[str, Source]) -> list[Claim]:
        # Each claim's label, not its entry: the nodes of a claim read are let go.
        drafts: list[tuple[str, Claim]] = []
        first_line: dict[str, int | None] = {}
        for entry in self.entries(top, "claims", CLAIM_FIELDS):
            written_id = self.first_of_id(entry, first_line, "claim")
            claim = self.claim(entry, sources)
            if written_id is None:
                continue
            if claim is None:
                self.broken_claims.add(written_id)
                continue
            drafts.append((entry.label, claim))
        self.check_references(drafts)
        self.check_restatement_cycles(drafts)
        self.check_dimensions(drafts)
        return [claim for _, claim in drafts]

    def first_of_id(self, entry: Entry, first_line: dict[str, int | None], kind: str) -> str | None:
        """The id as written, or None when it is missing, not text, or a duplicate (reported)."""
        node = entry.value_node("id")
        written = None if node is None else self.written(node)
        if not isinstance(written, str):
            return None
        if written in first_line:
            self.problem(
                node, f"{entry.label}: duplicate {kind} id (first on line {first_line[written]})"
            )
            return None
        first_line[written] = self.where(entry.node).line
        return written

    def claim(self, entry: Entry, sources: dict[str, Source]) -> Claim | None:
        claim_id = self.identifier(entry, _CLAIM_ID, "letters, digits, '.', '_' and '-'")
        source = self.source_of(entry, sources)
        measure = self.shared(self.text(entry, "measure"))
        figure = self.figure(entry)
        unit = self.unit(entry)
        quote = self.text(entry, "quote")
        calibre = self.calibre(entry)
        basis = self.basis(entry)
        since = self.date(entry, "since")
        as_of = self.date(entry, "as_of")
        relative_to = self.reference(entry, "relative_to")
        if figure is not None and _is_zero(figure) and relative_to is None:
            self.problem(
                entry.value_node("figure"),
                f"{entry.label}: figure: {figure.text!r} is zero: a count of nothing cannot "
                "be compared or divided by; give a bound ('fewer than 10') or leave the "
                "claim out",
            )
            return None
        if figure is not None and figure.interval.low < 0 and relative_to is None:
            self.problem(
                entry.value_node("figure"),
                f"{entry.label}: figure: {figure.text!r} is negative; only a 'relative_to' "
                "percentage may be",
            )
            return None
        if (
            claim_id is None
            or source is None
            or measure is None
            or figure is None
            or unit is None
            or quote is None
            or basis is None
        ):
            return None
        assumptions: list[str] = []
        since_day = None
        as_of_said = "" if as_of is None else as_of.text
        if since is not None:
            since_day = since.first_day
            if since.is_month:
                assumptions.append(f"since {since.text} read as {since_day} (first day)")
        if as_of is not None:
            as_of_day: dt.date | None = as_of.last_day
            if as_of.is_month:
                assumptions.append(f"as_of {as_of.text} read as {as_of_day} (last day)")
        else:
            as_of_day = source.published
            as_of_said = f"{source.published_text} (the source's published date)"
        if since is not None and since_day and as_of_day and since_day > as_of_day:
            self.problem(
                entry.value_node("since"),
                f"{entry.label}: since: {since.text} is after as_of {as_of_said}",
            )
            return None
        unit_text, pint_unit = unit
        return Claim(
            id=claim_id,
            source=source,
            measure=measure,
            figure=figure,
            unit_text=self.repeated.setdefault(unit_text, unit_text),
            unit=pint_unit,
            quote=quote,
            location=self.where(entry.node),
            calibre_mm=calibre,
            origin=self.shared(self.text(entry, "origin")),
            destination=self.shared(self.text(entry, "destination")),
            since=since_day,
            as_of=as_of_day,
            basis=basis,
            converts=self.reference(entry, "converts"),
            relative_to=relative_to,
            restates=self.reference(entry, "restates"),
            method=self.text(entry, "method"),
            note=self.text(entry, "note"),
            assumptions=tuple(assumptions),
            field_marks=entry.marks(),
            since_text=None if since is None else self.shared(since.text),
            as_of_text=None if as_of is None else self.shared(as_of.text),
        )

    def shared(self, text: str | None) -> str | None:
        """``text``, as the one string kept for all its repeats."""
        return None if text is None else self.repeated.setdefault(text, text)

    def source_of(self, entry: Entry, sources: dict[str, Source]) -> Source | None:
        source_id = self.text(entry, "source")
        if source_id is None:
            return None
        source = sources.get(source_id)
        if source is None and self.sources_listed and source_id not in self.broken_sources:
            self.problem(
                entry.value_node("source"),
                f"{entry.label}: source: no source has id {source_id!r}"
                f"{did_you_mean(source_id, sources)}",
            )
        return source

    def figure(self, entry: Entry) -> Figure | None:
        node = entry.value_node("figure")
        if node is None:
            return None
        text = self.written(node)
        if text is None:
            return None  # reported as empty with the other required fields
        if not isinstance(text, str):
            self.problem(
                node,
                f"{entry.label}: figure: expected a number or text such as "
                f"'about 4,200', got {kind_of(node)}",
            )
            return None
        if not_finite := _NOT_FINITE.fullmatch(text.strip()):
            self.problem(
                node,
                f"{entry.label}: figure: {text!r} is "
                + (
                    "not a number; give the figure as reported, e.g. 'about 4,200'"
                    if not_finite.group(1).lower() == "nan"
                    else "infinite; a figure with no upper bound is written e.g. "
                    "'more than 3 million'"
                ),
            )
            return None
        return self.attempt(
            node, entry, "figure", lambda: _parse_figure(text, self.about, self.reading)
        )

    def unit(self, entry: Entry) -> tuple[str, Any] | None:
        text = self.text(entry, "unit")
        if text is None:
            return None
        if not text.strip():
            self.problem(entry.value_node("unit"), f"{entry.label}: unit: is empty")
            return None
        unit = self.attempt(entry.value_node("unit"), entry, "unit", lambda: units.parse_unit(text))
        return None if unit is None else (text, unit)

    def calibre(self, entry: Entry) -> float | None:
        return self.value(entry, "calibre", _cached_calibre)

    def date(self, entry: Entry, name: str) -> ReportedDate | None:
        return self.value(entry, name, parse_date)

    def identifier(self, entry: Entry, pattern: re.Pattern[str], allowed: str) -> str | None:
        value = self.text(entry, "id")
        if value is not None and not pattern.fullmatch(value):
            self.problem(
                entry.value_node("id"), f"{entry.label}: id: {value!r} may use only {allowed}"
            )
            return None
        return value

    def basis(self, entry: Entry) -> Basis | None:
        text = self.text(entry, "basis")
        if text is None:
            return Basis.REPORTED
        try:
            return Basis(text)
        except ValueError:
            choices = ", ".join(b.value for b in Basis)
            self.problem(
                entry.value_node("basis"),
                f"{entry.label}: basis: {text!r} is not one of {choices}",
            )
            return None

    def reference(self, entry: Entry, name: str) -> str | None:
        return self.text(entry, name)

    # -- cross-references, checked once every claim is read ----------------------------

    def check_references(self, drafts: list[tuple[str, Claim]]) -> None:
        by_id = {claim.id: claim for _, claim in drafts}
        for label, claim in drafts:
            for name in ("converts", "relative_to", "restates"):
                target_id = getattr(claim, name)
                if target_id is None:
                    continue
                where = claim.where(name)
                target = by_id.get(target_id)
                if target_id == claim.id:
                    self.problem_at(where, f"{label}: {name}: a claim cannot refer to itself")
                elif target is None:
                    if target_id in self.broken_claims or self.outside_references:
                        continue  # reported with the claim's problems, or by the merge
                    self.problem_at(
                        where,
                        f"{label}: {name}: no claim has id {target_id!r}"
                        f"{did_you_mean(target_id, by_id)}",
                    )
                elif name == "converts" and not target.counts_carriers:
                    self.problem_at(
                        where,
                        f"{label}: converts: claim {target_id!r} (line "
                        f"{target.location.line}) is not a count of carriers such as "
                        f"containers or trucks (its unit is {target.unit_text!r})",
                    )
                elif name in ("converts", "relative_to") and getattr(target, name):
                    # A chain would be misread: the target is taken as a plain count.
                    self.problem_at(
                        where,
                        f"{label}: {name}: claim {target_id!r} (line "
                        f"{target.location.line}) is itself {name} {getattr(target, name)!r}; "
                        f"point {name} at the count it rests on",
                    )
            if claim.converts is not None and claim.basis is not Basis.CAPACITY:
                self.problem_at(
                    claim.where("converts"),
                    f"{label}: converts: only a 'basis: capacity' claim converts a "
                    f"container count (this one is '{claim.basis.value}')",
                )
            if claim.relative_to is not None and claim.unit != units.parse_unit("percent"):
                self.problem_at(
                    claim.where("unit"),
                    f"{label}: unit: a relative_to figure is a percentage, not {claim.unit_text!r}",
                )

    def check_restatement_cycles(self, drafts: list[tuple[str, Claim]]) -> None:
        """``restates`` chains must end: a cycle has no statement to belong to."""
        labels = {claim.id: label for label, claim in drafts}
        by_id = {claim.id: claim for _, claim in drafts}
        for claim, message in restatement_cycles(by_id.values(), by_id):
            label = labels[claim.id]
            self.problem_at(claim.where("restates"), f"{label}: {message}")

    def check_dimensions(self, drafts: list[tuple[str, Claim]]) -> None:
        """Claims on one quantity must count it in one dimension (shells, not km)."""
        first_of: dict[tuple[Any, ...], Claim] = {}
        for label, claim in drafts:
            if claim.relative_to is not None:
                continue
            first = first_of.setdefault(claim.quantity, claim)
            if units.dimension(first.unit) != units.dimension(claim.unit):
                self.problem_at(
                    claim.where("unit"),
                    f"{label}: unit: {claim.unit_text!r} is "
                    f"{units.dimension(claim.unit)}, but claim {first.id!r} (line "
                    f"{first.location.line}) counts the same {claim.measure!r} in "
                    f"{first.unit_text!r} ({units.dimension(first.unit)})",
                )


@functools.lru_cache(maxsize=4096)
def _parse_figure(text: str, about: float | None, reading: str) -> Figure:
    return parse_figure(text, about=about, reading=reading)


def _is_zero(figure: Figure) -> bool:
    """A stated 0 that no hedge opens upwards: '0', '0-0', 'up to 0', 'about 0'."""
    return figure.value == 0 and not figure.interval.is_open


@functools.lru_cache(maxsize=256)
def _cached_calibre(value: str) -> float:
    return units.parse_calibre(value)


def _located(where: Location, message: str) -> ClaimsFileError:
    return ClaimsFileError([Problem(where, message)])


__all__ = [
    "MAX_FILE_BYTES",
    "PACKAGED_LABEL",
    "UnitError",
    "load_claims",
    "load_claims_text",
    "packaged_claims_path",
]
