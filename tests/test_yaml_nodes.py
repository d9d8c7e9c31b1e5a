"""The small-node composer: the same tree as PyYAML's, the claims list one claim at a time,
and a loader that holds one claim's nodes, not the file's."""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shellcount.errors import ClaimsFileError
from shellcount.ledger import loader
from shellcount.ledger.loader import load_claims, load_claims_text, packaged_claims_path
from shellcount.ledger.yaml_nodes import Composer, Node, StreamedItems

DATA = Path(__file__).resolve().parent / "data"
BENCH = Path(__file__).resolve().parent.parent / "bench"


def _same(expected: Any, got: Node) -> None:
    """A PyYAML node and ours: one tag, value, line and column, all the way down."""
    where = (expected.start_mark.line + 1, expected.start_mark.column + 1)
    assert (expected.tag, where) == (got.tag, (got.line, got.column)), (expected, got)
    if isinstance(expected, yaml.ScalarNode):
        assert expected.value == got.value
    elif isinstance(expected, yaml.SequenceNode):
        items = list(got.value)
        assert len(items) == len(expected.value)
        for one, other in zip(expected.value, items, strict=True):
            _same(one, other)
    else:
        assert len(expected.value) == len(got.value)
        for (key, value), (got_key, got_value) in zip(expected.value, got.value, strict=True):
            _same(key, got_key)
            _same(value, got_value)


def _composed(text: str, streamed: str | None = None) -> Node | None:
    composer = Composer(text, yaml.CSafeLoader, streamed)
    try:
        root = composer.root()
        if root is not None and composer.items is not None:
            # The streamed items, read now, in place of the list in the tree.
            for _key, value in root.value:
                if isinstance(value.value, StreamedItems):
                    value.value = list(value.value)
        composer.finish()
        return root
    finally:
        composer.dispose()


@pytest.mark.parametrize(
    "path",
    [packaged_claims_path(), *sorted(DATA.glob("*.yaml"))],
    ids=lambda path: path.name,
)
@pytest.mark.parametrize("streamed", [None, "claims"])
def test_the_tree_is_pyyamls(path: Path, streamed: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    root = _composed(text, streamed)
    assert root is not None
    _same(yaml.compose(text, Loader=yaml.CSafeLoader), root)


_SCALARS = st.sampled_from(
    ["1", "0x1A", "1:30", "NO", "~", "", "2024-01-02", "'quoted'", "3.5", "text", "<<", "a b"]
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
        | st.lists(st.tuples(st.sampled_from(["a", "b", "claims", "7"]), inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        )
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(document=_DOCUMENTS, streamed=st.sampled_from([None, "claims"]))
def test_any_flow_document_composes_as_pyyaml_does(document: str, streamed: str | None) -> None:
    try:
        expected = yaml.compose(document, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as failure:
        refusal = str(failure)
    else:
        refusal = None
    if refusal is not None:
        with pytest.raises(yaml.YAMLError) as raised:
            _composed(document, streamed)
        assert str(raised.value) == refusal
        return
    root = _composed(document, streamed)
    if expected is None:
        assert root is None
    else:
        assert root is not None
        _same(expected, root)


@pytest.mark.parametrize(
    "text",
    [
        "a: *x\n",
        "a: &x 1\nb: &x 2\n",
        "a: 1\n---\nb: 2\n",
        "claims:\n- &x 1\n- &x 2\n",
        "claims:\n- *nothing\n",
        "claims:\n- 1\n---\nb: 2\n",
    ],
)
def test_composer_errors_are_pyyamls(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.compose(text, Loader=yaml.CSafeLoader)
    with pytest.raises(yaml.YAMLError) as got:
        _composed(text, "claims")
    assert str(got.value) == str(expected.value)


def _reordered(text: str) -> str:
    """The packaged file with its claims list first, then format and sources."""
    claims_at = text.index("\nclaims:\n") + 1
    return text[claims_at:] + text[:claims_at]


def test_claims_before_the_sources_load_the_same_as_after() -> None:
    text = packaged_claims_path().read_text(encoding="utf-8")
    usual = load_claims_text(text, "claims.yaml")
    reordered = load_claims_text(_reordered(text), "claims.yaml")
    assert [claim.id for claim in reordered] == [claim.id for claim in usual]
    assert [claim.figure.interval for claim in reordered] == [
        claim.figure.interval for claim in usual
    ]
    assert [claim.source.outlet for claim in reordered] == [claim.source.outlet for claim in usual]


def test_a_syntax_error_among_the_claims_is_one_located_line(tmp_path: Path) -> None:
    text = packaged_claims_path().read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    last_quote = max(index for index, line in enumerate(lines) if "quote:" in line)
    lines.insert(last_quote + 1, "    figure: [unclosed\n")
    path = tmp_path / "claims.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ClaimsFileError) as raised:
        load_claims(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:{last_quote + 3}:"), message
    assert "YAML syntax" in message, message
    assert "\n" not in message, message


def _generated_text(count: int) -> str:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    text: str = importlib.import_module("dense").generate_text(count)
    return text


def _nodes_alive() -> int:
    return sum(1 for thing in gc.get_objects() if type(thing) is Node)


def test_the_loader_holds_one_claims_nodes_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the nodes alive while claims are read grow with the sources
    (kept whole: one for four claims here), not with the claims (about 20 nodes each)."""
    most: dict[int, int] = {}
    original = loader._LedgerBuilder.claim
    for count in (300, 1_200):
        seen: list[int] = []

        def counted(self: Any, entry: Any, sources: Any, seen: list[int] = seen) -> Any:
            seen.append(_nodes_alive() if len(seen) % 100 == 99 else -1)
            return original(self, entry, sources)

        with monkeypatch.context() as patch:
            patch.setattr(loader._LedgerBuilder, "claim", counted)
            ledger = load_claims_text(_generated_text(count), "dense.yaml")
        assert len(ledger.claims) == count
        most[count] = max(seen)
    assert most[1_200] - most[300] < 3 * (1_200 - 300), most


def test_no_node_outlives_the_load_even_with_the_collector_off() -> None:
    """The CLI freezes the collector after loading: a node left in a reference cycle (the
    streamed list and its composer) would live on, with the parser's copy of the file."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        ledger = load_claims(packaged_claims_path())
        assert ledger.claims
        assert _nodes_alive() == 0
    finally:
        if was_enabled:
            gc.enable()
