"""Reading a YAML input file safely: size limit, UTF-8, no tags that run code, no nesting
deep enough to crash libyaml, and every problem with the line and column it stands at.

The claims loader and the reference loader both read their files here; each passes the
error it raises (``error(location, message)``) and its own limits.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from shellcount.errors import Location, ShellcountError

if TYPE_CHECKING:  # yaml_nodes imports PyYAML, which only reading a file needs
    from shellcount.ledger.yaml_nodes import Composer, Node

TAG = "tag:yaml.org,2002:"
NULL = f"{TAG}null"
SCALAR_TAGS = {f"{TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}

# An anchor ('&name') where a node can start; quoted text may match too, which only costs
# the alias check a parse.
_ANCHOR = re.compile(r"&(?<![^\s\[{,]&)[^\s\[\]{},]")  # '&' first: a fast scan
DEFAULT_MAX_EXPANDED = 32 * 2**20
"""Characters that aliases may make a file repeat, unless the caller says otherwise."""
_DEEP_BLOCK = re.compile(r"(?:[-?][ \t]+){16}|^[ \t]{128}", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]{}]")

ErrorAt = Callable[[Location, str], ShellcountError]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a file's nodes are built, then as it was.

    Composing a large file creates hundreds of thousands of objects, and each time their
    count passes a threshold the collector walks all of them again: on a 10,000-claim
    file that was most of the loading time (2.2 s against 0.8 s without). The nodes form
    no reference cycles, so there is nothing for it to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_text(path: Path, shown: str, *, what: str, max_bytes: int, error: ErrorAt) -> str:
    """The file's text: refused when missing, a directory, too large, or not UTF-8."""

    def too_large(size: str) -> ShellcountError:
        return ShellcountError(
            f"{shown}: file is {size}over the {max_bytes // 2**20} MiB limit for {what} "
            "(split it into several files)"
        )

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ShellcountError(f"{shown}: is a directory, not {what}")
        if size > max_bytes:
            raise too_large(f"{size / 2**20:.1f} MiB, ")
        # Read no more than the limit: a pipe or a device (/dev/zero) has no size to check.
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise too_large("")
    except FileNotFoundError:
        raise ShellcountError(f"{shown}: no such file") from None
    except PermissionError:
        raise ShellcountError(f"{shown}: permission denied") from None
    except OSError as failure:
        raise ShellcountError(f"{shown}: cannot be read ({failure.strerror})") from None
    if encoding := _wide_encoding(data):
        raise error(Location(shown, 1, 1), f"the file is {encoding}; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        line_start = data.rfind(b"\n", 0, failure.start) + 1
        # Columns count characters, as YAML's do; the line up to the bad byte is valid UTF-8.
        column = len(data[line_start : failure.start].decode("utf-8", "replace")) + 1
        byte = data[failure.start]
        raise error(
            Location(shown, line, column),
            f"the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
        ) from None
    # A byte-order mark is legal UTF-8 that some editors add; it carries no meaning here.
    return text.removeprefix("\ufeff")


_WIDE_MARKS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(data: bytes) -> str | None:
    """How a UTF-16 or UTF-32 file (Windows editors save "Unicode" text so) shows itself,
    or None. Without a byte-order mark, ASCII in them has zero bytes between characters."""
    for mark, name in _WIDE_MARKS:
        if data.startswith(mark):
            return f"{name} (byte-order mark {' '.join(f'{byte:02X}' for byte in mark)})"
    if len(data) >= 4 and (data[1] == data[3] == 0 or data[0] == data[2] == 0):
        return "UTF-16 or UTF-32 (zero bytes between the characters)"
    return None


@dataclass
class Document:
    """A composed document. When it was composed with ``streamed``, that top-level
    field's list gives its items as they are read; :meth:`finish` composes the rest of
    the file (call it once the root is read) and says which top-level fields follow
    that list."""

    root: Node
    composer: Composer

    def finish(self) -> list[str]:
        """Compose what is left of the file; the top-level fields after the streamed
        list, by name."""
        self.composer.finish()
        return self.composer.keys_after_items


def compose(
    text: str,
    shown: str,
    *,
    expected: str,
    max_nesting: int,
    error: ErrorAt,
    max_expanded: int = DEFAULT_MAX_EXPANDED,
    streamed: str | None = None,
) -> Document:
    """The document's nodes, composed from PyYAML's safe (C) parser's events: nothing is
    built from tags, so ``!!python/...`` never runs. ``expected`` names the top-level
    fields, for the message an empty file gets; ``max_expanded`` bounds the characters
    aliases may repeat; the list of the top-level field ``streamed`` is composed item by
    item as it is read (``Document.root``'s value for it is a ``StreamedItems``)."""
    import yaml

    from shellcount.ledger.yaml_nodes import Composer

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def fail(where: Location, message: str) -> NoReturn:
        raise error(where, message)

    def translate(failure: Exception) -> NoReturn:
        _raise_located(failure, text, shown, loader, fail)

    try:
        _check_nesting(text, shown, loader, max_nesting, fail)
        if _ANCHOR.search(text):
            _check_aliases(text, shown, loader, max_expanded, fail)
    except yaml.YAMLError as failure:
        translate(failure)
    composer = Composer(text, loader, streamed, translate)
    root = composer.root()
    if root is None or (root.tag == NULL and root.value in ("", "~")):
        composer.dispose()
        fail(Location(shown, 1, 1), f"the file is empty: expected {expected}")
    return Document(root, composer)


def _raise_located(
    failure: Exception,
    text: str,
    shown: str,
    loader: Any,
    fail: Callable[[Location, str], NoReturn],
) -> NoReturn:
    """A PyYAML error as a located problem; any other exception raised again."""
    import yaml

    if isinstance(failure, yaml.MarkedYAMLError):
        mark = failure.problem_mark or failure.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        context = failure.context
        started = failure.context_mark
        unclosed = ("while scanning a quoted scalar", "while parsing a flow")
        if context and context.startswith(unclosed) and started and mark:
            # Where the unclosed quote or bracket began, not only where the file ran out.
            context += f" (from line {started.line + 1}, column {started.column + 1})"
        reason = ", ".join(part for part in (context, failure.problem) if part)
        fail(where, f"YAML syntax: {reason}")
    if isinstance(failure, yaml.reader.ReaderError):
        # A character YAML forbids (a control character, say). libyaml counts bytes of
        # UTF-8, the pure-Python reader characters.
        if loader is yaml.SafeLoader:
            before = text[: failure.position]
        else:
            before = text.encode("utf-8")[: failure.position].decode("utf-8", "replace")
        line_start = before.rfind("\n") + 1
        where = Location(shown, before.count("\n") + 1, len(before) - line_start + 1)
        code = failure.character if isinstance(failure.character, int) else ord(failure.character)
        fail(where, f"YAML: character U+{code:04X} is not allowed in YAML; remove it")
    if isinstance(failure, yaml.YAMLError):
        fail(Location(shown), f"YAML: {' '.join(str(failure).split())}")
    raise failure


def kind_of(node: Any) -> str:
    """What a node holds, in words: ``a list``, ``text``, ``a value tagged !!python/...``."""
    tag = str(node.tag)
    if tag.startswith(TAG):
        name = tag.removeprefix(TAG)
        return {
            "map": "a mapping",
            "seq": "a list",
            "str": "text",
            "null": "nothing",
            "bool": "true/false",
            "int": "a number",
            "float": "a number",
            "timestamp": "a date",
        }.get(name, f"a value tagged !!{name}")
    return f"a value tagged {tag}"


def _check_nesting(
    text: str, shown: str, loader: Any, max_nesting: int, fail: Callable[[Location, str], NoReturn]
) -> None:
    """Refuse lists and mappings nested absurdly deep before composing them.

    libyaml composes recursively in C: some tens of thousands of levels (``[[[[...``, or
    ``- - - -``, a few hundred kilobytes) overflow the stack and kill the process. A cheap
    scan clears ordinary files; the others are measured on the event stream, which is
    flat.
    """
    import yaml

    if not _may_nest_deeply(text, max_nesting):
        return
    try:
        _measure_nesting(text, shown, loader, max_nesting, fail)
    except yaml.MarkedYAMLError as failure:
        if "maximum nesting depth" not in str(failure.problem):
            raise
        # libyaml (0.2.6 and later, as PyYAML 6.0.4 ships it) has a limit of its own, and
        # its scanner reads ahead of the events, so it can stop before our count reaches
        # ours. The pure-Python parser has no such limit and stops at ours: it tells where.
        _measure_nesting(text, shown, yaml.SafeLoader, max_nesting, fail)
        raise


def _measure_nesting(
    text: str, shown: str, loader: Any, max_nesting: int, fail: Callable[[Location, str], NoReturn]
) -> None:
    """Walk the event stream, failing at the first collection opened past max_nesting."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_nesting:
                mark = event.start_mark
                where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
                fail(where, f"YAML: lists and mappings nested more than {max_nesting} deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_aliases(
    text: str, shown: str, loader: Any, max_expanded: int, fail: Callable[[Location, str], NoReturn]
) -> None:
    """Refuse aliases that repeat more text than ``max_expanded`` characters.

    Composing shares an aliased node rather than copying it, but whatever reads the values
    (every row that shows a source's outlet, say) pays for each repetition: 100 kB of text
    aliased 2,000 times is a 100 kB file and 200 MB of output. Nested aliases (the "billion
    laughs") grow exponentially. Each anchored node's size, counting the aliases inside it,
    is measured on the event stream; each alias adds its anchor's size to the total.
    """
    import yaml

    sizes: dict[str, int] = {}  # anchor -> characters its node stands for
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, size so far) per collection
    repeated = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append((event.anchor, 1))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, size = open_nodes.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, len(event.value) + 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor or "", 0)  # unknown: fails later
            repeated += size
            if repeated > max_expanded:
                mark = event.start_mark
                where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
                fail(
                    where,
                    f"YAML: aliases ('*{event.anchor}') repeat more than "
                    f"{max_expanded // 2**20} MiB of text; write the values out",
                )
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if open_nodes:
            parent, so_far = open_nodes[-1]
            open_nodes[-1] = (parent, so_far + size)


def _may_nest_deeply(text: str, max_nesting: int) -> bool:
    """A cheap, conservative test: False only when no nesting past max_nesting is possible.

    Deep block nesting needs long runs of ``- ``/``? `` on a line or deep indentation; deep
    flow nesting needs many ``[``/``{``, whose depth is counted on the brackets alone
    (brackets inside quotes only make the test more cautious).
    """
    if _DEEP_BLOCK.search(text):
        return True
    if text.count("[") + text.count("{") <= max_nesting:
        return False
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > max_nesting:
            return True
    return False
