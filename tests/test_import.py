"""``shellcount import``: a spreadsheet of claims into format 1, every problem at its row
and column; and ``claims --format csv`` imported back is the ledger it came from.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, Shell
from shellcount.errors import ClaimsFileError
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.ledger.model import Claim, Ledger, Source
from shellcount.ledger.spreadsheet import COLUMNS, import_spreadsheet


def source_facts(source: Source) -> tuple[Any, ...]:
    """Everything a source says (not where in its file it stood)."""
    return (
        source.id, source.outlet, source.published, source.published_text, source.speaker,
        source.role, source.via, source.url, source.document, source.grade, source.note,
    )  # fmt: skip


def claim_facts(claim: Claim) -> tuple[Any, ...]:
    """Everything a claim says. The calibre comes back in millimetres as the CSV writes
    them (to 0.01 mm), so it is compared to that."""
    calibre = None if claim.calibre_mm is None else round(claim.calibre_mm, 2)
    return (
        claim.id, claim.source.id, claim.measure, claim.figure, claim.unit_text, claim.unit,
        claim.quote, calibre, claim.origin, claim.destination, claim.since, claim.as_of,
        claim.basis, claim.converts, claim.relative_to, claim.restates, claim.method,
        claim.note, claim.assumptions, claim.since_text, claim.as_of_text,
    )  # fmt: skip


def facts(ledger: Ledger) -> tuple[dict[str, tuple[Any, ...]], list[tuple[Any, ...]]]:
    return (
        {source.id: source_facts(source) for source in ledger.sources.values()},
        [claim_facts(claim) for claim in ledger],
    )


def round_trip(shellcount: Shell, claims: Path, where: Path) -> Ledger:
    """``claims --format csv``, then ``import``, then the claims file loaded."""
    spreadsheet, back = where / "claims.csv", where / "back.yaml"
    written = shellcount("claims", "--claims", str(claims), "-o", str(spreadsheet))
    assert written.exit_code == 0, written.output
    imported = shellcount("import", str(spreadsheet), "-o", str(back))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == ""
    return load_claims(back)


# -- the round trip ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claims",
    [packaged_claims_path(), DATA / "ruritania.yaml", DATA / "other_flow.yaml"],
    ids=["packaged", "ruritania", "other_flow"],
)
def test_claims_csv_imports_back_to_the_same_ledger(
    shellcount: Shell, claims: Path, tmp_path: Path
) -> None:
    original = load_claims(claims)
    back = round_trip(shellcount, claims, tmp_path)
    assert facts(back) == facts(original)
    # Sources come in the order their first claims do; every one is cited here.
    assert set(back.sources) == set(original.sources)


def test_the_round_trip_can_fail(shellcount: Shell, tmp_path: Path) -> None:
    """The comparison sees a change: one quote edited in the spreadsheet."""
    claims = DATA / "other_flow.yaml"
    spreadsheet = tmp_path / "claims.csv"
    shellcount("claims", "--claims", str(claims), "-o", str(spreadsheet))
    text = spreadsheet.read_text(encoding="utf-8")
    spreadsheet.write_text(text.replace("since the start of March", "since March"), "utf-8")
    back = tmp_path / "back.yaml"
    assert shellcount("import", str(spreadsheet), "-o", str(back)).exit_code == 0
    assert facts(load_claims(back)) != facts(load_claims(claims))


def test_every_column_imported_is_one_claims_csv_writes(shellcount: Shell) -> None:
    header = shellcount("claims", "--format", "csv", "--about", "10%").stdout.splitlines()[0]
    assert sorted(header.split(",")) == sorted(COLUMNS)


# Text a spreadsheet keeps: no control or invisible characters (CSV output shows them as
# escapes, which import keeps as written: see the test after this one), so neither the
# format characters (category Cf) nor the Hangul fillers, letters that show as nothing;
# no ' > ' inside one step of an attribution chain (the cell's separator).
HANGUL_FILLERS = "\u115f\u1160\u3164\uffa0"
TEXT = st.text(
    st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters=HANGUL_FILLERS,
    ),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() == text and " > " not in text)
# Long enough to be folded across lines in the claims file written.
LONG_TEXT = st.lists(TEXT, min_size=1, max_size=12).map(" ".join)
FIGURES = st.sampled_from(
    ["about 4,200", "4,200", "more than 2.6 million", "hundreds", "1-2 million", "2600000"]
)
DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@st.composite
def written_date(draw: st.DrawFn, days: st.SearchStrategy[dt.date]) -> str:
    day = draw(days)
    return day.isoformat()[:7] if draw(st.booleans()) else day.isoformat()


@st.composite
def claims_files(draw: st.DrawFn) -> dict[str, Any]:
    sources = []
    for index in range(draw(st.integers(1, 3))):
        source: dict[str, Any] = {"id": f"source-{index}", "outlet": draw(TEXT)}
        source["published"] = draw(st.one_of(st.just("unknown"), written_date(DAYS)))
        for name in ("speaker", "role", "url", "document"):
            if draw(st.booleans()):
                source[name] = draw(TEXT)
        if draw(st.booleans()):
            source["note"] = draw(LONG_TEXT)
        if draw(st.booleans()):
            source["via"] = draw(st.lists(TEXT, min_size=1, max_size=3))
        if draw(st.booleans()):
            source["grade"] = draw(st.sampled_from(["A1", "B2", "F6"]))
        sources.append(source)
    claims = []
    for index in range(draw(st.integers(1, 4))):
        unit = draw(st.sampled_from(["container", "shell", "rocket"]))
        claim: dict[str, Any] = {
            "id": f"claim-{index}",
            "source": draw(st.sampled_from([s["id"] for s in sources])),
            "measure": f"{unit}s",
            "figure": draw(FIGURES),
            "unit": unit,
        }
        if draw(st.booleans()):
            claim["calibre"] = draw(st.sampled_from(["152 mm", "122", "6.1 in"]))
        for name in ("origin", "destination", "method"):
            if draw(st.booleans()):
                claim[name] = draw(TEXT)
        if draw(st.booleans()):
            claim["note"] = draw(LONG_TEXT)
        if draw(st.booleans()):
            claim["since"] = draw(written_date(st.dates(dt.date(2022, 1, 1), dt.date(2022, 12, 1))))
        if draw(st.booleans()):
            claim["as_of"] = draw(written_date(DAYS))
        if index and draw(st.booleans()):
            claim["restates"] = f"claim-{draw(st.integers(0, index - 1))}"
        claim["quote"] = draw(LONG_TEXT)
        claims.append(claim)
    return {"format": 1, "sources": sources, "claims": claims}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=claims_files())
def test_any_claims_file_comes_back_through_a_spreadsheet(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from typer.testing import CliRunner

    from shellcount.cli import app

    where = tmp_path_factory.mktemp("round")
    claims = where / "claims.yaml"
    claims.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    original = load_claims(claims)
    runner = CliRunner()
    spreadsheet, back = where / "claims.csv", where / "back.yaml"
    written = runner.invoke(app, ["claims", "--claims", str(claims), "-o", str(spreadsheet)])
    assert written.exit_code == 0, written.output
    imported = runner.invoke(app, ["import", str(spreadsheet), "-o", str(back)])
    assert imported.exit_code == 0, imported.output
    reloaded = load_claims(back)
    cited = {claim.source.id for claim in original}
    assert facts(reloaded)[1] == facts(original)[1]
    assert facts(reloaded)[0] == {k: v for k, v in facts(original)[0].items() if k in cited}


def test_escapes_csv_writes_come_back_as_written(shellcount: Shell, tmp_path: Path) -> None:
    # A Hangul filler (a letter that shows as nothing) and a zero-width space are written
    # as escapes, as control characters are; import keeps the escapes' text.
    claims = tmp_path / "claims.yaml"
    claims.write_text(
        textwrap.dedent(
            """\
            format: 1
            sources:
              - {id: s, outlet: Gazette, published: 2024-02}
            claims:
              - {id: c, source: s, measure: containers, figure: "4,200", unit: container,
                 destination: "\\u115f", quote: "4,200\\u200b containers"}
            """
        ),
        encoding="utf-8",
    )
    spreadsheet, back = tmp_path / "claims.csv", tmp_path / "back.yaml"
    written = shellcount("claims", "--claims", str(claims), "-o", str(spreadsheet))
    assert written.exit_code == 0, written.output
    row = spreadsheet.read_text("utf-8").splitlines()[1].split(",")
    assert row[5] == "\\u115f", row
    imported = shellcount("import", str(spreadsheet), "-o", str(back))
    assert imported.exit_code == 0, imported.output
    (claim,) = load_claims(back).claims
    assert (claim.destination, claim.quote) == ("\\u115f", "4,200\\u200b containers")


# -- what the claims file looks like ---------------------------------------------------------

SPREADSHEET = "\n".join(
    [
        "claim_id,source_id,measure,calibre_mm,figure,unit,since,as_of,basis,converts,quote,"
        "outlet,published,speaker,via",
        'containers,gazette,containers,,"about 4,200",container,2023-09,2024-02-27,reported,,'
        '"about 4,200 containers, it said",Gazette,2024-02,A Minister,Wire > Agency',
        'shells,gazette,shells,152,"2,600,000",shell,,,capacity,containers,'
        "'=2.6 million shells,,,,",
        "",
    ]
)


def test_a_spreadsheet_becomes_a_readable_claims_file(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text(SPREADSHEET, encoding="utf-8")
    result = shellcount("import", str(tmp_path / "figures.csv"), "-o", "-")
    assert result.exit_code == 0, result.output
    # The source once, with the cells its second row left empty; the default basis left
    # out; 152 in millimetres; the CSV's text mark taken off the quote.
    assert result.stdout == textwrap.dedent(
        """\
        # Imported from figures.csv by shellcount import: one claim a row.
        format: 1
        sources:
          - id: gazette
            outlet: Gazette
            published: 2024-02
            speaker: A Minister
            via:
              - Wire
              - Agency
        claims:
          - id: containers
            source: gazette
            measure: containers
            figure: about 4,200
            unit: container
            since: 2023-09
            as_of: 2024-02-27
            quote: about 4,200 containers, it said
          - id: shells
            source: gazette
            measure: shells
            figure: 2,600,000
            unit: shell
            calibre: 152 mm
            basis: capacity
            converts: containers
            quote: =2.6 million shells
        """
    )


def test_without_output_the_claims_file_goes_to_stdout(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text(SPREADSHEET, encoding="utf-8")
    to_stdout = shellcount("import", str(tmp_path / "figures.csv"))
    dashed = shellcount("import", str(tmp_path / "figures.csv"), "-o", "-")
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout == dashed.stdout
    assert not (tmp_path / "-").exists()


def test_a_spreadsheet_with_a_byte_order_mark(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text("\ufeff" + SPREADSHEET, encoding="utf-8")
    plain = tmp_path / "plain.csv"
    plain.write_text(SPREADSHEET, encoding="utf-8")
    marked = shellcount("import", str(tmp_path / "figures.csv"))
    assert marked.exit_code == 0, marked.output
    assert marked.stdout == shellcount("import", str(plain)).stdout.replace(
        "plain.csv", "figures.csv"
    )


def test_a_spreadsheet_separated_by_semicolons(shellcount: Shell, tmp_path: Path) -> None:
    """As spreadsheets set to a language with a decimal comma save CSV."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(SPREADSHEET)))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    (tmp_path / "figures.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (tmp_path / "commas.csv").write_text(SPREADSHEET, encoding="utf-8")
    semicolons = shellcount("import", str(tmp_path / "figures.csv"))
    assert semicolons.exit_code == 0, semicolons.output
    commas = shellcount("import", str(tmp_path / "commas.csv")).stdout
    assert semicolons.stdout == commas.replace("commas.csv", "figures.csv")


def test_the_output_must_be_a_yaml_file(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text(SPREADSHEET, encoding="utf-8")
    result = shellcount("import", str(tmp_path / "figures.csv"), "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 2, result.output
    assert "a claims file is YAML: name it .yaml or .yml" in result.stderr
    assert not (tmp_path / "x.csv").exists()


# -- every problem at its row and column -------------------------------------------------------


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "figures.csv"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ClaimsFileError) as raised:
        import_spreadsheet(path, label="figures.csv")
    return [str(problem) for problem in raised.value.problems]


HEADER = "claim_id,source_id,measure,figure,unit,as_of,quote,outlet,published\n"


def test_problems_of_the_loader_are_moved_to_their_row_and_column(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        HEADER
        + 'containers,gazette,containers,"about 4,200",container,2024-02-30,q,Gazette,2024-02-27\n'
        + "shells,gazette,shells,lots,shel,,q,,\n",
    ) == [
        "figures.csv:2: error: column 'as_of': '2024-02-30' is not a date in the calendar",
        "figures.csv:3: error: column 'figure': 'lots' is not a number the grammar accepts: "
        "'lots' is not a number, scale or hedge word (expected e.g. 'about 4,200', 'more "
        "than two million', '1-2.5 million')",
        "figures.csv:3: error: column 'unit': unknown unit 'shel'; did you mean 'shell'?",
    ]


def test_a_line_of_the_claims_file_in_a_message_becomes_a_row(tmp_path: Path) -> None:
    header = "claim_id,source_id,measure,figure,unit,basis,converts,quote,outlet,published\n"
    assert problems(
        tmp_path,
        header
        + "rockets,gazette,rockets,4,rocket,,,q,Gazette,2024-02-27\n"
        + 'shells,gazette,shells,"2,600,000",shell,capacity,rockets,q,,\n',
    ) == [
        "figures.csv:3: error: column 'converts': claim 'rockets' (row 2) is not a count of "
        "carriers such as containers or trucks (its unit is 'rocket')",
    ]


def test_a_source_given_two_ways_is_an_error_at_the_cell(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        HEADER
        + "a,gazette,containers,4,container,,q,Gazette,2024-02-27\n"
        + "b,gazette,containers,5,container,,q,Gazette Weekly,\n",
    ) == [
        "figures.csv:3: error: column 'outlet': source 'gazette' is 'Gazette Weekly' here, but "
        "'Gazette' on row 2; a source's cells are the same on each of its rows (or empty)",
    ]


def test_empty_cells_a_claim_needs(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        HEADER + "a,gazette,containers,,container,,q,,\n",
    ) == [
        "figures.csv:2: error: column 'figure': is empty; every claim needs one",
        "figures.csv:2: error: column 'outlet': is empty on every row of source 'gazette'; "
        "every source needs one",
        "figures.csv:2: error: column 'published': is empty on every row of source "
        "'gazette'; every source needs one",
    ]


def test_the_header_is_checked(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        "claim_id,source_id,measure,figure,unit,qoute,outlet,published,outlet\nx\n",
    ) == [
        "figures.csv:1: error: column 'qoute': not a column of a claims spreadsheet; did you "
        "mean 'quote'? (the columns are those 'shellcount claims --format csv' writes)",
        "figures.csv:1: error: column 'outlet': given twice in the header",
        "figures.csv:1: error: column 'quote': missing from the header; every claim needs one",
    ]


def test_empty_header_cells_and_their_columns_are_not_read(
    shellcount: Shell, tmp_path: Path
) -> None:
    """As a spreadsheet saves the columns past the last one used."""
    path = tmp_path / "figures.csv"
    path.write_text(
        HEADER.rstrip("\n") + ",,\n" + "a,gazette,containers,4,container,,q,Gazette,2024-02-27,,\n",
        encoding="utf-8",
    )
    result = shellcount("import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == ["    unit: container", "    quote: q"]


def test_a_claim_id_on_two_rows(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        HEADER
        + "a,gazette,containers,4,container,,q,Gazette,2024-02-27\n"
        + "a,gazette,containers,5,container,,q,,\n",
    ) == ["figures.csv:3: error: column 'claim_id': 'a' is also the id on row 2"]


def test_a_row_longer_than_the_header(tmp_path: Path) -> None:
    assert problems(
        tmp_path, HEADER + "a,gazette,containers,4,container,,q,Gazette,2024-02-27,extra\n"
    ) == ["figures.csv:2: error: 10 cells, but the header names 9 columns"]


def test_a_date_as_written_that_disagrees_with_the_day(tmp_path: Path) -> None:
    header = (
        "claim_id,source_id,measure,figure,unit,since,since_as_written,quote,outlet,published\n"
    )
    assert problems(
        tmp_path, header + "a,gazette,containers,4,container,2023-10-01,2023-09,q,G,2024-02-27\n"
    ) == [
        "figures.csv:2: error: column 'since': '2023-10-01', but since_as_written is "
        "'2023-09'; change both, or clear one"
    ]


def test_rows_are_counted_as_lines_with_line_breaks_in_cells(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        HEADER
        + 'a,gazette,containers,4,container,,"two\nlines",Gazette,2024-02-27\n'
        + "b,gazette,containers,5,containr,,q,,\n",
    ) == ["figures.csv:4: error: column 'unit': unknown unit 'containr'; did you mean 'container'?"]


def test_an_empty_spreadsheet_and_one_without_rows(tmp_path: Path) -> None:
    assert problems(tmp_path, "") == [
        "figures.csv: error: the spreadsheet is empty: expected a header row of columns"
    ]
    assert problems(tmp_path, HEADER + ",,,,,,,,\n") == [
        "figures.csv: error: no claims: the spreadsheet has a header and no rows"
    ]


def test_the_command_reports_every_problem_and_exits_1(shellcount: Shell, tmp_path: Path) -> None:
    (tmp_path / "figures.csv").write_text(HEADER + "a,gazette,containers,4,shel,,q,G,2024-02-27\n")
    result = shellcount("import", str(tmp_path / "figures.csv"), "-o", str(tmp_path / "c.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'figures.csv'}:2: error: column 'unit': unknown unit 'shel'; did you "
        "mean 'shell'?\n"
    )
    assert not (tmp_path / "c.yaml").exists()


def test_a_spreadsheet_that_is_not_there(shellcount: Shell, tmp_path: Path) -> None:
    missing = tmp_path / "figures.csv"
    result = shellcount("import", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: no such file\n"


# -- the claims file writer ----------------------------------------------------------------


def read_back(text: str) -> list[dict[str, Any]]:
    """Each entry's values as the loader takes them: the scalars as written, whatever
    YAML's type for them."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    (_, entries) = root.value[0]
    return [
        {
            key.value: [item.value for item in value.value]
            if isinstance(value.value, list)
            else value.value
            for key, value in entry.value
        }
        for entry in entries.value
    ]


@settings(max_examples=300, deadline=None)
@given(
    entries=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "quote", "note", "via"]),
            st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
            min_size=1,
        ),
        min_size=1,
        max_size=3,
    ),
    as_list=st.booleans(),
)
def test_the_writer_gives_back_any_text(entries: list[dict[str, str]], as_list: bool) -> None:
    """Controls, line breaks, quotes, YAML syntax, long lines: each comes back exactly."""
    from shellcount.ledger.yaml_writer import claims_file

    document: list[dict[str, Any]] = [
        {k: ([v, v] if as_list and k == "via" else v) for k, v in entry.items()}
        for entry in entries
    ]
    assert read_back(claims_file({"claims": document})) == document


def test_the_writer_keeps_text_plain_where_it_can() -> None:
    from shellcount.ledger.yaml_writer import claims_file

    text = claims_file(
        {
            "format": 1,
            "claims": [
                {
                    "id": "a",
                    "figure": "about 4,200",
                    "as_of": "2024-02-27",
                    "count": "2600000",
                    "word": "no",
                    "quote": 'he said: "4,200" # not a comment',
                    "via": ["Wire", "- Agency"],
                    "note": " ".join(["forty-two containers"] * 8),
                }
            ],
        },
        header="A header",
    )
    assert text == textwrap.dedent(
        """\
        # A header
        format: 1
        claims:
          - id: a
            figure: about 4,200
            as_of: 2024-02-27
            count: "2600000"
            word: "no"
            quote: "he said: \\"4,200\\" # not a comment"
            via:
              - Wire
              - "- Agency"
            note: forty-two containers forty-two containers forty-two containers forty-two
              containers forty-two containers forty-two containers forty-two containers
              forty-two containers
        """
    )
