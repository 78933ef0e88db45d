"""How the sandbox's answers look: headers, the rt_cd/msg_cd/msg1 envelope, errors, and balance pages.

Every answer is JSON (``Content-Type: application/json; charset=utf-8``, capitalised as HTTPS servers send it)
with the lower-case headers ``tr_id``, ``tr_cont`` and ``gt_uid`` that the spec prints. The official sample
client (``kis_auth.APIResp``) turns every all-lower-case response header name into a ``namedtuple`` field, so
each lower-case name must be a valid Python identifier: ``tr_id`` is, ``content-type`` is not.
``msg1`` is padded with spaces to 80 bytes counted in CP949, and ``ctx_area_fk100``/``ctx_area_nk100`` to 100
characters, as the course's facts record KIS answers. The sandbox's own codes (SBX…) are in :mod:`kislearn.sbx_codes`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from datetime import datetime

from flask import Response, request

from kislearn import spec
from kislearn.sbx_codes import SbxCode


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
    def from_spec(cls, entry: tuple | SbxCode, rt_cd: str = "1", extra: dict | None = None, **fill) -> Refusal:
        """Build from a ``(msg_cd, msg1, status)`` tuple of :mod:`kislearn.spec` or an
        :class:`~kislearn.sbx_codes.SbxCode`; ``fill`` fills ``{placeholders}`` in msg1."""
        msg_cd, msg1, status = entry.entry if isinstance(entry, SbxCode) else entry
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


JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def kis_headers(tr_id: str = "", tr_cont: str = "") -> list:
    """The headers of every answer: ``Content-Type`` capitalised, then the spec's lower-case ``tr_id``,
    ``tr_cont`` and ``gt_uid`` (the official sample copies exactly the all-lower-case names)."""
    return [("Content-Type", JSON_CONTENT_TYPE), ("tr_id", tr_id), ("tr_cont", tr_cont), ("gt_uid", new_gt_uid())]


def kis_response(body: dict, status: int = 200, tr_id: str = "", tr_cont: str = "") -> Response:
    """A JSON answer with KIS's headers (see :func:`kis_headers`)."""
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=kis_headers(tr_id, tr_cont))


def answer(body: dict, status: int = 200, tr_cont: str = "") -> Response:
    """The answer to the current request: KIS-shaped, echoing the request's tr_id."""
    return kis_response(body, status, tr_id=request.headers.get("tr_id", ""), tr_cont=tr_cont)


def sandbox_message(code: SbxCode, **extra) -> dict:
    """The envelope of a sandbox-only answer that is not an error (reset, order list, the clock)."""
    return {"rt_cd": "0", "msg_cd": code.code, "msg1": pad_msg1(code.msg1), **extra}


def ok_envelope(entry: tuple) -> dict:
    """``{"rt_cd": "0", "msg_cd", "msg1"}`` of a success ``(msg_cd, msg1)`` from :mod:`kislearn.spec`."""
    msg_cd, msg1 = entry[0], entry[1]
    return {"rt_cd": "0", "msg_cd": msg_cd, "msg1": pad_msg1(msg1)}


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


def balance_nk100(account, next_row: int | None, moment: datetime | None = None) -> str:
    """The ``ctx_area_nk100``: where the next page starts, which state of the account (``account.snapshot``, see
    ``Ledger.balance``) page 1 came from and the market moment its prices are of, e.g.
    ``"50010003^01^20^3f2a9c1e^20261120153000^"``; spaces on the last page. Every page of one read is valued at
    page 1's moment, so the pages add up even while prices move. The format is the sandbox's own: KIS's content
    is unpublished, and clients send it back untouched. # sandbox's choice"""
    if next_row is None:
        return pad_ctx("")
    when = f"{moment:%Y%m%d%H%M%S}^" if moment is not None else ""
    return pad_ctx(f"{account.cano}^{account.product_code}^{next_row}^{account.snapshot}^{when}")


_NK100 = re.compile(r"([0-9]{8})\^([0-9]{2})\^([0-9]{1,6})\^([0-9a-f]{8})\^(?:([0-9]{14})\^)?", re.ASCII)


def read_nk100(text: str, account) -> tuple | None:
    """``(row, snapshot, moment)`` a continuation of ``account`` asks for (``moment`` None when the key has none),
    or None when ``text`` is not one of its keys."""
    found = _NK100.fullmatch(text.strip())
    if found is None or found[1] != account.cano or found[2] != account.product_code:
        return None
    moment = None
    if found[5]:
        try:
            moment = datetime.strptime(found[5], "%Y%m%d%H%M%S").replace(tzinfo=spec.KST)
        except ValueError:
            return None
    return int(found[3]), found[4], moment


def page_tr_cont(is_first: bool, has_more: bool) -> str:
    """The response header ``tr_cont`` of a page. The spec: "F or M : 다음 데이터 있음, D or E : 마지막 데이터";
    which letter when is not published. The evidence points to ``M`` for "more to come" on every page, the
    first one included: the spec's own request-header text ("N : 다음 데이터 조회 (output header의 tr_cont가 M일
    경우)"), a user's log of the first page of a real account (Soju06/python-kis issue #20: ``tr_cont == "M"``),
    and the official samples, most of whose loops continue on ``M`` only. So: ``M`` while pages follow.
    The last page is ``D`` when it is the only one and ``E`` after a continuation. # sandbox's choice (D/E)"""
    if has_more:
        return "M"
    return "D" if is_first else "E"


def real_flavour_rows(rows: list, summary: dict) -> tuple:
    """Real accounts show zeros in the two officially unused rate fields (paper shows percentages)."""
    rows = [{**row, "evlu_erng_rt": ZERO_RATE} if "evlu_erng_rt" in row else row for row in rows]
    if "asst_icdc_erng_rt" in summary:
        summary = {**summary, "asst_icdc_erng_rt": ZERO_RATE}
    return rows, summary


def balance_page(
    account, flavour: str, start: int, rows_per_page: int, fk100: str, moment: datetime | None = None
) -> tuple:
    """One page of 주식잔고조회 for ``account`` (valued at ``moment``) from row ``start``; returns ``(body, tr_cont)``.

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
        "ctx_area_nk100": balance_nk100(account, end if has_more else None, moment),
        "output1": rows[start:end],
        "output2": [summary],
        "rt_cd": "0",
        "msg_cd": msg_cd,
        "msg1": pad_msg1(msg1),
    }
    return body, page_tr_cont(is_first=(start == 0), has_more=has_more)


PRODUCT_INFO_FIELDS = (  # 상품기본조회 output, in the sheet's order
    "pdno", "prdt_type_cd", "prdt_name", "prdt_name120", "prdt_abrv_name", "prdt_eng_name", "prdt_eng_name120",
    "prdt_eng_abrv_name", "std_pdno", "shtn_pdno", "prdt_sale_stat_cd", "prdt_risk_grad_cd", "prdt_clsf_cd",
    "prdt_clsf_name", "sale_strt_dt", "sale_end_dt", "wrap_asst_type_cd", "ivst_prdt_type_cd",
    "ivst_prdt_type_cd_name", "frst_erlm_dt",
)  # fmt: skip
STOCK_PRODUCT_TYPE = "300"  # PRDT_TYPE_CD 300 주식


def product_info_body(price) -> dict:
    """The body of a 상품기본조회 answer for a sample stock. The sample data knows its code and Korean name only,
    so every other field is blank (KIS fills English names, the ISIN in std_pdno, classes...). # sandbox's choice"""
    known = {
        "pdno": price.symbol,
        "prdt_type_cd": STOCK_PRODUCT_TYPE,
        "prdt_name": price.name,
        "prdt_name120": price.name,
        "prdt_abrv_name": price.name,
        "shtn_pdno": price.symbol,
    }
    msg_cd, msg1 = spec.PRODUCT_INFO_OK
    output = {name: known.get(name, "") for name in PRODUCT_INFO_FIELDS}
    return {"output": output, "rt_cd": "0", "msg_cd": msg_cd, "msg1": pad_msg1(msg1)}


def price_body(output: dict) -> dict:
    """The body of a 주식현재가 시세 answer (``output``: the quote of the moment, ``Market.quote``)."""
    msg_cd, msg1 = spec.PRICE_OK
    return {"output": output, "rt_cd": "0", "msg_cd": msg_cd, "msg1": pad_msg1(msg1)}
