"""The command line: typer commands that parse options, call the core and the views, and
write what a format renders. ``app`` is the typer application, ``main`` the console
script."""

from shellcount.cli.app import app, main

__all__ = ["app", "main"]
