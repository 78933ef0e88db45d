"""Stand-ins the checkers hand to the learner's function: practice brokers with only the method a task
needs, a private sandbox with a client of its own (:class:`_private_broker`), and a client whose order answers
get lost (:class:`_LostAnswers`)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from ..client import KoreaInvestment
from ..errors import KisApiError, OrderTimeoutError


class _PracticeBroker:
    """A stand-in for the client in a checker, with only the method a task needs (``offers``). Any other
    name is a Korean error that does not show this class's name."""

    offers = ""

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(
            f"채점기는 과제 설명대로 broker.{self.offers}만 있는 연습용 broker를 넘깁니다 ({name} 없음)"
        )

    def __repr__(self) -> str:
        return f"<연습용 broker: {self.offers}만 있음>"


@dataclass(repr=False)
class _Page:
    """What ``fetch_balance_page`` returns, reduced to what the task needs. Other uses are Korean errors
    that do not show this class's name."""

    tr_cont: str
    body: dict

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(f"연습용 page에는 page.tr_cont와 page.body만 있습니다 ({name} 없음)")

    def __getitem__(self, key):
        raise TypeError(f"page는 dict가 아닙니다: page[{key!r}] 대신 page.body, page.tr_cont처럼 점(.)으로 읽으세요")

    def __repr__(self) -> str:
        return f"<잔고 한 쪽: tr_cont={self.tr_cont!r}, body={self.body!r}>"


class _PagedBroker(_PracticeBroker):
    """A fake client whose balance comes in pages with the given ``tr_cont`` values; records the calls."""

    offers = "fetch_balance_page(...)"

    def __init__(self, markers: list):
        self.markers = markers
        self.calls = []  # (ctx_area_fk100, ctx_area_nk100, next_page)

    def fetch_balance_page(self, ctx_area_fk100="", ctx_area_nk100="", *extra, next_page=False, **unknown):
        if extra or unknown:
            raise TypeError("fetch_balance_page는 (ctx_area_fk100, ctx_area_nk100, next_page=True/False)만 받습니다")
        index = len(self.calls)
        self.calls.append((ctx_area_fk100, ctx_area_nk100, next_page))
        if index >= len(self.markers):
            raise RuntimeError("마지막 쪽(D/E) 뒤에 또 요청했습니다")
        if index and (ctx_area_nk100 != f"NK{index}" or not next_page):
            raise KisApiError("OPSQ2001", "연속조회키(ctx_area_nk100)나 tr_cont N이 빠졌습니다", status=500)
        rows = [{"pdno": f"{index}{n:05d}", "hldg_qty": "1"} for n in range(3)]
        return _Page(
            self.markers[index],
            {
                "rt_cd": "0",
                "output1": rows,
                "output2": [{"page": index}],
                "ctx_area_fk100": f"FK{index + 1}",
                "ctx_area_nk100": f"NK{index + 1}",
            },
        )


class _ErrorBroker(_PracticeBroker):
    """A fake client whose ``fetch_balance`` answers ``answer`` or raises it."""

    offers = "fetch_balance()"

    def __init__(self, answer):
        self.answer = answer

    def fetch_balance(self, *extra, **unknown):
        if extra or unknown:
            raise TypeError("이 연습에서는 broker.fetch_balance()를 인자 없이 부릅니다")
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class _LostAnswers(KoreaInvestment):
    """A real client on a sandbox whose order answers get lost the way a network loses them: ``lose = "after"``
    — the order reaches the server and its answer never comes back; ``"before"`` — the request never gets there;
    ``None`` — nothing is lost. Either way the client cannot tell which, so it raises OrderTimeoutError, as
    kislearn does after a read timeout. ``find_order(side, quantity)`` looks the order up as a bot would."""

    lose: str | None = None

    def create_order(self, side, symbol, price, quantity, order_type, *, hashkey=False):
        if self.lose == "before":
            raise self._lost()
        answer = super().create_order(side, symbol, price, quantity, order_type, hashkey=hashkey)
        if self.lose == "after":
            raise self._lost()
        return answer

    def _lost(self) -> OrderTimeoutError:
        return OrderTimeoutError(
            "주문을 보냈지만 답을 받지 못했습니다 (timeout): 주문이 접수됐을 수 있습니다 (the order may have been placed).\n"
            "kislearn은 이 주문을 다시 보내지 않았습니다. 다시 내기 전에 주문체결조회나 잔고에서 확인하세요.",
            tr_id="VTTC0012U",
            may_have_arrived=True,
        )

    def find_order(self, side: str, quantity: int):
        """The order number of today's market order of ``side`` ("buy"/"sell") for ``quantity`` shares of 005930
        in 주식일별주문체결조회, or None when there is none."""
        from ..sandbox_tools import market_clock

        day = market_clock(self)["trading_day"]
        rows = self.request(
            "주식일별주문체결조회",
            tr_id="3개월이내",
            INQR_STRT_DT=day,
            INQR_END_DT=day,
            SLL_BUY_DVSN_CD="02" if side == "buy" else "01",
            PDNO="005930",
            ORD_GNO_BRNO="",
            ODNO="",
            CCLD_DVSN="00",
            INQR_DVSN="00",
            INQR_DVSN_1="",
            INQR_DVSN_3="00",
            EXCG_ID_DVSN_CD="KRX",
            CTX_AREA_FK100="",
            CTX_AREA_NK100="",
        )["output1"]
        found = [row["odno"] for row in rows if int(row["ord_qty"]) == quantity and row["ord_dvsn_cd"] == "01"]
        return found[0] if len(found) == 1 else None

    def __repr__(self) -> str:
        return "<연습용 broker: 주문의 답을 잃어버릴 수 있는 샌드박스 클라이언트>"


class _private_broker:
    """``with _private_broker(account) as (broker, sandbox, app)``: a fresh sandbox on a free port, a
    student app, a client with its own token cache; everything is stopped and removed afterwards.
    ``clock`` is the sandbox's market clock (default: fixed at the sample files' close); ``broker_class`` the
    client's class (e.g. :class:`_LostAnswers`)."""

    def __init__(self, account: str, costs=None, *, clock: str | None = None, broker_class=KoreaInvestment):
        self.account = account
        self.costs = costs  # TradingCosts, or None for the sandbox's usual fees
        self.clock, self.broker_class = clock, broker_class

    def __enter__(self):
        from ..sandbox import Sandbox, SandboxRules, demo_app

        self._folder = tempfile.TemporaryDirectory(prefix="kislearn-workshop-")
        rules = SandboxRules.relaxed() if self.costs is None else SandboxRules.relaxed(costs=self.costs)
        self.sandbox = Sandbox(port=0, rules=rules, clock=self.clock).start()
        app = demo_app("paper", student="workshop")
        broker = self.broker_class(
            app.appkey,
            app.appsecret,
            self.account,
            mock=True,
            base_url=self.sandbox.url_for("paper"),
            token_cache=self._folder.name,
            calls_per_second=None,
        )
        return broker, self.sandbox, app

    def __exit__(self, *exc_info):
        self.sandbox.stop()
        self._folder.cleanup()
