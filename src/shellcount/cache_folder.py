"""Where shellcount keeps what it caches, and the fingerprint of the code that wrote it.

The folder is ``$SHELLCOUNT_CACHE_DIR``, else ``$XDG_CACHE_HOME/shellcount``, else
``~/.cache/shellcount``; ``SHELLCOUNT_NO_CACHE=1`` turns caching off. Pickles can run
code, so a folder another user could write is never used. ``ledger/cache.py`` keeps
checked files there; pint keeps its parsed unit definitions in a folder of its own.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from pathlib import Path


def folder() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    if os.environ.get("SHELLCOUNT_NO_CACHE", "") not in ("", "0"):
        return None
    if chosen := os.environ.get("SHELLCOUNT_CACHE_DIR"):
        return Path(chosen)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "shellcount"
    return Path.home() / ".cache" / "shellcount"


@functools.cache
def code_fingerprint() -> bytes:
    """A digest of every file of the package and the versions of what reads the file."""
    from importlib import metadata

    digest = hashlib.sha256()
    for name in ("pint", "PyYAML"):
        digest.update(f"{name} {metadata.version(name)}\n".encode())
    digest.update(sys.version.encode())
    digest.update(package_fingerprint(Path(__file__).resolve().parent))
    return digest.digest()


def package_fingerprint(package: Path) -> bytes:
    """A digest of every file under ``package``, by name and content (bytecode aside)."""
    digest = hashlib.sha256()
    for place, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            path = Path(place, name)
            content = path.read_bytes()
            # The length keeps one file's end from reading as the next one's name.
            digest.update(os.fsencode(path.relative_to(package)) + b"\0%d\0" % len(content))
            digest.update(content)
    return digest.digest()


def private_folder(folder: Path, *, create: bool) -> bool:
    """Whether ``folder`` is a folder only this user can write (made so when ``create``)."""
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
    try:
        status = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(status.st_mode) and only_mine(status)


def only_mine(status: os.stat_result) -> bool:
    """Whether what ``status`` describes is this user's, and no one else may write it."""
    return (not hasattr(os, "getuid") or status.st_uid == os.getuid()) and not (
        status.st_mode & 0o022
    )


def unit_definitions_folder() -> Path | None:
    """A folder for pint's own cache of parsed unit definitions, or None (no cache).

    One per version of shellcount's code (which covers pint's version and the
    definitions file), inside the private cache folder; those of other versions are
    removed when a new one is made.
    """
    chosen = folder()
    if chosen is None or not private_folder(chosen, create=True):
        return None
    current = chosen / f"pint-{code_fingerprint().hex()[:16]}"
    if current.is_dir():
        return current
    try:
        current.mkdir(mode=0o700)
        import shutil

        for other in chosen.glob("pint-*"):
            if other != current:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return current
