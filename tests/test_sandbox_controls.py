"""The sandbox's own controls (shutdown, reset) cannot be pressed by a web page the learner visits.

A page on any site can make the browser send a "simple" cross-origin POST — a form, or ``fetch`` with
``text/plain`` — without asking the server first. The controls require ``Content-Type: application/json``
(which makes the browser ask first, and the sandbox never says yes), refuse foreign ``Origin`` and
``Sec-Fetch-Site`` headers, and refuse a ``Host`` that is a domain name (a page re-pointing its own domain at
127.0.0.1). Python clients send none of that and pass.
"""

import pytest
import requests

EMPTY = "50010001-01"
EVIL = "http://evil.example"


def post(url: str, **options) -> requests.Response:
    session = requests.Session()
    session.trust_env = False
    return session.post(url, timeout=5, **options)


BROWSER_LIKE = [  # what a web page can make a browser send without a preflight, and two sneakier tries
    {"headers": {"Content-Type": "text/plain", "Origin": EVIL}, "data": "{}"},
    {"headers": {"Content-Type": "application/x-www-form-urlencoded", "Origin": EVIL}, "data": "a=1"},
    {"headers": {"Content-Type": "multipart/form-data; boundary=x", "Origin": "null"}, "data": "--x--"},
    {"headers": {"Content-Type": "text/plain"}, "data": "{}"},  # no Origin (an old browser): still not JSON
    {"headers": {"Origin": EVIL}, "json": {}},  # JSON from a foreign origin (after a preflight it never gets)
    {"headers": {"Sec-Fetch-Site": "cross-site"}, "json": {}},
    {"headers": {"Host": "evil.example:8434"}, "json": {}},  # DNS rebinding: a domain name pointed at us
]


@pytest.mark.parametrize("options", BROWSER_LIKE)
def test_a_browser_style_shutdown_changes_nothing(sandbox, options):
    answer = post(sandbox.url + "/sandbox/shutdown", **options)
    assert answer.status_code == 403
    assert answer.json()["msg_cd"] == "SBX00008"
    assert not sandbox.state.stop_requested.is_set()
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize("options", BROWSER_LIKE)
def test_a_browser_style_reset_changes_nothing(sandbox, kis_caller, options):
    caller = kis_caller(sandbox, "paper")
    assert caller.order("buy", "012330", "1", account=EMPTY).json()["rt_cd"] == "0"
    before = caller.whole_balance(EMPTY)
    keys = {"appkey": caller.app.appkey, "appsecret": caller.app.appsecret}
    answer = post(sandbox.url + "/sandbox/reset", **{**options, "headers": {**keys, **options["headers"]}})
    assert answer.status_code == 403 and answer.json()["msg_cd"] == "SBX00008"
    assert caller.whole_balance(EMPTY) == before  # the order is still there


def test_a_preflight_is_never_granted(sandbox):
    session = requests.Session()
    session.trust_env = False
    headers = {
        "Origin": EVIL,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    answer = session.options(sandbox.url + "/sandbox/shutdown", headers=headers, timeout=5)
    assert answer.status_code == 405
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert answer.json()["msg_cd"] == "SBX00405"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_python_clients_still_reset(sandbox, kis_caller, host):
    caller = kis_caller(sandbox, "paper")
    caller.order("buy", "012330", "1", account=EMPTY)
    keys = {"appkey": caller.app.appkey, "appsecret": caller.app.appsecret, "Host": f"{host}:{sandbox.port}"}
    answer = post(sandbox.url + "/sandbox/reset", headers=keys, json={})
    assert answer.json()["rt_cd"] == "0"
    assert caller.whole_balance(EMPTY)["output1"] == []


def test_the_clients_reset_helper_passes(sandbox, demo_paper_app, tmp_path):
    from kislearn import KoreaInvestment
    from kislearn.sandbox_tools import reset_accounts

    broker = KoreaInvestment(
        demo_paper_app.appkey, demo_paper_app.appsecret, EMPTY, mock=True, base_url=sandbox.url, token_cache=tmp_path
    )
    broker.create_market_buy_order("012330", 1)
    assert reset_accounts(broker).body["msg_cd"] == "SBX00100"
    assert broker.fetch_balance()["output1"] == []


# ---------------------------------------------------------------------------------------------------
# The market clock: GET /sandbox/clock for anyone, POST only from this computer and never from a web page
# ---------------------------------------------------------------------------------------------------
@pytest.fixture
def fixed_sandbox(start_sandbox):
    return start_sandbox(clock="fixed@2026-11-23T10:00")


@pytest.mark.parametrize("options", BROWSER_LIKE)
def test_a_browser_style_clock_move_changes_nothing(fixed_sandbox, options):
    before = fixed_sandbox.clock.now()
    answer = post(fixed_sandbox.url + "/sandbox/clock", **{**options, "json": {"advance_seconds": 3600}})
    assert answer.status_code == 403 and answer.json()["msg_cd"] == "SBX00008"
    assert fixed_sandbox.clock.now() == before


def test_the_clock_is_moved_only_from_this_computer(fixed_sandbox):
    client = fixed_sandbox.app.test_client()
    remote = {"REMOTE_ADDR": "192.168.0.7"}  # a student's computer in the classroom
    answer = client.post("/sandbox/clock", json={"advance_seconds": 60}, environ_base=remote)
    assert answer.status_code == 404 and answer.get_json()["msg_cd"] == "SBX00404"
    assert client.get("/sandbox/clock", environ_base=remote).get_json()["output"]["now"] == "2026-11-23T10:00:00+09:00"


def test_python_clients_read_and_move_the_clock(fixed_sandbox, demo_paper_app, tmp_path):
    from kislearn import KoreaInvestment
    from kislearn.sandbox_tools import market_clock, move_clock

    broker = KoreaInvestment(
        demo_paper_app.appkey, demo_paper_app.appsecret, EMPTY, mock=True, base_url=fixed_sandbox.url_for("paper")
    )
    clock = market_clock(broker)
    assert (clock["mode"], clock["now"], clock["phase"], clock["order_hours"]) == (
        "fixed",
        "2026-11-23T10:00:00+09:00",
        "continuous",
        "always",
    )
    assert move_clock(broker, minutes=90)["now"] == "2026-11-23T11:30:00+09:00"
    moved = move_clock(broker, to="2026-11-24T09:00:00+09:00")
    assert (moved["now"], moved["trading_day"]) == ("2026-11-24T09:00:00+09:00", "20261124")
    assert fixed_sandbox.clock.now().isoformat() == "2026-11-24T09:00:00+09:00"


def test_the_controls_do_not_spend_the_clients_calls_per_second(fixed_sandbox, demo_paper_app, tmp_path):
    """The sandbox does not count its controls against the per-second limit, so the client does not pace them: a
    bot that moves the clock every step keeps its two calls a second for KIS's APIs."""
    from kislearn import KoreaInvestment
    from kislearn.ratelimit import RateLimiter
    from kislearn.sandbox_tools import market_clock, move_clock, reset_accounts

    broker = KoreaInvestment(
        demo_paper_app.appkey, demo_paper_app.appsecret, EMPTY, mock=True, base_url=fixed_sandbox.url_for("paper")
    )

    def no_waiting(seconds):
        raise AssertionError(f"a control waited {seconds} s for the rate limiter")

    broker.transport.limiter = RateLimiter(1, clock=lambda: 0.0, sleep=no_waiting)  # a frozen second, one call
    for _ in range(3):
        market_clock(broker)
        move_clock(broker, seconds=1)
        reset_accounts(broker)
    broker.fetch_price("005930")  # the one paced call of that second
    with pytest.raises(AssertionError, match="waited"):
        broker.fetch_price("005930")


@pytest.mark.parametrize(
    "body",
    [
        {"advance_seconds": -5},  # never back
        {"set": "2026-11-01T10:00:00+09:00"},  # nor to an earlier moment
        {"set": "2010-01-04T10:00:00+09:00"},
        {"set": "2040-01-02T10:00:00+09:00"},  # outside the market's years
        {"advance_seconds": "60"},
        {"set": "tomorrow"},
        {"advance_seconds": 1, "set": "2026-12-01"},
        {"speed": 10},
        [],
    ],
)
def test_a_clock_move_the_sandbox_cannot_make_is_a_korean_400(fixed_sandbox, body):
    answer = post(fixed_sandbox.url + "/sandbox/clock", json=body)
    assert answer.status_code == 400, answer.text
    refusal = answer.json()
    assert refusal["msg_cd"] in ("SBX00040", "SBX00005") and refusal["rt_cd"] == "1"
    assert fixed_sandbox.clock.now().isoformat() == "2026-11-23T10:00:00+09:00"


def test_a_course_clock_moves_by_session_time(start_sandbox):
    sandbox = start_sandbox(clock="course@2026-11-23T15:00")
    answer = post(sandbox.url + "/sandbox/clock", json={"advance_seconds": 3600}).json()["output"]
    assert answer["mode"] == "course" and answer["now"].startswith("2026-11-24T09:30")
