"""The arithmetic that carries hedges and units: intervals and the one unit registry.
Core: no typer, rich or matplotlib."""
