"""The JSON Schema of format 1 (``shellcount schema``): the packaged claims validate, it
names every field of ``fileformat``, the shipped copy is current, and on the edits below
it agrees with the loader about what a valid file is.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import Shell
from shellcount.errors import ClaimsFileError
from shellcount.ledger.fileformat import CLAIM_FIELDS, SOURCE_FIELDS, TOP_LEVEL_FIELDS, Kind
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.ledger.schema import SCHEMA_ID, claims_schema, schema_text

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "claims.schema.json"


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (1.2): a date is a string, not a date."""


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", _EditorLoader.construct_yaml_str)


def read_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_EditorLoader)  # a SafeLoader subclass: safe


def schema_errors(text: str) -> list[str]:
    validator = Draft202012Validator(claims_schema())
    return [error.message for error in validator.iter_errors(read_yaml(text))]


BASE = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette-2024-02-27
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
    claims:
      - id: containers
        source: gazette-2024-02-27
        measure: containers
        figure: about 6,700
        unit: container
        since: 2023-09
        quote: about 6,700 containers
      - id: shells
        source: gazette-2024-02-27
        measure: shells
        calibre: 152 mm
        figure: more than three million
        unit: shell
        basis: capacity
        converts: containers
        quote: more than three million shells
    """
)


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_the_packaged_claims_validate() -> None:
    text = packaged_claims_path().read_text(encoding="utf-8")
    assert schema_errors(text) == []


def test_the_packaged_claims_name_the_shipped_schema() -> None:
    """Editors with yaml-language-server validate the file as it is typed."""
    path = packaged_claims_path()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=claims.schema.json"
    assert (path.parent / "claims.schema.json").is_file()


def test_the_shipped_schema_is_the_printed_one(shellcount: Shell) -> None:
    result = shellcount("schema")
    assert result.exit_code == 0
    assert result.stdout == schema_text()
    assert SHIPPED.read_text(encoding="utf-8") == result.stdout, (
        "data/claims.schema.json is out of date; regenerate it with "
        "`shellcount schema > data/claims.schema.json`"
    )


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(schema_text())
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID == "urn:shellcount:claims-format-1"


def test_every_field_of_the_format_is_in_the_schema() -> None:
    schema = claims_schema()
    for fields, part in (
        (TOP_LEVEL_FIELDS, schema),
        (SOURCE_FIELDS, schema["$defs"]["source"]),
        (CLAIM_FIELDS, schema["$defs"]["claim"]),
    ):
        assert list(part["properties"]) == [f.name for f in fields]
        assert part["required"] == [f.name for f in fields if f.required]
        assert part["additionalProperties"] is False
        for field in fields:
            assert part["properties"][field.name]["description"] == field.meaning


def test_every_kind_has_a_schema() -> None:
    from shellcount.ledger.schema import _value

    for kind in Kind:
        assert _value(kind), kind


# Edits both the loader and the schema accept: values as analysts write them.
ACCEPTED = [
    pytest.param(("figure: about 6,700", "figure: 6700"), id="figure-yaml-number"),
    pytest.param(("figure: about 6,700", "figure: 6700.5"), id="figure-yaml-float"),
    pytest.param(("calibre: 152 mm", "calibre: 152"), id="calibre-number"),
    pytest.param(("speaker: A Minister", "speaker: A Minister\n    via: Yonhap"), id="via-one"),
    pytest.param(("speaker: A Minister", "speaker: A Minister\n    via: [Yonhap, NIS]"),
                 id="via-list"),
    pytest.param(("speaker: A Minister", "speaker: A Minister\n    grade: B2"), id="grade"),
    pytest.param(("published: 2024-02-27", "published: 2024-02"), id="published-month"),
    pytest.param(("speaker: A Minister", "speaker: 2"), id="text-number"),
    pytest.param(("since: 2023-09", "since:"), id="optional-empty"),
    pytest.param(("basis: capacity", "basis: capacity\n    note:"), id="note-empty"),
    pytest.param(("  - id: shells", "  - id: 2024"), id="claim-id-number"),
    pytest.param(("since: 2023-09", "since: 2023-09-01\n    as_of: 2024-02"), id="as-of"),
    pytest.param(("format: 1", "format: 1\nunits: [depot, truck]"), id="units"),
    pytest.param(("format: 1", "format: 1\nunits: depot"), id="units-one"),
]  # fmt: skip

# Edits both refuse.
REFUSED = [
    pytest.param(("    since: 2023-09", "    sinse: 2023-09"), id="unknown-field"),
    pytest.param(("basis: capacity", "basis: capcity"), id="bad-basis"),
    pytest.param(("format: 1", "format: 1\nunits: [2nd]"), id="units-bad-name"),
    pytest.param(("format: 1", "format: 1\nunits: {depot: 1}"), id="units-mapping"),
    pytest.param(("    quote: more than three million shells\n", ""), id="missing-quote"),
    pytest.param(("format: 1", "format: 2"), id="format-2"),
    pytest.param(("format: 1", 'format: "1"'), id="format-text"),
    pytest.param(("speaker: A Minister", "speaker: A Minister\n    grade: G7"), id="bad-grade"),
    pytest.param(("speaker: A Minister", "speaker: A Minister\n    via: {a: b}"),
                 id="via-mapping"),
    pytest.param(("  - id: gazette-2024-02-27", "  - id: Gazette"), id="source-id-case"),
    pytest.param(("since: 2023-09", "since: 2023/09"), id="date-slashes"),
    pytest.param(("published: 2024-02-27", "published: sometime"), id="published-words"),
    pytest.param(("figure: more than three million", "figure: [3, 4]"), id="figure-list"),
    pytest.param(("unit: shell", "unit: [shell]"), id="unit-list"),
    pytest.param(("measure: shells", "measure:"), id="required-empty"),
]  # fmt: skip


@pytest.mark.parametrize("change", ACCEPTED)
def test_schema_and_loader_accept(change: tuple[str, str], tmp_path: Path) -> None:
    text = edit(*change)
    assert schema_errors(text) == []
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    load_claims(tmp_path / "c.yaml")


@pytest.mark.parametrize("change", REFUSED)
def test_schema_and_loader_refuse(change: tuple[str, str], tmp_path: Path) -> None:
    text = edit(*change)
    assert schema_errors(text) != []
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ClaimsFileError):
        load_claims(tmp_path / "c.yaml")


def test_the_messages_name_what_is_wrong() -> None:
    assert schema_errors(BASE) == []
    assert any("'sinse'" in m for m in schema_errors(edit("    since: 2023-09", "    sinse: x")))
    assert any("'capcity'" in m for m in schema_errors(edit("basis: capacity", "basis: capcity")))
    missing = schema_errors(edit("    quote: more than three million shells\n", ""))
    assert missing == ["'quote' is a required property"]
