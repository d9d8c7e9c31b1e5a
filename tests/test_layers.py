"""The layers of the package, read off its imports: a lower layer never imports a higher
one, and the core never imports the views, the formats, typer, rich or matplotlib.

From the top: ``cli`` (the commands) → ``views`` (results into words and Reports) →
``formats`` (Reports into text and images) and the core: ``analysis`` (what the claims
imply) → ``ledger`` (reading a claims file) → ``arithmetic`` (intervals, units) → the base
(``errors``, ``choices``, ``packaged``). Every import is checked, at the top of a module
or inside a function (shellcount imports its work late to start fast).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "shellcount"

BASE = "base"
# Each layer, and what it may import besides itself.
MAY_IMPORT = {
    BASE: set(),
    "arithmetic": {BASE},
    "ledger": {BASE, "arithmetic"},
    "analysis": {BASE, "arithmetic", "ledger"},
    "formats": {BASE, "arithmetic"},
    "views": {BASE, "arithmetic", "ledger", "analysis", "formats"},
    "cli": {BASE, "arithmetic", "ledger", "analysis", "formats", "views"},
}
CORE = {BASE, "arithmetic", "ledger", "analysis"}
# Libraries that belong to the top: the core may import none of them.
NOT_IN_THE_CORE = ("typer", "click", "rich", "matplotlib", "numpy")


def layer_of(module: str) -> str:
    if module == "shellcount.__main__":
        return "cli"  # `python -m shellcount` runs the command line
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in MAY_IMPORT else BASE


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts)
        found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from shellcount import units" names a module, not a function.
            if node.module == "shellcount" or node.module.startswith("shellcount."):
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = modules()


def test_every_module_is_in_a_layer() -> None:
    assert set(MODULES) >= {"shellcount.cli", "shellcount.views", "shellcount.formats"}
    assert {layer_of(name) for name in MODULES} == set(MAY_IMPORT)


@pytest.mark.parametrize("module", list(MODULES))
def test_no_module_imports_a_higher_layer(module: str) -> None:
    own = layer_of(module)
    allowed = MAY_IMPORT[own] | {own}
    wrong = sorted(
        name
        for name in imports(MODULES[module])
        if name.startswith("shellcount.") and name in MODULES and layer_of(name) not in allowed
    )
    assert wrong == [], f"{module} ({own}) imports {wrong}"


@pytest.mark.parametrize("module", [m for m in MODULES if layer_of(m) in CORE])
def test_the_core_imports_no_command_line_or_drawing_library(module: str) -> None:
    wrong = sorted(
        name for name in imports(MODULES[module]) if name.split(".")[0] in NOT_IN_THE_CORE
    )
    assert wrong == [], f"{module} imports {wrong}"


def test_only_the_table_imports_rich_and_one_module_matplotlib() -> None:
    rich = sorted(m for m, p in MODULES.items() if any(i.startswith("rich") for i in imports(p)))
    # Only the command line's progress line on a terminal: the table draws its own text.
    assert [m for m in rich if layer_of(m) != "cli"] == [], rich
    drawing = [m for m, p in MODULES.items() if any(i.startswith("matplotlib") for i in imports(p))]
    assert len(drawing) == 1, drawing
    assert layer_of(drawing[0]) == "formats", drawing


def test_typer_only_in_the_command_line() -> None:
    users = sorted(m for m, p in MODULES.items() if any(i.startswith("typer") for i in imports(p)))
    assert users, "no module imports typer"
    assert {layer_of(m) for m in users} == {"cli"}, users
