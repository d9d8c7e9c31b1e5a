"""Where output goes: stdout, or a file written whole or not at all.

What is written is text (UTF-8), bytes (a chart), or text in chunks as a format makes
them, which stream to stdout or to the temporary file as they come.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from shellcount.errors import OutputError

Output = str | bytes | Iterable[str]
"""What a command writes: the whole text, the bytes of a chart, or text in chunks."""


def write_output(data: Output, destination: Path | None, *, protected: Path | None = None) -> None:
    """Write ``data`` to stdout, or atomically to ``destination``.

    The file is written beside its destination and renamed over it, so an interrupted run
    leaves the old file or the new one, never half of one. ``protected`` (the claims file
    being read) is never overwritten.
    """
    if destination is None:
        _write_stdout(data)
        return
    target = destination.expanduser()
    if protected is not None and _same_file(target, protected):
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
            _write_to(file, data)
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


def _write_to(file: BinaryIO, data: Output) -> None:
    """``data`` into a binary file, text as UTF-8, chunks one by one as they come."""
    if isinstance(data, bytes):
        file.write(data)
    elif isinstance(data, str):
        file.write(data.encode("utf-8"))
    else:
        for chunk in data:
            file.write(chunk.encode("utf-8"))


def _write_stdout(data: Output) -> None:
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    elif isinstance(data, str):
        sys.stdout.write(data)
    else:
        for chunk in data:
            sys.stdout.write(chunk)
    sys.stdout.flush()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
