"""``shellcount pool --samples-out FILE.csv``: every Monte Carlo draw of each pool, with
the claim it is given, for those who audit or chart the draws elsewhere.

One row per draw, per quantity: the quantity (``measure``, ``calibre_mm``, ``origin``,
``destination``), the date and ``unit``, ``draw`` (0-based, ascending: the pool's draws
are made sorted, so the q-th percentile of the report is the row with ``draw``
``floor(q × (N − 1) / 100)``, and ``low`` and ``high`` are the first and last), ``value``
(as the report writes its figures), and the claim the draw is given (``claim_id``,
``statement``, ``source_id``): see ``analysis.mixture`` for how.
"""

from __future__ import annotations

from shellcount.analysis.mixture import OrderStatistics
from shellcount.analysis.pool import PoolResult, every_draw
from shellcount.arithmetic import units
from shellcount.formats.report import Cell, Column, Report, Row
from shellcount.ledger.model import Ledger
from shellcount.views import common

FIELDS = (
    "measure", "calibre_mm", "origin", "destination", "at", "unit",
    "draw", "value", "claim_id", "statement", "source_id",
)  # fmt: skip

_NO_WORDS: dict[str, str] = {}  # a CSV only: no row is ever shown to people


def samples_report(ledger: Ledger, result: PoolResult) -> Report:
    """The draws of every pool of ``result``, the same draws its figures come from."""
    settings = result.settings
    order = OrderStatistics(settings.samples, settings.seed)  # the pool's own uniforms
    rows = []
    for quantity in result.quantities:
        measure, calibre_mm, origin, destination = quantity.quantity
        base: dict[str, Cell] = {
            "measure": measure,
            "calibre_mm": common.number(calibre_mm),
            "origin": origin or "",
            "destination": destination or "",
            "at": result.at.isoformat(),
            "unit": units.format_unit(quantity.unit),
        }
        if not quantity.components:
            continue
        for index, (value, component) in enumerate(every_draw(quantity, order)):
            claim = component.carried.claim
            values = {
                **base,
                "draw": index,
                "value": common.number(value),
                "claim_id": claim.id,
                "statement": component.statement.id,
                "source_id": claim.source.id,
            }
            rows.append(Row(values, _NO_WORDS))
    return Report(
        title=f"Monte Carlo draws of {result.selection.measure}, pooled at {result.at} "
        f"({ledger.path})",
        fields=FIELDS,
        columns=tuple(Column(name, name) for name in FIELDS),
        rows=tuple(rows),
    )
