"""국내휴장일조회 (chk-holiday, CTCA0903R; the sheet: 모의투자 미지원): the KRX calendar from the asked day on.

A schema-only answer would list trading days only; this route lists every calendar day, as the sheet's example does, from the
sandbox's KRX calendar (:meth:`~kislearn.sandbox.market.calendar.KrxCalendar.holiday_rows`, whose docstring says
where each flag comes from)::

    GET /uapi/domestic-stock/v1/quotations/chk-holiday?BASS_DT=20261224&CTX_AREA_NK=&CTX_AREA_FK=
    → output: 24 rows, 20261224 … 20270116, each {bass_dt, wday_dvsn_cd, bzdy_yn, tr_day_yn, opnd_yn, sttl_day_yn}

24 days an answer, as the sheet's example lists (how many a real answer holds is unpublished). ``ctx_area_fk``
is the asked day and ``ctx_area_nk`` the last day listed, each padded to 20 as in the example; ``tr_cont: N``
with them continues from the day after. The response header ``tr_cont`` is ``D``: the calendar never ends, so a
client that pages while it says M (the official sample, kislearn's ``broker.request``) stops after one answer.
# sandbox's choice. ``msg_cd`` is the example's (KIOK0500, "조회가 계속됩니다...").
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, request

from kislearn import catalog, spec
from kislearn.sandbox import gateway, request_checks
from kislearn.sandbox.market import KRX
from kislearn.sandbox.responses import kis_response, pad_msg1
from kislearn.sandbox.schema_rows import parse_day

HOLIDAY_PATH = "/uapi/domestic-stock/v1/quotations/chk-holiday"
DAYS = 24
KEY_WIDTH = 20
CONTINUES = ("KIOK0500", "조회가 계속됩니다..다음버튼을 Click 하십시오.")  # the sheet's example

routes = Blueprint("kislearn_holidays", __name__)


@routes.get(HOLIDAY_PATH)
def chk_holiday():
    """24 calendar days from ``BASS_DT`` (or, continued, from the day after ``CTX_AREA_NK``)."""
    gateway.check_data_call(HOLIDAY_PATH)
    api = catalog.rest_api(HOLIDAY_PATH)
    sent = request_checks.read_request(api)
    request_checks.check_request(api, sent)
    asked = parse_day(sent.get("BASS_DT", ""))
    if asked is None:
        raise gateway.invalid("BASS_DT")
    start = asked
    if request.headers.get("tr_cont", "").strip().upper() == spec.NEXT_PAGE_REQUEST:
        last = parse_day(sent.get("CTX_AREA_NK", ""))
        if last is None or last < asked:
            raise gateway.invalid("CTX_AREA_NK")
        start = last + timedelta(days=1)
    rows = KRX.holiday_rows(start, DAYS)
    msg_cd, msg1 = CONTINUES
    body = {
        "ctx_area_nk": rows[-1]["bass_dt"].ljust(KEY_WIDTH),
        "ctx_area_fk": asked.strftime("%Y%m%d").ljust(KEY_WIDTH),
        "output": rows,
        "rt_cd": "0",
        "msg_cd": msg_cd,
        "msg1": pad_msg1(msg1),
    }
    return kis_response(body, tr_id=gateway.request_tr_id(), tr_cont="D")
