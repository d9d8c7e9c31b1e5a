"""Frozen records: ``@dataclass(frozen=True)`` without compiling six methods per class.

On the Pythons shellcount supports, the dataclass decorator compiles each method it writes
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``)
from source of its own, about a millisecond a class on 3.11; with some sixty classes on the
way to a cold ``compare`` that was most of shellcount's start-up over the floor. ``record``
lets ``dataclasses`` gather the fields (so ``fields``, ``replace``, ``is_dataclass`` and
pickling work as on any dataclass), compiles ``__init__`` alone (so construction costs what
a frozen dataclass's does and the signature is the fields'), and gives the others as
functions shared by every record, reading the fields through a getter kept on the class.
Equality, hashing and ``repr`` mean what the dataclass decorator's mean: fields compared
as tuples, in order, by ``compare`` and ``hash``, shown by ``repr``.

What it supports is what shellcount uses: fields with a default or a default factory,
``field(init=False, repr=False, compare=False, hash=False)``, ``__post_init__`` without
init-only variables, ``eq=False`` (identity equality and hash) and ``slots=True``. Methods
a class writes itself are kept, as the dataclass decorator keeps them. One difference: a
subclass of a record cannot set attributes of its own either (no record is subclassed).
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        # Only type checkers read it; at run time the decorator is left as it is.
        return lambda function: function


_T = TypeVar("_T")


@overload
def record(kind: type[_T], /) -> type[_T]: ...


@overload
def record(*, eq: bool = True, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(
    kind: type[_T] | None = None, /, *, eq: bool = True, slots: bool = False
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """Make ``kind`` a frozen dataclass, as ``@dataclass(frozen=True, eq=eq, slots=slots)``."""

    def build(kind: type[_T]) -> type[_T]:
        return _build(kind, eq=eq, slots=slots)

    return build if kind is None else build(kind)


def _build(kind: type[_T], *, eq: bool, slots: bool) -> type[_T]:
    if "__setattr__" in kind.__dict__ or "__delattr__" in kind.__dict__:
        raise TypeError(f"a record cannot define __setattr__ or __delattr__: {kind.__name__}")
    made = dataclasses.dataclass(kind, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]  # a dataclass by now
    own = made.__dict__
    namespace: dict[str, Any] = {
        "__record_setattr__": object.__setattr__,
        "__record_factory__": _HAS_FACTORY,
    }
    methods: dict[str, Callable[..., Any]] = {}
    if "__init__" not in own:
        source = _init_source(fields, namespace, post_init=hasattr(made, "__post_init__"))
        exec(compile(source, f"<record {made.__qualname__}>", "exec"), namespace)
        namespace["__init__"].__qualname__ = f"{made.__qualname__}.__init__"
        methods["__init__"] = namespace["__init__"]
    made._record_shown = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    if "__repr__" not in own:
        methods["__repr__"] = _repr
    if eq:
        made._record_compared = _getter([f.name for f in fields if f.compare])  # type: ignore[attr-defined]
        if "__eq__" not in own:
            methods["__eq__"] = _eq
        # As the dataclass decorator decides: a __hash__ of the class's own is kept, and
        # the None Python puts there for a class that defines __eq__ does not count.
        own_hash = own.get("__hash__", dataclasses.MISSING)
        if own_hash is dataclasses.MISSING or (own_hash is None and "__eq__" in own):
            hashed = [f.name for f in fields if f.hash or (f.hash is None and f.compare)]
            made._record_hashed = _getter(hashed)  # type: ignore[attr-defined]
            methods["__hash__"] = _hash
    methods["__setattr__"] = _refuse_assignment
    methods["__delattr__"] = _refuse_deletion
    for name, method in methods.items():
        setattr(made, name, method)
    if slots:
        # Unpickling a slotted object sets its slots through ``__setattr__``, which a
        # frozen class refuses: state goes in and out as the field values, in order.
        made.__getstate__ = _slotted_state  # type: ignore[attr-defined]
        made.__setstate__ = _set_slotted_state  # type: ignore[attr-defined]
    return made


class _HasFactory:
    """The default of a parameter whose field has a default factory (so: call it)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields of an object as a tuple, always a tuple (as the dataclass compares).

    Kept on the class and read through it: a function read through an instance would be
    bound to it.
    """
    if len(names) >= 2:
        return operator.attrgetter(*names)
    if names:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared: Callable[[Any], tuple[Any, ...]] = self.__class__._record_compared
    equal: bool = compared(self) == compared(other)
    return equal


def _hash(self: Any) -> int:
    return hash(self.__class__._record_hashed(self))


def _refuse_assignment(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _init_source(
    fields: tuple[dataclasses.Field[Any], ...], namespace: dict[str, Any], *, post_init: bool
) -> str:
    parameters: list[str] = []
    body: list[str] = []
    for f in fields:
        has_factory = f.default_factory is not dataclasses.MISSING
        if has_factory:
            namespace[f"__factory_{f.name}__"] = f.default_factory
        if f.init:
            if f.default is not dataclasses.MISSING:
                namespace[f"__default_{f.name}__"] = f.default
                parameters.append(f"{f.name}=__default_{f.name}__")
            elif has_factory:
                parameters.append(f"{f.name}=__record_factory__")
            else:
                parameters.append(f.name)
            value = (
                f"__factory_{f.name}__() if {f.name} is __record_factory__ else {f.name}"
                if has_factory
                else f.name
            )
        elif has_factory:
            value = f"__factory_{f.name}__()"
        elif f.default is not dataclasses.MISSING:
            namespace[f"__default_{f.name}__"] = f.default
            value = f"__default_{f.name}__"
        else:
            continue
        body.append(f"  __record_setattr__(self, {f.name!r}, {value})")
    if post_init:
        body.append("  self.__post_init__()")
    signature = ", ".join(["self", *parameters])
    return f"def __init__({signature}):\n" + ("\n".join(body) or "  pass")


def _slotted_state(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _set_slotted_state(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)
