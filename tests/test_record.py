"""``record`` means what ``@dataclass(frozen=True)`` means, class by class, at less cost.

Each behaviour is checked on a record and on the same class made by the dataclass
decorator, so a difference shows as the two disagreeing rather than as a value written
into the test.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import operator
import pickle
import sys
from collections.abc import Callable
from dataclasses import field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shellcount.record import record

Maker = Callable[..., Any]


def _frozen(**options: Any) -> Maker:
    return dataclasses.dataclass(frozen=True, **options)


def _record(**options: Any) -> Maker:
    return lambda kind: record(**options)(kind) if options else record(kind)


BOTH = [pytest.param(_frozen, id="dataclass"), pytest.param(_record, id="record")]


def _point(make: Callable[..., Maker], **options: Any) -> Any:
    @make(**options)
    class Point:
        """A point with a label, a tuple from a factory, and a weight not compared."""

        x: float
        y: float = 0.0
        label: str = "p"
        notes: tuple[str, ...] = field(default_factory=tuple)
        extra: list[str] = field(default_factory=list, compare=False)
        weight: int = field(default=1, compare=False, repr=False)
        seen: tuple[int, ...] = field(default=(), hash=False)

    return Point


def _both(**options: Any) -> tuple[Any, Any]:
    return _point(_frozen, **options), _point(_record, **options)


def test_a_record_is_a_dataclass_with_the_same_fields() -> None:
    frozen, made = _both()
    assert dataclasses.is_dataclass(made)
    assert [f.name for f in dataclasses.fields(made)] == [
        f.name for f in dataclasses.fields(frozen)
    ]
    assert made.__match_args__ == frozen.__match_args__


@pytest.mark.parametrize("options", [{}, {"slots": True}], ids=["dict", "slots"])
def test_construction_repr_equality_and_hash_agree(options: dict[str, Any]) -> None:
    frozen, made = _both(**options)
    for args, kwargs in [
        ((1.0,), {}),
        ((1.0, 2.0, "q"), {}),
        ((1.0,), {"notes": ("a",), "weight": 7}),
        ((math.nan,), {"seen": (1, 2)}),
    ]:
        a, b = frozen(*args, **kwargs), made(*args, **kwargs)
        assert repr(b).replace(made.__qualname__, "X") == repr(a).replace(frozen.__qualname__, "X")
        twin_a, twin_b = frozen(*args, **kwargs), made(*args, **kwargs)
        assert (b == twin_b) == (a == twin_a)
        # The same NaN is equal to itself inside a tuple.
        assert operator.eq(b, b) == operator.eq(a, a)
        assert (b != twin_b) == (a != twin_a)
        assert (hash(b) == hash(twin_b)) == (hash(a) == hash(twin_a))
    assert made(1.0, weight=1) == made(1.0, weight=2)
    assert made(1.0, seen=(1,)) != made(1.0, seen=(2,))
    assert made(1.0).__eq__(object()) is NotImplemented
    assert made(1.0).extra is not made(1.0).extra


def test_hash_leaves_out_a_field_marked_hash_false_as_the_dataclass_does() -> None:
    frozen, made = _both()
    assert hash(made(1.0, seen=(1,))) == hash(made(1.0, seen=(2,)))
    assert hash(frozen(1.0, seen=(1,))) == hash(frozen(1.0, seen=(2,)))


@pytest.mark.parametrize("options", [{}, {"slots": True}], ids=["dict", "slots"])
def test_fields_cannot_be_assigned_or_deleted(options: dict[str, Any]) -> None:
    made = _point(_record, **options)
    point = made(1.0)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2.0
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del point.x
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.other = 1
    assert point.x == 1.0


def test_missing_and_unknown_arguments_are_refused_as_by_the_dataclass() -> None:
    frozen, made = _both()
    for call in (lambda kind: kind(), lambda kind: kind(1.0, z=2)):
        with pytest.raises(TypeError):
            call(frozen)
        with pytest.raises(TypeError):
            call(made)


@pytest.mark.parametrize("options", [{}, {"slots": True}], ids=["dict", "slots"])
def test_replace_pickle_and_copies_keep_the_value(options: dict[str, Any]) -> None:
    made = _point(_record, **options)
    globals()["Point"] = made  # pickle finds a class by its module and name
    made.__qualname__ = "Point"
    try:
        point = made(1.0, 2.0, notes=("n",), weight=3)
        assert dataclasses.replace(point, y=5.0) == made(1.0, 5.0, notes=("n",), weight=3)
        for twin in (
            pickle.loads(pickle.dumps(point)),
            copy.copy(point),
            copy.deepcopy(point),
        ):
            assert twin == point
            assert twin.weight == 3
    finally:
        del globals()["Point"]


def test_post_init_runs_and_init_false_fields_get_their_defaults() -> None:
    calls: list[str] = []

    @record
    class Checked:
        """A value checked after construction, with two fields the caller does not set."""

        value: int
        made_list: list[int] = field(init=False, default_factory=list)
        fixed: str = field(init=False, default="f")

        def __post_init__(self) -> None:
            calls.append("post")
            if self.value < 0:
                raise ValueError("negative")

    checked = Checked(1)
    assert (checked.made_list, checked.fixed, calls) == ([], "f", ["post"])
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    with pytest.raises(TypeError):
        Checked(1, [2])  # type: ignore[call-arg]


def test_methods_a_class_writes_itself_are_kept() -> None:
    @record
    class Own:
        """Equal to anything, with a repr and a hash of its own."""

        value: int

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7

        def __repr__(self) -> str:
            return "own"

    assert (Own(1) == Own(2), hash(Own(1)), repr(Own(1))) == (True, 7, "own")


def test_a_class_that_defines_eq_alone_gets_the_field_hash_as_from_the_dataclass() -> None:
    def make(decorate: Maker) -> Any:
        @decorate
        class EqOnly:  # noqa: PLW1641  (the hash is what is tested)
            """Its own equality; the hash is the decorator's."""

            value: int

            def __eq__(self, other: object) -> bool:
                return isinstance(other, EqOnly) and self.value == other.value

        return EqOnly

    frozen, made = make(_frozen()), make(_record())
    assert hash(made(3)) == hash(frozen(3)) == hash((3,))


def test_eq_false_keeps_identity_equality_and_hash() -> None:
    frozen, made = _both(eq=False)
    assert made(1.0) != made(1.0)
    assert frozen(1.0) != frozen(1.0)
    point = made(1.0)
    assert operator.eq(point, point)
    assert hash(point) == object.__hash__(point)


def test_a_record_of_no_fields_is_equal_to_another() -> None:
    @record
    class Empty:
        """Nothing in it."""

    assert Empty() == Empty()
    assert hash(Empty()) == hash(())
    assert repr(Empty()).endswith("Empty()")


def test_a_class_defining_setattr_is_refused() -> None:
    with pytest.raises(TypeError, match="__setattr__"):

        @record
        class Settable:
            """Would undo the freezing."""

            value: int

            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)


def test_a_recursive_value_repr_does_not_loop() -> None:
    @record
    class Box:
        """Holds a list that may come to hold the box."""

        items: list[object]

    box = Box([])
    box.items.append(box)
    assert repr(box).endswith("Box(items=[...])")


@given(
    st.floats(allow_nan=True) | st.integers(),
    st.floats(allow_nan=True) | st.integers(),
    st.text(max_size=3),
)
def test_equality_and_hash_agree_with_the_dataclass_on_any_values(
    x: float, y: float, label: str
) -> None:
    frozen, made = _FROZEN_POINT, _RECORD_POINT
    a, b = frozen(x, y, label), made(x, y, label)
    a2, b2 = frozen(y, x, label), made(y, x, label)
    assert (b == b2) == (a == a2)
    assert (hash(b) == hash(made(x, y, label))) == (hash(a) == hash(frozen(x, y, label)))
    assert hash(b) == hash(a)  # the same tuple of the same fields


_FROZEN_POINT, _RECORD_POINT = _both()


def test_building_a_record_compiles_one_function() -> None:
    compiled: list[str] = []
    real_compile = compile

    def counting(source: Any, filename: Any, *rest: Any, **options: Any) -> Any:
        compiled.append(str(filename))
        return real_compile(source, filename, *rest, **options)

    import builtins

    builtins.compile = counting
    try:
        _point(_record)
    finally:
        builtins.compile = real_compile
    assert compiled == ["<record _point.<locals>.Point>"], compiled
    assert sys.version_info >= (3, 10)
