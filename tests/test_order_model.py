"""The fill model (kislearn/sandbox/orders.py) without HTTP: random order sequences keep every balance
consistent (property-based, with hypothesis), and a reset brings the samples back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kislearn import spec
from kislearn.sandbox.consistency import check_balance, krx_tick_size
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.ledger import Ledger
from kislearn.sandbox.orders import Order, place_order
from kislearn.sandbox.responses import Refusal
from kislearn.sandbox.samples import load_accounts, load_prices

ACCOUNTS = load_accounts()
PRICES = load_prices()
APP = "APPKEY"


def symbols_for(account: str) -> list:
    """The account's own symbols (so sells can succeed) and a few it does not hold, plus an unknown one."""
    held = [row["pdno"] for row in ACCOUNTS[account].output1]
    others = [symbol for symbol in PRICES if symbol not in held][:4]
    return held[:8] + others + ["999999"]


def order_strategy(account: str):
    """One random order: side, symbol, market or limit (a few ticks around the current price), quantity."""

    def build(side, symbol, market, ticks, quantity):
        if market or symbol not in PRICES:
            return Order(
                side, symbol, spec.MARKET_ORDER if market else spec.LIMIT_ORDER, quantity, 0 if market else 1000
            )
        current = int(PRICES[symbol].output["stck_prpr"])
        return Order(side, symbol, spec.LIMIT_ORDER, quantity, current + ticks * krx_tick_size(current))

    return st.builds(
        build,
        st.sampled_from(spec.ORDER_SIDES),
        st.sampled_from(symbols_for(account)),
        st.booleans(),
        st.integers(-3, 3),
        st.integers(1, 60),
    )


def place(ledger: Ledger, account: str, order: Order, flavour: str = "paper"):
    """Place through the ledger as the sandbox does; returns the record or the Refusal."""
    try:
        return ledger.place(
            APP,
            account,
            lambda state, odno: place_order(
                state, order, PRICES.get(order.symbol), TradingCosts(), flavour, odno, "090000"
            ),
        )
    except Refusal as refusal:
        return refusal


def run_sequence(account: str, orders: list) -> None:
    ledger = Ledger(ACCOUNTS)
    sample = ACCOUNTS[account]
    for order in orders:
        outcome = place(ledger, account, order)
        balance = ledger.balance(APP, account)
        assert check_balance(balance.output1, balance.output2) == [], (order, outcome)
        summary = balance.output2[0]
        # today's trades settle on D+2: D+0 and D+1 cash never move
        assert summary["dnca_tot_amt"] == sample.summary["dnca_tot_amt"]
        assert summary["nxdy_excc_amt"] == sample.summary["nxdy_excc_amt"]
        # no account ever spends cash it does not have, counting what resting buys reserve
        assert ledger.state(APP, account).orderable_cash() >= 0
    ledger.reset(APP)
    assert ledger.balance(APP, account) == sample
    assert ledger.orders(APP) == []


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
@pytest.mark.parametrize("account", sorted(ACCOUNTS))
def test_random_order_sequences_keep_every_balance_consistent(account, data):
    orders = data.draw(st.lists(order_strategy(account), min_size=1, max_size=12))
    run_sequence(account, orders)


def test_a_fixed_long_sequence_on_the_small_account():
    orders = [
        Order("buy", "005930", "01", 3, 0),
        Order("sell", "005930", "00", 40, 100_000),
        Order("sell", "005930", "01", 10, 0),
        Order("sell", "000660", "01", 3, 0),
        Order("buy", "000660", "00", 1, 515_000),
        Order("buy", "012330", "00", 1, 290_000),
    ]
    run_sequence("50010002-01", orders)


def test_a_refused_order_does_not_use_up_an_order_number():
    ledger = Ledger(ACCOUNTS)
    assert isinstance(place(ledger, "50010001-01", Order("sell", "012330", "01", 1, 0)), Refusal)
    assert place(ledger, "50010001-01", Order("buy", "012330", "01", 1, 0)).odno == "0000000001"
