"""Text from a claims file shown to people: control characters made visible, never run.

A quote carrying an ANSI escape or a carriage return must not move the cursor, recolour
the terminal or hide what precedes it; it is shown as ``\\x1b``, ``\\r`` and so on. In
the base, so the file readers' messages (which quote the file) and the formats share it.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, the line and paragraph separators, and the
# bidirectional overrides and isolates that reorder text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character written as an escape."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
