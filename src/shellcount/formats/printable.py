"""Text from a claims file shown to people: control and invisible characters made
visible, never run (the rules: :mod:`shellcount.characters`)."""

from __future__ import annotations

from shellcount.characters import INVISIBLE, printable

__all__ = ["INVISIBLE", "printable"]
