"""The typer applications' common make: shellcount and its ``plot`` group list their
commands alike and print help and usage errors in click's plain style.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup


class Commands(TyperGroup):
    """Help that lists each command with its first sentence whole (wrapped), where click
    would cut it short to fit one line."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def group(name: str, help: str, **settings: Any) -> typer.Typer:
    """A typer application of commands, named ``name``, with this help text."""
    # Help and usage errors in click's plain style (rich_markup_mode=None): typer's rich
    # panels import rich, markdown-it and pygments, which took --help from under half the
    # start-up floor (bench/floor.py) to about 0.7 of it. See BENCHMARKS.md.
    return typer.Typer(
        name=name,
        help=help,
        cls=Commands,
        rich_markup_mode=None,
        no_args_is_help=True,
        **settings,
    )
