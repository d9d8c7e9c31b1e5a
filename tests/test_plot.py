"""``shellcount plot``: the charts' data come from the tables' results, the files are real
PNG and SVG charts, and nothing else ever imports matplotlib.

Tests that draw need the plot extra (``pip install -e '.[dev,plot]'``; CI runs this file in
a venv of its own) and are skipped without it. The rest run everywhere, including the
README's test command, whose venv has no matplotlib.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import importlib.util
import io
import itertools
import math
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Shell
from shellcount.analysis.pool import Selection, Settings
from shellcount.arithmetic.interval import Interval
from shellcount.formats import axis, chart_image, chart_layout
from shellcount.formats.chart import (
    DatedCount,
    NothingToChart,
    RangeChart,
    RangePanel,
    RangeRow,
    TimelineChart,
    TimelinePanel,
)
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
    # Nothing runs to the edge: long labels on the left and the words on the right were
    # clipped there before.
    ink = (rgb < 200).any(axis=2)
    columns, rows = ink.any(axis=0).nonzero()[0], ink.any(axis=1).nonzero()[0]
    margin = 8
    assert columns.min() >= margin, columns.min()
    assert columns.max() < ink.shape[1] - margin, (columns.max(), ink.shape[1])
    assert rows.min() >= margin, rows.min()
    assert rows.max() < ink.shape[0] - margin, (rows.max(), ink.shape[0])
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


# -- edge cases: one line and exit 1, or a correct chart; never a traceback ---------------

NO_CONTAINER_COUNT = """\
format: 1
sources:
  - {id: s, outlet: x, published: 2024-01-01}
claims:
  - {id: m, source: s, measure: shells, figure: about 1 million, unit: shell, quote: q}
"""

EXTREME_DATES = """\
format: 1
sources:
  - {id: s1, outlet: x, published: 0001-06-01}
  - {id: s2, outlet: y, published: 9999-12-31}
claims:
  - {id: early, source: s1, measure: containers, figure: about 100, unit: container,
     since: 0001-01-01, quote: q}
  - {id: late, source: s2, measure: containers, figure: more than 5000, unit: container,
     quote: q}
"""


def many_measures(count: int) -> str:
    """A claims file of ``count`` measures, each with two counts over a period."""
    lines = ["format: 1", "sources:", "  - {id: s, outlet: x, published: 2024-01-01}", "claims:"]
    for index in range(count):
        lines += [
            f"  - {{id: c{index}, source: s, measure: m{index}, figure: about {100 + index}, "
            "unit: shell, since: 2023-01-01, quote: q}",
            f"  - {{id: d{index}, source: s, measure: m{index}, figure: about {200 + index}, "
            "unit: shell, as_of: 2023-06-01, since: 2023-01-01, quote: q}",
        ]
    return "\n".join(lines) + "\n"


def write_claims(tmp_path: Path, text: str) -> str:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["derive", "--calibre", "152"],
            "error: no munitions claim of 152 mm or of no calibre has a container count to "
            "divide by (shellcount derive --explain says why)\n",
        ),
        (
            ["timeline"],
            "error: nothing to chart over time: a single count with no period of shells "
            "(--measure charts one)\n",
        ),
        (
            ["timeline", "--measure", "containers"],
            "error: no dated count of measure 'containers' to chart (see shellcount timeline)\n",
        ),
    ],
    ids=" ".join,
)
def test_nothing_to_draw_is_one_line_and_exit_1(
    matplotlib: Any, shellcount: Shell, tmp_path: Path, args: list[str], message: str
) -> None:
    """``plot derive`` on a file with no container counts was a 77-line traceback
    (``min() arg is an empty sequence``)."""
    claims = write_claims(tmp_path, NO_CONTAINER_COUNT)
    out = tmp_path / "chart.png"
    result = shellcount("plot", *args, "--claims", claims, "--out", str(out))
    assert result.exit_code == 1, result.output
    assert result.stderr == message
    assert not out.exists()


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_extreme_dates_draw(
    matplotlib: Any, shellcount: Shell, tmp_path: Path, suffix: str
) -> None:
    claims = write_claims(tmp_path, EXTREME_DATES)
    out = tmp_path / f"dates.{suffix}"
    result = shellcount("plot", "timeline", "--claims", claims, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    if suffix == "svg":
        words = svg_text(out).split("\n")
        assert {"early", "late", "2000", "8000"} <= set(words), words
        svg_texts_inside(out)
    else:
        read_png(matplotlib, out)


LIMITS = {
    "log": RangeChart("limit", (RangePanel("p", "shells", (
        RangeRow("huge", Interval(1e307, 1.7e308), 1e308, "w", "g", "t"),
        RangeRow("tiny", Interval(5e-324, 1), None, "w", "g", "t"),
    )),)),
    "linear": RangeChart("limit", (RangePanel("p", "shells", (
        RangeRow("both", Interval(-1.7e308, 1.7e308), 0.0),
    )),)),
    "open": RangeChart("limit", (RangePanel("p", "shells", (
        RangeRow("open", Interval(1e308, math.inf), 1e308),
    )),)),
    "timeline": TimelineChart("limit", (TimelinePanel("p", "shells", (
        DatedCount("a", "s", dt.date(1, 1, 1), dt.date(1, 2, 1), Interval(1e308, 1.7e308), 1.5e308),
        DatedCount("b", "s", None, dt.date(9999, 12, 31), Interval(5, math.inf)),
    )),)),
}  # fmt: skip


@pytest.mark.parametrize("name", list(LIMITS))
def test_values_at_the_float_limit_draw(matplotlib: Any, name: str) -> None:
    """A linear axis near the float limit overflowed matplotlib's transforms: the values
    are drawn divided by a power of ten, the ticks labelled undivided."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning either
        data = chart_image.draw(LIMITS[name], "svg")
        chart_image.draw(LIMITS[name], "png")
    root = ET.fromstring(data)
    words = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]
    if name == "linear":
        assert {"-1e+308", "0", "1e+308"} <= set(words), words
    if name == "log":
        assert {"1e-231", "1", "1e+308", "shells (log scale)"} <= set(words), words
    assert "inf" not in words


def test_a_title_that_is_not_utf8_is_drawn_with_its_bytes_escaped(
    matplotlib: Any, tmp_path: Path
) -> None:
    """argv bytes that are not UTF-8 arrive as lone surrogates, which neither an SVG nor a
    PNG's text can carry: they are drawn escaped, as every other format shows them, in the
    real entry point."""
    out = tmp_path / "titled.svg"
    result = run_cli(
        "plot", "timeline", "--measure", "containers", "--title", "caf\udce9 counts",
        "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert messages(result) == ""
    assert "caf\\udce9 counts" in svg_text(out).split("\n")


def test_a_thousand_measures_chart_a_bounded_number_of_panels(tmp_path: Path) -> None:
    ledger = load_claims(write_claims(tmp_path, many_measures(1000)))
    chart = charts.timeline_chart(ledger)
    assert [panel.title for panel in chart.panels] == [f"m{i}" for i in range(charts.MOST_PANELS)]
    assert chart.notes[-1] == (
        f"Not charted, past {charts.MOST_PANELS} measures: m12, m13, m14, m15, m16 and 983 "
        "more (--measure charts one)."
    )


def test_a_thousand_measures_draw_in_seconds(
    matplotlib: Any, shellcount: Shell, tmp_path: Path
) -> None:
    claims = write_claims(tmp_path, many_measures(1000))
    out = tmp_path / "many.png"
    started = time.monotonic()
    result = shellcount("plot", "timeline", "--claims", claims, "--out", str(out))
    took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    read_png(matplotlib, out)
    assert took < 60, took  # about 3 s of CPU when measured; the bound is for a busy machine


def test_a_thousand_rows_chart_a_bounded_number(tmp_path: Path) -> None:
    lines = ["format: 1", "sources:", "  - {id: s, outlet: x, published: 2024-01-01}", "claims:",
             "  - {id: k, source: s, measure: containers, figure: about 4200, unit: container, "
             "quote: q}"]  # fmt: skip
    lines += [
        f"  - {{id: c{i}, source: s, measure: shells, figure: about {100_000 + i * 1000}, "
        "unit: shell, quote: q}"
        for i in range(1000)
    ]
    ledger = load_claims(write_claims(tmp_path, "\n".join(lines) + "\n"))
    chart = charts.derive_chart(ledger, 152.0)
    assert len(chart.panels[0].rows) == charts.MOST_ROWS
    assert chart.notes[-1] == (
        "Not charted: 850 more rows (the table lists them; a selection charts fewer)."
    )


def test_value_tick_labels_never_overlap(matplotlib: Any) -> None:
    """The one tick choice offers 1, 2 and 5 of each decade; the drawing writes the labels
    that fit and hides the rest."""
    rows = (RangeRow("a", Interval(1, 3e6), 2.0), RangeRow("b", Interval(50, 60), 55.0))
    figure = chart_image.range_figure(RangeChart("t", (RangePanel("", "shells", rows),)))
    figure.draw_without_rendering()  # as saving does, after the labels were chosen
    renderer = figure.canvas.get_renderer()
    (ax,) = figure.axes
    shown = [t for t in ax.xaxis.get_ticklabels() if t.get_text()]
    boxes = sorted((t.get_window_extent(renderer) for t in shown), key=lambda b: b.x0)
    assert len(boxes) >= 4, [t.get_text() for t in shown]
    assert len(shown) < len(ax.get_xticks())  # some were left blank
    for before, after in itertools.pairwise(boxes):
        assert before.x1 < after.x0, (before, after)
