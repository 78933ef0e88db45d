"""The server's JSON messages: answers to subscriptions and the PINGPONG keep-alive; and the error a refused
subscription raises, with a Korean hint.

    answer = read_answer(text)      # Answer(tr_id="H0STCNT0", tr_key="005930", msg_cd="OPSP0000", ...) or PINGPONG
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import KisApiError, KisResponseError
from ..realtime_format import PINGPONG

SUBSCRIBED, UNSUBSCRIBED, ALREADY_SUBSCRIBED, NOT_SUBSCRIBED = "OPSP0000", "OPSP0001", "OPSP0002", "OPSP0003"

# What to do about KIS's real-time answer codes (the codes: users' records of KIS's answers).
HINTS = {
    "OPSP0008": "한 세션에 등록할 수 있는 실시간 데이터는 41개까지입니다(users' records). 필요 없는 구독을 "
    "unsubscribe()로 먼저 해제하세요.",
    "OPSP0011": "웹소켓 접속키(approval_key)를 서버가 모릅니다: 틀렸거나 만료되었습니다(24시간). "
    "POST /oauth2/Approval로 새 접속키를 받으세요 (realtime.connect()는 알아서 받습니다).",
    "OPSP8991": "이 서버에서 쓸 수 없는 tr_id입니다. 모의투자 체결통보는 H0STCNI9, 실전은 H0STCNI0입니다.",
    "OPSP8992": "tr_key가 잘못되었습니다: 체결가·호가는 6자리 종목코드(예: '005930'), 체결통보는 HTS ID입니다.",
    "OPSP0003": "구독하지 않은 데이터는 해제할 수 없습니다.",
}


@dataclass(frozen=True)
class Answer:
    """The server's answer to one subscription message."""

    tr_id: str
    tr_key: str
    rt_cd: str
    msg_cd: str
    msg1: str
    encrypt: bool = False  # header.encrypt "Y": the feed's frames are encrypted
    key: str | None = field(default=None, repr=False)  # body.output.key: AES-256 key for encrypted frames
    iv: str | None = field(default=None, repr=False)  # body.output.iv

    @property
    def ok(self) -> bool:
        return self.rt_cd == "0"


class SubscriptionError(KisApiError):
    """The server refused a subscription or unsubscription (``msg_cd`` e.g. ``"OPSP0008"`` MAX SUBSCRIBE OVER)."""

    def __init__(self, answer: Answer):
        super().__init__(answer.msg_cd, answer.msg1, tr_id=answer.tr_id, rt_cd=answer.rt_cd)
        self.tr_key = answer.tr_key
        if not self.hint:
            self.hint = HINTS.get(answer.msg_cd, "")
            self.args = (self._describe(),)


def read_answer(text: str) -> Answer | str:
    """A JSON message of the server: an :class:`Answer`, or the string ``"PINGPONG"`` for the keep-alive."""
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if not isinstance(message, dict) or not isinstance(message.get("header"), dict):
        raise KisResponseError(f"실시간 서버가 알 수 없는 메시지를 보냈습니다 (unknown message): {text[:80]!r}")
    header = message["header"]
    if header.get("tr_id") == PINGPONG:
        return PINGPONG
    body = message.get("body") if isinstance(message.get("body"), dict) else {}
    output = body.get("output") if isinstance(body.get("output"), dict) else {}
    return Answer(
        tr_id=str(header.get("tr_id", "")),
        tr_key=str(header.get("tr_key", "")),
        rt_cd=str(body.get("rt_cd", "")),
        msg_cd=str(body.get("msg_cd", "")),
        msg1=str(body.get("msg1", "")),
        encrypt=header.get("encrypt") == "Y",
        key=output.get("key"),
        iv=output.get("iv"),
    )
