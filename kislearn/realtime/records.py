"""Records: one data frame's values under the workbook's field names, and numbers as numbers on request.

    record["STCK_PRPR"]          # "97700" (text, as sent), or 97700 with numbers=True
    record.korean()              # {"유가증권 단축 종목코드": "005930", "주식 체결 시간": "093354", ...}
    record.tr_id, record.name    # "H0STCNT0", "국내주식 실시간체결가 (KRX)"

``numbers=True`` reads the fields the workbook types as ``number`` as int (or float when they have decimals),
an empty value as None. The 체결통보 sheet types every field as string, quantities and prices too; kislearn also
reads its zero-padded quantity and price fields (:data:`NOTICE_NUMBERS`) as numbers: "0000000010" → 10.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import catalog, realtime_format
from .feeds import NOTICE_TR_IDS, fields

NOTICE_NUMBERS = frozenset({"CNTG_QTY", "CNTG_UNPR", "ODER_QTY", "ODER_PRC", "ORD_COND_PRC"})  # kislearn's reading


def to_number(text: str):
    """``"97700"`` → 97700, ``"-0.14"`` → -0.14, ``""`` → None; text that is no number stays as it is."""
    value = text.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return text


class Record(Mapping):
    """One record of a real-time feed: a read-only mapping of the workbook's field names to values.

    A name the sheet lists twice (one overseas feed does) maps to its first value; :meth:`pairs` has them all.
    """

    __slots__ = ("tr_id", "encrypted", "_fields", "_values", "_index")

    def __init__(self, tr_id: str, values: list, *, numbers: bool = False, encrypted: bool = False):
        self.tr_id, self.encrypted = tr_id, encrypted
        self._fields = fields(tr_id)
        if numbers:
            numeric = {f.name for f in self._fields if f.type == "number"}
            if tr_id in NOTICE_TR_IDS.values():
                numeric |= NOTICE_NUMBERS
            values = [to_number(v) if f.name in numeric else v for f, v in zip(self._fields, values, strict=True)]
        self._values = tuple(values)
        self._index = {}
        for position, item in enumerate(self._fields):
            self._index.setdefault(item.name, position)

    @property
    def name(self) -> str:
        """The feed's name in the workbook, e.g. ``"국내주식 실시간체결가 (KRX)"``."""
        return catalog.find(self.tr_id).name

    def __getitem__(self, name: str):
        return self._values[self._index[name]]

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def pairs(self) -> list:
        """Every ``(field name, value)`` in the sheet's order, repeated names included."""
        return [(item.name, value) for item, value in zip(self._fields, self._values, strict=True)]

    def korean(self) -> dict:
        """The values under the workbook's Korean names (한글명)."""
        found = {}
        for item, value in zip(self._fields, self._values, strict=True):
            found.setdefault(item.korean or item.name, value)
        return found

    def __repr__(self) -> str:
        first = ", ".join(f"{name}={value!r}" for name, value in self.pairs()[:4])
        return f"<Record {self.tr_id} {first}, ... ({len(self._values)} fields)>"


def read_records(frame: realtime_format.DataFrame, payload: str, *, numbers: bool = False) -> list:
    """The records of a data frame whose (decrypted) payload is ``payload``."""
    width = len(fields(frame.tr_id))
    rows = realtime_format.split_records(payload, frame.count, width)
    return [Record(frame.tr_id, row, numbers=numbers, encrypted=frame.encrypted) for row in rows]
