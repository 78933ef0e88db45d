"""Consistency checks for 주식잔고조회 (inquire-balance) and 주식현재가 시세 (inquire-price) data.

The sandbox's sample accounts are not real accounts: they are built so that every number obeys the
arithmetic of the official specification. The checks write that arithmetic down once, as rules, so they
can check any balance: the sample files, the balances the order simulation produces, or responses saved
by a recorder.

    from kislearn.consistency import check_balance, check_price_matches
    problems = check_balance(body["output1"], body["output2"])   # [] = consistent
    for problem in problems:
        print(problem)

Pass ALL rows of ALL pages as ``output1`` and ONE page's ``output2`` (the sandbox repeats the same summary
on every page), otherwise the sums cannot match.

Every rule says where it comes from:

- **official** — the field descriptions of the KIS specification workbook, or the arithmetic its official
  examples follow (``shared/kis-spec/README.md``);
- **exchange** — a KRX market rule (tick sizes, ±30% daily limits) or a law (the foreign-ownership limit);
- **sandbox's choice** — a point the official documents do not settle. These rules are only checked with
  ``sandbox_rules=True`` (the default); recorded responses from a real server may break them.

Problems are written in Korean for the learners; field names stay as KIS spells them.

This package is client-neutral: it imports only the API catalog and :mod:`kislearn.spec`, so the recorder and
the sanitiser run the same rules as the sandbox without loading the server. The work is split by job; this
module gathers the public names:

- ``fields``        — the field lists, from the API catalog (:mod:`kislearn.catalog`)
- ``formats``       — how each value is written (whole number, decimals, date): the one fact the workbook lacks
- ``krx``           — tick sizes, daily limits, the substitute price
- ``value_checks``  — reading and comparing values (shape, Decimal, messages)
- ``balance_rules`` — the rules of a balance: :func:`check_balance`
- ``price_rules``   — the rules of a price, and of holdings against prices: :func:`check_price`,
  :func:`check_price_matches`
"""

from kislearn.consistency.balance_rules import check_balance
from kislearn.consistency.fields import OUTPUT1_FIELDS, OUTPUT2_FIELDS, PRICE_OUTPUT_FIELDS, QUANTITY_FIELDS
from kislearn.consistency.formats import OUTPUT1_FORMATS, OUTPUT2_FORMATS, PRICE_FORMATS
from kislearn.consistency.krx import DAILY_LIMIT, SUBSTITUTE_RATE, krx_tick_size, price_limits, substitute_price
from kislearn.consistency.price_rules import check_price, check_price_matches

__all__ = [
    "DAILY_LIMIT",
    "OUTPUT1_FIELDS",
    "OUTPUT1_FORMATS",
    "OUTPUT2_FIELDS",
    "OUTPUT2_FORMATS",
    "PRICE_FORMATS",
    "PRICE_OUTPUT_FIELDS",
    "QUANTITY_FIELDS",
    "SUBSTITUTE_RATE",
    "check_balance",
    "check_price",
    "check_price_matches",
    "krx_tick_size",
    "price_limits",
    "substitute_price",
]
