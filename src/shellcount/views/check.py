"""``shellcount check``'s output: every problem as one ``file:line:column: level: message``
line (the form editors and CI annotate) or a JSON array, and the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from shellcount.characters import printable
from shellcount.choices import CheckFormat
from shellcount.errors import Problem
from shellcount.formats.json_format import dumps
from shellcount.ledger.lint import ERROR, WARNING
from shellcount.views.words import count


def render(problems: Sequence[Problem], output_format: CheckFormat) -> str:
    """The problems as text lines or a JSON array. Names from the file are shown, never
    obeyed: control and direction characters are escaped in both."""
    if output_format is CheckFormat.JSON:
        return dumps(
            [
                {
                    "file": p.location.path,
                    "line": p.location.line,
                    "column": p.location.column,
                    "level": p.level,
                    "message": p.message,
                }
                for p in problems
            ]
        )
    # One line per problem, whatever a name in the file holds (a quoted key may carry a
    # line break or a terminal escape).
    return "".join(f"{printable(str(problem))}\n" for problem in problems)


def summary(problems: Sequence[Problem], files: int) -> str:
    """``2 errors, 3 warnings in 1 file``."""
    levels = Counter(problem.level for problem in problems)
    return (
        f"{count(levels[ERROR], 'error')}, {count(levels[WARNING], 'warning')} "
        f"in {count(files, 'file')}"
    )
