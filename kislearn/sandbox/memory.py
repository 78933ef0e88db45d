"""Bounded memory: a dict that forgets its least recently used keys.

A sandbox shared by a classroom, or poked by a script with thousands of app keys, must not grow without end.
Everything the sandbox remembers per app key (tokens, recent calls, traded accounts) lives in a
:class:`RecentDict` with a limit; past it, the app key used least recently is forgotten. # sandbox's choice
"""

from __future__ import annotations

from collections import OrderedDict

MAX_APPS_WITH_TOKENS = 10_000  # app keys whose latest token (and last issuance) the sandbox remembers
MAX_APPS_WITH_CALLS = 10_000  # app keys whose calls of the last second the rate limit remembers
MAX_APPS_WITH_ACCOUNTS = 500  # app keys whose traded accounts the sandbox keeps; others see the samples


class RecentDict(OrderedDict):
    """A dict of at most ``limit`` keys; setting or reading a key makes it the most recent one.

    >>> recent = RecentDict(limit=2)
    >>> recent["a"], recent["b"] = 1, 2
    >>> recent["a"]
    1
    >>> recent["c"] = 3           # "b" was used least recently: forgotten
    >>> list(recent)
    ['a', 'c']
    """

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
