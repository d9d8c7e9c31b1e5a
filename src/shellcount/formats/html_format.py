"""A Page as one self-contained HTML file: styles inline, charts as inline SVG
(``chart_svg``), no request of any kind (no external style sheet, script, font or
image), printable.

Templates are Jinja2 (``templates/`` beside this module), with autoescaping on: every
text of a claims file is data, escaped wherever it lands. The only addresses the page
links to are the sources' own, each ``rel="noopener noreferrer"``. Jinja2 is the
optional ``report`` extra, imported only when a page is drawn.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from shellcount.characters import printable
from shellcount.errors import ShellcountError

if TYPE_CHECKING:
    import jinja2

    from shellcount.formats.chart import Chart
    from shellcount.formats.page import Page

MISSING = "the HTML report needs Jinja2: pip install 'shellcount[report]'"
TEMPLATE = "report.html.j2"
WIDE = 36  # a claim's fact longer than this takes a line of its own


class ReportUnavailable(ShellcountError):
    """Jinja2 is not installed (or does not import)."""

    def __init__(self) -> None:
        super().__init__(MISSING)


def require_jinja() -> None:
    """Fail early, before any claim is read, when the ``report`` extra is not installed."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise ReportUnavailable from None


def render(page: Page) -> str:
    """The page as HTML text."""
    import markupsafe

    from shellcount.formats import chart_svg

    def svg(chart: Chart) -> markupsafe.Markup:
        # Drawn as markup, every text in it escaped by the drawing.
        return markupsafe.Markup(chart_svg.svg(chart))

    template = _environment().get_template(TEMPLATE)
    return template.render(page=page, svg=svg, wide=WIDE)


def _environment() -> jinja2.Environment:
    try:
        import jinja2
    except ImportError:
        raise ReportUnavailable from None
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )


def _shown(value: object) -> object:
    """Every text written into the page, before it is escaped: control characters from a
    claims file shown, not obeyed, as in the other formats (they would also make the HTML
    invalid); line breaks kept, HTML folds them into spaces."""
    import markupsafe

    if isinstance(value, markupsafe.Markup) or not isinstance(value, str):
        return value
    return "\n".join(printable(line) for line in value.split("\n"))


def _template_source(name: str) -> str:
    templates = resources.files("shellcount.formats").joinpath("templates")
    return templates.joinpath(name).read_text("utf-8")
