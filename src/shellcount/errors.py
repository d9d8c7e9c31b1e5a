"""Errors a user can act on: one base class, messages written for the person at the terminal.

Anything that is not a ShellcountError is a bug and may show a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

from shellcount.record import record


class ShellcountError(Exception):
    """Base of every error whose message is meant for the user (exit status 1)."""


@record
class Location:
    """Where something stands in a file: 1-based line and column, when known."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@record
class Problem:
    """One thing wrong with an input file, in the compiler style editors understand."""

    location: Location
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message}"


class ClaimsFileError(ShellcountError):
    """A claims file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class FigureError(ShellcountError):
    """A figure the grammar does not accept. The loader adds the file location."""


class UnitError(ShellcountError):
    """A unit the registry does not know, or one of the wrong dimension."""


class OutputError(ShellcountError):
    """Output that cannot be written where the user asked."""
