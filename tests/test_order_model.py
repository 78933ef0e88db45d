"""The order model without HTTP (kislearn/sandbox/order_life.py and ledger.py): random sequences of orders, 취소 and
moves of the market clock keep every balance consistent at every moment (property-based, with hypothesis),
whatever the pattern of requests in between; a reset brings the samples back."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kislearn import spec
from kislearn.consistency import check_balance, krx_tick_size
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.ledger import Ledger
from kislearn.sandbox.market.ticks import price_limits
from kislearn.sandbox.order_life import Exchange, place, revise
from kislearn.sandbox.orders import CANCEL, Order, Revision
from kislearn.sandbox.responses import Refusal
from kislearn.sandbox.samples import load_accounts, load_prices
from kislearn.sandbox.state import shared_market

ACCOUNTS = load_accounts()
PRICES = load_prices()
EXCHANGE = Exchange(shared_market(PRICES), PRICES, TradingCosts())
START = datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST)  # the sample day, mid-session
APP = "APPKEY"


def symbols_for(account: str) -> list:
    """The account's own symbols (so sells can succeed), a few it does not hold, and an unknown one."""
    held = [row["pdno"] for row in ACCOUNTS[account].output1]
    others = [symbol for symbol in PRICES if symbol not in held][:4]
    return held[:6] + others + ["999999"]


def action_strategy(account: str):
    """One step: an order (side, symbol, market or a limit some ticks from the price of the moment, quantity),
    a 취소 of one open order, or the clock moving on (seconds to days, so days end and cash settles)."""
    order = st.tuples(
        st.just("order"),
        st.sampled_from(spec.ORDER_SIDES),
        st.sampled_from(symbols_for(account)),
        st.booleans(),
        st.integers(-4, 4),
        st.integers(1, 40),
    )
    cancel = st.tuples(st.just("cancel"), st.integers(0, 10))
    wait = st.tuples(st.just("wait"), st.one_of(st.integers(1, 600), st.integers(3_600, 260_000)))
    return st.one_of(order, cancel, wait)


def order_for(side, symbol, market, ticks, quantity, now) -> Order:
    if market or symbol not in EXCHANGE.market:
        return Order(side, symbol, "01" if market else "00", quantity, 0 if market else 1000)
    snap = EXCHANGE.market.snapshot(symbol, now)
    upper, lower = price_limits(snap.bar.base)
    price = min(max(snap.price + ticks * krx_tick_size(snap.price), lower), upper)
    return Order(side, symbol, "00", quantity, price - price % krx_tick_size(price))


def placing(state, odno, *, order, now):
    return place(state, order, EXCHANGE, now, "paper", odno)


def revising(state, odno, *, revision, now):
    return revise(state, revision, EXCHANGE, now, "paper", odno)


def run(account: str, actions: list, *, look_between: bool = False):
    """Carry ``actions`` out on a fresh ledger; check the balance after each. With ``look_between``, every wait is
    cut in two with a balance read in the middle (another request pattern). Returns the final state."""
    ledger = Ledger(ACCOUNTS, EXCHANGE, START.date())
    now = START
    for action in actions:
        if action[0] == "wait":
            if look_between:
                ledger.balance(APP, account, now + timedelta(seconds=action[1] // 2))
                ledger.catch_up(now + timedelta(seconds=action[1] // 2))
            now += timedelta(seconds=action[1])
        elif action[0] == "order":
            order = order_for(*action[1:], now)
            try:
                ledger.place(APP, account, now, partial(placing, order=order, now=now))
            except Refusal:
                pass
        else:
            open_orders = ledger.state(APP, account, now).open_orders()
            if open_orders:
                target = open_orders[action[1] % len(open_orders)]
                revision = Revision(target.odno, CANCEL, True, 0, "00", 0)
                ledger.place(APP, account, now, partial(revising, revision=revision, now=now))
        balance = ledger.balance(APP, account, now)
        assert check_balance(balance.output1, balance.output2) == [], (action, now)
        # no account ever spends cash it does not have, counting what open buys reserve
        assert ledger.state(APP, account, now).orderable_cash() >= 0
    return ledger, now


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
@pytest.mark.parametrize("account", sorted(ACCOUNTS))
def test_random_sequences_keep_every_balance_consistent_whatever_the_request_pattern(account, data):
    actions = data.draw(st.lists(action_strategy(account), min_size=1, max_size=10))
    plain, now = run(account, actions)
    looked, _ = run(account, actions, look_between=True)
    first, second = plain.state(APP, account, now), looked.state(APP, account, now)
    assert (first.output1, first.summary, first.orders, first.day) == (
        second.output1,
        second.summary,
        second.orders,
        second.day,
    )
    plain.reset(APP)
    assert (
        plain.balance(APP, account, now).output2
        == Ledger(ACCOUNTS, EXCHANGE, START.date()).balance(APP, account, now).output2
    )
    assert plain.orders(APP) == []


def test_a_fixed_long_sequence_on_the_small_account():
    actions = [
        ("order", "buy", "005930", True, 0, 3),
        ("order", "sell", "005930", False, 2, 40),
        ("wait", 900),
        ("order", "sell", "005930", True, 0, 5),
        ("order", "buy", "012330", False, -3, 2),
        ("cancel", 0),
        ("wait", 86_400),
        ("order", "sell", "000660", True, 0, 3),
        ("wait", 200_000),
    ]
    run("50010002-01", actions)


def test_a_refused_order_does_not_use_up_an_order_number():
    ledger = Ledger(ACCOUNTS, EXCHANGE, START.date())

    def attempt(order):
        return ledger.place(
            APP, "50010001-01", START, lambda state, odno: place(state, order, EXCHANGE, START, "paper", odno)
        )

    with pytest.raises(Refusal):
        attempt(Order("sell", "012330", "01", 1, 0))
    assert attempt(Order("buy", "012330", "01", 1, 0)).odno == "0000000001"
