"""A catalogued API's request, read and checked against the workbook: every required field, no value too long.

    sent = read_request(api)        # {"CANO": "50010002", ...}: the query (GET) or JSON body (POST) by catalog name
    check_request(api, sent)        # Refusal OPSQ2002 naming the field (its official Korean name too)

- **Names** are matched to the sheet's without regard to case (mojito2 and python-kis send some query
  names in lower case); names the sheet does not list are ignored. # sandbox's choice
- **Required** means sent: a required field must be in the request, but may be "" — the official samples and
  the sheets' own examples send "" for required fields they do not use (주식일별주문체결조회's ORD_GNO_BRNO).
  A missing one is refused as a user's log shows KIS refusing it: ``rt_cd "2"``, ``OPSQ2002``,
  ``ERROR INVALID INPUT_FILED NOT FOUND(SYMB)`` (KIS's own spelling); the sandbox adds the field's official
  Korean name in the same message.
- **Length**: the Length column is wrong in places — the sheets' own examples break it (주식주문(신용) gives PDNO
  5 and sends "009150"; 주식일별분봉조회 gives FID_INPUT_DATE_1 2 and sends "20241108"). So a value may be as
  long as the longest of: the documented length, the sheet's example value, and 8 for a field whose
  description or name says it is a date (YYYYMMDD) (:func:`accepted_length`). Longer → ``OPSQ2002``
  ``ERROR : INPUT INVALID_CHECK_FIELD_LENGTH`` (a public table of KIS's codes; the Korean detail is the
  sandbox's).
"""

from __future__ import annotations

import json
from functools import lru_cache

from flask import request

from kislearn import catalog, spec
from kislearn.sandbox import gateway
from kislearn.sandbox.responses import Refusal

DATE_LENGTH = 8  # YYYYMMDD


def read_request(api: catalog.Api) -> dict[str, str]:
    """The request's fields by their catalogued names: the query of a GET, the JSON body of a POST (Refusal
    SBX00005 when that is not a JSON object). Values that are not strings are read as their JSON text."""
    if api.method == "POST":
        raw = gateway.json_body()
    else:
        raw = dict(request.args.items())
    names = {item.name.casefold(): item.name for item in api.request_fields}
    sent = {}
    for key, value in raw.items():
        name = names.get(str(key).casefold())
        if name is not None:
            sent[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return sent


def check_request(api: catalog.Api, sent: dict[str, str]) -> None:
    """Every required field sent; no value longer than :func:`accepted_length`. Raises :class:`Refusal`."""
    for item in api.required_fields:
        if item.name not in sent:
            raise Refusal.from_spec(spec.OPSQ2002_MISSING, rt_cd="2", field=item.name, korean=item.korean)
    for item in api.request_fields:
        value = sent.get(item.name)
        limit = accepted_length(api, item)
        if value is not None and limit is not None and len(value) > limit:
            raise Refusal.from_spec(
                spec.OPSQ2002_LENGTH, rt_cd="2", field=item.name, korean=item.korean, length=limit, sent=len(value)
            )


def accepted_length(api: catalog.Api, item: catalog.Field) -> int | None:
    """How long a value of ``item`` may be: the longest of the documented length, the sheet's own example value
    and 8 for a date field (see the module docstring). None when the sheet gives no length."""
    if item.length is None:
        return None
    longest = max(item.length, len(_example_values(api).get(item.name.casefold(), "")))
    if _is_date(item):
        longest = max(longest, DATE_LENGTH)
    return longest


def _is_date(item: catalog.Field) -> bool:
    korean = "".join(item.korean.split()).rstrip("0123456789")
    return (
        "YYYYMMDD" in item.description.upper() or korean.endswith(("일자", "날짜")) or item.name.upper().endswith("_DT")
    )


@lru_cache(maxsize=512)
def _example_values(api: catalog.Api) -> dict[str, str]:
    """The sheet's example request as ``{field name (case-folded): value}``; {} where it does not parse."""
    example = api.examples.request
    if not isinstance(example, dict):
        return {}
    return {str(key).casefold(): str(value) for key, value in example.items()}
