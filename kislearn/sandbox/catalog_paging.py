"""Pages of a schema-only list, with continuation keys that work and the modelled APIs' ``tr_cont`` letters.

An API pages when its sheet has continuation keys (``CTX_AREA_FK100``/``NK100``, ``…FK200``/``NK200``, …):
the first list section of its answer is cut into pages of :data:`PAGE_ROWS` rows (the page sizes the course's
주식잔고조회 uses: 20 on paper, 50 on real — sandbox's choice for every other API). Each page carries

- ``ctx_area_fk…``: the search conditions, the request's other fields joined by ``^`` (as the official
  examples show them, e.g. ``"81055689^01^N^N^01^01^N^"``), padded with spaces to the key's width;
- ``ctx_area_nk…``: where the next page starts and a fingerprint of those conditions, e.g. ``"20^3f2a9c1e^"``
  (the sandbox's own format: KIS's is unpublished and clients only send it back), spaces on the last page;
- the response header ``tr_cont``: ``M`` while pages follow, ``D`` when the only page is the last, ``E`` for the
  last page after a continuation — the letters of 주식잔고조회 (``responses.page_tr_cont``).

The next page is asked for with the request header ``tr_cont: N`` and the keys sent back; blank ``tr_cont``
is a first request whatever keys come along (the sheets: "공백 : 초기 조회"). A key that is not one of these,
or that came from other search conditions, is refused with OPSQ2001 ``INVALID_CHECK_CTX_AREA_NK…`` (the
balance's answer). An API that documents ``tr_cont`` paging without keys answers one page, ``D``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kislearn import catalog, spec
from kislearn.sandbox import gateway
from kislearn.sandbox.responses import page_tr_cont

PAGE_ROWS = dict(spec.BALANCE_ROWS_PER_PAGE)  # {"real": 50, "paper": 20} # sandbox's choice for every API
DEFAULT_KEY_WIDTH = 100
_NEXT_KEY = re.compile(r"([0-9]{1,6})\^([0-9a-f]{8})\^", re.ASCII)


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the response header ``tr_cont`` and the continuation keys' values."""

    rows: list
    tr_cont: str
    keys: dict[str, str]


def key_width(name: str) -> int:
    """``"ctx_area_fk200"`` → 200: a key's width is the number its name ends with (100 when it has none)."""
    digits = re.search(r"([0-9]+)$", name)
    return int(digits[1]) if digits else DEFAULT_KEY_WIDTH


def search_conditions(api: catalog.Api, sent: dict[str, str]) -> str:
    """The request's fields other than the continuation keys, joined by ``^`` in the sheet's order."""
    keys = set(api.paging.request_keys) if api.paging else set()
    return "^".join(sent.get(item.name, "").strip() for item in api.request_fields if item.name not in keys) + "^"


def fingerprint(conditions: str) -> str:
    return hashlib.blake2b(conditions.encode("utf-8"), digest_size=4).hexdigest()


def first_row(api: catalog.Api, sent: dict[str, str], tr_cont: str) -> int:
    """The row a request starts from: 0 for a first request, else the row its ``…NK…`` key names (OPSQ2001
    when the key is not one the sandbox gave for these search conditions)."""
    if tr_cont.strip().upper() != spec.NEXT_PAGE_REQUEST or api.paging is None:
        return 0
    next_key = next((name for name in api.paging.request_keys if "NK" in name.upper()), None)
    if next_key is None:
        return 0
    found = _NEXT_KEY.fullmatch(sent.get(next_key, "").strip())
    if found is None or found[2] != fingerprint(search_conditions(api, sent)) or int(found[1]) == 0:
        raise gateway.invalid(next_key)
    return int(found[1])


def page_of(api: catalog.Api, sent: dict[str, str], rows: list, start: int, flavour: str) -> Page:
    """The page of ``rows`` from ``start`` (all of them for an API without continuation keys)."""
    paging = api.paging
    if paging is None or not paging.request_keys:
        return Page(rows, "" if paging is None else page_tr_cont(is_first=True, has_more=False), {})
    if start > len(rows):
        raise gateway.invalid(next(name for name in paging.request_keys if "NK" in name.upper()))
    end = start + PAGE_ROWS[flavour]
    has_more = end < len(rows)
    conditions = search_conditions(api, sent)
    keys = {}
    for name in paging.response_keys:
        width = key_width(name)
        if "nk" in name.lower():
            keys[name] = (f"{end}^{fingerprint(conditions)}^" if has_more else "").ljust(width)
        else:
            keys[name] = conditions[:width].ljust(width)
    return Page(rows[start:end], page_tr_cont(is_first=(start == 0), has_more=has_more), keys)
