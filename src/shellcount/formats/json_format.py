"""JSON: the report's rows as objects with the CSV's field names; null for no value."""

from __future__ import annotations

import json

from shellcount.report import Report


def render(report: Report) -> str:
    rows = []
    for row in report.rows:
        item: dict[str, object] = {
            name: row.values.get(name) for name in report.fields if name != "working"
        }
        if report.explain:
            item["working"] = list(row.working)
        rows.append(item)
    document = {"title": report.title, "rows": rows, "notes": list(report.notes)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
