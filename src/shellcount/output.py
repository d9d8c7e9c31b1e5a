"""Where output goes: stdout, or a file written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from shellcount.errors import OutputError


def write_output(text: str, destination: Path | None, *, protected: Path | None = None) -> None:
    """Write ``text`` to stdout, or atomically to ``destination``.

    The file is written beside its destination and renamed over it, so an interrupted run
    leaves the old file or the new one, never half of one. ``protected`` (the claims file
    being read) is never overwritten.
    """
    if destination is None:
        sys.stdout.write(text)
        sys.stdout.flush()
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
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
