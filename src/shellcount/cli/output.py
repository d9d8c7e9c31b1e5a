"""Where output goes: stdout, or a file written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from shellcount.errors import OutputError


def write_output(
    data: str | bytes,
    destination: Path | None,
    *,
    protected: Path | Sequence[Path] | None = None,
) -> None:
    """Write text (UTF-8) or bytes (a chart) to stdout, or atomically to ``destination``.

    The file is written beside its destination and renamed over it, so an interrupted run
    leaves the old file or the new one, never half of one. ``protected`` (the claims files
    being read) is never overwritten.
    """
    if destination is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    content = data.encode("utf-8") if isinstance(data, str) else data
    target = destination.expanduser()
    kept = (protected,) if isinstance(protected, Path) else protected or ()
    if any(_same_file(target, path) for path in kept):
        raise OutputError(f"{destination}: refusing to overwrite the claims file being read")
    if target.is_dir():
        raise OutputError(f"{destination}: is a directory")
    directory = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except FileNotFoundError:
        raise OutputError(f"{destination}: no such directory {str(directory)!r}") from None
    except PermissionError:
        raise OutputError(f"{destination}: permission denied") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            # On disk before the rename, so a crash cannot leave an empty file in its place.
            file.flush()
            os.fsync(file.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_new(text: str, destination: Path) -> None:
    """Write ``text`` to a file that must not exist yet: whole or not at all, and never
    over a file, even one made while this was writing (the file is linked into place,
    which fails where a name is taken, where a rename would replace)."""
    target = destination.expanduser()
    if target.exists() or target.is_symlink():
        raise OutputError(f"{destination}: already exists; give a new file's name")
    directory = target.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except FileNotFoundError:
        raise OutputError(f"{destination}: no such directory {str(directory)!r}") from None
    except PermissionError:
        raise OutputError(f"{destination}: permission denied") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise OutputError(f"{destination}: already exists; give a new file's name") from None
        except OSError:
            # A file system without hard links (FAT, some network drives): create the
            # name exclusively instead, still never over a file.
            _write_exclusively(text, target, destination)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _write_exclusively(text: str, target: Path, destination: Path) -> None:
    try:
        with target.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise OutputError(f"{destination}: already exists; give a new file's name") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
