"""Issue 12, point 11: a recording error keeps no unscrubbed original exception, and the request lines logged at
DEBUG level (kislearn's own and urllib3's) never show the whole account number."""

from __future__ import annotations

import logging

import pytest
from scripted_server import ScriptedServer, token_reply

from kislearn import KoreaInvestment, spec
from kislearn.recorder import RecordingError, record
from kislearn.sandbox import demo_app

KEY, SECRET, MINE = "K" * 30 + "key123", "S" * 174 + "secret", "73124567-01"


def test_a_recording_error_keeps_no_secret_anywhere(tmp_path):
    echo = {"rt_cd": "1", "msg_cd": "OPSQ2001", "msg1": f"ERROR : INPUT INVALID appkey={KEY} {MINE}"}

    def reply(request):
        return token_reply() if request.path.endswith(spec.TOKEN_PATH) else (200, {}, echo)

    with ScriptedServer(reply) as server:
        broker = KoreaInvestment(
            KEY, SECRET, MINE, mock=True, base_url=server.url, token_cache=tmp_path, calls_per_second=None
        )
        with pytest.raises(RecordingError) as caught:
            record(broker, progress=None)
    error = caught.value
    everything = " ".join([str(error), repr(error), repr(vars(error)), repr(error.args)])
    assert KEY not in everything and MINE not in everything and "73124567" not in everything
    assert not any(isinstance(value, BaseException) for value in vars(error).values())  # no original kept
    assert error.cause_type == "KisApiError" and error.msg_cd == "OPSQ2001"
    assert error.__cause__ is None and error.__context__ is None


def test_debug_logs_mask_the_account_number(sandbox, tmp_path, caplog):
    app = demo_app("paper")
    broker = KoreaInvestment(
        app.appkey, app.appsecret, "50010002-01", mock=True, base_url=sandbox.url_for("paper"), token_cache=tmp_path
    )
    with caplog.at_level(logging.DEBUG):  # what logging.basicConfig(level=logging.DEBUG) would print
        broker.fetch_balance()
    urllib3_lines = [
        r.getMessage() for r in caplog.records if r.name.startswith("urllib3") and "inquire-balance" in r.getMessage()
    ]
    kislearn_lines = [
        r.getMessage() for r in caplog.records if r.name == "kislearn" and "inquire-balance" in r.getMessage()
    ]
    assert urllib3_lines and kislearn_lines
    assert "50010002" not in caplog.text
    assert "CANO=******02" in urllib3_lines[0] and "'CANO': '******02'" in kislearn_lines[0]
    assert app.appsecret not in caplog.text


def test_a_connection_error_keeps_no_requests_error_with_the_query_string(tmp_path):
    from scripted_server import closed_port

    from kislearn import KisConnectionError
    from kislearn.transport import Transport

    with pytest.raises(KisConnectionError) as caught:
        Transport(f"http://127.0.0.1:{closed_port()}").request(
            "GET", spec.BALANCE_PATH, headers={}, params={"CANO": "73124567", "ACNT_PRDT_CD": "01"}
        )
    assert caught.value.__context__ is None and caught.value.__cause__ is None
    assert "73124567" not in str(caught.value)
