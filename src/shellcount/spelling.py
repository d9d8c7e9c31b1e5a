"""Did you mean: the closest of many names to a misspelt one, in about constant time.

``difflib.get_close_matches`` compares the word with every name, and names that share a
long prefix (``source-2024-...``) defeat its quick filters: one miss among 2,000 ids cost
about 50 ms, so a file of 2,000 misspelt references took minutes. Here a list of more
than a few dozen names is indexed once by its trigrams; a miss looks only at the names
that share the most of the word's rarest trigrams (a bounded number of postings), and
difflib ranks those few. A short list is searched whole, exactly as before.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Collection, Iterable

_SEARCHED_WHOLE = 64
"""Lists up to this long are given to difflib whole."""
_POSTINGS_READ = 512
"""The most index entries one miss reads: the cost of a miss, whatever the list."""
_RANKED = 8
"""The names difflib ranks for one miss."""
_CACHED = 4


def closest(word: str, names: Collection[str], *, cutoff: float = 0.6) -> str | None:
    """The name most like ``word`` (difflib's ratio at least ``cutoff``), or None."""
    if len(names) <= _SEARCHED_WHOLE:
        close = difflib.get_close_matches(word, list(names), n=1, cutoff=cutoff)
    else:
        close = difflib.get_close_matches(word, _index_of(names).candidates(word), 1, cutoff)
    return close[0] if close else None


class _Index:
    """Names by the trigrams of their spelling."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(dict.fromkeys(names))
        postings: dict[str, list[int]] = {}
        for number, name in enumerate(self.names):
            for gram in _trigrams(name):
                postings.setdefault(gram, []).append(number)
        self.postings = postings

    def candidates(self, word: str) -> list[str]:
        """The names sharing the most of ``word``'s rarest trigrams."""
        lists = sorted(
            (self.postings[gram] for gram in _trigrams(word) if gram in self.postings), key=len
        )
        shared: Counter[int] = Counter()
        budget = _POSTINGS_READ
        for numbers in lists:
            if len(numbers) > budget:
                # Common trigrams say little about which name was meant: stop reading.
                break
            shared.update(numbers)
            budget -= len(numbers)
        # Most trigrams shared first; among equals, the name listed first.
        best = heapq.nsmallest(_RANKED, shared.items(), key=lambda item: (-item[1], item[0]))
        return [self.names[number] for number, _ in best]


def _trigrams(text: str) -> set[str]:
    padded = f"\0{text.casefold()}\0"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


# The index of the last few lists asked about: a loader asks about the same ids once per
# miss. Keyed by identity and checked by length and a few names, holding the names only
# (never the objects they name), so that a dict reused at the same address is not
# mistaken for the one indexed.
_indexes: dict[int, tuple[int, _Index]] = {}


def _index_of(names: Collection[str]) -> _Index:
    key = id(names)
    cached = _indexes.get(key)
    if cached is not None:
        size, index = cached
        probes = (index.names[0], index.names[len(index.names) // 2], index.names[-1])
        if size == len(names) and all(probe in names for probe in probes):
            return index
    index = _Index(names)
    if len(_indexes) >= _CACHED:
        del _indexes[next(iter(_indexes))]
    _indexes[key] = (len(names), index)
    return index
