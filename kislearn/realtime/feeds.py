"""Which feed a subscription asks for: the names kislearn knows, and any WebSocket tr_id of the workbook.

tr_id_for("price", "paper")        # "H0STCNT0"  국내주식 실시간체결가 (KRX)
tr_id_for("호가", "real")           # "H0STASP0"  국내주식 실시간호가 (KRX)
tr_id_for("notice", "paper")       # "H0STCNI9"  국내주식 실시간체결통보 (모의투자); "H0STCNI0" on real
tr_id_for("H0UPCNT0", "real")      # any WebSocket tr_id of the workbook, as it is
fields("H0STCNT0")                 # the sheet's 46 fields (catalog.Field: name, korean, type, ...)
"""

from __future__ import annotations

import re
from functools import cache

from .. import catalog
from ..errors import InvalidArgumentError

PRICE, ASKING, NOTICE = "H0STCNT0", "H0STASP0", "notice"
NOTICE_TR_IDS = {"real": "H0STCNI0", "paper": "H0STCNI9"}  # official: 모의투자는 H0STCNI9
FEED_NAMES = {
    "price": PRICE,
    "체결가": PRICE,
    "asking": ASKING,
    "호가": ASKING,
    "notice": NOTICE,
    "체결통보": NOTICE,
}
_STOCK_CODE = re.compile(r"(?:Q\d{6}|\d{6}|[0-9A-Z]{6})")  # 종목번호 6자리; ETN: Q로 시작 (the sheets)


def tr_id_for(feed: str, flavour: str) -> str:
    """The tr_id of ``feed`` (a name of :data:`FEED_NAMES` or a WebSocket tr_id of the workbook) on ``flavour``."""
    name = str(feed).strip()
    tr_id = FEED_NAMES.get(name.lower(), FEED_NAMES.get(name))
    if tr_id == NOTICE:
        return NOTICE_TR_IDS[flavour]
    if tr_id is not None:
        return tr_id
    wanted = name.upper()
    for api in catalog.apis("WEBSOCKET"):
        if wanted in (option.tr_id for option in api.tr_ids(flavour)):
            return wanted
        if wanted in (option.tr_id for option in api.real_tr_ids + api.paper_tr_ids):
            where = "모의투자" if flavour == "paper" else "실전"
            raise InvalidArgumentError(
                f"{wanted}({api.name})은(는) {where}에서 쓰는 tr_id가 아닙니다. "
                f"{where}에서는 {', '.join(o.tr_id for o in api.tr_ids(flavour)) or '지원하지 않습니다'}."
            )
    names = ", ".join(sorted({key for key in FEED_NAMES if key.isascii()}))
    raise InvalidArgumentError(
        f"실시간 데이터 {feed!r}을(를) 모릅니다 (unknown feed). {names} 중 하나(한글: 체결가, 호가, 체결통보)나 "
        "공식 명세의 웹소켓 tr_id(예: 'H0STCNT0')를 쓰세요."
    )


@cache
def fields(tr_id: str) -> tuple:
    """The fields of a WebSocket feed's records, in the order of its workbook sheet."""
    return catalog.find(tr_id).response_fields


def check_stock_code(code: str) -> str:
    """A stock code for the price feeds: six characters (``"005930"``), or Q and six digits for an ETN."""
    text = str(code).strip().upper()
    if not _STOCK_CODE.fullmatch(text):
        raise InvalidArgumentError(
            f"종목코드 {code!r}은(는) 6자리여야 합니다 (예: '005930'; ETN은 'Q500001'처럼 Q로 시작) (bad stock code)."
        )
    return text
