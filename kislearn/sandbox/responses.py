"""How the sandbox's answers look: headers, the rt_cd/msg_cd/msg1 envelope, errors, and balance pages.

Every answer is JSON (``content-type: application/json; charset=utf-8``) with the lower-case headers
``tr_id``, ``tr_cont`` and ``gt_uid`` that KIS sends. ``msg1`` is padded with spaces to 80 bytes counted in
CP949, and ``ctx_area_fk100``/``ctx_area_nk100`` to 100 characters, as KIS does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid

from flask import Response

from kislearn import spec

# ---------------------------------------------------------------------------------------------------
# The sandbox's own error codes (prefix SBX): answers KIS documents nowhere. # sandbox's choice
# (msg_cd, msg1, HTTP status), like the tuples in kislearn.spec.
# ---------------------------------------------------------------------------------------------------
SBX_NO_TR_ID = ("SBX00001", "[샌드박스] tr_id 헤더가 없습니다.", 500)
SBX_PAPER_TR_ON_REAL = ("SBX00002", "[샌드박스] 실전 서버에 모의투자 tr_id를 보냈습니다.", 500)
SBX_TR_ID_NOT_FOR_PATH = ("SBX00003", "[샌드박스] 이 API의 tr_id가 아닙니다.", 500)
SBX_BAD_GRANT_TYPE = ("SBX00004", "[샌드박스] grant_type은 client_credentials여야 합니다.", 403)
SBX_BAD_JSON = ("SBX00005", "[샌드박스] 요청 본문이 JSON 객체가 아닙니다.", 400)
SBX_BAD_MARKET = ("SBX00010", "[샌드박스] 시장코드(FID_COND_MRKT_DIV_CODE)는 J, NX, UN 중 하나입니다.", 200)
SBX_UNKNOWN_SYMBOL = ("SBX00011", "[샌드박스] 샘플 데이터에 없는 종목코드입니다: {symbol}", 200)
SBX_RESET_OK = ("SBX00100", "[샌드박스] 이 앱키의 계좌를 샘플 상태로 되돌렸습니다.")
SBX_ORDERS_OK = ("SBX00101", "[샌드박스] 이 앱키의 주문 목록입니다.")
SBX_NOT_FOUND = ("SBX00404", "샌드박스가 지원하지 않는 API입니다: {method} {path}", 404)
SBX_NO_FLAVOUR = (
    "SBX00406",
    "[샌드박스] 주소에 서버 종류가 없습니다: {path}. 기본 주소(base URL) 끝에 /paper(모의투자) "
    "또는 /real(실전)을 붙이세요. 예: http://127.0.0.1:8434/paper",
    404,
)
SBX_METHOD_NOT_ALLOWED = ("SBX00405", "샌드박스: 이 API는 {method} 요청을 받지 않습니다: {path}", 405)
SBX_INTERNAL_ERROR = ("SBX00500", "[샌드박스] 내부 오류입니다. 샌드박스를 띄운 터미널의 로그를 보세요.", 500)


class Refusal(Exception):
    """A failed check. The views raise it; ``app.py`` turns it into a KIS-shaped answer."""

    def __init__(self, msg_cd: str, msg1: str, status: int, rt_cd: str = "1", extra: dict | None = None):
        super().__init__(f"{msg_cd} {msg1}")
        self.msg_cd = msg_cd
        self.msg1 = msg1
        self.status = status
        self.rt_cd = rt_cd
        self.extra = extra or {}

    @classmethod
    def from_spec(cls, entry: tuple, rt_cd: str = "1", extra: dict | None = None, **fill) -> Refusal:
        """Build from a ``(msg_cd, msg1, status)`` tuple; ``fill`` fills ``{placeholders}`` in msg1."""
        msg_cd, msg1, status = entry
        return cls(msg_cd, msg1.format(**fill) if fill else msg1, status, rt_cd, extra)

    def envelope(self) -> dict:
        """The usual ``{"rt_cd", "msg_cd", "msg1"}`` body of a /uapi answer."""
        return {"rt_cd": self.rt_cd, "msg_cd": self.msg_cd, "msg1": pad_msg1(self.msg1), **self.extra}

    def oauth_body(self) -> dict:
        """The OAuth-style body the /oauth2 endpoints use for errors."""
        return {"error_description": self.msg1, "error_code": self.msg_cd}


def pad_msg1(text: str) -> str:
    """Pad ``text`` with spaces to 80 bytes counted in CP949 (Korean letters count 2). Longer text is kept whole."""
    width = len(text.encode("cp949", errors="replace"))
    return text + " " * max(0, spec.MSG1_WIDTH_BYTES - width)


def pad_ctx(text: str) -> str:
    """Pad a ctx_area_fk100 / ctx_area_nk100 value with spaces to 100 characters."""
    return text.ljust(spec.CTX_FIELD_WIDTH)


def new_gt_uid() -> str:
    """A fresh 32-character Global UID for the ``gt_uid`` header."""
    return uuid.uuid4().hex


def kis_response(body: dict, status: int = 200, tr_id: str = "", tr_cont: str = "") -> Response:
    """A JSON answer with KIS's lower-case headers (the official sample reads only lower-case names)."""
    headers = [
        ("content-type", "application/json; charset=utf-8"),
        ("tr_id", tr_id),
        ("tr_cont", tr_cont),
        ("gt_uid", new_gt_uid()),
    ]
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers)


def hashkey_of(body: dict, appsecret: str) -> str:
    """The ``HASH`` of a hashkey answer: HMAC-SHA256 keyed with the app secret over the body written as
    canonical JSON (keys sorted, no spaces), as 64 hex digits. KIS's own recipe is unpublished. # sandbox's choice"""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(appsecret.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------------
# 주식잔고조회 pages
# ---------------------------------------------------------------------------------------------------
ZERO_RATE = "0.00000000"


def balance_fk100(cano: str, product_code: str, query: dict) -> str:
    """The ``ctx_area_fk100`` of a balance answer: the search conditions, like the official example
    ``"81055689^01^N^N^01^01^N^"`` (CANO, ACNT_PRDT_CD, AFHR_FLPR_YN, OFL_YN, INQR_DVSN, UNPR_DVSN,
    FUND_STTL_ICLD_YN), padded to 100 characters."""
    parts = [
        cano,
        product_code,
        query.get("AFHR_FLPR_YN", ""),
        query.get("OFL_YN", "") or "N",
        query.get("INQR_DVSN", ""),
        query.get("UNPR_DVSN", ""),
        query.get("FUND_STTL_ICLD_YN", ""),
    ]
    return pad_ctx("^".join(parts) + "^")


def balance_nk100(cano: str, product_code: str, next_row: int | None) -> str:
    """The ``ctx_area_nk100``: where the next page starts, e.g. ``"50010002^01^20^"``; spaces on the last page.
    The format is the sandbox's own. # sandbox's choice"""
    if next_row is None:
        return pad_ctx("")
    return pad_ctx(f"{cano}^{product_code}^{next_row}^")


def read_nk100(text: str, cano: str, product_code: str) -> int | None:
    """The row a continuation asks for, or None when ``text`` is not an nk100 of this account."""
    parts = text.strip().split("^")
    if len(parts) != 4 or parts[0] != cano or parts[1] != product_code or parts[3] != "":
        return None
    if not parts[2].isdigit():
        return None
    return int(parts[2])


def page_tr_cont(is_first: bool, has_more: bool) -> str:
    """The response header ``tr_cont`` of a page. KIS: F/M = more to come, D/E = last; which letter when is
    UNCONFIRMED. The sandbox: F first of several, M middle, E last of several, D the only page. # sandbox's choice"""
    if has_more:
        return "F" if is_first else "M"
    return "D" if is_first else "E"


def real_flavour_rows(rows: list, summary: dict) -> tuple:
    """Real accounts show zeros in the two officially unused rate fields (paper shows percentages)."""
    rows = [{**row, "evlu_erng_rt": ZERO_RATE} if "evlu_erng_rt" in row else row for row in rows]
    if "asst_icdc_erng_rt" in summary:
        summary = {**summary, "asst_icdc_erng_rt": ZERO_RATE}
    return rows, summary


def balance_page(account, flavour: str, start: int, rows_per_page: int, fk100: str) -> tuple:
    """One page of 주식잔고조회 for ``account`` from row ``start``; returns ``(body, tr_cont)``.

    Every page carries the account's one summary in ``output2``.
    """
    rows, summary = account.output1, account.summary
    if flavour == "real":
        rows, summary = real_flavour_rows(rows, summary)
    end = start + rows_per_page
    has_more = end < len(rows)
    msg_cd, msg1 = spec.BALANCE_OK[flavour]
    body = {
        "ctx_area_fk100": fk100,
        "ctx_area_nk100": balance_nk100(account.cano, account.product_code, end if has_more else None),
        "output1": rows[start:end],
        "output2": [summary],
        "rt_cd": "0",
        "msg_cd": msg_cd,
        "msg1": pad_msg1(msg1),
    }
    return body, page_tr_cont(is_first=(start == 0), has_more=has_more)


def price_body(price) -> dict:
    """The body of a 주식현재가 시세 answer."""
    msg_cd, msg1 = spec.PRICE_OK
    return {"output": price.output, "rt_cd": "0", "msg_cd": msg_cd, "msg1": pad_msg1(msg1)}
