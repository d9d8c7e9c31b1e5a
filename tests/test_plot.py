"""``shellcount plot``: the charts' data come from the tables' results, the files are real
PNG and SVG charts, and nothing else ever imports matplotlib.

Tests that draw need the plot extra (``pip install -e '.[dev,plot]'``; CI runs this file in
a venv of its own) and are skipped without it. The rest run everywhere, including the
README's test command, whose venv has no matplotlib.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Shell
from shellcount.analysis.pool import Selection, Settings
from shellcount.formats import axis, chart_image, chart_layout
from shellcount.formats.chart import NothingToChart
from shellcount.ledger.loader import load_claims, packaged_claims_path
from shellcount.ledger.model import Ledger
from shellcount.views import charts

MISSING_LINE = "error: plotting needs matplotlib: pip install 'shellcount[plot]'\n"
HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLUE = (0x00, 0x72, 0xB2)  # the palette's first colour: the first group's intervals


@pytest.fixture
def matplotlib() -> Any:
    """matplotlib, or a skip without it; CI's chart venv sets SHELLCOUNT_REQUIRE_PLOT=1 so
    that a missing or broken matplotlib fails there instead of skipping every test."""
    if os.environ.get("SHELLCOUNT_REQUIRE_PLOT") == "1":
        return importlib.import_module("matplotlib")
    return pytest.importorskip(
        "matplotlib", reason="plotting needs the plot extra: pip install -e '.[dev,plot]'"
    )


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def run_cli(
    *args: str, prelude: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a fresh interpreter; ``prelude`` runs first, and the
    last line of stderr says whether matplotlib was imported."""
    code = (
        "import sys\n"
        f"{prelude}\n"
        f"sys.argv = ['shellcount', *{list(args)!r}]\n"
        "from shellcount.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write(f\"\\nmatplotlib imported: {'matplotlib' in sys.modules}\\n\")\n"
    )
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("SHELLCOUNT_CLAIMS", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )


def messages(result: subprocess.CompletedProcess[str]) -> str:
    """stderr without the matplotlib marker line."""
    return result.stderr.rsplit("\nmatplotlib imported:", 1)[0]


# -- without matplotlib, and never imported by anything else -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["compare", "--format", "csv"],
        ["derive", "--calibre", "152", "--format", "csv"],
        ["plot", "--help"],
        ["plot", "derive", "--help"],
        ["plot", "derive", "--calibre", "152", "--out", "ranges.pdf"],
    ],
    ids=" ".join,
)
def test_no_other_command_imports_matplotlib(args: list[str], tmp_path: Path) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.stderr.endswith("matplotlib imported: False\n"), result.stderr


@pytest.mark.skipif(HAS_MATPLOTLIB, reason="matplotlib is installed here")
def test_without_matplotlib_one_line_says_what_to_install(tmp_path: Path) -> None:
    result = run_cli("plot", "derive", "--calibre", "152", "--out", "ranges.png", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert messages(result) == MISSING_LINE
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["derive", "--calibre", "152"], ["timeline"]])
def test_a_broken_or_missing_matplotlib_is_the_same_message(
    command: list[str], tmp_path: Path
) -> None:
    # None in sys.modules makes `import matplotlib` fail, as it does when it is absent.
    result = run_cli(
        "plot", *command, "--out", "chart.svg", prelude="sys.modules['matplotlib'] = None",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert messages(result) == MISSING_LINE
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["ranges.pdf", "ranges", "ranges.png.txt"])
def test_out_must_be_png_or_svg(shellcount: Shell, tmp_path: Path, name: str) -> None:
    result = shellcount("plot", "derive", "--calibre", "152", "--out", str(tmp_path / name))
    assert result.exit_code == 2, result.output
    assert "--out" in result.stderr
    assert ".png or .svg" in result.stderr


def test_plot_pool_checks_its_settings_as_pool_does(shellcount: Shell, tmp_path: Path) -> None:
    out = str(tmp_path / "pool.png")
    result = shellcount("plot", "pool", "--measure", "shells", "--tail", "1", "--out", out)
    assert result.exit_code == 2, result.output
    assert "tail" in result.stderr


# -- the chart data are the tables' results ------------------------------------------------


def test_derive_chart_rows_are_the_derive_rows(shellcount: Shell, packaged: Ledger) -> None:
    table = rows_of(shellcount("derive", "--calibre", "152", "--format", "csv").stdout)
    chart = charts.derive_chart(packaged, 152.0)
    (panel,) = chart.panels
    assert [row.label for row in panel.rows] == [row["claim_id"] for row in table]
    for span, row in zip(panel.rows, table, strict=True):
        if not row["per_container_low"]:
            assert span.interval is None
            assert span.text == "no container count"
            continue
        assert span.interval is not None
        assert span.interval.low == pytest.approx(float(row["per_container_low"]), abs=0.005)
        high = row["per_container_high"]
        expected = math.inf if not high else pytest.approx(float(high), abs=0.005)
        assert span.interval.high == expected
        nominal = row["per_container_nominal"]
        assert span.nominal == (None if not nominal else pytest.approx(float(nominal), abs=0.005))
    shin = next(row for row in panel.rows if row.label == "shin-feb-152")
    assert shin.text == "448 [441, open)"  # derived: three significant figures
    assert shin.detail == "Shin Won-sik"
    assert shin.group == "152 mm"
    assert panel.axis_label == "rounds per container"
    assert chart.title == (
        f"Munitions per container, 152 mm and no stated calibre ({packaged.path})"
    )


def test_pool_chart_is_the_pool_rows(shellcount: Shell, seeds: str) -> None:
    table = rows_of(shellcount("pool", "--claims", seeds, "-m", "shells", "-f", "csv").stdout)
    chart = charts.pool_chart(load_claims(seeds), Selection("shells"), Settings())
    (panel,) = chart.panels
    claims = [row for row in table if row["method"] == "claim"]
    assert [row.label for row in panel.rows] == [row["sources"].split(":")[0] for row in claims]
    for span, row in zip(panel.rows, claims, strict=True):
        assert span.interval is not None
        assert span.interval.low == pytest.approx(float(row["low"]), abs=0.005)
    pooled = next(row for row in table if row["method"] == "pool")
    assert panel.band is not None
    assert panel.band.interval is not None
    assert (panel.band.interval.low, panel.band.interval.high) == (
        pytest.approx(float(pooled["p5"]), abs=0.005),
        pytest.approx(float(pooled["p95"]), abs=0.005),
    )
    assert panel.band.nominal == pytest.approx(float(pooled["p50"]), abs=0.005)
    assert panel.axis_label == "shells"
    assert any(
        "no value fits every claim" in note and "gap 1,450,000" in note for note in chart.notes
    )
    assert any(note.startswith("yoo-nov-shells: stated on 2023-11-01") for note in chart.notes)


def test_timeline_chart_counts_are_the_timeline_rows(shellcount: Shell, packaged: Ledger) -> None:
    table = rows_of(shellcount("timeline", "--measure", "containers", "--format", "csv").stdout)
    chart = charts.timeline_chart(packaged, measure="containers")
    (panel,) = chart.panels
    periods = [row for row in table if row["kind"] == "period"]
    assert [c.label for c in panel.counts] == [row["claim_id"] for row in periods]
    for count, row in zip(panel.counts, periods, strict=True):
        assert count.as_of.isoformat() == row["as_of"]
        assert (count.since.isoformat() if count.since else "") == row["since"]
        assert count.interval.low == pytest.approx(float(row["low"]), abs=0.005)
        high = pytest.approx(float(row["high"]), abs=0.005) if row["high"] else math.inf
        assert count.interval.high == high
    assert {c.series for c in panel.counts} == {"north-korea → russia", "russia → north-korea"}


def test_timeline_without_a_measure_charts_counts_over_time(seeds: str) -> None:
    ledger = load_claims(seeds)
    chart = charts.timeline_chart(ledger)
    assert [panel.title for panel in chart.panels] == ["containers", "shells", "munitions"]
    assert "cargo vessels" in chart.notes[0]
    assert chart.title == f"Cumulative counts over time ({ledger.path})"


def test_nothing_to_chart_is_an_error(packaged: Ledger) -> None:
    with pytest.raises(NothingToChart, match="no dated count of measure 'nosuch'"):
        charts.timeline_chart(packaged, measure="nosuch")


def test_title_replaces_the_default(packaged: Ledger) -> None:
    assert charts.derive_chart(packaged, 152.0, "Mine").title == "Mine"


# -- drawing helpers -----------------------------------------------------------------------


@given(
    st.lists(st.floats(0, 500), min_size=1, max_size=12),
    st.lists(st.floats(5, 30), min_size=12, max_size=12),
)
def test_spread_labels_never_overlap(wanted: list[float], heights: list[float]) -> None:
    wanted = sorted(wanted)
    sizes = heights[: len(wanted)]
    placed = chart_layout.spread(wanted, sizes, 0.0, 1000.0)
    for index in range(1, len(placed)):
        assert placed[index] - placed[index - 1] >= (sizes[index] + sizes[index - 1]) / 2 - 1e-9
    assert placed[0] >= sizes[0] / 2 - 1e-9
    assert placed[-1] <= 1000.0 - sizes[-1] / 2 + 1e-9


def test_spread_leaves_labels_that_fit_where_they_are() -> None:
    assert chart_layout.spread([10.0, 100.0, 200.0], [10.0, 10.0, 10.0], 0.0, 300.0) == [
        10.0,
        100.0,
        200.0,
    ]
    assert chart_layout.spread([100.0, 100.0], [10.0, 10.0], 0.0, 300.0) == [100.0, 110.0]
    assert chart_layout.spread([295.0, 298.0], [10.0, 10.0], 0.0, 300.0) == [285.0, 295.0]


def test_log_ticks_and_their_words() -> None:
    """One tick choice for every chart: 1, 2 and 5 of each decade on a log axis (a label
    that would overlap the one before is skipped when drawn), words for millions."""
    assert axis.ticks(axis.Scale(150.0, 6_000.0, True)) == [200, 500, 1_000, 2_000, 5_000]
    # Past eight decades, powers of ten alone, every second one past sixteen.
    assert axis.ticks(axis.Scale(1.0, 1e20, True)) == [10.0**p for p in range(0, 21, 2)]
    assert [axis.tick_words(v) for v in (500, 20_000, 2_500_000, 2e9, 1e300)] == [
        "500",
        "20,000",
        "2.5 million",
        "2 billion",
        "1e+300",
    ]


def test_unit_words() -> None:
    assert charts._unit_words("round/container") == "rounds per container"
    assert charts._unit_words("shell") == "shells"
    assert charts._unit_words("USD") == "USD"


# -- the files: PNG and SVG that a person can read ----------------------------------------


def read_png(matplotlib: Any, path: Path) -> Any:
    from matplotlib import image

    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 20_000, len(data)
    pixels = image.imread(path)
    rgb = (pixels[..., :3] * 255).round()
    # Not blank: a good share of the picture is ink, and some of it is the intervals' blue.
    assert (rgb < 240).any(axis=2).mean() > 0.02
    blue = (abs(rgb - BLUE) < 12).all(axis=2).sum()
    assert blue > 500, blue
    return pixels


def svg_texts_inside(path: Path) -> None:
    """Every piece of text is placed inside the picture (a label placed in pixels of the
    PNG's dpi would land outside the SVG's, which is 72)."""
    root = ET.parse(path).getroot()
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    for element in root.iter():
        if not element.tag.endswith("text"):
            continue
        match = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
        x, y = (
            (float(match[1]), float(match[2]))
            if match
            else (float(element.get("x", 0)), float(element.get("y", 0)))
        )
        assert 0 <= x <= width, (element.text, x)
        assert 0 <= y <= height, (element.text, y)


def svg_text(path: Path) -> str:
    """Every piece of text in the SVG (text is kept as text, not outlines)."""
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    return "\n".join(
        "".join(element.itertext()) for element in root.iter() if element.tag.endswith("text")
    )


PLOTS = {
    "derive": (
        ["derive", "--calibre", "152"],
        ["shin-feb-152", "bbg-zelensky-shells", "Shin Won-sik", "rounds per container",
         "no container count", "448 [441, open)", "Munitions per container, 152 mm"],
    ),
    "pool": (
        ["pool", "--measure", "shells"],
        ["aje-headline-shells", "bbg-zelensky-shells", "pool p5 to p95", "pool p50",
         "Shells pooled at 2025-01-31", "no value fits every claim"],
    ),
    "timeline": (
        ["timeline"],
        ["aje-headline-containers", "yoo-nov-shells", "shin-mar-return-containers",
         "north-korea → russia", "russia → north-korea", "containers", "Cumulative counts"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(PLOTS))
def test_png_chart(matplotlib: Any, shellcount: Shell, tmp_path: Path, name: str) -> None:
    args, _ = PLOTS[name]
    out = tmp_path / f"{name}.png"
    result = shellcount("plot", *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    pixels = read_png(matplotlib, out)
    assert pixels.shape[1] == chart_image.WIDTH_IN * chart_image.DPI
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary left


@pytest.mark.parametrize("name", list(PLOTS))
def test_svg_chart(matplotlib: Any, shellcount: Shell, tmp_path: Path, name: str) -> None:
    args, expected = PLOTS[name]
    out = tmp_path / f"{name}.svg"
    result = shellcount("plot", *args, "--out", str(out))
    assert result.exit_code == 0, result.output
    text = svg_text(out)
    for words in expected:
        assert words in text, words
    svg_texts_inside(out)


def test_svg_is_the_same_every_run(matplotlib: Any, shellcount: Shell, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (first, second):
        assert shellcount("plot", "timeline", "--out", str(out)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_title_and_suffix_case(matplotlib: Any, shellcount: Shell, tmp_path: Path) -> None:
    out = tmp_path / "counts.SVG"
    result = shellcount(
        "plot", "timeline", "--measure", "containers", "--title", "Containers, by source",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = svg_text(out)
    assert "Containers, by source" in text
    assert "yoo-nov-shells" not in text


def test_replaces_a_file_whole(matplotlib: Any, shellcount: Shell, tmp_path: Path) -> None:
    out = tmp_path / "ranges.png"
    out.write_bytes(b"old")
    out.chmod(0o640)
    assert shellcount("plot", "derive", "--calibre", "152", "--out", str(out)).exit_code == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE)
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["ranges.png"]


def test_never_overwrites_the_claims_file(
    matplotlib: Any, shellcount: Shell, tmp_path: Path
) -> None:
    claims = tmp_path / "claims.svg"  # an odd name, but a claims file all the same
    shutil.copy(packaged_claims_path(), claims)
    before = claims.read_bytes()
    result = shellcount(
        "plot", "derive", "--calibre", "152", "--claims", str(claims), "--out", str(claims)
    )
    assert result.exit_code == 1, result.output
    assert "refusing to overwrite the claims file" in result.stderr
    assert claims.read_bytes() == before


def test_bad_data_is_one_line_and_exit_1(
    matplotlib: Any, shellcount: Shell, tmp_path: Path
) -> None:
    out = tmp_path / "pool.png"
    result = shellcount("plot", "pool", "--measure", "shell", "--out", str(out))
    assert result.exit_code == 1, result.output
    assert result.stderr == "error: no claim has measure 'shell'; did you mean 'shells'?\n"
    assert not out.exists()


def test_hostile_text_is_drawn_as_written(shellcount: Shell, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    claims = tmp_path / "hostile.yaml"
    claims.write_text(
        "format: 1\n"
        "sources:\n"
        "  - {id: s, outlet: 'x', published: 2024-01-01, speaker: '$x^$ \\u001b[31m'}\n"
        "claims:\n"
        '  - {id: c, source: s, measure: "shells $\\\\alpha$ \\u0007", figure: about 100,\n'
        "     unit: shell, since: 2023-12-01, quote: q}\n",
        encoding="utf-8",
    )
    out = tmp_path / "hostile.svg"
    result = shellcount("plot", "timeline", "--claims", str(claims), "--out", str(out))
    assert result.exit_code == 0, result.output
    from xml.etree import ElementTree

    text = "".join(ElementTree.parse(out).getroot().itertext())  # valid XML: no raw controls
    assert "$\\alpha$" in text, text  # a formula's dollars are data, not math markup
    assert "\\x07" in text, text
