"""Text from a claims file shown to people: the escaping lives in the base
(``shellcount.printable``), where the file readers use it for their messages too."""

from __future__ import annotations

from shellcount.printable import printable

__all__ = ["printable"]
