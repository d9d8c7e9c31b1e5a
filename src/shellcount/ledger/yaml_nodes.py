"""Composing a YAML document into small nodes, one of its top-level lists item by item.

PyYAML's composer gives every node a dictionary and two ``Mark`` objects of their own:
about a kilobyte per scalar, 930 MB for a 100,000-claim file. Here the C parser's events
are composed into :class:`Node` (a tag, a value, a line and a column), and the list of one
top-level field (the claims) can be handed over one item at a time
(:class:`StreamedItems`), so that a reader that builds a claim and lets its nodes go holds
one claim's nodes, not the file's.

Tags are resolved as PyYAML resolves them (the safe loader's rules), so a value's kind is
the same as from ``yaml.compose``; nothing is constructed from a tag. Errors are PyYAML's
own (``MarkedYAMLError`` with the same messages), raised where the parser meets them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"


class Node:
    """A composed value: its tag, its value (text; a list of nodes; a list of key and
    value pairs; or :class:`StreamedItems`), and its 1-based line and column."""

    __slots__ = ("column", "line", "tag", "value")

    def __init__(self, tag: str, value: Any, line: int, column: int) -> None:
        self.tag = tag
        self.value = value
        self.line = line
        self.column = column

    def __repr__(self) -> str:
        return f"Node({self.tag!r}, line {self.line}, column {self.column})"


class _Open:
    """A collection being composed: its node, and a mapping's key awaiting its value."""

    __slots__ = ("key", "mapping", "node")

    def __init__(self, node: Node, mapping: bool) -> None:
        self.node = node
        self.mapping = mapping
        self.key: Node | None = None


class Composer:
    """One document's events composed into nodes; ``streamed`` names the top-level field
    whose list is given item by item (the first time it appears, when it is a list)."""

    def __init__(
        self,
        text: str,
        loader_class: Any,
        streamed: str | None = None,
        translate: Callable[[Exception], NoReturn] | None = None,
    ) -> None:
        self._loader = loader_class(text)
        self._translate = translate
        self._streamed = streamed
        self._anchors: dict[str, tuple[Node, Any]] = {}  # anchor -> (node, its mark)
        self._resolved: dict[tuple[str, Any], str] = {}
        self._top: Node | None = None  # the top-level mapping, while it is composed
        self._document_mark: Any = None
        self.items: StreamedItems | None = None
        self.keys_after_items: list[str] = []
        """Top-level field names met after the streamed list, in file order."""

    def dispose(self) -> None:
        """Free the parser, and let go of the nodes: the streamed list and this composer
        refer to each other, and a cycle waits for the collector, which a caller may
        have paused or frozen (the parser's copy of the file would live on with it)."""
        if self._loader is not None:
            self._loader.dispose()
            self._loader = None
        self._anchors.clear()
        self._top = None
        if self.items is not None:
            self.items.detach()

    def root(self) -> Node | None:
        """The document's root: whole, except that a streamed list ends the composing
        until :meth:`finish`, called once its items are read, composes what follows."""
        try:
            return self._root()
        except yaml.YAMLError as failure:
            self._failed(failure)

    def finish(self) -> None:
        """Compose the rest of the document, after the streamed list's items (those not
        read are composed and dropped), check that no second document follows, and
        dispose of the parser."""
        try:
            self._finish()
        except yaml.YAMLError as failure:
            self._failed(failure)
        finally:
            self.dispose()

    def next_item(self) -> Node | None:
        """The streamed list's next item, composed whole; None at the list's end."""
        try:
            if self._loader.check_event(SequenceEndEvent):
                self._loader.get_event()
                return None
            return self._node()
        except yaml.YAMLError as failure:
            self._failed(failure)

    def _failed(self, failure: yaml.YAMLError) -> NoReturn:
        """A YAML error ends the composing: the parser is let go, and the error goes to
        ``translate`` (a reader may be mid-walk: it gets the error in its own terms)."""
        self.dispose()
        if self._translate is None:
            raise failure
        self._translate(failure)

    def _root(self) -> Node | None:
        loader = self._loader
        loader.get_event()  # the stream's start
        if loader.check_event(StreamEndEvent):
            return None
        self._document_mark = loader.get_event().start_mark
        if self._streamed is None or not loader.check_event(MappingStartEvent):
            return self._node()
        top = self._top = self._collection(loader.get_event())
        self._top_fields()
        return top

    def _finish(self) -> None:
        if self._document_mark is None:
            return  # an empty stream: no document to end
        if self.items is not None and self._top is not None:
            self.items.skip_rest()
            self._top_fields()
        loader = self._loader
        loader.get_event()  # the document's end
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                self._document_mark,
                "but found another document",
                event.start_mark,
            )

    def _top_fields(self) -> None:
        """The top-level mapping's fields, up to its end or the streamed list's start."""
        loader, top = self._loader, self._top
        assert top is not None
        while not loader.check_event(MappingEndEvent):
            key = self._node()
            if self.items is not None:
                self.keys_after_items.append(str(key.value))
            elif (
                key.tag == _STR
                and key.value == self._streamed
                and loader.check_event(SequenceStartEvent)
            ):
                listed = self._collection(loader.get_event())
                self.items = StreamedItems(self)
                listed.value = self.items
                top.value.append((key, listed))
                return
            top.value.append((key, self._node()))
        loader.get_event()
        self._top = None

    def _node(self) -> Node:
        """The next node, composed whole: a scalar, an alias's node, or a collection
        with everything in it (kept on a list of open collections, not the call stack:
        nesting is bounded by the caller, and a deep one must not overflow it)."""
        get_event = self._loader.get_event
        resolved = self._resolved
        open_collections: list[_Open] = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                # _scalar, written out: this is the hot line of every load.
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolved.get((event.value, event.implicit))
                if tag is None or event.anchor is not None:
                    node = self._scalar(event)
                else:
                    mark = event.start_mark
                    node = Node(tag, event.value, mark.line + 1, mark.column + 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                open_collections.append(_Open(self._collection(event), kind is MappingStartEvent))
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = open_collections.pop().node
            elif kind is AliasEvent:
                node = self._alias(event)
            else:  # pragma: no cover - the parser gives no other event inside a document
                raise AssertionError(f"unexpected YAML event {event!r}")
            if not open_collections:
                return node
            into = open_collections[-1]
            if not into.mapping:
                into.node.value.append(node)
            elif into.key is None:
                into.key = node
            else:
                into.node.value.append((into.key, node))
                into.key = None

    def _collection(self, event: Any) -> Node:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _MAP if isinstance(event, MappingStartEvent) else _SEQ
        mark = event.start_mark
        node = Node(tag, [], mark.line + 1, mark.column + 1)
        self._anchor(event, node)
        return node

    def _scalar(self, event: Any) -> Node:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            key = (value, event.implicit)
            tag = self._resolved.get(key)
            if tag is None:
                tag = self._loader.resolve(yaml.ScalarNode, value, event.implicit)
                if len(self._resolved) < 4096:  # the repeats are a file's common words
                    self._resolved[key] = tag
        mark = event.start_mark
        node = Node(tag, value, mark.line + 1, mark.column + 1)
        self._anchor(event, node)
        return node

    def _anchor(self, event: Any, node: Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self._anchors:
            raise ComposerError(
                "found duplicate anchor; first occurrence",
                self._anchors[anchor][1],
                "second occurrence",
                event.start_mark,
            )
        self._anchors[anchor] = (node, event.start_mark)

    def _alias(self, event: Any) -> Node:
        found = self._anchors.get(event.anchor)
        if found is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        return found[0]

    def has_item(self) -> bool:
        """Whether the streamed list has another item (nothing is composed)."""
        return not self._loader.check_event(SequenceEndEvent)


class StreamedItems:
    """The items of the streamed list, each composed when it is asked for: iterate once.

    ``bool()`` says whether the list has an item (without composing it); ``len()`` is
    how many items have been given so far: all of them once the iteration has ended.
    """

    def __init__(self, composer: Composer) -> None:
        self._composer: Composer | None = composer
        self._started = False
        self._ended = False
        self._count = 0

    def __bool__(self) -> bool:
        if self._started or self._composer is None:
            return self._count > 0
        return self._composer.has_item()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Node]:
        if self._started:
            raise RuntimeError("a streamed YAML list is read once")
        self._started = True
        while (item := self._next()) is not None:
            self._count += 1
            yield item

    def detach(self) -> None:
        """Forget the composer (it is disposed of): nothing more can be read."""
        self._ended = True
        self._composer = None

    def skip_rest(self) -> None:
        """Compose the items not read and let them go: the file must still be checked
        to its end."""
        self._started = True
        while self._next() is not None:
            pass

    def _next(self) -> Node | None:
        if self._ended or self._composer is None:
            return None
        item = self._composer.next_item()
        self._ended = item is None
        return item
