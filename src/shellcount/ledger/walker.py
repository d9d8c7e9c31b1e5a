"""One walk over a composed YAML file, for the claims file and the reference file alike.

A reader gives field tables (which fields a mapping may hold, which are required) and
gets back checked values; every problem (a duplicate, unknown or missing field, an empty
required value, a value of the wrong kind, a parser's refusal) is recorded with the file,
line, column and field it concerns, in the same words for both files, and the walk goes
on. One error policy: nothing is raised mid-walk, so a user can fix a file in one pass;
the reader raises once, at the end, with every problem in file order
(:meth:`Walker.raise_problems`).

Values are taken exactly as written: YAML 1.1 would read ``NO`` as false, ``1:30`` as 90
and ``0x1A`` as 26. Each reader reads them by shellcount's own rules (the figure grammar,
the date, calibre and mass parsers), so no YAML typing rule changes a figure or a name.
Tags outside the safe scalar set (``!!python/...``) are never constructed, and values of
unknown fields are never read, so an alias bomb has nothing to expand.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol, TypeVar

from shellcount.characters import printable
from shellcount.errors import Location, Problem, ShellcountError
from shellcount.ledger.model import FieldMarks
from shellcount.ledger.yaml_file import NULL, SCALAR_TAGS, TAG, kind_of
from shellcount.record import record
from shellcount.spelling import closest

_T = TypeVar("_T")

_MAP = f"{TAG}map"
_SEQ = f"{TAG}seq"
_STR = f"{TAG}str"
_MERGE = f"{TAG}merge"


class FieldRule(Protocol):
    """A row of a field table: a field's name, whether it is required, and whether it is
    one value (a required one left empty is reported by the walk; lists and the format
    version have messages of their own)."""

    @property
    def name(self) -> str: ...

    @property
    def required(self) -> bool: ...

    @property
    def single_value(self) -> bool: ...


@record
class Field:
    """A field table's row, for files whose fields need no more than this."""

    name: str
    required: bool = False
    single_value: bool = True


FieldTable = tuple[FieldRule, ...]


@dataclass
class Entry:
    """A mapping read from the file: its fields' nodes by name, and where it starts."""

    node: Any
    label: str
    fields: dict[str, tuple[Any, Any]]  # name -> (key node, value node)
    table: FieldTable

    def value_node(self, name: str) -> Any:
        pair = self.fields.get(name)
        return None if pair is None else pair[1]

    def key_node(self, name: str) -> Any:
        pair = self.fields.get(name)
        return None if pair is None else pair[0]

    def marks(self) -> FieldMarks:
        """Where each field's value stands, kept for messages about a file that loads."""
        return FieldMarks(
            (name, value.line, value.column) for name, (_key, value) in self.fields.items()
        )


class NotScalar:
    """What :meth:`Walker.written` gives for a list, a mapping or a tagged value."""

    def __repr__(self) -> str:
        return "a list or mapping"


NOT_SCALAR = NotScalar()


class _NotScalarError(Exception):
    """A list or mapping where one value was expected."""


ProblemsError = Callable[[list[Problem]], ShellcountError]


class Walker:
    """The walk over one file named ``shown``; its problems are collected in ``problems``."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    # -- problems --------------------------------------------------------------------

    def where(self, node: Any) -> Location:
        return Location(self.shown, node.line, node.column)

    def problem(self, node: Any, message: str) -> None:
        self.problem_at(self.where(node), message)

    def problem_at(self, where: Location, message: str) -> None:
        # Messages quote the file (field names, ids): its control characters are shown
        # escaped, never sent to the terminal.
        self.problems.append(Problem(where, printable(message)))

    def raise_problems(self, error: ProblemsError) -> None:
        """Raise ``error(problems)``, in file order, if the walk found any."""
        if self.problems:
            self.problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
            raise error(self.problems)

    def stop(self, error: ProblemsError) -> NoReturn:
        """Raise what was found: for a file whose structure leaves nothing more to read."""
        self.raise_problems(error)
        raise AssertionError("walker bug: stopped with no problem recorded")

    # -- structure -------------------------------------------------------------------

    def mapping(
        self,
        node: Any,
        label: str,
        fields: FieldTable,
        hints: Mapping[str, str] | None = None,
    ) -> Entry | None:
        """The mapping at ``node``, with duplicate, unknown and missing fields and empty
        required values reported; ``hints`` add to a missing field's message."""
        if node.tag != _MAP:
            self.problem(node, f"{label}: expected a mapping of fields, got {kind_of(node)}")
            return None
        known, required, required_single = _field_names(fields)
        found: dict[str, tuple[Any, Any]] = {}
        entry = Entry(node, label, found, fields)
        for key_node, value_node in node.value:
            name = key_node.value
            if key_node.tag == _STR and name in known and name not in found:
                # The table's own name, not the file's copy of it: one string for all.
                found[known[name]] = (key_node, value_node)  # the usual case, checked first
            elif key_node.tag == _MERGE:
                self.problem(
                    key_node,
                    f"{label}: YAML merge keys ('<<') are not supported; write the fields out",
                )
            elif key_node.tag != _STR:
                self.problem(
                    key_node, f"{label}: field names must be text, got {kind_of(key_node)}"
                )
            elif name in found:
                first = self.where(found[name][0]).line
                self.problem(key_node, f"{label}: duplicate field '{name}' (first on line {first})")
            else:
                self.problem(
                    key_node, f"{label}: unknown field '{name}'{did_you_mean(name, known)}"
                )
        for name in required_single:
            pair = found.get(name)
            if pair is not None and pair[1].tag == NULL:
                self.problem(pair[0], f"{label}: {name}: is empty; a value is required")
        for name in required:
            if name not in found:
                hint = "" if hints is None else hints.get(name, "")
                self.problem(node, f"{label}: missing required field '{name}'{hint}")
        return entry

    def entries(self, top: Entry, name: str, fields: FieldTable) -> Iterator[Entry]:
        """The mappings of the list in field ``name``, each labelled by its id when it
        has one (``claim 'x'``), else by its place (``claim #3``)."""
        node = top.value_node(name)
        if node is None:
            return
        if node.tag != _SEQ:
            self.problem(node, f"{name}: expected a list, got {kind_of(node)}")
            return
        singular = name.removesuffix("s")
        if not node.value:
            self.problem(node, f"{name}: the list is empty; at least one {singular} is required")
        for index, item in enumerate(node.value):
            label = f"{singular} #{index + 1}"
            if item.tag == _MAP:
                id_node = next((v for k, v in item.value if k.value == "id"), None)
                if id_node is not None and isinstance(self.written(id_node), str):
                    label = f"{singular} '{id_node.value}'"
            entry = self.mapping(item, label, fields)
            if entry is not None:
                yield entry

    # -- values ----------------------------------------------------------------------

    def written(self, node: Any) -> str | NotScalar | None:
        """A scalar exactly as written; None for an empty value."""
        if node.tag == NULL:
            return None
        if node.tag in SCALAR_TAGS:
            value: str = node.value
            return value
        return NOT_SCALAR

    def text(self, entry: Entry, name: str, *, filled: bool = False) -> str | None:
        """Field ``name``'s text; None when it is absent, empty or not text (reported).

        ``filled``: an empty or blank value is a problem too (a required one left empty
        is already reported by :meth:`mapping`).
        """
        node = entry.value_node(name)
        if node is None:
            return None
        value = self.written(node)
        if isinstance(value, NotScalar):
            self.problem(node, f"{entry.label}: {name}: expected text, got {kind_of(node)}")
            return None
        if filled and (value is None or not value.strip()):
            if value is not None or name not in _field_names(entry.table)[2]:
                self.problem(node, f"{entry.label}: {name}: is empty; a value is required")
            return None
        return value

    def text_list(self, entry: Entry, name: str) -> tuple[str, ...]:
        """Field ``name``'s list of text; one text alone is a list of one."""
        return tuple(text for _node, text in self.text_items(entry, name))

    def text_items(
        self, entry: Entry, name: str, *, about: str | None = None
    ) -> list[tuple[Any, str]]:
        """Field ``name``'s list of text with each item's node, for messages about one.
        ``about`` starts the messages (default: ``{label}: {name}``)."""
        about = about or f"{entry.label}: {name}"
        node = entry.value_node(name)
        if node is None:
            return []
        if isinstance(single := self.written(node), str):
            return [(node, single)]
        if node.tag != _SEQ:
            self.problem(node, f"{about}: expected a list of text, got {kind_of(node)}")
            return []
        items = []
        for item in node.value:
            value = self.written(item)
            if isinstance(value, str):
                items.append((item, value))
            else:
                self.problem(item, f"{about}: expected text, got {kind_of(item)}")
        return items

    def value(self, entry: Entry, name: str, parse: Callable[[str], _T]) -> _T | None:
        """Field ``name`` read by ``parse``: None when absent or empty; a list or mapping,
        or a value ``parse`` refuses, is reported against the field."""
        node = entry.value_node(name)
        if node is None:
            return None
        written = self.written(node)
        if written is None:
            return None
        return self.attempt(node, entry, name, lambda: parse(_scalar(written)))

    def parsed(self, entry: Entry, name: str, parse: Callable[[str], _T]) -> _T | None:
        """Field ``name``'s text, which must be filled, read by ``parse``."""
        text = self.text(entry, name, filled=True)
        if text is None:
            return None
        return self.attempt(entry.value_node(name), entry, name, lambda: parse(text))

    def attempt(self, node: Any, entry: Entry, name: str, parse: Callable[[], _T]) -> _T | None:
        """``parse()``, with a user error recorded against the field instead of raised."""
        try:
            return parse()
        except (ShellcountError, _NotScalarError) as error:
            message = (
                str(error)
                if not isinstance(error, _NotScalarError)
                else (f"expected a single value, got {kind_of(node)}")
            )
            message = message.removeprefix(f"{name} ")
            self.problem(node, f"{entry.label}: {name}: {message}")
            return None


def _scalar(value: str | NotScalar) -> str:
    if isinstance(value, NotScalar):
        raise _NotScalarError
    return value


FieldNames = tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]

# By the table's identity: the tables are module constants, and hashing one hashes each
# of its rules, once per mapping read. The table is kept beside its names, so its id is
# never reused while the entry stands.
_names_of_table: dict[int, tuple[FieldTable, FieldNames]] = {}


def _field_names(fields: FieldTable) -> FieldNames:
    """A field table's names: all (each to itself), the required, and the required
    single values."""
    known = _names_of_table.get(id(fields))
    if known is not None and known[0] is fields:
        return known[1]
    required = tuple(f.name for f in fields if f.required)
    single = tuple(f.name for f in fields if f.required and f.single_value)
    names = {f.name: f.name for f in fields}, required, single
    if len(_names_of_table) < 256:  # tables are made once each; a few are built per call
        _names_of_table[id(fields)] = (fields, names)
    return names


def did_you_mean(word: str, choices: Collection[str]) -> str:
    close = closest(word, choices)
    return f"; did you mean {close!r}?" if close else ""
