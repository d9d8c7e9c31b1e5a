"""The start-up floor the chosen libraries set: a typer app that does nothing.

The same two options as ``shellcount compare`` (``--claims`` and ``--format``), and a
module that imports pint and yaml, as shellcount's must to read a claims file. Typer
coerces options through pydantic, so running it with an option pays for that too.
``bench/run.py`` times ``python bench/floor.py --format csv`` against
``shellcount compare --format csv`` (the console script), ``--help`` and ``--version``.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import pint  # noqa: F401  (imported for its cost: the floor includes it)
import typer
import yaml  # noqa: F401  (imported for its cost: the floor includes it)

app = typer.Typer()


class OutputFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command()
def compare(
    claims: Annotated[Path | None, typer.Option("--claims", dir_okay=False)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", case_sensitive=False)
    ] = OutputFormat.TABLE,
) -> None:
    """Do nothing."""


if __name__ == "__main__":
    app()
