"""웹소켓 접속키 (approval keys): issued by ``POST /oauth2/Approval``, checked when a WebSocket session starts.

Official (the 실시간 (웹소켓) 접속키 발급 sheet): the body has ``grant_type``, ``appkey`` and ``secretkey`` (the app
secret under another name), the answer is ``{"approval_key": ...}``; a key lives 24 hours, but it is only checked
when a session starts, so a session that was opened with it goes on receiving after that.

Sandbox's choices: every request gets a new key, shaped like the workbook's example (a UUID, 36 characters); the
keys live in memory (a restarted sandbox forgets them: the client asks for a new one, as after 24 hours); at
most ``MAX_KEYS`` are kept, the oldest forgotten first; no limit on how often a key may be asked for (the
workbook names none, unlike the token's one a minute).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

LIFETIME = timedelta(hours=24)  # official: 접속키의 유효기간은 24시간
MAX_KEYS = 10_000  # sandbox's choice: memory stays bounded however many keys a classroom asks for


@dataclass(frozen=True)
class Approval:
    """One issued key: whose it is (``app`` has ``appkey`` and ``flavour``) and until when it opens a session."""

    key: str
    app: object
    expires_at: datetime


class ApprovalBook:
    """The approval keys this sandbox issued."""

    def __init__(self, now: Callable[[], datetime] | None = None, max_keys: int = MAX_KEYS):
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._keys: OrderedDict = OrderedDict()
        self._max = max_keys
        self._lock = threading.Lock()

    def issue(self, app) -> Approval:
        """A new key for ``app`` (a DemoApp)."""
        approval = Approval(str(uuid.uuid4()), app, self._now() + LIFETIME)
        with self._lock:
            self._keys[approval.key] = approval
            while len(self._keys) > self._max:
                self._keys.popitem(last=False)
        return approval

    def find(self, key: str) -> Approval | None:
        """The approval of ``key`` if it can open a session now (known and not expired), else None."""
        with self._lock:
            approval = self._keys.get(str(key or ""))
        if approval is None or self._now() >= approval.expires_at:
            return None
        return approval

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)
