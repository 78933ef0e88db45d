"""The sandbox's access tokens: /oauth2/tokenP and /oauth2/revokeP."""

import uuid
from datetime import datetime, timedelta

import jwt
import pytest

from kislearn import spec
from kislearn.sandbox import ManualClock, SandboxRules
from kislearn.sandbox.rules import DEFAULT_SIGNING_KEY


def kis_rules(**changes) -> SandboxRules:
    """KIS's own rules (one token a minute, 2 calls a second on paper...) with a clock the test moves."""
    changes.setdefault("clock", ManualClock())
    return SandboxRules(**changes)


def test_token_answer_has_the_kis_shape(sandbox, kis_caller):
    answer = kis_caller(sandbox, "paper").issue_token()
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    body = answer.json()
    assert set(body) == {"access_token", "access_token_token_expired", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 86400 and isinstance(body["expires_in"], int)
    expires = datetime.strptime(body["access_token_token_expired"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=spec.KST)
    assert abs(expires - (datetime.now(spec.KST) + timedelta(hours=24))) < timedelta(seconds=5)


def test_token_is_a_jwt_with_kis_like_claims(sandbox, kis_caller, demo_paper_app):
    token = kis_caller(sandbox, "paper").token()
    assert jwt.get_unverified_header(token)["alg"] == "HS512"
    claims = jwt.decode(token, DEFAULT_SIGNING_KEY, algorithms=["HS512"], options={"verify_aud": False})
    assert claims["sub"] == "token"
    assert claims["iss"] == "kislearn-sandbox"
    assert claims["jti"] == demo_paper_app.appkey
    assert claims["flv"] == "paper"
    assert claims["exp"] - claims["iat"] == 86400
    uuid.UUID(claims["aud"])  # a uuid, as in KIS's tokens


def test_a_token_still_works_after_the_sandbox_restarts(start_sandbox, kis_caller):
    first = start_sandbox()
    token = kis_caller(first, "paper").token()
    first.stop()

    second = start_sandbox()  # a new instance, same (default) signing key
    answer = kis_caller(second, "paper").balance(token=token)
    assert answer.json()["rt_cd"] == "0"


def test_a_token_signed_with_another_key_is_refused(start_sandbox, kis_caller):
    other = start_sandbox(SandboxRules.relaxed(signing_key="another-key-" * 8))
    foreign_token = kis_caller(other, "paper").token()

    answer = kis_caller(start_sandbox(), "paper").balance(token=foreign_token)
    assert answer.status_code == 500
    assert answer.json()["msg_cd"] == "EGW00121"
    assert answer.json()["rt_cd"] == "1"


@pytest.mark.parametrize("token", ["not-a-jwt", "eyJhbGciOiJIUzUxMiJ9.e30.AAAA"])
def test_a_garbled_token_is_refused(sandbox, kis_caller, token):
    assert kis_caller(sandbox, "paper").balance(token=token).json()["msg_cd"] == "EGW00121"


def test_a_token_of_the_other_flavour_is_refused(sandbox, kis_caller):
    real_token = kis_caller(sandbox, "real").token()
    assert kis_caller(sandbox, "paper").balance(token=real_token).json()["msg_cd"] == "EGW00121"


def test_an_expired_token_is_refused_with_egw00123(start_sandbox, kis_caller):
    clock = ManualClock()
    sandbox = start_sandbox(SandboxRules.relaxed(clock=clock))
    caller = kis_caller(sandbox, "paper")
    assert caller.balance().json()["rt_cd"] == "0"

    clock.advance(hours=24)
    answer = caller.balance()
    assert answer.status_code == 500
    assert answer.json()["msg_cd"] == "EGW00123"
    assert answer.json()["msg1"].strip() == "기간이 만료된 token 입니다."


def test_the_teaching_example_five_second_tokens(start_sandbox, kis_caller):
    clock = ManualClock()
    sandbox = start_sandbox(SandboxRules(token_lifetime=timedelta(seconds=5), clock=clock))
    caller = kis_caller(sandbox, "paper")
    body = caller.issue_token().json()
    assert body["expires_in"] == 5
    clock.advance(seconds=4)
    assert caller.balance(token=body["access_token"]).json()["rt_cd"] == "0"
    clock.advance(seconds=1)
    assert caller.balance(token=body["access_token"]).json()["msg_cd"] == "EGW00123"


def test_a_second_token_within_a_minute_is_refused_with_403(start_sandbox, kis_caller):
    sandbox = start_sandbox(kis_rules())
    caller = kis_caller(sandbox, "paper")
    assert caller.issue_token().status_code == 200

    answer = caller.issue_token()
    assert answer.status_code == 403
    assert answer.json() == {
        "error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)",
        "error_code": "EGW00133",
    }


def test_within_six_hours_the_same_token_comes_back_then_a_new_one(start_sandbox, kis_caller):
    clock = ManualClock()
    sandbox = start_sandbox(kis_rules(clock=clock))
    caller = kis_caller(sandbox, "paper")
    first = caller.issue_token().json()

    clock.advance(seconds=61)
    again = caller.issue_token().json()
    assert again["access_token"] == first["access_token"]
    assert again["access_token_token_expired"] == first["access_token_token_expired"]
    assert again["expires_in"] == 86400 - 61  # the seconds it has left

    clock.advance(hours=6)
    fresh = caller.issue_token().json()
    assert fresh["access_token"] != first["access_token"]
    assert fresh["expires_in"] == 86400
    assert sandbox.stats["tokens_issued"] == {"real": 0, "paper": 2}
    assert sandbox.stats["tokens_reused"] == {"real": 0, "paper": 1}


def test_relaxed_rules_have_no_issue_interval(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    answers = [caller.issue_token() for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len({a.json()["access_token"] for a in answers}) == 1  # still the same token within 6 h


def test_revoke_then_the_token_is_refused_and_the_next_one_is_fresh(start_sandbox, kis_caller, demo_paper_app):
    clock = ManualClock()
    sandbox = start_sandbox(kis_rules(clock=clock, calls_per_second=None))
    caller = kis_caller(sandbox, "paper")
    token = caller.token()

    answer = caller.session.post(
        sandbox.url_for("paper") + spec.REVOKE_PATH,
        json={"appkey": demo_paper_app.appkey, "appsecret": demo_paper_app.appsecret, "token": token},
    )
    assert answer.status_code == 200
    assert answer.json() == {"code": 200, "message": "접근토큰 폐기에 성공하였습니다"}
    assert caller.balance(token=token).json()["msg_cd"] == "EGW00121"

    clock.advance(seconds=61)  # the one-issuance-a-minute rule still holds after a revoke
    fresh = caller.issue_token().json()["access_token"]
    assert fresh != token
    assert caller.balance(token=fresh).json()["rt_cd"] == "0"


def test_revoking_a_foreign_token_is_refused(sandbox, kis_caller, demo_paper_app):
    answer = kis_caller(sandbox, "paper").session.post(
        sandbox.url_for("paper") + spec.REVOKE_PATH,
        json={"appkey": demo_paper_app.appkey, "appsecret": demo_paper_app.appsecret, "token": "garbage"},
    )
    assert answer.json() == {"error_description": "유효하지 않은 token 입니다.", "error_code": "EGW00121"}


@pytest.mark.parametrize(
    "change, code",
    [
        ({"appkey": "SANDBOXUNKNOWN" + "0" * 22}, "EGW00103"),
        ({"appsecret": "wrong"}, "EGW00105"),
        ({"grant_type": "password"}, "SBX00004"),
    ],
)
def test_token_errors_use_the_oauth_body(sandbox, kis_caller, change, code):
    answer = kis_caller(sandbox, "paper").issue_token(**change)
    assert answer.status_code != 200
    assert set(answer.json()) == {"error_description", "error_code"}
    assert answer.json()["error_code"] == code


def test_a_paper_key_on_the_real_host_is_unknown(sandbox, kis_caller, demo_paper_app):
    answer = kis_caller(sandbox, "real", app=demo_paper_app).issue_token()
    assert answer.json()["error_code"] == "EGW00103"


def test_a_body_that_is_not_json_is_refused(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    answer = caller.session.post(sandbox.url_for("paper") + spec.TOKEN_PATH, data="grant_type=client_credentials")
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "SBX00005"
