"""``KoreaInvestment``: a mojito2-compatible client for the parts of the KIS Open API this course covers.

Same constructor and method names as mojito2 (``mojito.KoreaInvestment``), same returned dicts, so the
course's snippets work with either. Where mojito2 is weak, this one is careful:

* the account number is checked up front (mojito2: a bare ``IndexError``);
* the token cache is safe (see token_cache.py) and shared between processes;
* ``fetch_balance()`` follows the pages the way the spec says and keeps ONE ``output2``;
* calls are paced under the per-second limit, EGW00201 is retried, an expired token is renewed once;
* every failure is a kislearn exception with KIS's code, message and a Korean hint;
* orders (``create_market_buy_order`` etc.) use the new tr_ids, check their arguments before anything is
  sent, and are never sent twice (see :meth:`KoreaInvestment.create_order`);
* ``fetch_ohlcv`` and ``fetch_today_1m_ohlcv`` check their arguments first; the minute walk ends on an empty answer
  (mojito2: ``IndexError``) and stops a server that does not walk back (mojito2 would ask forever);
* ``repr()`` and logs never show a key, a secret, a token or a whole account number.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import requests

from . import api_call, ohlcv, spec
from .account import AccountNumber
from .addresses import check_base_url
from .arguments import check_calls_per_second, check_seconds
from .errors import InvalidArgumentError, KisError, KisResponseError, NotCoveredError, PagingError, TokenExpiredError
from .masking import mask_key, mask_token
from .ratelimit import RateLimiter
from .token_cache import CachedToken, TokenCache
from .transport import DEFAULT_TIMEOUT, KisResponse, Transport

MAX_BALANCE_PAGES = 100  # 5,000 holdings on real, 2,000 on paper: far beyond any real account
_SYMBOL = re.compile(r"Q?[0-9]{6}")  # 6 ASCII digits (\d would take ５ or ٥ too); ETNs carry a leading Q


class KoreaInvestment:
    """한국투자증권 REST API client (mojito2-compatible).

    >>> broker = KoreaInvestment(api_key, api_secret, "12345678-01", mock=True)   # doctest: +SKIP
    >>> broker.fetch_price("005930")["output"]["stck_prpr"]                         # doctest: +SKIP
    """

    def __init__(
        self,
        api_key: str,
        api_secret: str,
        acc_no: str,
        exchange: str = "서울",
        mock: bool = False,
        *,
        base_url: str | None = None,
        token_cache: TokenCache | str | os.PathLike | None = None,
        session: requests.Session | None = None,
        calls_per_second: int | None | str = "auto",
        timeout: float = DEFAULT_TIMEOUT,
    ):
        """
        Args:
            api_key, api_secret: the app key (36 characters) and secret (180) from the KIS portal.
            acc_no: account number, ``"12345678-01"`` (8 digits, hyphen, 2 digits).
            exchange: mojito2's market names; only ``"서울"`` (domestic stocks) is covered here.
            mock: True for 모의투자 (paper trading), False for 실전 (real).
            base_url: keyword-only; another server, e.g. the sandbox ``http://127.0.0.1:8434/paper``.
            token_cache: keyword-only; a :class:`TokenCache` or a folder for one (default: per-user folder).
            session: keyword-only; a ``requests.Session`` to reuse (default: a new one).
            calls_per_second: keyword-only; ``"auto"`` = 2 on paper, 20 on real; ``None`` = no pacing.
            timeout: keyword-only; seconds to wait for each answer.
        """
        self.mock = _check_mock(mock)
        self.set_base_url(self.mock)
        if base_url is not None:
            self.base_url = _check_base_url(base_url, self.mock)
        self.api_key = _required_text("api_key", api_key)
        self.api_secret = _required_text("api_secret", api_secret)

        # account number: "12345678-01" → "12345678" and "01", checked first
        account = AccountNumber.parse(acc_no)
        self.acc_no = account.text
        self.acc_no_prefix = account.cano
        self.acc_no_postfix = account.product_code

        self.exchange = _check_exchange(exchange)

        # the keyword-only options, checked before anything is sent
        if calls_per_second == "auto":
            calls_per_second = spec.CALLS_PER_SECOND[self.flavour]
        limiter = RateLimiter(check_calls_per_second(calls_per_second))
        timeout = check_seconds(timeout, "timeout(응답을 기다릴 초)", example="timeout=10")
        self.token_cache = _token_cache(token_cache)
        self.transport = Transport(self.base_url, session=_check_session(session), timeout=timeout, limiter=limiter)

        # access token: check the cache → load it, or issue a new one (other processes wait their turn)
        self.access_token = None
        with self.token_cache.lock(self.base_url, self.api_key):
            if self.check_access_token():
                self.load_access_token()
            else:
                self.issue_access_token()

    # -- server ------------------------------------------------------------------------------------
    def set_base_url(self, mock: bool = True) -> None:
        """Choose the paper (모의투자) or real (실전) server, as mojito2 does."""
        self.base_url = spec.PAPER_URL if mock else spec.REAL_URL

    @property
    def flavour(self) -> str:
        """``"paper"`` or ``"real"``: which server's rules apply (tr_ids, limits, page sizes)."""
        return "paper" if self.mock else "real"

    # -- access token ------------------------------------------------------------------------------
    def issue_access_token(self) -> None:
        """OAuth인증/접근토큰발급: ask the server for a token, cache it, and use it.

        KIS issues one token a minute per app key (EGW00133) and sends a KakaoTalk alert each time, so
        the constructor only calls this when the cache has no usable token.
        """
        body = {"grant_type": "client_credentials", "appkey": self.api_key, "appsecret": self.api_secret}
        answer = self.transport.request(
            "POST",
            spec.TOKEN_PATH,
            json=body,
            rate_limited=False,
            headers={"content-type": "application/json; charset=utf-8"},
        )
        try:
            token = CachedToken.from_response(answer.body, self.token_cache.clock())
        except ValueError as error:
            raise KisResponseError(
                f"접근토큰 응답을 읽을 수 없습니다 (unusable token answer): {error}. 주소(base URL)가 KIS 또는 "
                "샌드박스를 가리키는지 확인하세요.",
                url=self.base_url + spec.TOKEN_PATH,
                status=answer.status,
            ) from None
        self._use(self.token_cache.store(self.base_url, self.api_key, self.api_secret, token))

    def check_access_token(self) -> bool:
        """True if the cache holds a usable token for these keys on this server."""
        return self.token_cache.load(self.base_url, self.api_key, self.api_secret) is not None

    def load_access_token(self) -> None:
        """Use the cached token (call :meth:`check_access_token` first)."""
        token = self.token_cache.load(self.base_url, self.api_key, self.api_secret)
        if token is None:
            raise KisError(
                "캐시에 쓸 수 있는 토큰이 없습니다. check_access_token()으로 먼저 확인하고, "
                "없으면 issue_access_token()을 부르세요."
            )
        self._use(token)

    def revoke_access_token(self) -> dict[str, Any]:
        """접근토큰폐기: tell the server to forget the token, and drop it from the cache."""
        body = {
            "appkey": self.api_key,
            "appsecret": self.api_secret,
            "token": (self.access_token or "").removeprefix("Bearer "),
        }
        answer = self.transport.request(
            "POST",
            spec.REVOKE_PATH,
            json=body,
            rate_limited=False,
            headers={"content-type": "application/json; charset=utf-8"},
        )
        self.token_cache.remove(self.base_url, self.api_key)
        self.access_token = None
        self._token = None
        return answer.body

    def _use(self, token: CachedToken) -> None:
        self._token = token
        self.access_token = token.authorization  # "Bearer eyJ...", as mojito2 keeps it

    def _renew_token(self, expired: str | None) -> None:
        """After EGW00123: take a newer token another process cached, or issue one."""
        with self.token_cache.lock(self.base_url, self.api_key):
            cached = self.token_cache.load(self.base_url, self.api_key, self.api_secret)
            if cached is not None and cached.authorization != expired:
                self._use(cached)
            else:
                self.issue_access_token()

    # -- hashkey -----------------------------------------------------------------------------------
    def issue_hashkey(self, data: dict) -> str:
        """Hashkey: the ``HASH`` of a POST body (optional for orders). Returns the 64-hex string."""
        headers = {
            "content-type": "application/json; charset=utf-8",
            "appkey": self.api_key,
            "appsecret": self.api_secret,
        }
        answer = self.transport.request("POST", spec.HASHKEY_PATH, headers=headers, json=data)
        return _field(answer, "HASH")

    # -- quotations --------------------------------------------------------------------------------
    def fetch_price(self, symbol: str) -> dict[str, Any]:
        """주식현재가 시세 of one domestic stock, e.g. ``"005930"``. Returns the whole answer (``output`` etc.)."""
        self._require_domestic("fetch_price")
        _check_symbol(symbol)
        params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": symbol}
        return self._get(spec.PRICE_PATH, spec.PRICE_TR_ID[self.flavour], params).body

    # -- charts (mojito2's fetch_ohlcv and fetch_today_1m_ohlcv) -------------------------------------
    def fetch_ohlcv(
        self, symbol: str, timeframe: str = "D", start_day: str = "", end_day: str = "", adj_price: bool = True
    ) -> dict[str, Any]:
        """국내주식기간별시세(일/주/월/년), one call: ``output1`` (the stock today) and ``output2`` (bars, newest first,
        **at most 100** — the sheet). mojito2's signature and answer.

        Args:
            symbol: 6-digit code as a string, e.g. ``"005930"``.
            timeframe: ``"D"`` 일봉, ``"W"`` 주봉, ``"M"`` 월봉, ``"Y"`` 년봉 (FID_PERIOD_DIV_CODE).
            start_day, end_day: ``"YYYYMMDD"``; blank as in mojito2: from 1980-01-04 to today (Korea time on this
                computer). With more than 100 bars between them, the newest 100 come; for older ones ask again
                with ``end_day`` the day before the oldest bar received.
            adj_price: True 수정주가 (FID_ORG_ADJ_PRC "0"), False 원주가 ("1").
        """
        self._require_domestic("fetch_ohlcv")
        _check_symbol(symbol)
        fields = ohlcv.period_fields(symbol, timeframe, start_day, end_day, adj_price)
        return self.request(ohlcv.PERIOD_CHART, fields)

    def fetch_today_1m_ohlcv(self, symbol: str, to: str = "") -> dict[str, Any]:
        """주식당일분봉조회, walked back to 09:00: ``output1`` and ``output2`` (today's minute bars up to ``to``, newest
        first). mojito2's signature and answer. Each call gives 30 bars (the sheet); the next asks for the minute
        before the oldest one, as mojito2 does, and a server that does not walk back is stopped (PagingError).

        Args:
            symbol: 6-digit code as a string.
            to: ``"HHMMSS"``, the newest minute; blank = now on this computer (Korea time), at most 15:30, as mojito2.
                The sheet: a time after the market's now is answered with the current values, so give ``to`` when
                the server's clock is not this computer's (a sandbox whose clock stands still, say).
        """
        self._require_domestic("fetch_today_1m_ohlcv")
        _check_symbol(symbol)
        hour = ohlcv.first_hour(to)
        return ohlcv.walk_minutes(lambda at: self.request(ohlcv.TODAY_MINUTES, ohlcv.minute_fields(symbol, at)), hour)

    # -- balance -----------------------------------------------------------------------------------
    def fetch_balance(self) -> dict[str, Any]:
        """주식잔고조회, all pages: ``{"output1": [every holding], "output2": [the one summary]}``.

        Paging as the spec says: after a page whose response header ``tr_cont`` is ``F`` or ``M``, ask
        again with request header ``tr_cont: N`` and that page's ``ctx_area_fk100``/``ctx_area_nk100``;
        stop on ``D`` or ``E``. Every page repeats the same summary, so ``output2`` is kept once.

        If the account changes between two pages (an order fills while the pages come), the server refuses the
        next page with SYDB0050 "조회이후에 자료가 변경되었습니다.(다시 조회하세요)"; the read then starts
        again from page 1, once, so the result is always one snapshot of the account.
        """
        self._require_domestic("fetch_balance")
        try:
            return self._read_all_balance_pages()
        except KisError as error:
            if getattr(error, "msg_cd", None) != spec.SYDB0050[0]:
                raise
            return self._read_all_balance_pages()  # the data changed between pages: read it again, once

    def _read_all_balance_pages(self) -> dict:
        holdings: list[dict] = []
        summary: list[dict] = []
        for answer in self.iter_balance_pages():
            holdings.extend(_field(answer, "output1"))
            summary = _field(answer, "output2")
        return {"output1": holdings, "output2": summary}

    def iter_balance_pages(self) -> Iterator[KisResponse]:
        """주식잔고조회 one page at a time: yields each page's raw :class:`KisResponse` and asks for the
        next one only when the caller wants it (the recorder reports progress between pages).

        Stops after the page whose ``tr_cont`` is not ``F``/``M``; raises :class:`PagingError` when the
        server repeats a continuation key or the pages do not end within ``MAX_BALANCE_PAGES``.
        """
        self._require_domestic("iter_balance_pages")
        context = ("", "")  # (ctx_area_fk100, ctx_area_nk100): blank on the first call
        seen = set()
        for page in range(1, MAX_BALANCE_PAGES + 1):
            answer = self.fetch_balance_page(*context, next_page=page > 1)
            yield answer
            if answer.tr_cont not in spec.MORE_PAGES:
                return
            context = (_field(answer, "ctx_area_fk100"), _field(answer, "ctx_area_nk100"))
            if context in seen:
                raise PagingError(
                    f"잔고 조회 {page}쪽에서 같은 연속조회키(ctx_area_nk100)가 다시 왔습니다. "
                    "서버가 같은 쪽을 되풀이하고 있어 멈춥니다."
                )
            seen.add(context)
        raise PagingError(f"잔고 조회가 {MAX_BALANCE_PAGES}쪽을 넘어도 끝나지 않아 멈춥니다(paging guard).")

    def fetch_balance_page(
        self, ctx_area_fk100: str = "", ctx_area_nk100: str = "", *, next_page: bool = False
    ) -> KisResponse:
        """One page of 주식잔고조회 — the raw :class:`KisResponse` (body, headers, ``tr_cont``)."""
        params = {
            "CANO": self.acc_no_prefix,  # 종합계좌번호 (8 digits)
            "ACNT_PRDT_CD": self.acc_no_postfix,  # 계좌상품코드 (2 digits)
            "AFHR_FLPR_YN": "N",  # 시간외단일가여부: N = regular session
            "OFL_YN": "",  # 오프라인여부: blank
            "INQR_DVSN": "01",  # 조회구분: 01 = by loan date (02 is rejected on real accounts)
            "UNPR_DVSN": "01",  # 단가구분: 01
            "FUND_STTL_ICLD_YN": "N",  # 펀드결제분포함여부
            "FNCG_AMT_AUTO_RDPT_YN": "N",  # 융자금액자동상환여부
            "PRCS_DVSN": "00",  # 처리구분: 00 = include the previous day's trades
            "CTX_AREA_FK100": ctx_area_fk100,  # 연속조회검색조건100: blank on the first page
            "CTX_AREA_NK100": ctx_area_nk100,  # 연속조회키100: blank on the first page
        }
        return self._get(
            spec.BALANCE_PATH,
            spec.BALANCE_TR_ID[self.flavour],
            params,
            tr_cont=spec.NEXT_PAGE_REQUEST if next_page else "",
        )

    # -- orders (주식주문(현금)) ------------------------------------------------------------------------
    def create_order(
        self, side: str, symbol: str, price: int, quantity: int, order_type: str, *, hashkey: bool = False
    ) -> dict[str, Any]:
        """주식주문(현금): one cash order. mojito2's signature; returns the answer dict (``output`` has the
        order number ``ODNO``, the branch ``KRX_FWDG_ORD_ORGNO`` and the time ``ORD_TMD``).

        Args:
            side: ``"buy"`` (매수) or ``"sell"`` (매도).
            symbol: 6-digit code as a string, e.g. ``"005930"``.
            price: limit price in won (an int); ignored for a market order (``ORD_UNPR`` is sent as ``"0"``).
            quantity: number of shares (an int, 1 or more).
            order_type: ``ORD_DVSN``: ``"00"`` 지정가 (limit) or ``"01"`` 시장가 (market); the other KRX codes
                of the official sheet are passed through as they are.
            hashkey: keyword-only; True also sends the optional ``hashkey`` header (one more call first).

        Unlike mojito2 it sends the new tr_ids (TTTC0012U/TTTC0011U, paper VTTC0012U/VTTC0011U), checks
        the arguments before anything goes out (:class:`~kislearn.errors.InvalidArgumentError`), and raises
        :class:`~kislearn.errors.KisApiError` (often :class:`~kislearn.errors.OrderRejectedError`) when the
        server refuses the order, instead of returning the refusal.

        An order is never sent twice by accident. It is sent again only after an answer that says the
        server refused it without looking at it: EGW00201 (too many calls a second; the transport's retry)
        or EGW00123 (expired token; renewed once). A timeout or a broken connection is never retried,
        because the order may have arrived: check the balance (or the order list) before you send it again.
        """
        self._require_domestic("create_order")
        if side not in spec.ORDER_SIDES:
            raise InvalidArgumentError(f"side는 'buy'(매수) 또는 'sell'(매도)입니다 (받은 값: {side!r})")
        _check_symbol(symbol)
        if order_type not in spec.ORDER_DIVISIONS:
            raise InvalidArgumentError(
                f"order_type(주문구분 ORD_DVSN) {order_type!r}을(를) 알 수 없습니다. '00' 지정가(limit), "
                "'01' 시장가(market) 등 공식 명세의 두 자리 코드를 문자열로 쓰세요."
            )
        _check_count("quantity(주문수량)", quantity, "주")
        if order_type == spec.MARKET_ORDER:
            unit_price = "0"  # the sheet: market orders send "0"
        else:
            _check_count("price(주문단가)", price, "원")
            unit_price = str(price)
        body = {
            "CANO": self.acc_no_prefix,  # 종합계좌번호 (8 digits)
            "ACNT_PRDT_CD": self.acc_no_postfix,  # 계좌상품코드 (2 digits)
            "PDNO": symbol,  # 종목코드
            "ORD_DVSN": order_type,  # 주문구분: 00 지정가, 01 시장가
            "ORD_QTY": str(quantity),  # 주문수량, as a string (the sheet insists)
            "ORD_UNPR": unit_price,  # 주문단가, as a string; "0" for a market order
        }
        headers = self._headers(spec.ORDER_TR_ID[self.flavour][side])
        if hashkey:
            headers["hashkey"] = self.issue_hashkey(body)
        return self._post(spec.ORDER_PATH, headers, body).body

    def create_market_buy_order(self, symbol: str, quantity: int, *, hashkey: bool = False) -> dict[str, Any]:
        """시장가 매수 (market buy) of ``quantity`` shares of ``symbol``. See :meth:`create_order`."""
        return self.create_order("buy", symbol, 0, quantity, spec.MARKET_ORDER, hashkey=hashkey)

    def create_market_sell_order(self, symbol: str, quantity: int, *, hashkey: bool = False) -> dict[str, Any]:
        """시장가 매도 (market sell) of ``quantity`` shares of ``symbol``. See :meth:`create_order`."""
        return self.create_order("sell", symbol, 0, quantity, spec.MARKET_ORDER, hashkey=hashkey)

    def create_limit_buy_order(
        self, symbol: str, price: int, quantity: int, *, hashkey: bool = False
    ) -> dict[str, Any]:
        """지정가 매수 (limit buy) at ``price`` won. See :meth:`create_order`."""
        return self.create_order("buy", symbol, price, quantity, spec.LIMIT_ORDER, hashkey=hashkey)

    def create_limit_sell_order(
        self, symbol: str, price: int, quantity: int, *, hashkey: bool = False
    ) -> dict[str, Any]:
        """지정가 매도 (limit sell) at ``price`` won. See :meth:`create_order`."""
        return self.create_order("sell", symbol, price, quantity, spec.LIMIT_ORDER, hashkey=hashkey)

    # -- any API of the official workbook ----------------------------------------------------------
    def request(
        self,
        api: str,
        fields: dict | None = None,
        /,
        *,
        tr_id: str | None = None,
        max_pages: int = api_call.MAX_PAGES,
        **more_fields: str,
    ) -> dict:
        """Any REST API of the official workbook, with the same safety as ``fetch_balance()``.

        >>> broker.request("주식현재가 일자별", FID_COND_MRKT_DIV_CODE="J", FID_INPUT_ISCD="005930",
        ...                FID_PERIOD_DIV_CODE="D", FID_ORG_ADJ_PRC="0")                 # doctest: +SKIP

        Args:
            api: the API's Korean name (``"주식일별주문체결조회"``), API ID (``"v1_국내주식-005"``), path or tr_id,
                as :func:`kislearn.catalog.find` takes it.
            fields: request fields as a dict; or give them as keywords (``INQR_STRT_DT="20260401"``). Values are
                strings. CANO and ACNT_PRDT_CD default to this client's account.
            tr_id: keyword-only; which tr_id where the workbook gives several, e.g. ``tr_id="매수"`` or
                ``tr_id="TTTC0012U"`` (the error lists the choices).
            max_pages: keyword-only; the most pages a GET follows (tr_cont F/M → ask again with tr_cont N).

        Returns the answer's body; a paged GET's lists hold the rows of every page (see
        :func:`kislearn.api_call.collect`). Everything is checked against the catalog before anything is sent
        (:class:`~kislearn.catalog.CatalogError`: unknown API or field, a required field missing, 모의투자
        미지원, a tr_id to choose); then the usual errors: :class:`~kislearn.errors.KisApiError` and its
        subclasses, :class:`~kislearn.errors.PagingError`, the transport errors.
        """
        call = api_call.prepare(
            api,
            {**(fields or {}), **more_fields},
            flavour=self.flavour,
            account=(self.acc_no_prefix, self.acc_no_postfix),
            tr_id=tr_id,
        )

        def send(values: dict, tr_cont: str) -> KisResponse:
            if call.method == "GET":
                return self._get(call.path, call.tr_id, values, tr_cont=tr_cont)
            return self._post(call.path, self._headers(call.tr_id), values)  # never paged, never sent twice

        return api_call.collect(call, send, max_pages=max_pages)

    # -- plumbing ----------------------------------------------------------------------------------
    def _headers(self, tr_id: str, tr_cont: str = "") -> dict[str, str]:
        return {
            "content-type": "application/json; charset=utf-8",
            "authorization": self.access_token,
            "appkey": self.api_key,
            "appsecret": self.api_secret,
            "tr_id": tr_id,
            "custtype": "P",  # P = individual customer
            "tr_cont": tr_cont,
        }

    def _get(self, path: str, tr_id: str, params: dict, tr_cont: str = "") -> KisResponse:
        """GET with the token; on EGW00123 (expired) renew the token once and try again."""
        try:
            return self.transport.request("GET", path, headers=self._headers(tr_id, tr_cont), params=params)
        except TokenExpiredError:
            self._renew_token(expired=self.access_token)
            return self.transport.request("GET", path, headers=self._headers(tr_id, tr_cont), params=params)

    def _post(self, path: str, headers: dict, body: dict) -> KisResponse:
        """POST an order with the token. Sent again only after a certain refusal (see create_order): EGW00201
        in the transport, and EGW00123 here after renewing the token once. Timeouts are never retried; a lost
        answer is an :class:`~kislearn.errors.OrderMaybePlacedError` that says to check before ordering again."""
        try:
            return self.transport.request("POST", path, headers=headers, json=body, order=True)
        except TokenExpiredError:
            self._renew_token(expired=self.access_token)
            headers = {**headers, "authorization": self.access_token}
            return self.transport.request("POST", path, headers=headers, json=body, order=True)

    def _require_domestic(self, what: str) -> None:
        if self.exchange != spec.DOMESTIC_EXCHANGE:
            raise NotCoveredError(
                f"{what}()는 이 코스에서 국내주식(exchange='서울')만 다룹니다. exchange={self.exchange!r}(해외시장)은 "
                "다루지 않습니다(not covered here): mojito2 원본이나 KIS 공식 예제를 참고하세요."
            )

    def __repr__(self) -> str:
        return (
            f"KoreaInvestment({'모의투자' if self.mock else '실전'}, base_url={self.base_url!r}, "
            f"api_key={mask_key(self.api_key)!r}, account={AccountNumber.parse(self.acc_no).masked()!r}, "
            f"access_token={mask_token(self.access_token)!r})"
        )


def _check_mock(mock: object) -> bool:
    """``mock`` is True (모의투자) or False (실전). A string such as ``"False"`` would count as True in Python."""
    if isinstance(mock, bool) or (isinstance(mock, int) and mock in (0, 1)):
        return bool(mock)
    raise InvalidArgumentError(
        f"mock은 True(모의투자) 또는 False(실전)입니다 (받은 값: {mock!r}, 형식 {type(mock).__name__}). "
        "따옴표 없이 mock=True 처럼 쓰세요. 문자열 'False'도 파이썬에서는 참(True)으로 여겨집니다."
    )


def _check_base_url(base_url: object, mock: bool) -> str:
    """A usable URL (see :func:`kislearn.addresses.check_base_url`). A sandbox URL says which server it
    plays (``…/paper`` or ``…/real``); ``mock`` must agree with it.

    Otherwise the token is issued fine and the first call fails with a puzzling EGW2004 (a real tr_id on
    the paper server), because ``mock`` defaults to False, as in mojito2.
    """
    base_url = check_base_url(base_url, "base_url")
    plays = base_url.rsplit("/", 1)[-1]
    if plays == "paper" and not mock:
        raise InvalidArgumentError(
            f"base_url {base_url!r}은(는) 모의투자 서버인데 mock=False(실전, 기본값)입니다. "
            "모의투자라면 KoreaInvestment(..., mock=True, base_url=...)처럼 mock=True를 함께 주세요."
        )
    if plays == "real" and mock:
        raise InvalidArgumentError(
            f"base_url {base_url!r}은(는) 실전 서버인데 mock=True(모의투자)입니다. 실전이면 mock=False로 두세요."
        )
    return base_url


def _token_cache(value: object) -> TokenCache:
    """A :class:`TokenCache`, or one for a folder (a ``str`` or a path); ``None`` = the per-user folder."""
    if isinstance(value, TokenCache):
        return value
    if value is None or isinstance(value, (str, os.PathLike)):
        return TokenCache(value)
    raise InvalidArgumentError(
        f"token_cache는 TokenCache, 폴더 경로(문자열이나 Path) 또는 None(기본 폴더)입니다 "
        f"(받은 값: {value!r}, 형식 {type(value).__name__}). 예: token_cache='my-tokens'"
    )


def _check_session(session: object) -> requests.Session | None:
    if session is None or isinstance(session, requests.Session):
        return session
    raise InvalidArgumentError(
        f"session은 requests.Session() 또는 None입니다 (받은 형식: {type(session).__name__}). 보통은 비워 두세요."
    )


def _required_text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{name}이(가) 비어 있습니다. KIS 개발자센터에서 받은 값을 문자열로 넣으세요.")
    return value.strip()


def _check_symbol(symbol: object) -> None:
    if isinstance(symbol, str) and _SYMBOL.fullmatch(symbol):  # fullmatch: no trailing newline either
        return
    if isinstance(symbol, int) and not isinstance(symbol, bool):
        why = "파이썬에서 숫자로 쓰면 앞의 0이 사라집니다. 따옴표 안에 문자열로 적으세요"
    else:
        why = "앞의 0까지 6자리를 모두 적으세요 (5930이 아니라 005930)"
    raise InvalidArgumentError(
        f"종목코드(symbol) {symbol!r}이(가) 올바르지 않습니다. 종목코드는 6자리 숫자 문자열입니다 "
        f"(예: '005930'; ETN은 'Q' + 6자리). {why}."
    )


def _check_count(name: str, value: object, unit: str) -> None:
    """A quantity or a price: a whole number of 1 or more (not a bool, a float or a string)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(
            f"{name}은(는) 1 이상의 정수(int)여야 합니다 (받은 값: {value!r}, 형식 {type(value).__name__}). "
            f"예: 3{unit} → 3. 소수나 문자열은 받지 않습니다."
        )


def _check_exchange(exchange: str) -> str:
    if exchange == spec.DOMESTIC_EXCHANGE or exchange in spec.OVERSEAS_EXCHANGES:
        return exchange
    choices = ", ".join([spec.DOMESTIC_EXCHANGE, *spec.OVERSEAS_EXCHANGES])
    raise InvalidArgumentError(f"exchange {exchange!r}을(를) 알 수 없습니다. mojito2와 같은 값 중 하나: {choices}")


def _field(answer: KisResponse, name: str):
    """A field of a successful answer, or a clear error if the server left it out."""
    try:
        return answer.body[name]
    except KeyError:
        raise KisResponseError(
            f"응답에 '{name}' 항목이 없습니다 (tr_id={answer.tr_id}). 받은 항목: {', '.join(answer.body)}",
            tr_id=answer.tr_id,
            status=answer.status,
        ) from None
