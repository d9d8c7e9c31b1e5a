"""Reading a claims file: the safe YAML reader and walker, the format's fields, the figure
grammar and its readings, dates, the ledger model, the reference file, and the checks
(`check`, `schema`). Core: no typer, rich or matplotlib; no words for people."""
