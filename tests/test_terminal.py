"""Terminal detection (formats.terminal): width and colour from stdout and the environment."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shellcount.formats import Terminal, detect


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "environ", "color"),
    [
        (True, {}, True),
        (True, {"TERM": "dumb"}, False),
        (True, {"NO_COLOR": "1"}, False),
        (False, {}, False),  # a pipe
        (False, {"FORCE_COLOR": "1"}, True),  # even in a pipe
        (True, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
        (True, {"NO_COLOR": ""}, True),  # set but empty: not a request
    ],
)
def test_colour_follows_the_terminal_and_the_conventions(
    tty: bool, environ: dict[str, str], color: bool
) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert detect(None, stream=stream, environ=environ).color is color


def test_a_terminal_gives_its_width_and_a_pipe_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "77")
    assert detect(None, stream=_Tty(), environ={}).width == 77
    assert detect(None, stream=io.StringIO(), environ={}).width is None


def test_a_file_is_unbounded_and_never_coloured() -> None:
    terminal = detect(Path("table.txt"), stream=_Tty(), environ={"FORCE_COLOR": "1"})
    assert terminal == Terminal(width=None, color=False)


def test_the_defaults_are_stdout_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert detect(None) == Terminal(width=None, color=True)
