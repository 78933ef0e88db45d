"""국내주식 실시간체결통보 (``H0STCNI0`` real, ``H0STCNI9`` paper): the notices a learner's own orders send.

Official (the sheet): a subscriber receives both (1) 주문·정정·취소·거부 접수 통보 and (2) 체결 통보; the 14th
value, ``CNTG_YN`` (체결여부), is "1" for the first and "2" for a fill; the notices arrive encrypted
(AES-256, the key and IV of the subscription's answer); ``tr_key`` is the subscriber's HTS ID.

What the order code tells the real-time server is an :class:`OrderEvent`; :func:`notice_record` turns it into
the sheet's 26 fields, in order. Values follow the workbook's example notices where they show one: numbers
zero-padded to the sheet's Length (``ODER_NO`` 10, ``CNTG_QTY`` 10, ``CNTG_UNPR`` 9, ``ODER_QTY`` 9), an
acceptance notice carrying the order's quantity and price in ``CNTG_QTY``/``CNTG_UNPR``, ``ACPT_YN`` "1" on
acceptance and "2" on a fill, ``BRNC_NO`` "06010", ``CRDT_CLS`` "10". Sandbox's choices: ``ACNT_NAME``
"샌드박스", ``ORD_EXG_GB`` "1" (KRX), ``POPUP_YN`` "N", ``FILLER`` and ``ORD_COND_PRC`` empty, ``CUST_ID`` the
HTS ID the subscriber gave.
"""

from __future__ import annotations

from dataclasses import dataclass

from kislearn.sandbox.realtime.records import ordered

ACCEPTED, FILLED = "accepted", "filled"
SIDE_CODES = {"sell": "01", "buy": "02"}  # SELN_BYOV_CLS: 01 매도, 02 매수 (official)
BRANCH = "06010"  # BRNC_NO, as the workbook's example notices and the order answer's KRX_FWDG_ORD_ORGNO
ACCOUNT_NAME = "샌드박스"  # sandbox's choice (the example shows a person's name)


@dataclass(frozen=True)
class OrderEvent:
    """An order of one app key was accepted (접수) or filled, wholly or in part (체결).

    ``account`` is ``"50010002-01"``; ``time`` is ``HHMMSS`` (Korea time); ``division`` the ORD_DVSN ("00" 지정가,
    "01" 시장가); ``fill_quantity``/``fill_price`` describe a fill (0 for an acceptance).
    """

    appkey: str
    kind: str  # ACCEPTED or FILLED
    account: str
    odno: str
    side: str  # "buy" or "sell"
    symbol: str
    name: str  # 종목명
    division: str
    quantity: int
    price: int
    time: str
    fill_quantity: int = 0
    fill_price: int = 0
    original: str = ""  # OODER_NO (원주문번호) of a 정정 or 취소 order
    revision: str = "0"  # RCTF_CLS (정정구분, official): 0 정상, 1 정정, 2 취소


def notice_values(event: OrderEvent, hts_id: str) -> dict:
    """The H0STCNI0/H0STCNI9 fields of ``event`` for the subscriber whose tr_key is ``hts_id``, by name."""
    filled = event.kind == FILLED
    quantity = event.fill_quantity if filled else event.quantity
    price = event.fill_price if filled else event.price
    return {
        "CUST_ID": hts_id,
        "ACNT_NO": event.account.replace("-", ""),
        "ODER_NO": event.odno.zfill(10),
        "OODER_NO": event.original.zfill(10) if event.original else "",
        "SELN_BYOV_CLS": SIDE_CODES[event.side],
        "RCTF_CLS": event.revision,
        "ODER_KIND": event.division,
        "ODER_COND": "0",
        "STCK_SHRN_ISCD": event.symbol,
        "CNTG_QTY": f"{quantity:010d}",
        "CNTG_UNPR": f"{price:09d}",
        "STCK_CNTG_HOUR": event.time,
        "RFUS_YN": "0",
        "CNTG_YN": "2" if filled else "1",
        "ACPT_YN": "2" if filled else "1",
        "BRNC_NO": BRANCH,
        "ODER_QTY": f"{event.quantity:09d}",
        "ACNT_NAME": ACCOUNT_NAME,
        "ORD_COND_PRC": "",
        "ORD_EXG_GB": "1",
        "POPUP_YN": "N",
        "FILLER": "",
        "CRDT_CLS": "10",
        "CRDT_LOAN_DATE": "",
        "CNTG_ISNM40": event.name,
        "ODER_PRC": f"{event.price:09d}",
    }


def notice_record(tr_id: str, event: OrderEvent, hts_id: str) -> str:
    """``event`` as one record's text of ``tr_id`` (H0STCNI0 or H0STCNI9, the same 26 fields)."""
    return ordered(tr_id, notice_values(event, hts_id))


def order_fields(appkey: str, account: str, record, name: str) -> dict:
    """What every event of one order (an :class:`~kislearn.sandbox.orders.OrderRecord`) says about it."""
    order = record.order
    return dict(
        appkey=appkey,
        account=account,
        odno=record.odno,
        side=order.side,
        symbol=order.symbol,
        name=name,
        division=order.division,
        quantity=order.quantity,
        price=order.price,
        time=record.time,
    )


def order_events(appkey: str, account: str, record, name: str) -> list:
    """The events of one order the sandbox's order code placed: its acceptance, and its fill when it filled at
    once (the tests' way to feed a notice; the sandbox itself sends :func:`account_event` of the ledger's)."""
    common = order_fields(appkey, account, record, name)
    events = [OrderEvent(kind=ACCEPTED, **common)]
    if record.filled:
        events.append(
            OrderEvent(kind=FILLED, fill_quantity=record.order.quantity, fill_price=record.fill_price, **common)
        )
    return events


REVISIONS = {"new": "0", "modify": "1", "cancel": "2"}  # OrderRecord.kind → RCTF_CLS


def account_event(notice, name: str) -> OrderEvent:
    """The :class:`OrderEvent` of one of the ledger's notices (``kislearn.sandbox.ledger.AccountNotice``: an
    order accepted, or one fill of it — at once or later, when the market's path reached a resting order)."""
    record, fill = notice.record, notice.fill
    fields = order_fields(notice.appkey, notice.account, record, name)
    if fill is None:
        return OrderEvent(kind=ACCEPTED, **fields, original=record.original, revision=REVISIONS[record.kind])
    fields["time"] = f"{fill.time:%H%M%S}"
    return OrderEvent(
        kind=FILLED,
        **fields,
        original=record.original,
        revision=REVISIONS[record.kind],
        fill_quantity=fill.quantity,
        fill_price=fill.price,
    )
