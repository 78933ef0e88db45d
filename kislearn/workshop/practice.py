"""Stand-ins the checkers hand to the learner's function: practice brokers with only the method a task
needs, and a private sandbox with a client of its own (:class:`_private_broker`)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from ..errors import KisApiError


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


class _private_broker:
    """``with _private_broker(account) as (broker, sandbox, app)``: a fresh sandbox on a free port, a
    student app, a client with its own token cache; everything is stopped and removed afterwards."""

    def __init__(self, account: str, costs=None):
        self.account = account
        self.costs = costs  # TradingCosts, or None for the sandbox's usual fees

    def __enter__(self):
        from ..client import KoreaInvestment
        from ..sandbox import Sandbox, SandboxRules, demo_app

        self._folder = tempfile.TemporaryDirectory(prefix="kislearn-workshop-")
        rules = SandboxRules.relaxed() if self.costs is None else SandboxRules.relaxed(costs=self.costs)
        self.sandbox = Sandbox(port=0, rules=rules).start()
        app = demo_app("paper", student="workshop")
        broker = KoreaInvestment(
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
