"""The whole catalog against the sandbox: every REST API of the workbook answers, for both flavours.

For every REST API a request is built from the sheet: its required fields, with the sheet's own example
values where it has them, except what the sandbox must know — one of the sample accounts (50010002, 6
holdings), sample stocks instead of other six-digit codes, and, for the modelled order and product APIs,
values they accept. The answer must be HTTP 200 with ``rt_cd "0"`` and every documented field (top level and
every section, a list where the workbook says list, every value a string) — or, on paper, for an API the
workbook marks 모의투자 미지원, KIS's refusal 90000000. The counts are printed in the test summary.
"""

from __future__ import annotations

import json

import pytest

from kislearn import catalog, spec
from kislearn.sandbox import demo_app, sample_symbols
from kislearn.sandbox.app import create_app
from kislearn.sandbox.catalog_api import answered_by_catalog
from kislearn.sandbox.rules import SandboxRules

ACCOUNT = "50010002"  # the sample account with 6 holdings
OAUTH_BODIES = {  # the OAuth-style APIs, with the body each takes
    "접근토큰발급(P)": lambda app, token: {"grant_type": "client_credentials", **_keys(app)},
    "접근토큰폐기(P)": lambda app, token: {**_keys(app), "token": token},
    "Hashkey": lambda app, token: {"CANO": ACCOUNT, "ACNT_PRDT_CD": "01", "PDNO": "005930"},
    "실시간 (웹소켓) 접속키 발급": lambda app, token: {
        "grant_type": "client_credentials",
        "appkey": app.appkey,
        "secretkey": app.appsecret,
    },
}
MODELLED_VALUES = {  # values the modelled APIs need to say yes
    spec.ORDER_PATH: {"PDNO": "005930", "ORD_DVSN": "01", "ORD_QTY": "1", "ORD_UNPR": "0"},  # a market buy
    spec.PRODUCT_INFO_PATH: {"PDNO": "005930", "PRDT_TYPE_CD": "300"},
    spec.PRICE_PATH: {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"},
    catalog.find("국내주식기간별시세(일_주_월_년)").path: {  # its sheet shows no example request
        "FID_COND_MRKT_DIV_CODE": "J",
        "FID_INPUT_ISCD": "005930",
        "FID_INPUT_DATE_1": "20261101",
        "FID_INPUT_DATE_2": "20261120",
        "FID_PERIOD_DIV_CODE": "D",
        "FID_ORG_ADJ_PRC": "0",
    },
    # 주식주문(정정취소): the whole rest of a resting order placed just before (see resting_order)
    catalog.find("주식주문(정정취소)").path: {"RVSE_CNCL_DVSN_CD": "02", "QTY_ALL_ORD_YN": "Y", "ORD_UNPR": "0"},
}
# The section the sheet's example answer (and the official sample) names, where the sheet's layout names another:
# the modelled route answers as the example shows (so do its field names' upper/lower case, documented_problems).
SECTION_AS_THE_EXAMPLE_SHOWS = {"매도가능수량조회": {"output1": "output"}}


def _keys(app) -> dict:
    return {"appkey": app.appkey, "appsecret": app.appsecret}


@pytest.fixture(scope="module")
def app():
    return create_app(SandboxRules.relaxed())


def token_of(client, app) -> str:
    answer = client.post(spec.TOKEN_PATH, json={"grant_type": "client_credentials", **_keys(app)})
    return answer.get_json()["access_token"]


def request_fields(api: catalog.Api) -> dict[str, str]:
    """The sheet's required fields and example values, made into a request the sandbox can answer."""
    example = api.examples.request if isinstance(api.examples.request, dict) else {}
    by_name = {str(key).upper(): str(value) for key, value in example.items()}
    fields = {}
    for item in api.request_fields:
        value = by_name.get(item.name.upper())
        if value is None and not item.required:
            continue
        fields[item.name] = value or ""
    symbols = set(sample_symbols())
    for name, value in fields.items():
        if len(value) == 6 and value.isdigit() and value.strip("0") and value not in symbols:
            fields[name] = "005930"  # the sandbox knows the sample stocks only
    if "CANO" in fields:
        fields["CANO"] = ACCOUNT
    if "ACNT_PRDT_CD" in fields and fields["ACNT_PRDT_CD"] not in spec.ACCOUNT_PRODUCT_CODES:
        fields["ACNT_PRDT_CD"] = "01"
    fields.update({name: value for name, value in MODELLED_VALUES.get(api.path, {}).items() if name in fields})
    return fields


def call(client, api: catalog.Api, flavour: str, token: str):
    app = demo_app(flavour)
    if api.name in OAUTH_BODIES:
        headers = {"appkey": app.appkey, "appsecret": app.appsecret}
        return client.post(api.path, json=OAUTH_BODIES[api.name](app, token), headers=headers)
    options = api.tr_ids(flavour) or api.tr_ids("real")  # 모의투자 미지원: the real tr_id, as a learner would
    headers = {
        "authorization": f"Bearer {token}",
        **_keys(app),
        "tr_id": next(option.tr_id for option in options if not option.deprecated),
        "custtype": "P",
    }
    fields = request_fields(api)
    if api.name == "주식주문(정정취소)":
        fields.update(resting_order(client, headers, flavour))
    if api.method == "GET":
        return client.get(api.path, query_string=fields, headers=headers)
    return client.post(api.path, data=json.dumps(fields), headers={**headers, "content-type": "application/json"})


def resting_order(client, headers: dict, flavour: str) -> dict[str, str]:
    """A limit buy of one share at the day's lower limit (it rests): the fields that name it for 정정/취소."""
    price_headers = {**headers, "tr_id": spec.PRICE_TR_ID[flavour]}
    quote = client.get(spec.PRICE_PATH, query_string=MODELLED_VALUES[spec.PRICE_PATH], headers=price_headers)
    order = {"CANO": ACCOUNT, "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_DVSN": "00", "ORD_QTY": "1"}
    order["ORD_UNPR"] = quote.get_json()["output"]["stck_llam"]
    order_headers = {**headers, "tr_id": spec.ORDER_TR_ID[flavour]["buy"], "content-type": "application/json"}
    placed = client.post(spec.ORDER_PATH, data=json.dumps(order), headers=order_headers).get_json()["output"]
    return {"KRX_FWDG_ORD_ORGNO": placed["KRX_FWDG_ORD_ORGNO"], "ORGN_ODNO": placed["ODNO"]}


def walk_order() -> list[catalog.Api]:
    """Every REST API, 접근토큰폐기(P) last (it revokes the token the others use)."""
    return sorted(catalog.apis("REST"), key=lambda api: api.path == spec.REVOKE_PATH)


def documented_problems(api: catalog.Api, body: dict, exact: bool) -> list[str]:
    """What is missing (or, for a schema-only answer, extra or not a string) in ``body``."""
    problems = [f"top level: no {item.name}" for item in api.response_fields if item.name not in body]
    for section in api.sections:
        value = body.get(SECTION_AS_THE_EXAMPLE_SHOWS.get(api.name, {}).get(section.name, section.name))
        if section.is_list != isinstance(value, list) or (not section.is_list and not isinstance(value, dict)):
            problems.append(f"{section.name}: {type(value).__name__}, the workbook says {section.shape}")
            continue
        names = {item.name for item in section.fields}
        for row in value if isinstance(value, list) else [value]:
            missing, extra = names - set(row), set(row) - names
            if not exact:  # a modelled answer may write a name in the case the sheet's example answer shows
                missing = {name for name in missing if name.lower() not in {key.lower() for key in row}}
            if missing or (exact and extra):
                problems.append(f"{section.name}: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}")
            if exact and not all(isinstance(text, str) for text in row.values()):
                problems.append(f"{section.name}: a value that is not a string")
    return problems


@pytest.mark.parametrize("flavour", spec.FLAVOURS)
def test_every_rest_api_of_the_catalog_answers(app, flavour, record_property):
    client = app.test_client()
    token = token_of(client, demo_app(flavour))
    counts = {"modelled": 0, "schema-only": 0, "refused on paper": 0}
    failures = []
    for api in walk_order():
        answer = call(client, api, flavour, token)
        body = answer.get_json(silent=True) or {}
        schema_only = answered_by_catalog(app, api)
        if not api.supports(flavour):
            if (answer.status_code, body.get("rt_cd"), body.get("msg_cd")) != (200, "1", "90000000"):
                failures.append(f"{api.name}: {answer.status_code} {body.get('msg_cd')} instead of 90000000")
            counts["refused on paper"] += 1
            continue
        if answer.status_code != 200 or body.get("rt_cd", "0") != "0":
            failures.append(f"{api.name}: {answer.status_code} {body.get('msg_cd')} {body.get('msg1', '')[:60]}")
            continue
        problems = documented_problems(api, body, exact=schema_only)
        if problems:
            failures.append(f"{api.name}: {problems[:3]}")
        counts["schema-only" if schema_only else "modelled"] += 1
    assert failures == []
    answered = counts["modelled"] + counts["schema-only"]
    assert answered + counts["refused on paper"] == len(catalog.apis("REST")) == 278
    record_property(
        "summary",
        f"catalog walk ({flavour}): {len(catalog.apis('REST'))} REST APIs — {answered} answer rt_cd 0 with every "
        f"documented field ({counts['modelled']} modelled, {counts['schema-only']} schema-only), "
        f"{counts['refused on paper']} refused on paper (90000000)",
    )


def test_lists_hold_rows_except_where_the_samples_hold_nothing(app):
    """A schema-only list is empty only for an account API outside domestic stocks (the sample accounts hold
    only domestic stocks); everywhere else it has rows, each with every documented field."""
    client = app.test_client()
    token = token_of(client, demo_app("real"))
    empty = []
    for api in catalog.apis("REST"):
        if not answered_by_catalog(app, api) or not any(section.is_list for section in api.sections):
            continue
        body = call(client, api, "real", token).get_json()
        for section in api.sections:
            if section.is_list and not body[section.name]:
                empty.append(api)
    outside = [api for api in empty if api.path.startswith("/uapi/domestic-stock/")]
    assert outside == []
    assert all(any(item.name == "CANO" for item in api.request_fields) for api in empty)
