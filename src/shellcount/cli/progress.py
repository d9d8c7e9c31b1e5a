"""Progress for long work, on stderr: shown only when stderr is a terminal and the work
has already taken about a second (a large claims file, a large Monte Carlo run), so a
quick run and piped or captured output never see it. Part of the command-line layer:
the core never imports it.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any, TextIO

DELAY_SECONDS = 1.0


class Progress:
    """``with Progress("reading claims") as progress: ...; progress.say("pooling")``."""

    def __init__(
        self, message: str, *, delay: float = DELAY_SECONDS, stream: TextIO | None = None
    ) -> None:
        self.message = message
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._status: Any = None
        self._done = False

    def __enter__(self) -> Progress:
        if _is_terminal(self.stream):
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def say(self, message: str) -> None:
        """What the work is doing now."""
        with self._lock:
            self.message = message
            if self._status is not None:
                self._status.update(f"{message}…")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()
            if self._status is not None:
                self._status.stop()

    def _show(self) -> None:
        from rich.console import Console

        with self._lock:
            if self._done:
                return
            console = Console(file=self.stream, highlight=False, markup=False)
            self._status = console.status(f"{self.message}…")
            self._status.start()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
