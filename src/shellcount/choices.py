"""The command line's choices and defaults, in a module that imports nothing of shellcount.

``cli.py`` needs these to build its options, for every command and for ``--help`` and
``--version``; the modules that use them (``formats``, ``lint``, ``pool``) import them
from here, so the command line never has to import those modules, and what they import,
just to know an option's choices.
"""

from __future__ import annotations

from enum import Enum


class OutputFormat(str, Enum):
    """The ``--format`` choices."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


class HelpTopic(str, Enum):
    """What ``shellcount help`` explains."""

    FORMAT = "format"


class CheckFormat(str, Enum):
    """The ``check --format`` choices."""

    TEXT = "text"
    JSON = "json"


class ReadingName(str, Enum):
    """The ``--reading`` choices: the readings of the packaged readings file
    (``data/readings.yaml``; a test keeps the two the same)."""

    DEFAULT = "default"
    LITERAL = "literal"


class WeightScheme(str, Enum):
    """The ``--weights`` choices."""

    EQUAL = "equal"
    GRADES = "grades"
    METHOD = "method"


class Restatements(str, Enum):
    """The ``--restatements`` choices: how a statement's one weight goes to its claims."""

    SHARE = "share"
    PRECISE = "precise"


# Monte Carlo pooling (shellcount.pool).
DEFAULT_SAMPLES = 100_000
MAX_SAMPLES = 10_000_000
DEFAULT_SEED = 0
DEFAULT_TAIL = 2.0
SENSITIVITY_TAILS = (1.5, 2.0, 3.0, 5.0)
"""The tails every pool is also drawn with, to show how much its figures rest on them."""
TAIL_WARNING = 0.25
"""A human format warns when the tails move p50 by more than this share of it."""
LISTED = 5
"""How many claims a cell names where it could name many (a claim's disagreements, the
farthest first; the counts a timeline step starts from); a count beside it says how many."""
