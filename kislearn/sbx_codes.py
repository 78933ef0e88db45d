"""The sandbox's own answer codes (prefix ``SBX``), in one table: answers KIS documents nowhere.

Every code here is the sandbox's choice (# sandbox's choice): KIS's own codes live in :mod:`kislearn.spec`.
The sandbox answers with these codes; the client side reads them (which ones are order refusals, and a hint
for the learner). So this module is client-neutral: it imports nothing from either side.

    from kislearn import sbx_codes

    sbx_codes.UNKNOWN_SYMBOL_QUOTE.code      # "SBX00011"
    sbx_codes.UNKNOWN_SYMBOL_QUOTE.entry     # ("SBX00011", "[샌드박스] ... {symbol}", 200), like kislearn.spec's tuples
    sbx_codes.ORDER_REFUSALS                 # the codes the client raises as OrderRejectedError
    sbx_codes.HINTS                          # {"SBX00032": "주문가능금액 ...", ...}

Numbering: 00001–00009 the request itself, 00010–00019 quotes and charts, 00020–00039 orders, 00040–00049 the
market clock, 00100– answers that are not errors, and 00400–00599 HTTP-level answers (the HTTP status in the
number).
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_SYMBOLS_HINT = (
    "샘플 종목을 쓰세요: 005930 삼성전자, 000660 SK하이닉스, 035420 NAVER, 012330 현대모비스 … "
    "(모두 보기: kislearn.sandbox.sample_symbols())"
)


@dataclass(frozen=True)
class SbxCode:
    """One sandbox code: ``msg1`` may hold ``{placeholders}``; ``status`` is the HTTP status it comes with."""

    code: str
    msg1: str
    status: int = 200
    hint: str = ""  # what a learner should do, in Korean (shown by kislearn's exceptions)
    order_refusal: bool = False  # the client raises kislearn.OrderRejectedError for it

    @property
    def entry(self) -> tuple:
        """``(msg_cd, msg1, status)``, the shape of the error tuples in :mod:`kislearn.spec`."""
        return (self.code, self.msg1, self.status)


def _order(code: str, msg1: str, hint: str = "") -> SbxCode:
    """An order refusal: rt_cd "1", HTTP 200, like the paper host's own refusals in users' logs."""
    return SbxCode(code, msg1, 200, hint, order_refusal=True)


# -- the request itself ------------------------------------------------------------------------------
NO_TR_ID = SbxCode("SBX00001", "[샌드박스] tr_id 헤더가 없습니다.", 500)
PAPER_TR_ON_REAL = SbxCode("SBX00002", "[샌드박스] 실전 서버에 모의투자 tr_id를 보냈습니다.", 500)
TR_ID_NOT_FOR_PATH = SbxCode("SBX00003", "[샌드박스] 이 API의 tr_id가 아닙니다.", 500)
BAD_GRANT_TYPE = SbxCode("SBX00004", "[샌드박스] grant_type은 client_credentials여야 합니다.", 403)
BAD_JSON = SbxCode("SBX00005", "[샌드박스] 요청 본문이 JSON 객체가 아닙니다.", 400)
MALFORMED_VALUE = SbxCode(
    "SBX00006",
    "[샌드박스] 요청 값 {field}의 형식이 명세와 다릅니다: 영문·숫자·기호로 {length}자 이내여야 합니다 (malformed value).",
    400,
    "명세서의 길이(Length)보다 길거나, 영문·숫자가 아닌 글자가 든 값을 보냈습니다. 받은 연속조회키(ctx_area_*)는 "
    "고치지 말고 그대로 돌려보내세요.",
)
FORGED_TOKEN = SbxCode(
    "SBX00007",
    "[샌드박스] 접근토큰의 내용(claims)이 샌드박스가 발급하는 형식이 아닙니다: exp(만료 시각)가 범위를 벗어났습니다.",
    400,
    "샌드박스가 발급한 접근토큰을 그대로 쓰세요(issue_access_token).",
)
CONTROL_FROM_BROWSER = SbxCode(
    "SBX00008",
    "[샌드박스] 제어 요청(/sandbox/...)은 브라우저에서 받지 않습니다. Content-Type: application/json으로, "
    "Origin 헤더 없이 보내세요 (control request refused).",
    403,
)
BAD_CUSTTYPE = SbxCode(
    "SBX00009",
    "[샌드박스] custtype 헤더는 P(개인) 또는 B(법인)입니다 (받은 값: {custtype}).",
    500,
    '개인 고객은 custtype: "P"를 보내세요. 보내지 않아도 됩니다.',
)

# -- quotes ------------------------------------------------------------------------------------------
BAD_MARKET = SbxCode("SBX00010", "[샌드박스] 시장코드(FID_COND_MRKT_DIV_CODE)는 J, NX, UN 중 하나입니다.", 200)
UNKNOWN_SYMBOL_QUOTE = SbxCode(
    "SBX00011",
    "[샌드박스] 샘플 데이터에 없는 종목코드입니다: {symbol}",
    200,
    "샌드박스의 샘플 데이터에 없는 종목입니다. " + SAMPLE_SYMBOLS_HINT,
)

BAD_CHART_REQUEST = SbxCode(
    "SBX00012",
    "[샌드박스] 시세 조회 값이 잘못되었습니다: {reason}",
    200,
    "요청 값(FID_...)을 명세서의 예처럼 보내세요: 날짜는 YYYYMMDD, 시각은 HHMMSS, 기간은 D·W·M·Y.",
)

# -- orders (주식주문(현금), 주식주문(정정취소)) ---------------------------------------------------------------
_CASH_HINT = (
    "주문가능금액(orderable cash)이 모자랍니다. 시장가 매수는 상한가로 주문금액을 잡으니, 현금이 빠듯하면 "
    "지정가로 주문하거나 수량을 줄이세요."
)
_NO_HOLDING_HINT = "팔려는 종목을 갖고 있지 않습니다. fetch_balance()의 output1에서 보유수량(hldg_qty)을 확인하세요."
_TICK_HINT = "주문단가가 호가단위(tick)의 배수가 아닙니다. 현재가 응답의 aspr_unit이 그 가격대의 호가단위입니다."

KEY_NOT_UPPER = _order("SBX00020", "[샌드박스] 주문 본문의 키는 대문자로 적어야 합니다: {key}")
VALUE_NOT_STRING = _order("SBX00021", "[샌드박스] 주문 본문의 값은 모두 문자열이어야 합니다: {key}={value!r}")
DIVISION_NOT_SUPPORTED = _order(
    "SBX00022", "[샌드박스] 주문구분(ORD_DVSN) {code}({name})은 지원하지 않습니다. 00 지정가, 01 시장가만 됩니다."
)
PAPER_KRX_ONLY = _order("SBX00023", "[샌드박스] 모의투자는 KRX 주문만 됩니다: EXCG_ID_DVSN_CD={code}")
KRX_ONLY = _order("SBX00024", "[샌드박스] 샌드박스는 KRX 주문만 흉내 냅니다: EXCG_ID_DVSN_CD={code}")
SELL_TYPE = _order("SBX00025", "[샌드박스] 매도유형(SLL_TYPE) {code}은 지원하지 않습니다. 01 일반매도만 됩니다.")
UNKNOWN_SYMBOL_ORDER = _order(
    "SBX00026",
    "[샌드박스] 샘플 데이터에 없는 종목코드입니다(주문불가): {symbol}",
    "샌드박스의 샘플 데이터에 없는 종목입니다. " + SAMPLE_SYMBOLS_HINT,
)
BAD_QUANTITY = _order(
    "SBX00027",
    "[샌드박스] 주문수량(ORD_QTY)은 1 이상의 정수(ASCII 숫자 0-9)여야 합니다: {value!r}",
    '주문수량은 "3"처럼 반각 숫자(0-9)만 쓴 문자열입니다. 전각 숫자(３)나 다른 글자는 받지 않습니다.',
)
MARKET_PRICE = _order("SBX00028", '[샌드박스] 시장가(01) 주문의 주문단가(ORD_UNPR)는 "0"이어야 합니다: {value!r}')
BAD_PRICE = _order(
    "SBX00029",
    "[샌드박스] 지정가(00) 주문단가(ORD_UNPR)는 1 이상의 정수(ASCII 숫자 0-9)여야 합니다: {value!r}",
    '주문단가는 "97400"처럼 반각 숫자(0-9)만 쓴 문자열입니다. 전각 숫자(９７４００)나 쉼표는 받지 않습니다.',
)
OFF_TICK = _order(
    "SBX00030", "[샌드박스] 호가단위 오류: {price:,}원은 호가단위 {tick:,}원의 배수가 아닙니다.", _TICK_HINT
)
OUT_OF_LIMITS = _order(
    "SBX00031",
    "[샌드박스] 주문단가 {price:,}원이 가격제한폭(하한가 {lower:,}원 ~ 상한가 {upper:,}원) 밖입니다.",
    "주문단가가 오늘의 하한가(stck_llam)~상한가(stck_mxpr) 밖입니다. fetch_price()로 확인하세요.",
)
NOT_ENOUGH_CASH = _order(
    "SBX00032", "[샌드박스] 주문가능금액 부족: 필요 {needed:,}원, 주문가능 {available:,}원", _CASH_HINT
)
NO_HOLDING = _order("SBX00033", "[샌드박스] 잔고내역이 없습니다: {symbol}을(를) 갖고 있지 않습니다.", _NO_HOLDING_HINT)
NOT_ENOUGH_SHARES = _order(
    "SBX00034",
    "[샌드박스] 매도가능수량 부족: 주문 {quantity:,}주, 매도가능 {orderable:,}주",
    "매도가능수량(ord_psbl_qty)보다 많이 팔려 했습니다. 미체결 매도주문에 묶인 수량은 다시 팔 수 없습니다.",
)
BAD_HASHKEY = _order(
    "SBX00035", "[샌드박스] hashkey 헤더가 주문 본문과 맞지 않습니다. 보낼 본문 그대로 /uapi/hashkey를 부르세요."
)
NOTHING_TO_REVISE = _order(
    "SBX00036",
    "[샌드박스] 정정/취소할 수량이 없습니다: 주문번호 {odno}",
    "이미 모두 체결되었거나, 취소·정정되었거나, 그날 장이 끝나 소멸한 주문입니다. 주식일별주문체결조회로 그 주문의 "
    "잔여수량(rmn_qty)을 확인하세요.",
)
TOO_MANY_TO_REVISE = _order(
    "SBX00037",
    "[샌드박스] 정정/취소 수량 {quantity:,}주가 남은 수량 {remaining:,}주보다 많습니다.",
    "남은 수량 전부를 바꾸려면 QTY_ALL_ORD_YN을 Y로 보내세요. 정정취소가능수량(psbl_qty)은 주식정정취소가능주문조회"
    "(실전)나 주식일별주문체결조회의 잔여수량(rmn_qty)으로 확인합니다.",
)

# -- the market clock (/sandbox/clock) -----------------------------------------------------------------
BAD_CLOCK = SbxCode(
    "SBX00040",
    "[샌드박스] 시계를 그렇게 움직일 수 없습니다 (clock refused): {reason}",
    400,
    '본문은 {"advance_seconds": 60} 또는 {"set": "2026-12-02T10:00:00+09:00"}처럼 보내세요. 시계는 앞으로만 갑니다.',
)

# -- answers that are not errors ---------------------------------------------------------------------
RESET_OK = SbxCode("SBX00100", "[샌드박스] 이 앱키의 계좌를 샘플 상태로 되돌렸습니다.")
ORDERS_OK = SbxCode("SBX00101", "[샌드박스] 이 앱키의 주문 목록입니다.")
CLOCK_OK = SbxCode("SBX00102", "[샌드박스] 샌드박스 시장의 시계입니다 (market clock).")

# -- HTTP-level answers (the status is in the number) ------------------------------------------------
NOT_FOUND = SbxCode("SBX00404", "샌드박스가 지원하지 않는 API입니다: {method} {path}", 404)
METHOD_NOT_ALLOWED = SbxCode("SBX00405", "샌드박스: 이 API는 {method} 요청을 받지 않습니다: {path}", 405)
WEBSOCKET_ONLY = SbxCode(
    "SBX00426", "[샌드박스] 이 포트는 실시간 웹소켓(WebSocket) 전용입니다: ws:// 주소로 연결하세요.", 426
)
INTERNAL_ERROR = SbxCode("SBX00500", "[샌드박스] 내부 오류입니다. 샌드박스를 띄운 터미널의 로그를 보세요.", 500)
# Answers the HTTP server itself gives before the request reaches the routes (see sandbox/http_server.py).
HTTP_ERROR = SbxCode("SBX00{status}", "[샌드박스] HTTP 요청을 처리할 수 없습니다: {status} {reason}", 400)

ALL = [value for value in dict(globals()).values() if isinstance(value, SbxCode) and value is not HTTP_ERROR]
ORDER_REFUSALS = frozenset(code.code for code in ALL if code.order_refusal)
HINTS = {code.code: code.hint for code in ALL if code.hint}
