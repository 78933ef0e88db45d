"""One WebSocket session: its subscriptions and the answers to what the client sends. Pure: no network.

    session = Session(approvals, clock)
    session.receive(text)      # → the answers to send back (JSON texts), in order
    session.subscriptions      # (tr_id, tr_key) → Subscription, each with the cursor of its feed

What is checked, in this order (answers from :mod:`.answers`):

1. the text is a JSON object (else OPSP9999); a ``PINGPONG`` coming back is the client's answer to the
   keep-alive: counted, not answered;
2. ``header``, ``body`` and ``body.input`` are there (OPSP9998, OPSP9992, OPSP9991); ``tr_key`` too (OPSP9990);
3. ``approval_key`` opens the session: a key ``POST /oauth2/Approval`` issued and not expired (else OPSP0011).
   The first accepted key binds the session to its app; the same key keeps working after it expires, as the
   workbook says ("접속키는 세션 연결 시 초기 1회만 사용"); a key of another app is refused (OPSP0011).
   # sandbox's choice: KIS's own rule for a second app on one session is not known
4. ``custtype`` is "P" or "B" (OPSP9997 when missing, OPSP8998 otherwise), ``tr_type`` "1" or "2" (OPSP8997);
5. ``tr_id`` is a WebSocket tr_id of the workbook for the app's flavour (OPSP8991): 체결통보 is H0STCNI0 on real
   and H0STCNI9 on paper (official), and a paper app cannot subscribe to a feed the workbook marks 모의투자
   미지원; ``tr_key`` has the shape of a stock code for the price feeds (OPSP8992). # sandbox's choice
6. subscribe: already subscribed → OPSP0002; ``limit`` (41) subscriptions already → OPSP0008; else OPSP0000 with the
   session's AES key and IV. Unsubscribe: OPSP0001, or OPSP0003 when it was not subscribed.

A well-formed stock code the sandbox has no prices for is subscribed but never streams (a code that does not
trade). Feeds of the workbook the sandbox does not model (all but 체결가, 호가 and 체결통보) likewise. # sandbox's choice
"""

from __future__ import annotations

import json
import re
import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from kislearn import catalog
from kislearn.realtime_format import CUSTOMER_TYPES, IV_LENGTH, KEY_LENGTH, PINGPONG, SUBSCRIBE, UNSUBSCRIBE
from kislearn.sandbox.realtime import answers
from kislearn.sandbox.realtime.answers import Code
from kislearn.sandbox.realtime.records import PRICE_FEEDS

# Users measured it: the 42nd registration on one session is refused with OPSP0008 (41 accepted).
SUBSCRIPTION_LIMIT = 41
NOTICE_TR_IDS = {"real": "H0STCNI0", "paper": "H0STCNI9"}  # 국내주식 실시간체결통보 (official)
ENCRYPTED_TR_IDS = frozenset(NOTICE_TR_IDS.values())  # "체결 통보 응답 결과는 암호화되어 출력됩니다" (official)
_STOCK_CODE = re.compile(r"(?:Q\d{6}|[0-9A-Z]{6})")  # 종목번호 (6자리), ETN: Q로 시작 (the sheets' tr_key)
MAX_TR_KEY = 40  # sandbox's choice: any longer tr_key is refused as invalid


@cache
def websocket_tr_ids(flavour: str) -> frozenset:
    """Every WebSocket tr_id of the workbook usable on ``flavour``'s server."""
    found = set()
    for api in catalog.apis("WEBSOCKET"):
        if api.supports(flavour):
            found.update(option.tr_id for option in api.tr_ids(flavour))
    return frozenset(found)


@dataclass
class Subscription:
    """One subscribed feed; ``cursor`` is the market moment up to which its trades have been sent."""

    tr_id: str
    tr_key: str
    cursor: datetime

    @property
    def encrypted(self) -> bool:
        return self.tr_id in ENCRYPTED_TR_IDS


class Refused(Exception):
    """A subscription message the session answers with an error code."""

    def __init__(self, code: Code):
        super().__init__(code.msg1)
        self.code = code


def new_key() -> str:
    """An AES-256 key as KIS's answers show it: 32 lower-case letters (a user's recorded answer)."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(KEY_LENGTH))


def new_iv() -> str:
    """An IV as KIS's answers show it: 16 hex digits (a user's recorded answer)."""
    return secrets.token_hex(IV_LENGTH // 2)


class Session:
    """The state of one WebSocket connection (see the module docstring)."""

    def __init__(self, approvals, clock, *, limit: int = SUBSCRIPTION_LIMIT):
        self.approvals, self.clock, self.limit = approvals, clock, limit
        self.key, self.iv = new_key(), new_iv()
        self.app = None  # the DemoApp whose approval key opened the session
        self.approval_key: str | None = None
        self.subscriptions: dict = {}
        self.pingpong_answers = 0

    @property
    def appkey(self) -> str | None:
        return self.app.appkey if self.app is not None else None

    def notice_subscriptions(self) -> list:
        """The session's 체결통보 subscriptions (one per HTS ID it gave)."""
        return [sub for sub in self.subscriptions.values() if sub.encrypted]

    def price_subscriptions(self) -> list:
        """The subscriptions the market's trades feed: 체결가 and 호가."""
        return [sub for sub in self.subscriptions.values() if sub.tr_id in PRICE_FEEDS]

    # -- messages --------------------------------------------------------------------------------------
    def receive(self, text: str) -> list:
        """Handle one text frame from the client; returns the answers to send (JSON texts)."""
        try:
            message = json.loads(text)
        except (TypeError, ValueError):
            return [answers.answer(answers.BAD_JSON)]
        if not isinstance(message, dict):
            return [answers.answer(answers.BAD_JSON)]
        header = message.get("header")
        if isinstance(header, dict) and header.get("tr_id") == PINGPONG:
            self.pingpong_answers += 1
            return []
        tr_id, tr_key = _request_ids(message)
        try:
            return [self._handle(message, tr_id, tr_key)]
        except Refused as refusal:
            return [answers.answer(refusal.code, tr_id, tr_key)]

    def _handle(self, message: dict, tr_id: str, tr_key: str) -> str:
        header, body = message.get("header"), message.get("body")
        if not isinstance(header, dict):
            raise Refused(answers.NO_HEADER)
        if not isinstance(body, dict):
            raise Refused(answers.NO_BODY)
        if not isinstance(body.get("input"), dict):
            raise Refused(answers.NO_INPUT)
        if "tr_key" not in body["input"]:
            raise Refused(answers.NO_TR_KEY)
        self._open_with(header.get("approval_key"))
        if "custtype" not in header:
            raise Refused(answers.NO_CUSTTYPE)
        if header["custtype"] not in CUSTOMER_TYPES:
            raise Refused(answers.BAD_CUSTTYPE)
        tr_type = header.get("tr_type")
        if tr_type not in (SUBSCRIBE, UNSUBSCRIBE):
            raise Refused(answers.BAD_TR_TYPE)
        self._check_feed(tr_id, tr_key)
        if tr_type == SUBSCRIBE:
            return self._subscribe(tr_id, tr_key)
        return self._unsubscribe(tr_id, tr_key)

    def _open_with(self, approval_key) -> None:
        if self.approval_key is not None and approval_key == self.approval_key:
            return  # the key that opened the session (checked only then, as the workbook says)
        approval = self.approvals.find(approval_key) if isinstance(approval_key, str) else None
        if approval is None or (self.app is not None and approval.app.appkey != self.app.appkey):
            raise Refused(answers.BAD_APPROVAL)
        if self.app is None:
            self.app, self.approval_key = approval.app, approval_key

    def _check_feed(self, tr_id: str, tr_key: str) -> None:
        if tr_id not in websocket_tr_ids(self.app.flavour):
            raise Refused(answers.BAD_TR_ID)
        if not tr_key or len(tr_key) > MAX_TR_KEY or (tr_id in PRICE_FEEDS and not _STOCK_CODE.fullmatch(tr_key)):
            raise Refused(answers.BAD_TR_KEY)

    def _subscribe(self, tr_id: str, tr_key: str) -> str:
        if (tr_id, tr_key) in self.subscriptions:
            raise Refused(answers.ALREADY_SUBSCRIBED)
        if len(self.subscriptions) >= self.limit:
            raise Refused(answers.TOO_MANY)
        subscription = Subscription(tr_id, tr_key, self.clock())
        self.subscriptions[(tr_id, tr_key)] = subscription
        return answers.answer(
            answers.SUBSCRIBED, tr_id, tr_key, encrypt=subscription.encrypted, key=self.key, iv=self.iv
        )

    def _unsubscribe(self, tr_id: str, tr_key: str) -> str:
        if self.subscriptions.pop((tr_id, tr_key), None) is None:
            raise Refused(answers.NOT_SUBSCRIBED)
        return answers.answer(answers.UNSUBSCRIBED, tr_id, tr_key)


def _request_ids(message: dict) -> tuple:
    """The tr_id and tr_key a message asked for, as text ("" where missing), for the answer's header."""
    body = message.get("body")
    request = body.get("input") if isinstance(body, dict) else None
    if not isinstance(request, dict):
        return "", ""
    tr_id, tr_key = request.get("tr_id", ""), request.get("tr_key", "")
    return (tr_id if isinstance(tr_id, str) else "", tr_key if isinstance(tr_key, str) else "")
