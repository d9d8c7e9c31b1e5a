"""What a format-1 claims file may contain: its fields, their kinds and meanings.

One table serves the loader (which fields exist, which are required, what each holds) and
anything that describes the format to users or editors, so the two cannot drift.
"""

from __future__ import annotations

from enum import Enum

from shellcount.record import record

SUPPORTED_FORMAT = 1
UNKNOWN = "unknown"  # what a source writes for an outlet or date its text does not give

# The shapes of ids and grades, matched whole. The loader and the JSON Schema (schema.py)
# both read them from here, so an editor's validation and the loader cannot disagree.
SOURCE_ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CLAIM_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
GRADE_PATTERN = r"[A-F][1-6]"


class Kind(str, Enum):
    """What a field's value must be."""

    TEXT = "text"
    SOURCE_ID = "source id"
    CLAIM_ID = "claim id"
    DATE = "date"
    DATE_OR_UNKNOWN = "date or 'unknown'"
    TEXT_LIST = "list of text"
    FIGURE = "figure"
    UNIT = "unit"
    CALIBRE = "calibre"
    BASIS = "basis"
    GRADE = "grade"
    FORMAT = "format"
    SOURCES = "list of sources"
    CLAIMS = "list of claims"
    UNITS = "list of count unit names"


class Basis(str, Enum):
    """How a figure was arrived at."""

    REPORTED = "reported"
    CAPACITY = "capacity"
    ESTIMATE = "estimate"


@record
class Field:
    """One field of the claims file format: its name, kind, whether required, meaning."""

    name: str
    kind: Kind
    required: bool
    meaning: str

    @property
    def single_value(self) -> bool:
        """One value, whose emptiness the walk reports (``walker.FieldRule``); the lists
        and the format version have messages of their own."""
        return self.kind not in _OWN_EMPTY_MESSAGES


_OWN_EMPTY_MESSAGES = frozenset((Kind.FORMAT, Kind.SOURCES, Kind.CLAIMS, Kind.UNITS))

TOP_LEVEL_FIELDS = (
    Field("format", Kind.FORMAT, True, f"the file format's version; {SUPPORTED_FORMAT}"),
    Field(
        "units",
        Kind.UNITS,
        False,
        "count units of this file's own, each a dimension of its own: [depot, flight]",
    ),
    Field("sources", Kind.SOURCES, True, "where figures were published and who gave them"),
    Field("claims", Kind.CLAIMS, True, "the figures as reported"),
)

SOURCE_FIELDS = (
    Field("id", Kind.SOURCE_ID, True, "unique; lower-case letters, digits and '-'"),
    Field("outlet", Kind.TEXT, True, "who published the text we have ('unknown' if unnamed)"),
    Field("published", Kind.DATE_OR_UNKNOWN, True, "date of publication, or 'unknown'"),
    Field("speaker", Kind.TEXT, False, "the person or body who gave the figure"),
    Field("role", Kind.TEXT, False, "the speaker's office at the time"),
    Field("via", Kind.TEXT_LIST, False, "the attribution chain, nearest the outlet first"),
    Field("url", Kind.TEXT, False, "where the text can be read"),
    Field("document", Kind.TEXT, False, "a local copy's file name"),
    Field("grade", Kind.GRADE, False, "NATO Admiralty code: reliability A-F, credibility 1-6"),
    Field("note", Kind.TEXT, False, "the analyst's remark on the source"),
)

CLAIM_FIELDS = (
    Field("id", Kind.CLAIM_ID, True, "unique across the file"),
    Field("source", Kind.SOURCE_ID, True, "the id of the source that gave the figure"),
    Field("measure", Kind.TEXT, True, "what is counted: containers, shells, rockets, ..."),
    Field("figure", Kind.FIGURE, True, "the number as reported, hedge and all"),
    Field("unit", Kind.UNIT, True, "a unit the registry knows: container, shell, percent, ..."),
    Field("calibre", Kind.CALIBRE, False, "a length: '152 mm'; a bare number is millimetres"),
    Field("origin", Kind.TEXT, False, "where the flow starts"),
    Field("destination", Kind.TEXT, False, "where the flow goes"),
    Field("since", Kind.DATE, False, "start of the period a cumulative figure covers"),
    Field("as_of", Kind.DATE, False, "end of that period; default: the source's published date"),
    Field("basis", Kind.BASIS, False, "reported (default), capacity or estimate"),
    Field("converts", Kind.CLAIM_ID, False, "with basis capacity: the container claim converted"),
    Field("relative_to", Kind.CLAIM_ID, False, "the claim this percentage exceeds"),
    Field(
        "restates",
        Kind.CLAIM_ID,
        False,
        "the claim whose statement this one repeats (a headline, a relay, a reprint)",
    ),
    Field("method", Kind.TEXT, False, "how the figure was produced: one line of evidence"),
    Field("quote", Kind.TEXT, True, "the words the figure comes from, verbatim"),
    Field("note", Kind.TEXT, False, "the analyst's remark"),
)
