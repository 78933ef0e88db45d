"""KIS Open API facts the course relies on, in one place.

Everything here comes from the official specification workbook (2026-04-12 edition) as summarised in
``shared/kis-spec/README.md``. The client and the sandbox both import these names, so a fact is written
down exactly once. Where the official documents are silent, the value is marked ``# sandbox's choice``.
"""

from __future__ import annotations

from datetime import timedelta, timezone

# Korea has no daylight saving time, so a fixed +09:00 offset is exact (and needs no tz database).
KST = timezone(timedelta(hours=9), name="KST")

# ---------------------------------------------------------------------------------------------------
# Hosts
# ---------------------------------------------------------------------------------------------------
REAL_URL = "https://openapi.koreainvestment.com:9443"  # 실전투자
PAPER_URL = "https://openapivts.koreainvestment.com:29443"  # 모의투자
REAL_WS_URL = "ws://ops.koreainvestment.com:21000"  # 실시간 (WebSocket), 실전
PAPER_WS_URL = "ws://ops.koreainvestment.com:31000"  # 실시간 (WebSocket), 모의투자

# ---------------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------------
TOKEN_PATH = "/oauth2/tokenP"  # 접근토큰발급(P)
REVOKE_PATH = "/oauth2/revokeP"  # 접근토큰폐기(P)
APPROVAL_PATH = "/oauth2/Approval"  # 실시간 (웹소켓) 접속키 발급: body grant_type, appkey, secretkey
HASHKEY_PATH = "/uapi/hashkey"  # Hashkey
BALANCE_PATH = "/uapi/domestic-stock/v1/trading/inquire-balance"  # 주식잔고조회
PRICE_PATH = "/uapi/domestic-stock/v1/quotations/inquire-price"  # 주식현재가 시세
ORDER_PATH = "/uapi/domestic-stock/v1/trading/order-cash"  # 주식주문(현금), POST
PRODUCT_INFO_PATH = "/uapi/domestic-stock/v1/quotations/search-info"  # 상품기본조회 (the sheet: 모의투자 미지원)

# ---------------------------------------------------------------------------------------------------
# Transaction ids (tr_id), by flavour of server: "real" (실전) or "paper" (모의)
# ---------------------------------------------------------------------------------------------------
FLAVOURS = ("real", "paper")
BALANCE_TR_ID = {"real": "TTTC8434R", "paper": "VTTC8434R"}
PRICE_TR_ID = {"real": "FHKST01010100", "paper": "FHKST01010100"}
PRODUCT_INFO_TR_ID = {"real": "CTPF1604R"}  # real only
# 주식주문(현금): one tr_id per side. The sheet: "구TR은 사전고지 없이 막힐 수 있으므로 반드시 신TR로 변경".
ORDER_TR_ID = {
    "real": {"buy": "TTTC0012U", "sell": "TTTC0011U"},
    "paper": {"buy": "VTTC0012U", "sell": "VTTC0011U"},
}
ORDER_OLD_TR_ID = {  # the old ids, which mojito2 0.1.6 still sends
    "real": {"buy": "TTTC0802U", "sell": "TTTC0801U"},
    "paper": {"buy": "VTTC0802U", "sell": "VTTC0801U"},
}

# ---------------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------------
CALLS_PER_SECOND = {"real": 20, "paper": 2}  # REST calls per second; over → EGW00201
BALANCE_ROWS_PER_PAGE = {"real": 50, "paper": 20}  # output1 rows per page of 주식잔고조회
TOKEN_LIFETIME = timedelta(hours=24)  # access_token lives 24 h
TOKEN_REUSE_WINDOW = timedelta(hours=6)  # asked again within 6 h → the same token comes back
TOKEN_ISSUE_INTERVAL = timedelta(minutes=1)  # one issuance a minute; sooner → EGW00133 (HTTP 403)

APP_KEY_LENGTH = 36
APP_SECRET_LENGTH = 180

# ---------------------------------------------------------------------------------------------------
# Paging (response header tr_cont)
# ---------------------------------------------------------------------------------------------------
MORE_PAGES = ("F", "M")  # 다음 데이터 있음
LAST_PAGE = ("D", "E")  # 마지막 데이터
NEXT_PAGE_REQUEST = "N"  # request header tr_cont for the next page
CTX_FIELD_WIDTH = 100  # ctx_area_fk100 / ctx_area_nk100 are space-padded to 100 characters
DAILY_ORDER_ROWS_PER_PAGE = {"real": 100, "paper": 15}  # 주식일별주문체결조회 (the sheet's summary)
REVISABLE_ROWS_PER_PAGE = 50  # 주식정정취소가능주문조회, real only (the sheet's summary)
MSG1_WIDTH_BYTES = 80  # msg1 is space-padded to 80 bytes measured in CP949

# ---------------------------------------------------------------------------------------------------
# Messages: (msg_cd, msg1, HTTP status). Status None = the official documents do not say.
# ---------------------------------------------------------------------------------------------------
BALANCE_OK = {  # real: the official example; paper: users' recordings
    "real": ("KIOK0510", "조회가 완료되었습니다"),
    "paper": ("20310000", "모의투자 조회가 완료되었습니다."),
}
PRICE_OK = ("MCA00000", "정상처리 되었습니다!")
PRODUCT_INFO_OK = ("KIOK0530", "조회되었습니다")  # the sheet's example
ORDER_OK = {  # real: the official example; paper: users' logs
    "real": {"buy": ("APBK0013", "주문 전송 완료 되었습니다."), "sell": ("APBK0013", "주문 전송 완료 되었습니다.")},
    "paper": {
        "buy": ("40600000", "모의투자 매수주문이 완료 되었습니다."),
        "sell": ("40590000", "모의투자 매도주문이 완료 되었습니다."),
    },
}
# 주식주문(정정취소): real, the sheet's example; paper, users' logs (정정 40620000, 취소 40630000)
REVISION_OK = {
    "real": {
        "modify": ("APBK0013", "주문 전송 완료 되었습니다."),
        "cancel": ("APBK0013", "주문 전송 완료 되었습니다."),
    },
    "paper": {
        "modify": ("40620000", "모의투자 정정주문이 완료 되었습니다."),
        "cancel": ("40630000", "모의투자 취소주문이 완료 되었습니다."),
    },
}
# 주식일별주문체결조회, 매수가능조회, 주식정정취소가능주문조회: real, their sheets' examples (KIOK0510); paper, the
# balance's recorded answer (sandbox's choice: no public record of these APIs' paper answers)
INQUIRY_OK = BALANCE_OK
SELLABLE_OK = ("KIOK0420", "정상적으로 조회되었습니다")  # 매도가능수량조회 (real only): the sheet's example
CHART_OK = PRICE_OK  # the chart APIs: 주식현재가 일자별's example (MCA00000)
REVOKE_OK = {"code": 200, "message": "접근토큰 폐기에 성공하였습니다"}

EGW00201 = ("EGW00201", "초당 거래건수를 초과하였습니다.", 500)
# status UNCONFIRMED: 500 in users' reports, while one old official sample assumed 200
EGW00123 = ("EGW00123", "기간이 만료된 token 입니다.", 500)
EGW00121 = ("EGW00121", "유효하지 않은 token 입니다.", 500)  # status: sandbox's choice (users' fixtures)
EGW00133 = ("EGW00133", "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", 403)
EGW00103 = ("EGW00103", "유효하지 않은 AppKey입니다.", 500)  # status: sandbox's choice
EGW00105 = ("EGW00105", "유효하지 않은 AppSecret입니다.", 500)  # status: sandbox's choice
EGW2004 = ("EGW2004", "모의투자 TR 이 아닙니다.", 500)  # status: sandbox's choice
OPSQ2000 = ("OPSQ2000", "ERROR : INPUT INVALID_CHECK_ACNO", 200)  # rt_cd "2"; status: users' fixtures
OPSQ2001 = ("OPSQ2001", "ERROR : INPUT INVALID_CHECK_{field}", 200)  # rt_cd "2"; {field} e.g. INQR_DVSN
# 주식주문(현금) refusals on the paper host (rt_cd "1"; the HTTP status and the real host's codes are
# UNCONFIRMED). Only 40240000 is seen in users' logs. The other three codes are the sandbox's choice, in the
# same style: no public record gives them (other public code shows e.g. 40310000 and 40570000, for reasons
# not confirmed).
PAPER_NO_HOLDING = ("40240000", "모의투자 잔고내역이 없습니다.", 200)  # users' logs
PAPER_NOT_ENOUGH_CASH = ("40250000", "모의투자 주문가능금액이 부족합니다.", 200)  # sandbox's choice
PAPER_TICK_ERROR = ("40030000", "모의투자 주문처리가 안되었습니다(호가단위 오류)", 200)  # sandbox's choice
PAPER_NOT_TRADABLE = ("40070000", "모의투자 주문처리가 안되었습니다(매매불가 종목)", 200)  # sandbox's choice
# 주식주문(정정취소) of an order with nothing left to change (filled, cancelled, or moved by a 정정): users' logs
PAPER_NOTHING_TO_REVISE = ("40330000", "모의투자 정정/취소할 수량이 없습니다.", 200)
SYDB0050 = ("SYDB0050", "조회이후에 자료가 변경되었습니다.(다시 조회하세요)", 200)  # rt_cd "7"
# A required field not sent / a value too long (rt_cd "2"). KIS's text for a missing field is a user's log
# ("ERROR INVALID INPUT_FILED NOT FOUND(SYMB)", KIS's spelling), the length text a public table of KIS's codes;
# the Korean detail after it and the HTTP status are the sandbox's choice.
OPSQ2002_MISSING = (
    "OPSQ2002",
    "ERROR INVALID INPUT_FILED NOT FOUND({field}) - 필수 항목 {field}({korean})이(가) 요청에 없습니다",
    200,
)
OPSQ2002_LENGTH = (
    "OPSQ2002",
    "ERROR : INPUT INVALID_CHECK_FIELD_LENGTH - {field}({korean})은(는) {length}자까지입니다 (받은 값: {sent}자)",
    200,
)
# An API the workbook marks 모의투자 미지원, called on the paper host: rt_cd "1" (users' logs and fixtures: a
# trading bot's log of an overseas order on paper, a test fixture of 주식정정취소가능주문조회 on paper).
# HTTP status UNCONFIRMED: 200 here # sandbox's choice
PAPER_NOT_SUPPORTED = ("90000000", "모의투자에서는 해당업무가 제공되지 않습니다.", 200)

# The OAuth endpoints answer errors without the usual envelope, e.g.
# {"error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", "error_code": "EGW00133"}

# ---------------------------------------------------------------------------------------------------
# Accounts: CANO (8 digits) + ACNT_PRDT_CD (2 digits), written 12345678-01
# ---------------------------------------------------------------------------------------------------
ACCOUNT_PRODUCT_CODES = {
    "01": "종합(주식)",
    "03": "국내선물옵션",
    "08": "해외선물옵션",
    "22": "개인연금",
    "29": "퇴직연금",
}

# 전일 대비 부호 (prdy_vrss_sign): the codes as the workbook lists them for PRDY_VRSS_SIGN on its 국내주식 실시간체결가
# (KRX) sheet (the 주식현재가 시세 sheet names the field and lists no codes)
CHANGE_SIGNS = {"1": "상한", "2": "상승", "3": "보합", "4": "하한", "5": "하락"}

# ---------------------------------------------------------------------------------------------------
# Orders (주식주문(현금) request body)
# ---------------------------------------------------------------------------------------------------
ORDER_SIDES = ("buy", "sell")
LIMIT_ORDER = "00"  # ORD_DVSN 00 지정가
MARKET_ORDER = "01"  # ORD_DVSN 01 시장가 (ORD_UNPR "0")
ORDER_DIVISIONS = {  # ORD_DVSN on KRX (the sheet lists more for NXT and SOR)
    "00": "지정가",
    "01": "시장가",
    "02": "조건부지정가",
    "03": "최유리지정가",
    "04": "최우선지정가",
    "05": "장전 시간외",
    "06": "장후 시간외",
    "07": "시간외 단일가",
    "11": "IOC지정가",
    "12": "FOK지정가",
    "13": "IOC시장가",
    "14": "FOK시장가",
    "15": "IOC최유리",
    "16": "FOK최유리",
    "21": "중간가",
    "22": "스톱지정가",
    "23": "중간가IOC",
    "24": "중간가FOK",
}
EXCHANGE_IDS = ("KRX", "NXT", "SOR")  # EXCG_ID_DVSN_CD; blank = KRX; paper: KRX only
SELL_TYPES = {"01": "일반매도", "02": "임의매매", "05": "대차매도"}  # SLL_TYPE; blank = 01

# mojito2's `exchange` values. Only "서울" (domestic stocks) is covered by this course.
DOMESTIC_EXCHANGE = "서울"
OVERSEAS_EXCHANGES = ("나스닥", "뉴욕", "아멕스", "홍콩", "상해", "심천", "도쿄", "하노이", "호치민")
