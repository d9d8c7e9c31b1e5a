"""Progress shows on a terminal's stderr only, and only when the work takes a while."""

from __future__ import annotations

import io
import time

import pytest

from conftest import Shell
from shellcount.cli.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quick_work_shows_nothing() -> None:
    stream = FakeTerminal()
    with Progress("reading", delay=0.5, stream=stream):
        pass
    assert stream.getvalue() == ""


def test_long_work_on_a_terminal_shows_what_it_is_doing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")  # conftest's dumb terminal has no live display
    stream = FakeTerminal()
    with Progress("reading", delay=0.01, stream=stream) as progress:
        time.sleep(0.1)
        progress.say("pooling")
        time.sleep(0.2)
    assert "reading" in stream.getvalue() or "pooling" in stream.getvalue()


def test_a_pipe_never_shows_progress() -> None:
    stream = io.StringIO()  # not a terminal
    with Progress("reading", delay=0.0, stream=stream):
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_cli_output_carries_no_progress(shellcount: Shell) -> None:
    result = shellcount("pool", "--measure", "shells", "--samples", "200000", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "", result.stderr
