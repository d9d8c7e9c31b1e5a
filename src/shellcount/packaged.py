"""The data files that ship with shellcount, found in one place.

The ledger (``claims.yaml``) and its schema live at the top of the repository, in
``data/``, where analysts open, edit and diff them, and the claims-format documentation
in ``docs/``, where the README links to it; the wheel carries them into the package's own
``data/`` folder (``force-include`` in pyproject.toml), beside the reference file, the
readings, the unit definitions and the template of ``shellcount init``. An installed
shellcount finds every file in the package; an editable install of a checkout finds the
force-included ones in the repository, so each is one file, never two copies.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# src/shellcount/packaged.py -> the checkout's top folder, in an editable install.
_CHECKOUT = Path(__file__).resolve().parents[2]
# The checkout's folder of each force-included file not in data/.
_CHECKOUT_FOLDERS = {"claims-format.md": "docs"}


def packaged_path(name: str) -> Path:
    """The shipped data file ``name`` (``claims.yaml``, ``reference.yaml``, ...)."""
    installed = Path(str(resources.files("shellcount").joinpath("data").joinpath(name)))
    in_checkout = _CHECKOUT / _CHECKOUT_FOLDERS.get(name, "data") / name
    if not installed.is_file() and in_checkout.is_file():
        return in_checkout
    return installed
