"""Pages of a schema-only list, with continuation keys that work and the modelled APIs' ``tr_cont`` letters.

An API pages when its sheet has continuation keys (``CTX_AREA_FK100``/``NK100``, ``…FK200``/``NK200``, …):
the first list section of its answer is cut into pages of :data:`PAGE_ROWS` rows (the page sizes the course's
주식잔고조회 uses: 20 on paper, 50 on real — sandbox's choice for every other API). Each page carries

- ``ctx_area_fk…``: the search conditions, the request's other fields joined by ``^`` (as the official
  examples show them, e.g. ``"81055689^01^N^N^01^01^N^"``), padded with spaces to the key's width;
- ``ctx_area_nk…``: where the next page starts, a fingerprint of those conditions and the market moment page 1
  is of, e.g. ``"20^3f2a9c1e^20260410110000^"`` (the sandbox's own format: KIS's is unpublished and clients only
  send it back), spaces on the last page; an account's list adds which state of the account page 1 is of
  (``…^20260410110000^9c0d1e2f^``, the ledger's snapshot). Every page of one read is answered at page 1's
  moment, as 주식잔고조회 does, so the pages fit together while the market clock moves; an order filled between
  the pages changes the account, and the next page is SYDB0050 (rt_cd 7, "다시 조회하세요"), as 주식잔고조회's;
- the response header ``tr_cont``: ``M`` while pages follow, ``D`` when the only page is the last, ``E`` for the
  last page after a continuation — the letters of 주식잔고조회 (``responses.page_tr_cont``).

The next page is asked for with the request header ``tr_cont: N`` and the keys sent back; blank ``tr_cont``
is a first request whatever keys come along (the sheets: "공백 : 초기 조회"). A key that is not one of these,
or that came from other search conditions, or names a moment after now or outside the market's history, is
refused with OPSQ2001 ``INVALID_CHECK_CTX_AREA_NK…`` (the balance's answer). An API that documents ``tr_cont`` paging without keys answers one page, ``D``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from kislearn import catalog, spec
from kislearn.sandbox import gateway
from kislearn.sandbox.market import ClockError
from kislearn.sandbox.responses import page_tr_cont
from kislearn.sandbox.state import check_within_history, current_state

PAGE_ROWS = dict(spec.BALANCE_ROWS_PER_PAGE)  # {"real": 50, "paper": 20} # sandbox's choice for every API
DEFAULT_KEY_WIDTH = 100
_NEXT_KEY = re.compile(r"([0-9]{1,6})\^([0-9a-f]{8})\^([0-9]{14})\^(?:([0-9a-f]{8})\^)?", re.ASCII)
MOMENT_FORMAT = "%Y%m%d%H%M%S"


@dataclass(frozen=True)
class Continuation:
    """Where a request starts: the row, the market moment its rows are of, and the account state page 1 was of
    (None for a first request or a list that is not an account's)."""

    row: int
    moment: datetime
    snapshot: str | None = None


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


def continuation(api: catalog.Api, sent: dict[str, str], tr_cont: str, now: datetime) -> Continuation:
    """Where a request starts: row 0 at ``now`` for a first request, else the row, page 1's moment and account
    state its ``…NK…`` key names (OPSQ2001 when the key is not one the sandbox gave for these search conditions,
    or its moment is after ``now`` or outside the market's history)."""
    if tr_cont.strip().upper() != spec.NEXT_PAGE_REQUEST or api.paging is None:
        return Continuation(0, now)
    next_key = next((name for name in api.paging.request_keys if "NK" in name.upper()), None)
    if next_key is None:
        return Continuation(0, now)
    found = _NEXT_KEY.fullmatch(sent.get(next_key, "").strip())
    if found is None or found[2] != fingerprint(search_conditions(api, sent)) or int(found[1]) == 0:
        raise gateway.invalid(next_key)
    try:
        moment = datetime.strptime(found[3], MOMENT_FORMAT).replace(tzinfo=spec.KST)
        check_within_history(moment, current_state().market)
    except (ValueError, ClockError):
        raise gateway.invalid(next_key) from None
    if moment > now:
        raise gateway.invalid(next_key)
    return Continuation(int(found[1]), moment, found[4])


def page_of(
    api: catalog.Api, sent: dict[str, str], rows: list, flavour: str, start: Continuation, snapshot: str | None
) -> Page:
    """The page of ``rows`` from ``start`` (all of them for an API without continuation keys); the next page's
    key carries ``start.moment`` (the moment the rows are of) and ``snapshot`` (the account's state, if any)."""
    paging = api.paging
    if paging is None or not paging.request_keys:
        return Page(rows, "" if paging is None else page_tr_cont(is_first=True, has_more=False), {})
    if start.row > len(rows):
        raise gateway.invalid(next(name for name in paging.request_keys if "NK" in name.upper()))
    end = start.row + PAGE_ROWS[flavour]
    has_more = end < len(rows)
    conditions = search_conditions(api, sent)
    keys = {}
    for name in paging.response_keys:
        width = key_width(name)
        if "nk" in name.lower():
            next_key = f"{end}^{fingerprint(conditions)}^{start.moment.strftime(MOMENT_FORMAT)}^"
            next_key += f"{snapshot}^" if snapshot else ""
            keys[name] = (next_key if has_more else "").ljust(width)
        else:
            keys[name] = conditions[:width].ljust(width)
    return Page(rows[start.row : end], page_tr_cont(is_first=(start.row == 0), has_more=has_more), keys)
