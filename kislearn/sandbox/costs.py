"""What a trade costs in the sandbox: the broker's fee and the taxes on a sale, by market.

Taxes on a sale (매도) of listed shares, from 2026-01-01, by the market the stock is listed on::

    market   증권거래세 (securities transaction tax)   농어촌특별세 (rural special tax)   together
    KOSPI    0.05%                                    0.15%                             0.20%
    KOSDAQ   0.20%                                    —                                 0.20%
    KONEX    0.10%                                    —                                 0.10%

Source: 기획재정부 (Ministry of Economy and Finance), announcement of 2025-12-01: the amendment of the
증권거래세법 시행령 that carries out the 2025년 세제개편안 (2025-07-31), pre-announced (입법예고) that day for
transfers (양도) from 2026-01-01 — KOSPI 0% → 0.05% with the 농어촌특별세 of 0.15% kept (charged on KOSPI
sales only), KOSDAQ 0.15% → 0.20%, KONEX 0.10% unchanged (reported on 2025-12-01 by News1, 한국경제TV and
동아일보). These are the 탄력세율 of 증권거래세법 시행령 제5조 (the law's own rate, 증권거래세법 제8조, is 0.35%);
the 농어촌특별세 on a KOSPI sale is 0.15% of the sale amount (농어촌특별세법 제5조제1항제5호). The rates change
by year — in 2025 they were KOSPI 0% + 0.15% and KOSDAQ 0.15% — so ``SALE_TAX_RATES_2026`` names its year.

Everything else here is the sandbox's choice, made to reproduce the paper-trading log in
``shared/kis-spec/README.md`` (2026-06-11, 현대모비스 012330, a KOSPI stock)::

    buy  1 × 294,500 → fee 294,500 × 0.014% = 41.23, floored to 10 won → 40
    sell 1 × 294,500 → fee 40, 증권거래세 0.05% = 147.25 → 147,
                       농어촌특별세 0.15% = 441.75 → 441                  → 40 + 147 + 441 = 628
    thdt_tlex_amt (today's costs) after both: 40 + 628 = 668

Real fees depend on the broker's fee plan. Change the rates like this::

    from decimal import Decimal
    from kislearn.sandbox import Sandbox, SandboxRules, TradingCosts

    free = TradingCosts(buy_fee_rate=Decimal(0), sell_fee_rate=Decimal(0))
    with Sandbox(rules=SandboxRules(costs=free)) as sandbox:
        ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

MARKETS = ("KOSPI", "KOSDAQ", "KONEX")  # the KRX markets a stock can be listed on


def floor_to(amount: Decimal, unit: int) -> int:
    """``amount`` rounded down to a multiple of ``unit`` won: floor_to(Decimal("41.23"), 10) → 40."""
    return int((amount / unit).to_integral_value(ROUND_FLOOR)) * unit


@dataclass(frozen=True)
class SaleTaxRates:
    """The taxes on a sale in one market, as fractions of the sale amount (0.0005 = 0.05%)."""

    securities_tax_rate: Decimal  # 증권거래세
    rural_tax_rate: Decimal = Decimal(0)  # 농어촌특별세 (KOSPI only)


# Transfers from 2026-01-01. Source: see the module docstring (기획재정부, 2025-12-01).
SALE_TAX_RATES_2026 = {
    "KOSPI": SaleTaxRates(Decimal("0.0005"), Decimal("0.0015")),
    "KOSDAQ": SaleTaxRates(Decimal("0.0020")),
    "KONEX": SaleTaxRates(Decimal("0.0010")),
}


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
    """Fee rates (fractions, not percent), the tax rates of each market, and the unit each amount is
    rounded down to."""

    buy_fee_rate: Decimal = Decimal("0.00014")  # 0.014% # sandbox's choice (fits the paper log)
    sell_fee_rate: Decimal = Decimal("0.00014")  # 0.014% # sandbox's choice (fits the paper log)
    fee_unit: int = 10  # fees are rounded down to 10 won # sandbox's choice (fits the paper log)
    sale_tax_rates: Mapping[str, SaleTaxRates] = field(default_factory=lambda: dict(SALE_TAX_RATES_2026))
    tax_unit: int = 1  # taxes are rounded down to the won # sandbox's choice (fits the paper log: 147, 441)

    def buy_fee(self, amount: int) -> int:
        """The fee for buying shares worth ``amount`` won (price × quantity). Buying pays no tax."""
        return floor_to(Decimal(amount) * self.buy_fee_rate, self.fee_unit)

    def tax_rates(self, market: str) -> SaleTaxRates:
        """The tax rates of a sale in ``market`` ("KOSPI", "KOSDAQ" or "KONEX")."""
        if market not in self.sale_tax_rates:
            known = ", ".join(self.sale_tax_rates)
            raise ValueError(f"세율을 모르는 시장입니다 (unknown market): {market!r}. 가능한 값: {known}")
        return self.sale_tax_rates[market]

    def sale_costs(self, amount: int, market: str) -> SaleCosts:
        """Fee and taxes for selling shares worth ``amount`` won (price × quantity) listed on ``market``."""
        rates = self.tax_rates(market)
        return SaleCosts(
            fee=floor_to(Decimal(amount) * self.sell_fee_rate, self.fee_unit),
            securities_tax=floor_to(Decimal(amount) * rates.securities_tax_rate, self.tax_unit),
            rural_tax=floor_to(Decimal(amount) * rates.rural_tax_rate, self.tax_unit),
        )
