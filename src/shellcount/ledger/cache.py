"""The cache of checked files: a claims file read once is unpickled on later runs.

Reading and checking a claims file costs more than parsing its YAML; unpickling the
ledger it gave costs about a tenth of either. The reference file and the readings file
are kept the same way, so a command whose files are all cached never loads PyYAML.

An entry is used only when everything the checked value depends on is what it was: the
file's text, what it is (a claims, reference or readings file), the settings it was
read with (for a claims file the name messages give it, the reading and width of
"about", whether references may point to other files), the Python, pint and PyYAML
versions, and the content of every file of shellcount's own package (code, readings,
unit definitions). Anything else is a miss, and the file is read as if there were no
cache; a cache that cannot be read or written is passed over in silence. A file with
errors is never cached, so its messages are always the reader's own, and neither is one
read with count units that another file of the same run declared.

Entries live in ``$SHELLCOUNT_CACHE_DIR``, else ``$XDG_CACHE_HOME/shellcount``, else
``~/.cache/shellcount``; ``SHELLCOUNT_NO_CACHE=1`` turns the cache off. One entry is kept
per kind, file name and settings, so editing a file replaces its entry rather than
adding one. Pickles can run code, so a folder or entry that another user could have
written is never read.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from shellcount import cache_folder
from shellcount.arithmetic import units

if TYPE_CHECKING:
    import pint


_MAGIC = b"shellcount-ledger-cache 2\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
_MAX_ENTRIES = 64
"""Past this many entries the least recently written are removed."""


def _names(kind: str, settings: tuple[object, ...]) -> tuple[str, bytes]:
    """The entry's file name (one per kind and settings) and the digest of both."""
    written = repr((kind, *settings)).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(cache_folder.code_fingerprint() + written).digest()
    return f"{kind}-{digest.hex()[:32]}.pickle", digest


def _full_digest(settings_digest: bytes, text: str) -> bytes:
    return hashlib.sha256(settings_digest + text.encode("utf-8", "surrogatepass")).digest()


def _unit(items: tuple[tuple[str, float], ...]) -> pint.Unit:
    import pint

    return units.registry().Unit(pint.util.UnitsContainer(dict(items)))


def _read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _quantity(magnitude: Any, unit: pint.Unit) -> pint.Quantity[Any]:
    return units.registry().Quantity(magnitude, unit)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of dataclass ``kind`` in order (None for any other type)."""
    import dataclasses

    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(field.name for field in dataclasses.fields(kind))


def _dataclass(kind: type, values: tuple[Any, ...]) -> Any:
    # Set field by field, as the constructor would: unpickling through ``__dict__``
    # gives every object a dictionary of its own, which nearly doubled a large ledger.
    made: Any = object.__new__(kind)
    for name, value in zip(_field_names(kind) or (), values, strict=True):
        object.__setattr__(made, name, value)
    return made


class _Pickler(pickle.Pickler):
    """Dataclasses by their fields, pint's units and quantities by their parts."""

    def __init__(self, file: io.BufferedWriter) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        ureg = units.registry()
        self.unit_type: type = ureg.Unit
        self.quantity_type: type = ureg.Quantity

    def reducer_override(self, obj: Any) -> Any:
        kind: type = type(obj)
        names = _field_names(kind)
        if names is not None:
            # Read by name, not through ``__dict__``, which would give each object of
            # the live ledger a dictionary too.
            return (_dataclass, (kind, tuple(getattr(obj, name) for name in names)))
        # pint's own pickling goes through its application registry, which knows none
        # of shellcount's units: these are rebuilt in shellcount's.
        if kind is self.unit_type:
            return (_unit, (tuple(obj._units.items()),))
        if kind is self.quantity_type:
            return (_quantity, (obj.magnitude, obj.units))
        if kind is MappingProxyType:
            return (_read_only, (dict(obj),))
        return NotImplemented


class _HashingWriter(io.RawIOBase):
    """A file's writer that keeps the digest of everything written through it."""

    def __init__(self, file: io.BufferedWriter) -> None:
        super().__init__()
        self.file = file
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return self.file.write(data)


def cached(kind: str, text: str, settings: tuple[object, ...]) -> Any | None:
    """What was kept for exactly this kind of file, text and settings, if anything."""
    folder = cache_folder.folder()
    if folder is None or not cache_folder.private_folder(folder, create=False):
        return None
    name, settings_digest = _names(kind, settings)
    try:
        descriptor = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(descriptor, "rb") as entry:
        if not cache_folder.only_mine(os.fstat(entry.fileno())):
            return None
        if entry.read(len(_MAGIC)) != _MAGIC:
            return None
        if entry.read(_DIGEST_SIZE) != _full_digest(settings_digest, text):
            return None
        expected_body = entry.read(_DIGEST_SIZE)
        body = entry.read()
    # A body that is not what was written (a disk error, a half-copied folder) could
    # unpickle into a wrong value: it must match the digest written beside it.
    if hashlib.sha256(body).digest() != expected_body:
        return None
    try:
        stream = io.BytesIO(body)
        declared: tuple[str, ...] = pickle.load(stream)
        for unit_name in declared:
            units.define_count_unit(unit_name)
        from shellcount.ledger.yaml_file import collector_paused

        with collector_paused():
            return pickle.load(stream)
    except Exception:  # an entry of an older layout, say: a miss, and the file is read
        return None


def keep(
    kind: str,
    value: object,
    text: str,
    settings: tuple[object, ...],
    *,
    declared_units: tuple[str, ...] = (),
) -> None:
    """Write ``value``, checked from ``text``, as the entry for this kind and these
    settings, if it can be. ``declared_units`` are the count units the file defined,
    defined again before the value is unpickled."""
    folder = cache_folder.folder()
    if folder is None or not cache_folder.private_folder(folder, create=True):
        return
    name, settings_digest = _names(kind, settings)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with open(descriptor, "wb") as entry:
            entry.write(_MAGIC + _full_digest(settings_digest, text))
            where = entry.tell()
            entry.write(bytes(_DIGEST_SIZE))  # the body's digest, written once known
            body = _HashingWriter(entry)
            pickle.dump(declared_units, body, protocol=pickle.HIGHEST_PROTOCOL)
            _Pickler(body).dump(value)  # type: ignore[arg-type]
            entry.seek(where)
            entry.write(body.digest.digest())
        os.replace(temporary, folder / name)
    except Exception:  # a full disk or an unpicklable value: no entry, and no harm
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Remove the least recently written entries past ``_MAX_ENTRIES``."""
    try:
        entries = [path for path in folder.iterdir() if path.suffix == ".pickle"]
        if len(entries) <= _MAX_ENTRIES:
            return
        entries.sort(key=lambda path: path.stat().st_mtime_ns)
        for path in entries[: len(entries) - _MAX_ENTRIES]:
            path.unlink(missing_ok=True)
    except OSError:
        return
