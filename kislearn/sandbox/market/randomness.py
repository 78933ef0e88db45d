"""Random numbers that depend only on what they are for, never on what was asked before.

Every draw of the market model comes from ``draws(seed, symbol, day, purpose)``: a generator seeded by a hash
of those parts. So the path of one symbol on one day is the same in every process, whatever was computed
first, and caching results can never change them.
"""

from __future__ import annotations

import hashlib
import random


def draws(seed: str, *parts) -> random.Random:
    """A :class:`random.Random` fixed by ``seed`` and ``parts`` (e.g. the symbol, the day, what it is for)."""
    text = "\x1f".join([seed, *map(str, parts)])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
    return random.Random(int.from_bytes(digest, "big"))
