"""The README's Layout section names real files, and names every module of the package.

The section is a nested Markdown list. An item that opens with a folder in backticks
(``ledger/``) holds the items under it; every file an item names in backticks is looked
for in the item's folder and then in each folder around it, so ``data/units.txt`` named
beside ``units.py`` is the package's ``data/units.txt``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "shellcount"
ITEM = re.compile(r"^(?P<indent> *)- (?P<text>.*)$")
NAME = re.compile(r"`([^`\s]+)`")
FILE_ENDINGS = (".py", ".yaml", ".txt", ".md", ".j2", ".css", ".json", ".toml")


def layout_items() -> list[tuple[int, str]]:
    """Each list item of the section: its indent and its whole text, lines joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    items: list[tuple[int, str]] = []
    for line in section.splitlines():
        match = ITEM.match(line)
        if match:
            items.append((len(match["indent"]), match["text"]))
        elif items and line.startswith(" "):
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.strip()}")
    return items


def named_paths() -> tuple[list[Path], list[str]]:
    """The files and folders the section names, and the names found nowhere."""
    found: list[Path] = []
    missing: list[str] = []
    enclosing: list[tuple[int, Path]] = []  # (indent, folder), outermost first
    for indent, text in layout_items():
        while enclosing and enclosing[-1][0] >= indent:
            enclosing.pop()
        folders = [ROOT, *(folder for _, folder in enclosing)]
        names = [n for n in NAME.findall(text) if n.endswith("/") or n.endswith(FILE_ENDINGS)]
        opening = NAME.match(text)
        if opening and opening[1].endswith("/"):
            folder = folders[-1] / opening[1]
            enclosing.append((indent, folder))
            folders.append(folder)
        for name in names:
            places = [folder / name for folder in reversed(folders)]
            path = next((place for place in places if place.exists()), None)
            if path is None:
                missing.append(name)
            else:
                found.append(path)
    return found, missing


def test_every_named_path_exists() -> None:
    found, missing = named_paths()
    assert len(found) > 10, "the Layout section names almost nothing"
    assert missing == [], f"README's Layout names files that do not exist: {missing}"


def test_every_module_of_the_package_is_named() -> None:
    named = {path.resolve() for path in named_paths()[0]}
    unnamed = [
        str(path.relative_to(ROOT))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "__init__.py" and path.resolve() not in named
    ]
    assert unnamed == [], f"README's Layout does not name these modules: {unnamed}"
