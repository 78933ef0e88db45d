"""What the real-time server answers a subscription message: KIS's answer codes and the JSON they travel in.

The workbook shows only the success answer (``OPSP0000`` "SUBSCRIBE SUCCESS", with ``output.iv``/``output.key``).
The other codes and messages are KIS's as users recorded them (sources per line); where the recordings do not
show ``rt_cd``, the sandbox answers "1" like the recorded failures. # sandbox's choice

Sources: [table] a user project's copy of KIS's error-code page ("OPSP 실시간 서버 (WebSocket 구독)", every
code below); [logs] users' recorded answers: "ALREADY IN SUBSCRIBE" with rt_cd "1" (the official legacy sample
skips it as a non-error), "MAX SUBSCRIBE OVER" OPSP0008 after 41 accepted registrations, "invalid approval :
NOT FOUND" OPSP0011 with rt_cd "1", "UNSUBSCRIBE ERROR(not found!)" OPSP0003.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One answer: ``rt_cd``, ``msg_cd`` and ``msg1`` as KIS writes them."""

    rt_cd: str
    msg_cd: str
    msg1: str

    @property
    def ok(self) -> bool:
        return self.rt_cd == "0"


SUBSCRIBED = Code("0", "OPSP0000", "SUBSCRIBE SUCCESS")  # workbook
UNSUBSCRIBED = Code("0", "OPSP0001", "UNSUBSCRIBE SUCCESS")  # table; the official sample looks for "UNSUB…"
ALREADY_SUBSCRIBED = Code("1", "OPSP0002", "ALREADY IN SUBSCRIBE")  # table, logs
NOT_SUBSCRIBED = Code("1", "OPSP0003", "UNSUBSCRIBE ERROR(not found!)")  # table, logs
TOO_MANY = Code("1", "OPSP0008", "MAX SUBSCRIBE OVER")  # table, logs
BAD_APPROVAL = Code("1", "OPSP0011", "invalid approval : NOT FOUND")  # logs (the table: "invalid approval(appkey)")
BAD_TR_ID = Code("1", "OPSP8991", "SUBSCRIBE ERROR : invalid tr_id")  # table
BAD_TR_KEY = Code("1", "OPSP8992", "SUBSCRIBE ERROR : invalid tr_key")  # table
BAD_TR_TYPE = Code("1", "OPSP8997", "JSON PARSING ERROR : invalid tr_type")  # table
BAD_CUSTTYPE = Code("1", "OPSP8998", "JSON PARSING ERROR : invalid custtype")  # table
NO_TR_KEY = Code("1", "OPSP9990", "JSON PARSING ERROR : tr_key not found")  # table
NO_INPUT = Code("1", "OPSP9991", "JSON PARSING ERROR : input not found")  # table
NO_BODY = Code("1", "OPSP9992", "JSON PARSING ERROR : body not found")  # table
NO_CUSTTYPE = Code("1", "OPSP9997", "JSON PARSING ERROR : custtype not found")  # table
NO_HEADER = Code("1", "OPSP9998", "JSON PARSING ERROR : header not found")  # table
BAD_JSON = Code("1", "OPSP9999", "JSON PARSING ERROR : invalid json format")  # table

# Every answer code, by msg_cd (what the tests and the docs list).
CODES = {
    code.msg_cd: code
    for code in (
        SUBSCRIBED,
        UNSUBSCRIBED,
        ALREADY_SUBSCRIBED,
        NOT_SUBSCRIBED,
        TOO_MANY,
        BAD_APPROVAL,
        BAD_TR_ID,
        BAD_TR_KEY,
        BAD_TR_TYPE,
        BAD_CUSTTYPE,
        NO_TR_KEY,
        NO_INPUT,
        NO_BODY,
        NO_CUSTTYPE,
        NO_HEADER,
        BAD_JSON,
    )
}


def answer(code: Code, tr_id: str = "", tr_key: str = "", *, encrypt: bool = False, key: str = "", iv: str = "") -> str:
    """The JSON text of one answer, in the workbook's layout; ``output`` (iv, key) only with a subscription.

    ``header.encrypt`` is "Y" for the encrypted feeds (체결통보) and "N" otherwise. # sandbox's choice: the
    workbook's examples write "N" everywhere, but the official sample decrypts a feed only when its subscription
    answered "Y", and the notices arrive encrypted.
    """
    body = {"rt_cd": code.rt_cd, "msg_cd": code.msg_cd, "msg1": code.msg1}
    if code is SUBSCRIBED:
        body["output"] = {"iv": iv, "key": key}
    header = {"tr_id": tr_id, "tr_key": tr_key, "encrypt": "Y" if encrypt else "N"}
    return json.dumps({"header": header, "body": body}, ensure_ascii=False)
