"""The KIS real-time (WebSocket) message formats, written once for both ends: the client (``kislearn.realtime``)
reads them and the sandbox (``kislearn.sandbox.realtime``) writes them. Pure functions, no network.

What travels over the WebSocket (official spec, the 실시간 sheets of the workbook, unless marked):

- **A subscription** (client → server) is one JSON text frame::

      {"header": {"approval_key": "...", "custtype": "P", "tr_type": "1", "content-type": "utf-8"},
       "body": {"input": {"tr_id": "H0STCNT0", "tr_key": "005930"}}}

  ``tr_type`` "1" 등록 (subscribe), "2" 해제 (unsubscribe); ``custtype`` "P" 개인, "B" 법인.
- **An answer** (server → client) is JSON: ``header.tr_id/tr_key/encrypt`` and ``body.rt_cd/msg_cd/msg1``, and for a
  successful subscription ``body.output.iv`` / ``body.output.key``: the AES-256 key and IV for the encrypted feeds.
- **A data frame** (server → client) is text ``"<0|1>|<tr_id>|<count>|<fields joined by ^>"``: ``0`` plain,
  ``1`` encrypted; ``count`` records of the sheet's fields, one after another (``001`` = one record).
  An encrypted frame's last part is base64 of AES-256-CBC (PKCS#7 padding) with that key and IV, as the
  official sample's ``aes_cbc_base64_dec`` decrypts it.
- **PINGPONG** (server → client) ``{"header": {"tr_id": "PINGPONG", "datetime": "20231004160455"}}`` — a keep-alive
  the client answers (the official sample and users' logs; the workbook does not mention it).

AES here is pycryptodome's (``Crypto.Cipher.AES``), the library the official sample and mojito2 use.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

PINGPONG = "PINGPONG"  # the keep-alive's tr_id
SUBSCRIBE, UNSUBSCRIBE = "1", "2"  # tr_type
PLAIN, ENCRYPTED = "0", "1"  # the first part of a data frame
FIELD_SEPARATOR = "^"
PART_SEPARATOR = "|"
CUSTOMER_TYPES = ("P", "B")  # custtype: P 개인, B 법인
KEY_LENGTH, IV_LENGTH = 32, 16  # AES-256: a 32-byte key; CBC: a 16-byte IV (the workbook's example sizes)


class FrameFormatError(ValueError):
    """A text that is not a data frame of the documented shape."""


# ---------------------------------------------------------------------------------------------------
# Client → server
# ---------------------------------------------------------------------------------------------------
def subscription_message(
    approval_key: str, tr_id: str, tr_key: str, *, subscribe: bool = True, custtype: str = "P"
) -> str:
    """The JSON text that subscribes to (``subscribe=True``) or unsubscribes from one feed."""
    return json.dumps(
        {
            "header": {
                "approval_key": approval_key,
                "custtype": custtype,
                "tr_type": SUBSCRIBE if subscribe else UNSUBSCRIBE,
                "content-type": "utf-8",
            },
            "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}},
        }
    )


# ---------------------------------------------------------------------------------------------------
# Server → client
# ---------------------------------------------------------------------------------------------------
def pingpong_message(datetime_text: str) -> str:
    """The keep-alive: ``{"header": {"tr_id": "PINGPONG", "datetime": "YYYYMMDDHHMMSS"}}``."""
    return json.dumps({"header": {"tr_id": PINGPONG, "datetime": datetime_text}}, separators=(",", ":"))


def join_record(values) -> str:
    """One record's field values (text) joined with ``^``."""
    return FIELD_SEPARATOR.join(values)


def data_frame(tr_id: str, records: list, *, key: str | None = None, iv: str | None = None) -> str:
    """A data frame of ``records`` (each one record's text, see :func:`join_record`), encrypted when ``key`` is
    given."""
    if not records:
        raise ValueError("a data frame needs at least one record")
    payload = FIELD_SEPARATOR.join(records)
    flag = PLAIN
    if key is not None:
        payload, flag = encrypt(payload, key, iv), ENCRYPTED
    return PART_SEPARATOR.join((flag, tr_id, f"{len(records):03d}", payload))


# ---------------------------------------------------------------------------------------------------
# Reading what arrives
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DataFrame:
    """One data frame, split into its parts (``payload`` still encrypted when ``encrypted``)."""

    encrypted: bool
    tr_id: str
    count: int
    payload: str


def is_data_frame(text: str) -> bool:
    """Data frames start with ``0|`` or ``1|``; everything else the server sends is JSON."""
    return len(text) > 1 and text[0] in (PLAIN, ENCRYPTED) and text[1] == PART_SEPARATOR


def read_data_frame(text: str) -> DataFrame:
    """Split ``"0|H0STCNT0|001|005930^..."`` into its parts; raises FrameFormatError for another shape."""
    parts = text.split(PART_SEPARATOR, 3)
    if len(parts) != 4 or parts[0] not in (PLAIN, ENCRYPTED) or not parts[2].isdigit() or int(parts[2]) < 1:
        raise FrameFormatError(f"not a data frame: {text[:40]!r}")
    return DataFrame(parts[0] == ENCRYPTED, parts[1], int(parts[2]), parts[3])


def split_records(payload: str, count: int, width: int) -> list:
    """The ``count`` records of ``width`` fields each in a (decrypted) payload; FrameFormatError otherwise."""
    values = payload.split(FIELD_SEPARATOR)
    if len(values) != count * width:
        raise FrameFormatError(f"{len(values)} fields is not {count} record(s) of {width} fields")
    return [values[i * width : (i + 1) * width] for i in range(count)]


# ---------------------------------------------------------------------------------------------------
# AES-256-CBC, base64 (the encrypted feeds: 체결통보)
# ---------------------------------------------------------------------------------------------------
def encrypt(text: str, key: str, iv: str) -> str:
    """``text`` (UTF-8) → base64 of AES-256-CBC with PKCS#7 padding."""
    cipher = AES.new(_key_bytes(key, KEY_LENGTH), AES.MODE_CBC, _key_bytes(iv, IV_LENGTH))
    return base64.b64encode(cipher.encrypt(pad(text.encode("utf-8"), AES.block_size))).decode("ascii")


def decrypt(cipher_text: str, key: str, iv: str) -> str:
    """The inverse of :func:`encrypt`, as the official sample's ``aes_cbc_base64_dec``; ValueError if it fails."""
    cipher = AES.new(_key_bytes(key, KEY_LENGTH), AES.MODE_CBC, _key_bytes(iv, IV_LENGTH))
    return unpad(cipher.decrypt(base64.b64decode(cipher_text)), AES.block_size).decode("utf-8")


def _key_bytes(text: str, length: int) -> bytes:
    data = str(text or "").encode("utf-8")
    if len(data) != length:
        raise ValueError(f"AES {'key' if length == KEY_LENGTH else 'IV'} must be {length} bytes, got {len(data)}")
    return data
