"""Where output goes: stdout, or a file written whole or not at all.

What is written is text (UTF-8), bytes (a chart), or text in chunks as a format makes
them, which stream to stdout or to the temporary file as they come.

A target that is not a plain file is never replaced by one: a character device or a FIFO
(``/dev/null``, a terminal, a pipe another program reads) is opened and written to, as a
shell's ``>`` would; a symbolic link is followed and its target replaced; a directory, a
block device, a socket, a read-only file and the files being read are refused. Every
failure is an :class:`~shellcount.errors.OutputError` naming the path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from shellcount.errors import OutputError
from shellcount.packaged import packaged_path

Output = str | bytes | Iterable[str]
"""What a command writes: the whole text, the bytes of a chart, or text in chunks."""

# Names of an open descriptor rather than of a file: opened, never replaced, so that
# `-o /dev/stdout >> log` appends to the log the shell opened.
_DESCRIPTOR = re.compile(r"/dev/(?:stdout|stderr|fd/[0-9]+)|/proc/[^/]+/fd/[0-9]+")
# Standard input's names: behind them may be the file being read (`< claims.yaml`).
_STDIN = re.compile(r"/dev/(?:stdin|fd/0)|/proc/[^/]+/fd/0")

# The files shellcount reads on every run (or with no --reference): never a report's target.
_SHIPPED = ("reference.yaml", "readings.yaml", "units.txt")

# The temporary file's name carries the start of the target's, short enough that a
# target name near the system's limit still leaves room for the random part.
_KEPT_OF_NAME = 40


def write_output(
    data: Output,
    destination: Path | None,
    *,
    protected: Path | Sequence[Path] | None = None,
    reference: Path | None = None,
) -> None:
    """Write ``data`` to stdout, or to ``destination``.

    A file is written beside its destination and renamed over it, so an interrupted run
    leaves the old file or the new one, never half of one. ``protected`` (the claims
    files being read), ``reference`` (the reference file being read) and the data files that
    ship with shellcount are never overwritten, under whatever name or link they are
    reached.
    """
    if destination is None:
        _write_stdout(data)
        return
    shown = str(destination)
    target = destination.expanduser()
    if _STDIN.fullmatch(os.path.abspath(target)):
        raise OutputError(f"{shown}: is standard input; refusing to write to it")
    status = _status(target, shown)
    if status is not None and (stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
        _write_through(target, shown, data, append=False)
        return
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{shown}: is a directory")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise OutputError(
            f"{shown}: is not a regular file, a character device or a FIFO; refusing to replace it"
        )
    resolved = Path(os.path.realpath(target))
    claims_files = (protected,) if isinstance(protected, Path) else tuple(protected or ())
    read_files = [(path, "claims file") for path in claims_files]
    if reference is not None:
        read_files.append((reference, "reference file"))
    for read, what in read_files:
        if status is not None and _same_file(resolved, read):
            raise OutputError(f"{shown}: refusing to overwrite the {what} being read")
    if status is not None:
        for name in _SHIPPED:
            if _same_file(resolved, packaged_path(name)):
                raise OutputError(f"{shown}: refusing to overwrite shellcount's own {name}")
    if status is not None and _DESCRIPTOR.fullmatch(os.path.abspath(target)):
        _write_through(target, shown, data, append=True)
        return
    if status is not None:
        if not status.st_mode & 0o222:
            raise OutputError(f"{shown}: is read-only; refusing to replace it")
        if not os.access(resolved, os.W_OK):
            raise OutputError(f"{shown}: permission denied")
    _replace(resolved, shown, data, status)


def write_new(text: str, destination: Path) -> None:
    """Write ``text`` to a file that must not exist yet: whole or not at all, and never
    over a file, even one made while this was writing (the file is linked into place,
    which fails where a name is taken, where a rename would replace)."""
    target = destination.expanduser()
    if target.exists() or target.is_symlink():
        raise OutputError(f"{destination}: already exists; give a new file's name")
    with _temporary_written(target, str(destination), text) as temporary:
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise OutputError(f"{destination}: already exists; give a new file's name") from None
        except OSError:
            # A file system without hard links (FAT, some network drives): create the
            # name exclusively instead, still never over a file.
            _write_exclusively(text, target, destination)


def _write_exclusively(text: str, target: Path, destination: Path) -> None:
    try:
        with target.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise OutputError(f"{destination}: already exists; give a new file's name") from None


def _status(target: Path, shown: str) -> os.stat_result | None:
    """What ``target`` is (a link followed), or None where nothing is yet."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        # No file, or no directory for it: mkstemp says which.
        return None
    except NotADirectoryError:
        raise OutputError(f"{shown}: {_not_a_directory(target)}") from None
    except OSError as error:
        raise _failed(shown, error) from None


def _not_a_directory(target: Path) -> str:
    for ancestor in reversed(target.parents):
        if ancestor.exists() and not ancestor.is_dir():
            return f"{str(ancestor)!r} is a file, not a directory"
    return "a part of the path is not a directory"


@contextlib.contextmanager
def _temporary_written(target: Path, shown: str, data: Output) -> Iterator[str]:
    """A temporary file beside ``target`` holding ``data``, on disk before the caller
    renames or links it into place (so a crash cannot leave an empty file there); removed
    afterwards whatever happens (after a rename there is nothing left to remove), and a
    system error on the way is one line naming ``shown``."""
    handle, temporary = _temporary_beside(target, shown)
    try:
        with os.fdopen(handle, "wb") as file:
            _write_to(file, data)
            file.flush()
            os.fsync(file.fileno())
        yield temporary
    except OSError as error:
        raise _failed(shown, error) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _temporary_beside(target: Path, shown: str) -> tuple[int, str]:
    """A new temporary file in ``target``'s directory (so a rename onto ``target`` stays on
    one file system), named after it: its descriptor and path."""
    directory = target.parent
    try:
        return tempfile.mkstemp(prefix=f".{target.name[:_KEPT_OF_NAME]}.", dir=directory)
    except FileNotFoundError:
        raise OutputError(f"{shown}: no such directory {str(directory)!r}") from None
    except OSError as error:
        raise _failed(shown, error) from None


def _replace(resolved: Path, shown: str, data: Output, status: os.stat_result | None) -> None:
    """Write a temporary file beside ``resolved`` and rename it over ``resolved``."""
    with _temporary_written(resolved, shown, data) as temporary:
        _keep_mode_and_owner(temporary, status)
        os.replace(temporary, resolved)


def _keep_mode_and_owner(temporary: str, status: os.stat_result | None) -> None:
    """The replaced file's permissions (and, run as root, its owner) on the new one."""
    mode = status.st_mode & 0o7777 if status is not None else 0o666 & ~_umask()
    with contextlib.suppress(OSError):
        os.chmod(temporary, mode)
    if status is not None and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.chown(temporary, status.st_uid, status.st_gid)


def _write_through(target: Path, shown: str, data: Output, *, append: bool) -> None:
    """Open ``target`` (a device, a FIFO, an open descriptor's name) and write to it."""
    flags = os.O_WRONLY | os.O_NOCTTY | (os.O_APPEND if append else 0)
    try:
        # A FIFO with no reader blocks here until one comes, as a shell's '>' does.
        handle = os.open(target, flags)
    except OSError as error:
        raise _failed(shown, error) from None
    try:
        # Closing flushes, and closes the descriptor even when the flush fails.
        with open(handle, "wb") as file:
            _write_to(file, data)
    except OSError as error:
        raise _failed(shown, error) from None


def _write_to(file: BinaryIO, data: Output) -> None:
    """``data`` into a binary file, text as UTF-8, chunks one by one as they come."""
    if isinstance(data, bytes):
        file.write(data)
    elif isinstance(data, str):
        file.write(data.encode("utf-8"))
    else:
        for chunk in data:
            file.write(chunk.encode("utf-8"))


def require_stdout() -> None:
    """Refuse, before any work, to write to a stdout that is not there."""
    if sys.stdout is None:
        # Started with stdout closed (`>&-`): Python gives no stream at all.
        raise OutputError("stdout is closed: nothing can be written there (give -o FILE)")


def _write_stdout(data: Output) -> None:
    """``data`` to stdout; a reader gone away is left to the caller (exit quietly), any
    other failure (a full disk) is an OutputError."""
    require_stdout()
    stream = sys.stdout
    try:
        if isinstance(data, bytes):
            stream.buffer.write(data)
        elif isinstance(data, str):
            stream.write(data)
        else:
            for chunk in data:
                stream.write(chunk)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        silence_stdout()
        raise _failed("stdout", error) from None


def silence_stdout() -> None:
    """Point stdout at nothing, so that the interpreter's last flush of what could not be
    written does not fail again with a traceback."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _failed(shown: str, error: OSError) -> OutputError:
    """An OSError as one line naming the path: 'out.csv: no space left on device'."""
    if error.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    else:
        reason = (error.strerror or str(error)).lower()
    return OutputError(f"{shown}: {reason}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
