"""Run shellcount as ``python -m shellcount``."""

from shellcount.cli import main

main()
