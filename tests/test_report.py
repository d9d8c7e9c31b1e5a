"""``shellcount report``: one self-contained HTML page, checked as HTML (html5lib, strict),
for what it requests (nothing), on a small claims file element by element, and in a real
browser (Debian's headless ``chromium``: a screenshot that is not blank, a rendered DOM
that carries every claim).

The browser tests skip where ``chromium`` is missing, unless SHELLCOUNT_REQUIRE_BROWSER is
set (CI sets it, and installs the browser).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from conftest import DATA, Shell
from shellcount import __version__
from shellcount.cli import app
from shellcount.ledger.loader import load_claims, packaged_claims_path
from test_startup import _loaded

RURITANIA = DATA / "ruritania.yaml"
SCREEN = (1280, 2000)
MISSING_JINJA = "error: the HTML report needs Jinja2: pip install 'shellcount[report]'\n"


def _page(*args: str) -> str:
    result = CliRunner().invoke(app, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def packaged_page() -> str:
    return _page()


@pytest.fixture(scope="module")
def ruritania_page() -> str:
    return _page("--claims", str(RURITANIA))


def parsed(text: str) -> ET.Element:
    """The page as an element tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(
        strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    root: ET.Element = parser.parse(text)
    assert parser.errors == [], parser.errors
    return root


def by_id(root: ET.Element, anchor: str) -> ET.Element:
    found = [element for element in root.iter() if element.get("id") == anchor]
    assert len(found) == 1, f"{len(found)} elements with id {anchor!r}"
    return found[0]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def _local(tag: object) -> str:
    """An element's name without its namespace (inline SVG keeps its own)."""
    return str(tag).rpartition("}")[2]


# -- the HTML itself ----------------------------------------------------------------------


def test_the_packaged_page_parses_without_errors(packaged_page: str) -> None:
    root = parsed(packaged_page)
    assert root.tag == "html"
    assert packaged_page.startswith("<!DOCTYPE html>\n")


def test_the_page_requests_nothing(packaged_page: str) -> None:
    """No element that fetches (script, link, img, iframe, ...); no address anywhere but
    the sources' own, as links that open without the page as referrer or opener; no
    style that imports or loads a url."""
    root = parsed(packaged_page)
    ledger = load_claims(packaged_claims_path())
    sources = {s.url for s in ledger.sources.values() if s.url}
    fetching = {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "image"}
    found = sorted({_local(e.tag) for e in root.iter()} & fetching)
    assert found == [], found
    links = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if _local(name) == "xmlns" or "/xmlns/}" in name:
                continue  # a namespace's name (inline SVG's), not a request
            if "http" not in value.lower() and "//" not in value:
                continue
            assert (_local(element.tag), name) == ("a", "href"), (element.tag, name, value)
            assert value in sources, value
            assert element.get("rel") == "noopener noreferrer", element.attrib
            links.add(value)
    assert links == sources  # every source's link is on the page
    style = "".join(text_of(e) for e in root.iter("style"))
    assert "url(" not in style
    assert "@import" not in style
    assert "@font-face" not in style


def test_the_page_prints(packaged_page: str) -> None:
    style = "".join(text_of(e) for e in parsed(packaged_page).iter("style"))
    assert "@media print" in style


def test_every_claim_is_listed_in_file_order(packaged_page: str) -> None:
    root = parsed(packaged_page)
    listed = [e.get("data-claim-id") for e in by_id(root, "claims").iter("article")]
    assert listed == [claim.id for claim in load_claims(packaged_claims_path())]


def test_the_page_has_its_sections_in_order(packaged_page: str) -> None:
    root = parsed(packaged_page)
    sections = [e.get("id") for e in root.iter("section")]
    assert sections == [
        "bottom-line",
        "verdicts",
        "per-container",
        "totals",
        "timeline",
        "claims",
        "assumptions",
        "provenance",
    ]
    charts = [
        _local(e.tag) for s in ("per-container", "totals") for e in by_id(root, s).iter()
    ].count("svg")
    assert charts >= 3, charts


# -- a small claims file, element by element ----------------------------------------------


def test_the_bottom_line_is_reconciles(ruritania_page: str) -> None:
    section = by_id(parsed(ruritania_page), "bottom-line")
    assert [text_of(p) for p in section.iter("p")] == [
        "14 claims in 13 statements. Pairs on one quantity: 7 conflict, 5 tension, 2 agree, "
        "8 consistent, 1 same-statement, 15 cannot-compare.",
        "Conflicts between 5 pairs of statements: envoy-mar against min-jun (40%), wire-mar "
        "against envoy-mar (29%, and 1 restated pair), tank-mar against envoy-mar (25%), "
        "wire-mar against min-jun (13%, and 1 restated pair), tank-mar against min-jun (10%).",
        "Largest conflict: envoy-mar ('more than 60,000' shell) against min-jun ('about "
        "35,000' shell), shells · ruritania → borduria: 24,000 (40%) apart.",
        "Tensions between 4 pairs of statements; the largest: leak-feb ('at least 30,000' "
        "shell) against min-jun ('about 35,000' shell), shells · ruritania → borduria: "
        "57,100 (61%) apart.",
    ]


def test_the_verdicts_list_conflicts_tensions_and_agreements(ruritania_page: str) -> None:
    section = by_id(parsed(ruritania_page), "verdicts")
    groups = [text_of(h) for h in section.iter("h3")]
    assert groups == [
        "Conflicts: they cannot both be true, at any pace",
        "Tensions: both hold only if the pace changed",
        "Agree: they overlap, and each narrows the other",
    ]
    tables = list(section.iter("table"))
    headings = [text_of(th) for th in tables[0].iter("th")]
    assert headings == ["Claims", "Quantity", "Compared on", "Gap", "How"]
    rows = [[[text_of(td) for td in tr.iter("td")] for tr in t.find("tbody")] for t in tables]  # type: ignore[union-attr]
    assert [len(listed) for listed in rows] == [7, 5, 2]
    assert rows[0][0][:4] == [
        "envoy-mar ~ min-jun",
        "shells · ruritania → borduria",
        "2025-03-31 and 2025-06-30",
        "24,000 (40%)",
    ]
    assert [row[0] for row in rows[2]] == ["min-mar ~ tank-mar", "wire-mar ~ tank-mar"]


def test_a_claim_with_its_quote_and_source(ruritania_page: str) -> None:
    article = by_id(parsed(ruritania_page), "claim-min-mar")
    assert text_of(article.find("h3")) == "min-mar shells · ruritania → borduria"  # type: ignore[arg-type]
    assert text_of(article.find("blockquote")) == "about 42,000 shells since January"  # type: ignore[arg-type]
    facts = {text_of(d.find("dt")): text_of(d.find("dd")) for d in article.iter("div")}  # type: ignore[arg-type]
    assert facts == {
        "Figure": "about 42,000 shell",
        "Interval": "[41,000, 43,000]",
        "Period": "2025-01-01 – 2025-03-31",
        "Basis": "reported",
        "Disagrees with": "conflict with envoy-mar, min-jun; tension with leak-feb",
        "Outlet": "Ruritanian Gazette",
        "Published": "2025-04-01",
        "Speaker": "Ministry of Defence of Ruritania",
        "Grade": "B2",
        "Source": "gazette",
    }
    assert article.find("p") is None  # no link: the source gives no url


def test_an_ungraded_relayed_claim(ruritania_page: str) -> None:
    article = by_id(parsed(ruritania_page), "claim-undated-total")
    facts = {text_of(d.find("dt")): text_of(d.find("dd")) for d in article.iter("div")}  # type: ignore[arg-type]
    assert facts["Grade"] == "ungraded"
    assert facts["Period"] == "undated"
    assert facts["Published"] == "unknown"


def test_the_ledger_hash_version_and_reading(ruritania_page: str) -> None:
    root = parsed(ruritania_page)
    facts = {
        text_of(d.find("dt")): text_of(d.find("dd"))  # type: ignore[arg-type]
        for d in by_id(root, "provenance").iter("div")
    }
    assert facts == {
        "Claims file": str(RURITANIA),
        "SHA-256 of the claims file": hashlib.sha256(RURITANIA.read_bytes()).hexdigest(),
        "shellcount": __version__,
        "Reading of the hedges": "default",
    }
    assumptions = [text_of(li) for li in by_id(root, "assumptions").iter("li")]
    assert assumptions[0].startswith("Reading of the hedges: default reading"), assumptions
    assert (
        "Dates: since 2025-01 read as 2025-01-01 (first day): min-mar, wire-mar, "
        in (assumptions[1])
    )


def test_the_timeline_and_totals(ruritania_page: str) -> None:
    root = parsed(ruritania_page)
    timeline = by_id(root, "timeline")
    assert [text_of(p) for p in timeline.iter("p")][1] == (
        "wagons · ruritania → borduria: 1 count from 2025-03-31 to 2025-03-31; the latest, "
        "wagons-mar, 'exactly 120' (120 wagon)."
    )
    totals = by_id(root, "totals")
    figures = list(totals.iter("figure"))
    assert [f.get("aria-label") for f in figures] == [
        "shells · ruritania → borduria",
        "stockpile · ruritania → ?",
    ]
    # Each count's row: its claim and date, then the figure as written.
    texts = [text_of(e) for e in figures[0].iter() if _local(e.tag) == "text"]
    rows = [(text, texts[i + 1]) for i, text in enumerate(texts) if "  ·  2025-" in text]
    assert rows == [
        ("leak-feb  ·  2025-02-28", "'at least 30,000'"),
        ("envoy-mar  ·  2025-03-31", "'more than 60,000'"),
        ("min-mar  ·  2025-03-31", "'about 42,000'"),
        ("tank-all  ·  2025-03-31", "'about 90,000'"),
        ("tank-mar  ·  2025-03-31", "'between 40,000 and 45,000'"),
        ("wire-mar  ·  2025-03-31", "'42,000'"),
        ("min-jun  ·  2025-06-30", "'about 35,000'"),
    ]
    over_time = [f.get("aria-label") for f in timeline.iter("figure")]
    assert over_time == ["Cumulative counts over time"]
    per_container = by_id(root, "per-container")
    assert [text_of(p) for p in per_container.iter("p")] == [
        "No munitions claim is divided by a container count."
    ]


HOSTILE = """\
format: 1
sources:
  - id: s
    outlet: '"><img src=x onerror=alert(1)> Gazette & Co'
    published: 2025-01-01
    url: "javascript:alert(1)"
    grade: A1
  - id: t
    outlet: Other
    published: 2025-01-02
    url: "https://example.org/a?b=1&c=<2>"
claims:
  - id: a
    source: s
    measure: shells
    figure: about 4,200
    unit: shell
    as_of: 2024-12-31
    quote: "<script>alert('quote')</script> \\x1b[31mred"
  - id: b
    source: t
    measure: shells
    figure: about 2,600
    unit: shell
    as_of: 2024-12-30
    quote: plain
"""


def test_claims_file_text_is_data(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    page = _page("--claims", str(path))
    root = parsed(page)
    assert [e.tag for e in root.iter() if e.tag in ("script", "img")] == []
    article = by_id(root, "claim-a")
    assert text_of(article.find("blockquote")) == "<script>alert('quote')</script> \\x1b[31mred"  # type: ignore[arg-type]
    facts = {text_of(d.find("dt")): text_of(d.find("dd")) for d in article.iter("div")}  # type: ignore[arg-type]
    assert facts["Outlet"] == '"><img src=x onerror=alert(1)> Gazette & Co'
    assert facts["Address"] == "javascript:alert(1)"  # shown, never a link
    hrefs = [a.get("href") for a in root.iter("a") if not str(a.get("href")).startswith("#")]
    assert hrefs == ["https://example.org/a?b=1&c=<2>"]
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in page


# -- the command line ---------------------------------------------------------------------


def test_o_writes_the_same_page_as_stdout(
    shellcount: Shell, tmp_path: Path, ruritania_page: str
) -> None:
    story = tmp_path / "story.html"
    result = shellcount("report", "--claims", str(RURITANIA), "-o", str(story))
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert story.read_text(encoding="utf-8") == ruritania_page
    dash = shellcount("report", "--claims", str(RURITANIA), "-o", "-")
    assert dash.stdout == ruritania_page
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize("name", ["story.md", "story.csv", "story"])
def test_a_file_that_is_not_html_is_a_usage_error(
    shellcount: Shell, tmp_path: Path, name: str
) -> None:
    result = shellcount("report", "-o", str(tmp_path / name))
    assert result.exit_code == 2, result.output
    assert "the report is HTML, give a file ending in .html (or - for stdout)" in result.stderr
    assert not (tmp_path / name).exists()


def test_without_jinja_one_line_and_exit_1(
    shellcount: Shell, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now fails
    result = shellcount("report", "-o", str(tmp_path / "story.html"))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", MISSING_JINJA)
    assert not (tmp_path / "story.html").exists()


def test_bad_claims_are_one_located_line(shellcount: Shell, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nsources: []\nclaims: nope\n", encoding="utf-8")
    result = shellcount("report", "--claims", str(bad))
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (
        f"{bad}:2:10: error: sources: the list is empty; at least one source is required\n"
        f"{bad}:3:9: error: claims: expected a list, got text\n"
    )


def _jinja(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("jinja2", "markupsafe"))


def test_other_commands_do_not_import_jinja(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "compare", "--format", "csv")
    assert "shellcount.views.compare" in modules
    assert _jinja(modules) == []


def test_the_report_s_help_imports_none_of_its_work(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "report", "--help")
    assert _jinja(modules) == []
    assert (
        sorted(m for m in modules if m.startswith(("shellcount.views", "shellcount.formats"))) == []
    )


def test_the_report_imports_jinja(tmp_path: Path) -> None:
    """The other side of the checks above."""
    modules = _loaded(tmp_path, "report", "--claims", str(RURITANIA), "-o", "story.html")
    assert "jinja2" in modules
    assert (tmp_path / "story.html").is_file()


def test_the_templates_are_package_data() -> None:
    """Read as the installed package reads them (hatch ships every file under
    src/shellcount in the wheel)."""
    from importlib import resources

    templates = resources.files("shellcount.formats").joinpath("templates")
    assert templates.joinpath("report.html.j2").is_file()
    assert templates.joinpath("report.css").is_file()


# -- in a real browser --------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("SHELLCOUNT_REQUIRE_BROWSER"):
            pytest.fail("SHELLCOUNT_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory, packaged_page: str) -> Path:
    path = tmp_path_factory.mktemp("report") / "story.html"
    path.write_text(packaged_page, encoding="utf-8")
    return path


def _browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Headless Chromium on the page, with a profile of its own and no way out: every
    host resolves to nothing, so a request the page made would fail, never leave."""
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",  # CI runs as root, where the sandbox cannot start
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done


def test_chromium_renders_a_screenshot_that_is_not_blank(
    chromium: str, story: Path, tmp_path: Path
) -> None:
    from PIL import Image

    shot = tmp_path / "story.png"
    width, height = SCREEN
    _browse(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        f"--window-size={width},{height}",
        story.as_uri(),
    )
    with Image.open(io.BytesIO(shot.read_bytes())) as image:
        assert image.size == SCREEN
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=width * height) or []
        inked = sum(count for count, colour in colours if colour != (255, 255, 255))
    # Text, rules and the shaded bottom line: many colours, and a good share not white.
    assert len(colours) > 100, len(colours)
    assert 0.05 < inked / (width * height) < 0.95, inked / (width * height)


def test_chromium_s_dom_carries_every_claim_and_chart(
    chromium: str, story: Path, tmp_path: Path
) -> None:
    done = _browse(chromium, tmp_path / "profile", "--dump-dom", story.as_uri())
    root = html5lib.parse(
        done.stdout.decode("utf-8"), treebuilder="etree", namespaceHTMLElements=False
    )
    rendered = [e.get("data-claim-id") for e in root.iter("article")]
    assert rendered == [claim.id for claim in load_claims(packaged_claims_path())]
    charts = [e for e in root.iter() if _local(e.tag) == "svg"]
    assert len(charts) >= 3, len(charts)
    assert all(list(chart) for chart in charts)  # each drawn, none empty


def test_the_reading_and_about_are_named() -> None:
    root = parsed(_page("--claims", str(RURITANIA), "--reading", "literal", "--about", "10%"))
    assumptions = [text_of(li) for li in by_id(root, "assumptions").iter("li")]
    assert assumptions[0].startswith("Reading of the hedges: literal reading"), assumptions[0]
    assert assumptions[0].endswith("; 'about' and its synonyms ±10% of the figure (--about)")
    facts = {
        text_of(d.find("dt")): text_of(d.find("dd"))  # type: ignore[arg-type]
        for d in by_id(root, "provenance").iter("div")
    }
    assert facts["Reading of the hedges"] == "literal"
    interval = {
        text_of(d.find("dt")): text_of(d.find("dd"))  # type: ignore[arg-type]
        for d in by_id(root, "claim-min-mar").iter("div")
    }["Interval"]
    assert interval == "[37,800, 46,200]"  # about 42,000 at ±10%


def test_a_page_charts_at_most_so_many_rows_and_quantities(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shellcount.views import charts, report_page

    monkeypatch.setattr(charts, "MOST_ROWS", 3)
    monkeypatch.setattr(charts, "MOST_PANELS", 1)
    drawn, left = report_page.totals_charts(load_claims(RURITANIA))
    assert [chart.title for chart in drawn] == ["shells · ruritania → borduria"]
    only = drawn[0]
    assert [row.label for row in only.panels[0].rows] == ["leak-feb", "envoy-mar", "min-mar"]
    assert only.notes == ("Not charted: 4 more rows (the table lists them).",)
    assert left == (
        "Not charted, past 1 quantities: stockpile · ruritania → ? (the timeline lists them).",
    )


def test_a_page_lists_at_most_so_many_pairs_of_a_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from shellcount.views import report_page

    monkeypatch.setattr(report_page, "MOST_PAIRS", 2)
    root = parsed(_page("--claims", str(RURITANIA)))
    section = by_id(root, "verdicts")
    listed = [
        [text_of(tr.find("td")) for tr in table.find("tbody")]  # type: ignore[arg-type, union-attr]
        for table in section.iter("table")
    ]
    assert listed == [
        ["envoy-mar ~ min-jun", "wire-mar ~ envoy-mar"],
        ["leak-feb ~ min-jun", "pace-mar ~ pace-jun"],
        ["min-mar ~ tank-mar", "wire-mar ~ tank-mar"],
    ]
    notes = [text_of(li) for li in section.find("ul")]  # type: ignore[union-attr]
    assert notes[:2] == [
        "Listed: 2 of the 7 pairs with the verdict 'conflict', the largest gaps first "
        "(shellcount reconcile lists them all).",
        "Listed: 2 of the 5 pairs with the verdict 'tension', the largest gaps first "
        "(shellcount reconcile lists them all).",
    ]
