"""The drawing surface of the inline SVG charts: text and shapes as SVG elements, with
every text escaped, and the parts every chart has (its title, its key, its notes).

Text widths are estimated from the characters, generously: no font is measured (none is
fetched or embedded), and a chart grows wide enough for its longest labels rather than
clipping them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape

from shellcount.formats import chart_layout
from shellcount.formats.chart_layout import Key

MARGIN = 16.0
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
TITLE_SIZE = 17.0
LABEL_SIZE = 12.0
SMALL_SIZE = 11.0


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` at ``size`` px in a sans-serif font."""
    width = 0.0
    for char in text:
        if char in "iljtf.,;:'|!() ":
            width += 0.34
        elif char.isupper() or char in "mwMW@%—":
            width += 0.8
        elif char.isdigit():
            width += 0.58
        elif ord(char) > 0x2000:
            width += 1.0  # arrows, dots, CJK: as wide as they come
        else:
            width += 0.6
    return width * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines that fit ``width`` px (by the estimate)."""
    columns = max(20, int(width / (0.62 * size)))
    return textwrap.wrap(text, columns) or [""]


def number(value: float) -> str:
    """A coordinate: one decimal, no trailing zero, the same text every run."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class Canvas:
    """The SVG elements, in drawing order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = LABEL_SIZE,
        anchor: str = "start",
        weight: str = "normal",
        colour: str = "#222222",
        rotate: bool = False,
    ) -> None:
        attributes = [f'x="{number(x)}"', f'y="{number(y)}"', f'font-size="{number(size)}"']
        if anchor != "start":
            attributes.append(f'text-anchor="{anchor}"')
        if weight != "normal":
            attributes.append(f'font-weight="{weight}"')
        attributes.append(f'fill="{colour}"')
        if rotate:
            attributes.append(f'transform="rotate(-90 {number(x)} {number(y)})"')
        self.parts.append(f"<text {' '.join(attributes)}>{escape(content, quote=False)}</text>")

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: str,
        *,
        width: float = 1.0,
        dashed: bool = False,
        opacity: float = 1.0,
    ) -> None:
        extra = ' stroke-dasharray="5 3"' if dashed else ""
        if opacity != 1.0:
            extra += f' stroke-opacity="{opacity:g}"'
        self.parts.append(
            f'<line x1="{number(x1)}" y1="{number(y1)}" x2="{number(x2)}" y2="{number(y2)}" '
            f'stroke="{colour}" stroke-width="{number(width)}"{extra}/>'
        )

    def rect(
        self, x: float, y: float, width: float, height: float, *, colour: str, opacity: float = 1.0
    ) -> None:
        extra = f' fill-opacity="{opacity:g}"' if opacity != 1.0 else ""
        self.parts.append(
            f'<rect x="{number(x)}" y="{number(y)}" width="{number(max(width, 0.0))}" '
            f'height="{number(max(height, 0.0))}" fill="{colour}"{extra}/>'
        )

    def dot(self, x: float, y: float, colour: str, *, hollow: bool = False, r: float = 4.2) -> None:
        fill = "#ffffff" if hollow else colour
        self.parts.append(
            f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(r)}" fill="{fill}" '
            f'stroke="{colour}" stroke-width="{1.8 if hollow else 1}"/>'
        )

    def arrow(self, x: float, y: float, colour: str, direction: str) -> None:
        """A filled triangle pointing ``right``, ``left`` or ``up`` with its tip at x, y."""
        if direction == "right":
            points = [(x, y), (x - 9, y - 5), (x - 9, y + 5)]
        elif direction == "left":
            points = [(x, y), (x + 9, y - 5), (x + 9, y + 5)]
        else:
            points = [(x, y), (x - 5, y + 9), (x + 5, y + 9)]
        text = " ".join(f"{number(px)},{number(py)}" for px, py in points)
        self.parts.append(f'<polygon points="{text}" fill="{colour}"/>')

    def document(self, width: float, height: float, title: str) -> str:
        size = f'width="{number(width)}" height="{number(height)}"'
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {number(width)} {number(height)}" {size} role="img" '
            f'aria-label="{escape(title, quote=True)}" font-family="{escape(FONT, quote=True)}">'
        )
        return "\n".join(
            [
                head,
                f"<title>{escape(title, quote=False)}</title>",
                f'<rect width="{number(width)}" height="{number(height)}" fill="#ffffff"/>',
                *self.parts,
                "</svg>",
            ]
        )


def heading(canvas: Canvas, title: str, width: float, y: float) -> float:
    """The chart's title, wrapped; returns the y below it."""
    for line in wrap(title, width - 2 * MARGIN, TITLE_SIZE):
        y += TITLE_SIZE * 1.25
        canvas.text(MARGIN, y, line, size=TITLE_SIZE, weight="bold")
    return y + 6


def key(
    canvas: Canvas,
    entries: Sequence[tuple[str, str, str]],
    width: float,
    y: float,
) -> float:
    """The key, entries flowed left to right and wrapped: (words, mark, colour) each.
    Returns the y below it."""
    x, line_y = MARGIN, y + SMALL_SIZE * 1.4
    for words, mark, colour in entries:
        needed = 30 + text_width(words, SMALL_SIZE) + 18
        if x > MARGIN and x + needed > width - MARGIN:
            x, line_y = MARGIN, line_y + SMALL_SIZE * 1.7
        _key_mark(canvas, x, line_y - SMALL_SIZE * 0.35, mark, colour)
        canvas.text(x + 30, line_y, words, size=SMALL_SIZE, colour="#333333")
        x += needed
    return line_y + 10


def _key_mark(canvas: Canvas, x: float, y: float, mark: str, colour: str) -> None:
    if mark == "band":
        canvas.rect(x, y - 6, 24, 12, colour=chart_layout.BAND_COLOUR, opacity=0.35)
    elif mark == "median":
        canvas.line(x, y, x + 24, y, chart_layout.MEDIAN_COLOUR, width=1.5, dashed=True)
    elif mark == "faint":
        canvas.line(x, y, x + 24, y, colour, width=1.2, opacity=0.5)
    elif mark == "open":
        canvas.arrow(x + 20, y, colour, "right")
    elif mark == "below":
        canvas.arrow(x + 4, y, colour, "left")
    else:
        canvas.line(x, y, x + 24, y, colour, width=2.2, dashed=mark == "hollow")
        canvas.dot(x + 12, y, colour, hollow=mark == "hollow")


def notes(canvas: Canvas, notes: Sequence[str], width: float, y: float) -> float:
    for note in notes:
        for line in wrap(note, width - 2 * MARGIN, SMALL_SIZE):
            y += SMALL_SIZE * 1.35
            canvas.text(MARGIN, y, line, size=SMALL_SIZE, colour=chart_layout.NOTE_COLOUR)
    return y


def key_entries(keys: Sequence[Key], groups: dict[str, str]) -> list[tuple[str, str, str]]:
    entries = [(name, "stated", colour) for name, colour in groups.items() if name]
    return entries + [(key.label, key.mark, chart_layout.KEY_COLOUR) for key in keys]
