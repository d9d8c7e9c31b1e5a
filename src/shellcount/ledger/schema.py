"""The JSON Schema of claims-file format 1, built from the field table in ``fileformat``.

Editors validate a claims file against it as it is typed (a ``# yaml-language-server:
$schema=...`` comment on the first line). It is generated from the table the loader
reads, with the loader's own patterns for ids, grades and dates, so the two cannot drift.

The schema checks shapes only: which fields exist and are required, and what kind of
value each takes. What needs the loader (the figure grammar, the unit registry, a date in
the calendar, references between claims) is ``shellcount check``'s job.

Values are described as YAML 1.2 reads them, as editors do: ``2024-02-27`` is a string
there. The loader takes every scalar as written, so a text field also accepts a YAML
number or boolean (``role: 2``), and an optional field left empty is as if it were
absent.
"""

from __future__ import annotations

import json
from typing import Any

from shellcount.arithmetic.units import COUNT_UNIT_PATTERN
from shellcount.ledger.dates import DAY_PATTERN, MONTH_PATTERN
from shellcount.ledger.fileformat import (
    CLAIM_FIELDS,
    CLAIM_ID_PATTERN,
    GRADE_PATTERN,
    SOURCE_FIELDS,
    SOURCE_ID_PATTERN,
    SUPPORTED_FORMAT,
    TOP_LEVEL_FIELDS,
    UNKNOWN,
    Basis,
    Field,
    Kind,
)

SCHEMA_ID = f"urn:shellcount:claims-format-{SUPPORTED_FORMAT}"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Any scalar: the loader reads numbers and booleans as the text written.
_SCALAR = ["string", "number", "boolean"]
# An id may be written as a bare whole number (`id: 2024`); a pattern checks only strings.
_ID = ["string", "integer"]
_DATE = f"(?:{DAY_PATTERN}|{MONTH_PATTERN})"


def _whole(pattern: str) -> str:
    """A JSON Schema pattern matches anywhere; the loader's patterns match the whole value."""
    return f"^(?:{pattern})$"


def _value(kind: Kind) -> dict[str, Any]:
    """What a field of ``kind`` may hold, as a JSON Schema."""
    if kind is Kind.TEXT:
        return {"type": list(_SCALAR)}
    if kind is Kind.SOURCE_ID:
        return {"type": list(_ID), "pattern": _whole(SOURCE_ID_PATTERN)}
    if kind is Kind.CLAIM_ID:
        return {"type": list(_ID), "pattern": _whole(CLAIM_ID_PATTERN)}
    if kind is Kind.DATE:
        return {"type": "string", "pattern": _whole(_DATE)}
    if kind is Kind.DATE_OR_UNKNOWN:
        return {"type": "string", "pattern": _whole(f"{_DATE}|{UNKNOWN}")}
    if kind is Kind.TEXT_LIST:
        # One value alone is read as a list of one.
        return {"type": ["array", *_SCALAR], "items": {"type": list(_SCALAR)}}
    if kind is Kind.FIGURE:
        return {"type": ["string", "number"]}
    if kind is Kind.UNITS:
        # One name alone is read as a list of one.
        name = _whole(COUNT_UNIT_PATTERN)
        return {
            "type": ["array", "string"],
            "pattern": name,
            "items": {"type": "string", "pattern": name},
        }
    if kind is Kind.UNIT:
        return {"type": "string", "pattern": r"\S"}
    if kind is Kind.CALIBRE:
        return {"type": ["string", "number"]}
    if kind is Kind.BASIS:
        return {"enum": [basis.value for basis in Basis]}
    if kind is Kind.GRADE:
        return {"type": "string", "pattern": _whole(GRADE_PATTERN)}
    if kind is Kind.FORMAT:
        return {"const": SUPPORTED_FORMAT}
    if kind is Kind.SOURCES:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}}
    if kind is Kind.CLAIMS:
        return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/claim"}}
    raise AssertionError(f"no JSON Schema for field kind {kind!r}")


def _property(field: Field) -> dict[str, Any]:
    schema = {"description": field.meaning, **_value(field.kind)}
    # The loader reads an optional field left empty as absent (a list excepted).
    if not field.required and field.kind not in (Kind.TEXT_LIST, Kind.UNITS):
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        else:
            types = schema["type"]
            schema["type"] = [*(types if isinstance(types, list) else [types]), "null"]
    return schema


def _object(fields: tuple[Field, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {field.name: _property(field) for field in fields},
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }


def claims_schema() -> dict[str, Any]:
    """The JSON Schema of a format-1 claims file."""
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"shellcount claims file, format {SUPPORTED_FORMAT}",
        **_object(TOP_LEVEL_FIELDS, "Sourced figures about munitions flows, for shellcount."),
        "$defs": {
            "source": _object(SOURCE_FIELDS, "Where a figure was published and who gave it."),
            "claim": _object(CLAIM_FIELDS, "One figure as reported."),
        },
    }


def schema_text() -> str:
    """The schema as ``shellcount schema`` prints it and ``data/claims.schema.json`` holds it."""
    return json.dumps(claims_schema(), ensure_ascii=False, indent=2) + "\n"
