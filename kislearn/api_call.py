"""Calling any REST API of the official workbook: what :meth:`KoreaInvestment.request` does.

    broker.request("주식일별주문체결조회", tr_id="3개월이내", INQR_STRT_DT="20260401", INQR_END_DT="20260410", ...)

Two steps, kept apart so each can be read (and tested) alone:

1. :func:`prepare` looks the API up in :mod:`kislearn.catalog` (Korean name, API ID, path or tr_id), picks
   the tr_id for the client's flavour, and checks the fields *before anything is sent*: every name must be a
   request field of the API (case does not matter), every value a string, every required field given. The
   account fields (CANO, ACNT_PRDT_CD) come from the client's account, the continuation keys (CTX_AREA_*)
   start blank, and every other documented field not given is sent as "" — as the official samples do
   (examples_llm/*: each sends every field of its sheet, "" when unused).
2. :func:`collect` sends it through the client (pacing, EGW00201 retries, token renewal and the typed errors
   are the client's), then follows the pages of a GET the way the official samples do: while the response
   header tr_cont is F or M, ask again with tr_cont N and the continuation keys the previous page carried.
   A server that repeats a page, or pages beyond ``max_pages``, is stopped with :class:`PagingError`. POSTs
   (orders) are never paged and, like every order of the client, never sent twice by accident.

The workbook's Length column is not checked: it is wrong for fields of the workbook's own examples (주식주문(신용)
gives PDNO length 5 and the example "009150"; 주식일별분봉조회 gives FID_INPUT_DATE_1 length 2 and "20241108").
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import catalog, spec
from .errors import InvalidArgumentError, KisResponseError, PagingError
from .transport import KisResponse

MAX_PAGES = 100  # as for fetch_balance: far beyond any real account's pages
ACCOUNT_FIELDS = ("CANO", "ACNT_PRDT_CD")  # 종합계좌번호 (8 digits), 계좌상품코드 (2 digits)
OAUTH_METHODS = {  # the APIs called without a tr_id, and the client's own method for each
    "접근토큰발급(P)": "issue_access_token()",
    "접근토큰폐기(P)": "revoke_access_token()",
    "Hashkey": "issue_hashkey(body)",
}


@dataclass(frozen=True)
class Call:
    """A checked request, ready to send: the API, the tr_id and every field's value (all strings)."""

    api: catalog.Api
    tr_id: str
    fields: dict

    @property
    def method(self) -> str:
        return self.api.method

    @property
    def path(self) -> str:
        return self.api.path


def prepare(
    api: str | catalog.Api, fields: dict, *, flavour: str, account: tuple[str, str], tr_id: str | None = None
) -> Call:
    """Check a request against the catalog and fill it in; raises :class:`~kislearn.catalog.CatalogError`
    (an :class:`~kislearn.errors.InvalidArgumentError`) with a Korean message before anything is sent.

    Args:
        api: the API's Korean name, API ID, path or tr_id (see :func:`kislearn.catalog.find`), or an ``Api``.
        fields: request field → value (strings); names are matched case-blind to the workbook's.
        flavour: ``"real"`` or ``"paper"``: which tr_id, and whether the API exists on that server.
        account: (CANO, ACNT_PRDT_CD) of the client, used where the API has those fields and they are not given.
        tr_id: one of the API's tr_ids or its label in the workbook (``"매수"``), where it has several.
    """
    api = api if isinstance(api, catalog.Api) else catalog.find(api)
    if api.is_websocket:
        raise catalog.CatalogError(
            f"{api.name}은(는) 실시간(웹소켓, WebSocket) API입니다. REST 요청(request)으로는 받을 수 없습니다."
        )
    if api.name in OAUTH_METHODS or not api.tr_ids("real"):
        own = OAUTH_METHODS.get(api.name)
        raise catalog.CatalogError(
            f"{api.name}은(는) tr_id 없이 부르는 인증 API입니다. "
            + (f"클라이언트의 {own}을(를) 쓰세요." if own else "이 코스의 클라이언트는 이 API를 다루지 않습니다.")
        )
    chosen = api.tr_id(flavour, tr_id)  # refuses 모의투자 미지원 and an ambiguous choice, in Korean
    given = _match_names(api, fields)
    for name in ACCOUNT_FIELDS:
        if name in _names(api) and name not in given:
            given[name] = account[ACCOUNT_FIELDS.index(name)]
    for name in api.paging.request_keys if api.paging else ():
        given.setdefault(name, "")  # blank on the first page
    missing = [item for item in api.required_fields if item.name not in given]
    if missing:
        listed = ", ".join(f"{item.name}({_explain(item)})" for item in missing)
        raise catalog.CatalogError(
            f"{api.name}에 꼭 필요한 값이 빠졌습니다 (missing required fields): {listed}. 공식 명세에서 Required가 "
            f'Y인 필드입니다. 빈 값이 맞다면 {missing[0].name}=""처럼 빈 문자열을 주세요.'
        )
    return Call(api, chosen, {item.name: given.get(item.name, "") for item in api.request_fields})


def collect(call: Call, send: Callable[[dict, str], KisResponse], *, max_pages: int = MAX_PAGES) -> dict:
    """Send ``call`` with ``send(fields, tr_cont)`` and merge its pages into one answer.

    The merged answer is the last page's body, except that a list (``output1`` rows, say) holds the rows of
    every page in order. A list that a page repeats unchanged from the page before — a summary sent with
    every page, like 주식잔고조회's ``output2`` — is kept once.
    """
    pages = list(iter_pages(call, send, max_pages=max_pages))
    merged = dict(pages[-1].body)
    for key, value in pages[0].body.items():
        if not all(isinstance(page.body.get(key), list) for page in pages):
            continue
        rows, previous = list(value), value
        for page in pages[1:]:
            if page.body[key] != previous:
                rows.extend(page.body[key])
            previous = page.body[key]
        merged[key] = rows
    return merged


def iter_pages(call: Call, send: Callable[[dict, str], KisResponse], *, max_pages: int = MAX_PAGES) -> Iterator:
    """Each page of ``call`` as a :class:`KisResponse`, the next one asked for only when needed."""
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise InvalidArgumentError(f"max_pages는 1 이상의 정수입니다 (받은 값: {max_pages!r})")
    fields = dict(call.fields)
    paging = call.api.paging
    seen: set = set()
    for page in range(1, max_pages + 1):
        answer = send(fields, spec.NEXT_PAGE_REQUEST if page > 1 else "")
        yield answer
        if call.method != "GET" or answer.tr_cont not in spec.MORE_PAGES:
            return
        keys = tuple(_continuation(answer, name) for name in paging.response_keys) if paging else ()
        marker = keys if keys else json.dumps(answer.body, sort_keys=True, ensure_ascii=False)
        if marker in seen:
            raise PagingError(
                f"{call.api.name} {page}쪽이 앞쪽과 같은 연속조회키(또는 같은 내용)로 왔습니다. "
                "서버가 같은 쪽을 되풀이하고 있어 멈춥니다(paging guard)."
            )
        seen.add(marker)
        if paging:
            fields.update(zip(paging.request_keys, keys, strict=True))
    raise PagingError(
        f"{call.api.name}이(가) {max_pages}쪽을 넘어도 끝나지 않아 멈춥니다(paging guard). "
        "더 받으려면 max_pages를 늘리세요."
    )


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------
def _names(api: catalog.Api) -> list[str]:
    return [item.name for item in api.request_fields]


def _match_names(api: catalog.Api, fields: dict) -> dict:
    """The given fields under the workbook's spelling of their names; values must be strings."""
    by_key = {name.casefold(): name for name in _names(api)}
    matched: dict = {}
    for name, value in fields.items():
        official = by_key.get(str(name).casefold())
        if official is None:
            close = difflib.get_close_matches(str(name).upper(), [n.upper() for n in _names(api)], n=3, cutoff=0.6)
            hint = f" 혹시 {', '.join(close)}인가요?" if close else ""
            shown = ", ".join(_names(api)) or "없음"
            raise catalog.CatalogError(
                f"{api.name}에는 {name!r}라는 요청 필드가 없습니다 (unknown field).{hint} 요청 필드: {shown}"
            )
        if official in matched:
            raise catalog.CatalogError(f"{official} 값을 두 번 주었습니다 ({name!r}). 하나만 주세요.")
        item = api.request_field(official)
        if not isinstance(value, str):
            raise catalog.CatalogError(
                f"{official}({item.korean}) 값은 문자열이어야 합니다 (받은 값: {value!r}, 형식 {type(value).__name__}). "
                f"KIS는 모든 값을 문자열로 받습니다: {official}={str(value)!r}처럼 따옴표 안에 적으세요."
            )
        matched[official] = value
    return matched


def _explain(item: catalog.Field) -> str:
    """``조회시작일자: YYYYMMDD`` — the official name and the first line of the description, short."""
    first = item.description.split("\n", 1)[0].strip()
    if len(first) > 30:
        first = first[:29] + "…"
    return f"{item.korean}: {first}" if first else item.korean


def _continuation(answer: KisResponse, name: str) -> str:
    try:
        return str(answer.body[name])
    except KeyError:
        raise KisResponseError(
            f"다음 쪽이 있다는데(tr_cont={answer.tr_cont}) 응답에 연속조회키 '{name}'이(가) 없습니다 (tr_id={answer.tr_id}).",
            tr_id=answer.tr_id,
            status=answer.status,
        ) from None
