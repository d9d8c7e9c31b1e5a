"""The data files that ship with shellcount, found in one place.

The ledger (``claims.yaml``) and its schema live at the top of the repository, in
``data/``, where analysts open, edit and diff them; the wheel carries them into the
package's own ``data/`` folder (``force-include`` in pyproject.toml), beside the reference
file, the readings and the unit definitions. An installed shellcount finds every file in
the package; an editable install of a checkout finds the ledger in the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# src/shellcount/packaged.py -> the checkout's top folder, in an editable install.
_CHECKOUT_DATA = Path(__file__).resolve().parents[2] / "data"


def packaged_path(name: str) -> Path:
    """The shipped data file ``name`` (``claims.yaml``, ``reference.yaml``, ...)."""
    installed = Path(str(resources.files("shellcount").joinpath("data").joinpath(name)))
    if not installed.is_file() and (_CHECKOUT_DATA / name).is_file():
        return _CHECKOUT_DATA / name
    return installed
