"""kislearn.KoreaInvestment against the sandbox: the mojito2-compatible surface and what it does better."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

import kislearn
from kislearn import (
    AccountNumberError,
    InvalidArgumentError,
    InvalidTokenError,
    KisApiError,
    KoreaInvestment,
    NotCoveredError,
    TokenIssueLimitError,
    spec,
)
from kislearn.sandbox import ManualClock, SandboxRules, demo_app

SMALL, LARGE, EMPTY = "50010002-01", "50010003-01", "50010001-01"


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def make_client(sandbox, app, account=SMALL, cache=None, flavour=None, **options):
    flavour = flavour or app.flavour
    options.setdefault("calls_per_second", None)
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        account,
        mock=flavour == "paper",
        base_url=sandbox.url_for(flavour),
        token_cache=cache,
        **options,
    )


def recording_session():
    """A requests.Session that remembers every request it sent."""
    session = requests.Session()
    session.sent = []
    session.hooks["response"].append(lambda response, *args, **kwargs: session.sent.append(response.request))
    return session


def query(prepared_request) -> dict:
    return {
        name: values[0]
        for name, values in parse_qs(urlsplit(prepared_request.url).query, keep_blank_values=True).items()
    }


# -- constructor -----------------------------------------------------------------------------------
def test_mojito2_attributes(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    assert (broker.acc_no, broker.acc_no_prefix, broker.acc_no_postfix) == (SMALL, "50010002", "01")
    assert broker.mock is True and broker.exchange == "서울"
    assert broker.access_token.startswith("Bearer eyJ")
    assert broker.base_url == sandbox.url_for("paper")


def test_default_base_urls_are_the_kis_hosts():
    broker = KoreaInvestment.__new__(KoreaInvestment)
    broker.set_base_url(True)
    assert broker.base_url == spec.PAPER_URL
    broker.set_base_url(False)
    assert broker.base_url == spec.REAL_URL


def test_bad_account_fails_before_any_network_call(demo_paper_app):
    with pytest.raises(AccountNumberError, match="하이픈"):
        KoreaInvestment(
            demo_paper_app.appkey, demo_paper_app.appsecret, "5001000201", mock=True, base_url="http://127.0.0.1:9"
        )  # nothing listens there; never reached


@pytest.mark.parametrize("key, secret", [("", "s"), ("k", ""), (None, "s")])
def test_empty_keys(key, secret):
    with pytest.raises(InvalidArgumentError):
        KoreaInvestment(key, secret, SMALL, base_url="http://127.0.0.1:9")


def test_second_constructor_reuses_the_cached_token(sandbox, demo_paper_app, cache_dir):
    first = make_client(sandbox, demo_paper_app, cache=cache_dir)
    second = make_client(sandbox, demo_paper_app, cache=cache_dir)
    assert first.access_token == second.access_token
    assert sandbox.stats["tokens_issued"]["paper"] == 1
    assert second.check_access_token() is True


def test_token_asked_twice_in_a_minute_is_egw00133(start_sandbox, demo_paper_app, tmp_path):
    sandbox = start_sandbox(SandboxRules(calls_per_second=None))  # one-token-a-minute rule on
    make_client(sandbox, demo_paper_app, cache=tmp_path / "a")
    with pytest.raises(TokenIssueLimitError) as caught:
        make_client(sandbox, demo_paper_app, cache=tmp_path / "b")  # another cache: must ask the server
    assert caught.value.msg_cd == "EGW00133" and caught.value.status == 403
    assert "1분" in caught.value.hint


def test_repr_hides_secrets(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    text = repr(broker)
    token = broker.access_token.removeprefix("Bearer ")
    for secret in (demo_paper_app.appkey, demo_paper_app.appsecret, token, "50010002"):
        assert secret not in text
    assert "02-01" in text


def test_logs_hide_secrets(sandbox, demo_paper_app, cache_dir, caplog):
    caplog.set_level("DEBUG", logger="kislearn")
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    broker.fetch_price("005930")
    assert "inquire-price" in caplog.text
    for secret in (demo_paper_app.appkey, demo_paper_app.appsecret, broker.access_token.split()[1]):
        assert secret not in caplog.text


def test_overseas_exchange_is_accepted_but_not_covered(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir, exchange="나스닥")
    with pytest.raises(NotCoveredError, match="not covered"):
        broker.fetch_price("AAPL")
    with pytest.raises(NotCoveredError):
        broker.fetch_balance()


def test_unknown_exchange():
    with pytest.raises(InvalidArgumentError, match="서울"):
        KoreaInvestment("k", "s", SMALL, exchange="부산", base_url="http://127.0.0.1:9")


# -- token methods ---------------------------------------------------------------------------------
def test_revoke(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    revoked = broker.access_token
    assert broker.revoke_access_token() == spec.REVOKE_OK
    assert broker.access_token is None and broker.check_access_token() is False
    broker.access_token = revoked  # the server has forgotten it, too
    with pytest.raises(InvalidTokenError) as caught:
        broker.fetch_price("005930")
    assert caught.value.msg_cd == "EGW00121"


def test_issue_hashkey(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    assert re.fullmatch(r"[0-9a-f]{64}", broker.issue_hashkey({"CANO": "50010002", "ORD_QTY": "1"}))


def test_expired_token_is_renewed_once(start_sandbox, demo_paper_app, cache_dir):
    clock = ManualClock()
    sandbox = start_sandbox(SandboxRules.relaxed(clock=clock))
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    before = broker.access_token
    clock.advance(hours=25)  # the server now considers the token expired (EGW00123)
    assert broker.fetch_price("005930")["rt_cd"] == "0"
    assert broker.access_token != before
    assert sandbox.stats["tokens_issued"]["paper"] == 2


# -- fetch_price -----------------------------------------------------------------------------------
def test_fetch_price_returns_the_whole_answer(sandbox, demo_paper_app, cache_dir):
    answer = make_client(sandbox, demo_paper_app, cache=cache_dir).fetch_price("005930")
    assert answer["rt_cd"] == "0" and answer["msg_cd"] == "MCA00000"
    assert answer["output"]["stck_shrn_iscd"] == "005930"
    assert isinstance(answer["output"]["stck_prpr"], str)


@pytest.mark.parametrize("symbol", [5930, "5930", "삼성전자", "0059300", ""])
def test_fetch_price_checks_the_symbol(sandbox, demo_paper_app, cache_dir, symbol):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    with pytest.raises(InvalidArgumentError, match="6자리"):
        broker.fetch_price(symbol)


# -- fetch_balance ---------------------------------------------------------------------------------
def test_balance_pages_on_paper(sandbox, demo_paper_app, cache_dir):
    session = recording_session()
    broker = make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir, session=session)
    balance = broker.fetch_balance()
    assert set(balance) == {"output1", "output2"}  # mojito2's shape
    assert len(balance["output1"]) == 55
    assert len({row["pdno"] for row in balance["output1"]}) == 55  # no page twice
    assert len(balance["output2"]) == 1  # one summary, not one per page

    pages = [r for r in session.sent if spec.BALANCE_PATH in r.url]
    assert len(pages) == 3
    assert pages[0].headers["tr_cont"] == "" and query(pages[0])["CTX_AREA_NK100"] == ""
    for page in pages[1:]:
        assert page.headers["tr_cont"] == "N"
        assert query(page)["CTX_AREA_NK100"].startswith("50010003")  # the previous page's key went back
        assert len(query(page)["CTX_AREA_NK100"]) == 100  # sent back as received, padding included
    assert all(page.headers["tr_id"] == "VTTC8434R" for page in pages)


def test_balance_pages_on_real(sandbox, demo_real_app, cache_dir):
    session = recording_session()
    broker = make_client(sandbox, demo_real_app, account=LARGE, cache=cache_dir, session=session)
    balance = broker.fetch_balance()
    assert len(balance["output1"]) == 55 and len(balance["output2"]) == 1
    pages = [r for r in session.sent if spec.BALANCE_PATH in r.url]
    assert len(pages) == 2 and pages[0].headers["tr_id"] == "TTTC8434R"


def trading_between_pages(broker, trader, orders: int):
    """Make ``trader`` (the same app key) buy one share after page 1 of the next ``orders`` reads of ``broker``."""
    read_page = broker.fetch_balance_page
    left = [orders]

    def page_then_trade(*args, **kwargs):
        answer = read_page(*args, **kwargs)
        if not kwargs.get("next_page") and left[0] > 0:
            left[0] -= 1
            trader.create_market_buy_order("012330", 1)  # an order fills while the pages come
        return answer

    broker.fetch_balance_page = page_then_trade


def test_an_order_between_pages_restarts_the_read_once_and_returns_one_snapshot(sandbox, demo_paper_app, cache_dir):
    from kislearn.consistency import check_balance

    session = recording_session()
    broker = make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir, session=session)
    trading_between_pages(broker, make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir), orders=1)
    balance = broker.fetch_balance()
    assert check_balance(balance["output1"], balance["output2"]) == []  # one snapshot: after the order
    assert next(row for row in balance["output1"] if row["pdno"] == "012330")["thdt_buyqty"] == "1"
    pages = [r for r in session.sent if spec.BALANCE_PATH in r.url]
    assert [page.headers["tr_cont"] for page in pages] == ["", "N", "", "N", "N"]  # page 2 refused: SYDB0050


def test_changes_during_the_second_read_too_raise_sydb0050(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir)
    trading_between_pages(broker, make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir), orders=2)
    with pytest.raises(KisApiError) as caught:
        broker.fetch_balance()
    assert (caught.value.msg_cd, caught.value.rt_cd) == ("SYDB0050", "7")
    assert "다시 조회" in caught.value.hint


def test_balance_of_the_empty_account(sandbox, demo_paper_app, cache_dir):
    balance = make_client(sandbox, demo_paper_app, account=EMPTY, cache=cache_dir).fetch_balance()
    assert balance["output1"] == []
    assert balance["output2"][0]["dnca_tot_amt"] == "10000000"


def test_balance_summary_matches_the_rows(sandbox, demo_paper_app, cache_dir):
    balance = make_client(sandbox, demo_paper_app, account=LARGE, cache=cache_dir).fetch_balance()
    total = sum(int(row["evlu_amt"]) for row in balance["output1"])
    assert total == int(balance["output2"][0]["scts_evlu_amt"])


def test_unknown_account_is_opsq2000(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, account="12345678-01", cache=cache_dir)
    with pytest.raises(KisApiError) as caught:
        broker.fetch_balance()
    error = caught.value
    assert (error.msg_cd, error.rt_cd, error.status, error.tr_id) == ("OPSQ2000", "2", 200, "VTTC8434R")
    assert error.msg1 == "ERROR : INPUT INVALID_CHECK_ACNO"  # padding removed
    assert "계좌번호" in error.hint and "OPSQ2000" in str(error)


def test_real_tr_id_on_the_paper_server_is_egw2004(sandbox, demo_paper_app, cache_dir):
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir)
    broker.mock = False  # a learner's mistake: paper keys and server, real tr_ids
    with pytest.raises(KisApiError) as caught:
        broker.fetch_balance()
    assert caught.value.msg_cd == "EGW2004" and caught.value.tr_id == "TTTC8434R"


# -- pacing ----------------------------------------------------------------------------------------
def test_paper_pacing_avoids_rejections(start_sandbox, demo_paper_app, cache_dir):
    sandbox = start_sandbox(SandboxRules(token_issue_interval=None))  # paper: 2 calls a second enforced
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir, calls_per_second="auto")
    for _ in range(5):
        broker.fetch_price("005930")
    assert sandbox.stats["rate_limited"] == 0


def test_egw00201_is_retried(start_sandbox, demo_paper_app, cache_dir):
    sandbox = start_sandbox(SandboxRules(token_issue_interval=None))
    broker = make_client(sandbox, demo_paper_app, cache=cache_dir, calls_per_second=None)  # no pacing
    answers = [broker.fetch_price("005930") for _ in range(4)]
    assert all(answer["rt_cd"] == "0" for answer in answers)
    assert sandbox.stats["rate_limited"] >= 1  # the server did refuse some, and the client recovered


def test_connect_uses_the_sandbox(sandbox, monkeypatch, tmp_path):
    for name in kislearn.settings.NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KIS_SANDBOX_URL", sandbox.url)
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path / "cache"))
    broker = kislearn.connect(calls_per_second=None)
    assert broker.mock and broker.acc_no == SMALL and broker.base_url == sandbox.url_for("paper")
    assert len(broker.fetch_balance()["output1"]) > 0


def test_connect_to_another_sample_account(sandbox, monkeypatch, tmp_path):
    monkeypatch.setenv("KIS_SANDBOX_URL", sandbox.url)
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path / "cache"))
    broker = kislearn.connect(account=EMPTY, calls_per_second=None)
    assert broker.acc_no == EMPTY and broker.fetch_balance()["output1"] == []
    with pytest.raises(AccountNumberError):
        kislearn.connect(account="5001000101")


@pytest.mark.parametrize("flavour, mock", [("paper", False), ("real", True)])
def test_mock_must_agree_with_a_sandbox_url(sandbox, demo_paper_app, flavour, mock):
    with pytest.raises(InvalidArgumentError, match="mock="):
        KoreaInvestment(
            demo_paper_app.appkey, demo_paper_app.appsecret, SMALL, mock=mock, base_url=sandbox.url_for(flavour)
        )
    assert sandbox.stats["tokens_issued"] == {"real": 0, "paper": 0}  # refused before any request


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_the_host_root_works_and_the_key_decides_the_flavour(sandbox, cache_dir, flavour):
    app = demo_app(flavour)
    broker = KoreaInvestment(
        app.appkey, app.appsecret, LARGE, mock=(flavour == "paper"), base_url=sandbox.url, token_cache=cache_dir
    )
    assert len(broker.fetch_balance()["output1"]) == 55
    assert sandbox.stats["tokens_issued"][flavour] == 1


def test_a_prefix_that_disagrees_with_the_key_is_an_unknown_key(sandbox, cache_dir):
    real = demo_app("real")
    with pytest.raises(KisApiError) as caught:
        KoreaInvestment(
            real.appkey, real.appsecret, SMALL, mock=True, base_url=sandbox.url_for("paper"), token_cache=cache_dir
        )
    assert caught.value.msg_cd == "EGW00103"


def test_students_get_their_own_keys_on_a_shared_sandbox(start_sandbox, monkeypatch, tmp_path):
    shared = start_sandbox(SandboxRules(calls_per_second=None))  # one token a minute per app key: ON
    monkeypatch.setenv("KIS_SANDBOX_URL", shared.url)
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path / "cache"))
    brokers = []
    for name in ("kim", "lee"):
        monkeypatch.setenv("KIS_STUDENT", name)
        brokers.append(kislearn.connect(account=EMPTY, calls_per_second=None))
    assert brokers[0].api_key != brokers[1].api_key  # two keys, so no EGW00133 for the second student
    brokers[0].create_market_buy_order("005930", 1)
    assert len(brokers[0].fetch_balance()["output1"]) == 1
    assert brokers[1].fetch_balance()["output1"] == []  # lee does not see kim's order
