"""What a trade costs in the sandbox: the broker's fee and the taxes on a sale.

The defaults reproduce the paper-trading log in ``shared/kis-spec/README.md`` (2026-06-11)::

    buy  1 × 294,500 → fee 294,500 × 0.014% = 41.23, floored to 10 won → 40
    sell 1 × 294,500 → fee 40, securities transaction tax 0.05% = 147.25 → 147,
                       rural special tax 0.15% = 441.75 → 441           → 40 + 147 + 441 = 628
    thdt_tlex_amt (today's costs) after both: 40 + 628 = 668

Real rates depend on the broker's fee plan, the market (KOSPI, KOSDAQ...) and the year's tax law. The
sandbox uses one set of rates for every symbol. # sandbox's choice. Change them like this::

    from decimal import Decimal
    from kislearn.sandbox import Sandbox, SandboxRules, TradingCosts

    free = TradingCosts(buy_fee_rate=Decimal(0), sell_fee_rate=Decimal(0))
    with Sandbox(rules=SandboxRules(costs=free)) as sandbox:
        ...
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal


def floor_to(amount: Decimal, unit: int) -> int:
    """``amount`` rounded down to a multiple of ``unit`` won: floor_to(Decimal("41.23"), 10) → 40."""
    return int((amount / unit).to_integral_value(ROUND_FLOOR)) * unit


@dataclass(frozen=True)
class SaleCosts:
    """The costs of one sale, in won."""

    fee: int  # 매도 수수료
    securities_tax: int  # 증권거래세
    rural_tax: int  # 농어촌특별세

    @property
    def total(self) -> int:
        return self.fee + self.securities_tax + self.rural_tax


@dataclass(frozen=True)
class TradingCosts:
    """Fee and tax rates (fractions, not percent) and the unit each amount is rounded down to."""

    buy_fee_rate: Decimal = Decimal("0.00014")  # 0.014% # sandbox's choice (fits the paper log)
    sell_fee_rate: Decimal = Decimal("0.00014")  # 0.014% # sandbox's choice (fits the paper log)
    fee_unit: int = 10  # fees are rounded down to 10 won # sandbox's choice (fits the paper log)
    securities_tax_rate: Decimal = Decimal("0.0005")  # 증권거래세 0.05% (fits the paper log)
    rural_tax_rate: Decimal = Decimal("0.0015")  # 농어촌특별세 0.15% (fits the paper log)
    tax_unit: int = 1  # taxes are rounded down to the won

    def buy_fee(self, amount: int) -> int:
        """The fee for buying shares worth ``amount`` won (price × quantity)."""
        return floor_to(Decimal(amount) * self.buy_fee_rate, self.fee_unit)

    def sale_costs(self, amount: int) -> SaleCosts:
        """Fee and taxes for selling shares worth ``amount`` won (price × quantity)."""
        return SaleCosts(
            fee=floor_to(Decimal(amount) * self.sell_fee_rate, self.fee_unit),
            securities_tax=floor_to(Decimal(amount) * self.securities_tax_rate, self.tax_unit),
            rural_tax=floor_to(Decimal(amount) * self.rural_tax_rate, self.tax_unit),
        )
