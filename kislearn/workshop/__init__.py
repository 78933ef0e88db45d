"""Automatic checkers for the workshop notebook (``notebooks/11_workshop.ipynb``).

One checker per task, in the order of the lessons. A checker takes the learner's function, runs it on
cases (and, where a server is needed, on a private sandbox it starts and stops itself) and returns a
:class:`CheckResult` that shows, in Korean, what is right (✅) and what is missing (❌, with a hint).
It never shows a traceback: an exception from the learner's function becomes one ❌ line that names the
case, at the place it happened; the other cases are still checked where they do not depend on it.

    from kislearn import workshop
    workshop.check_split_account(split_account)    # → ✅/❌ lines
    workshop.hint(1)                               # the next hint for task 1

The outputs are deterministic (no random ids, times or paths), so nbval can compare them.

Modules, one job each:

- ``result``        — :class:`CheckResult` (the ✅/❌ lines) and calling the learner's function safely
- ``practice``      — stand-ins handed to the learner's function: practice brokers and a private sandbox
- ``client_tasks``  — tasks 1–3: the account number, the authorization header, a cached token
- ``balance_tasks`` — tasks 4–6: every balance page, the D+2 total, output1 as a DataFrame
- ``order_tasks``   — tasks 7–8: a market buy in the sandbox, handling an API error
- ``market_tasks``  — tasks 9–10: a moving average of daily bars, cancelling a resting order
- ``live_tasks``    — tasks 11–12: the trades of a real-time frame, an order sent once when its answer is lost
- ``hints``         — ``hint(task)``, a little more concrete each call
- ``tasks``         — the tasks' titles and answers (``tasks.json``, generated from the solutions notebook's
  text twin by ``scripts/build_workshop_notebooks.py``: the workshop is written once, there)
"""

from .balance_tasks import check_fetch_all_holdings, check_holdings_frame, check_total_evaluation
from .client_tasks import check_make_headers, check_split_account, check_token_is_usable
from .hints import HINTS, Hint, hint
from .live_tasks import check_buy_once, check_read_trades
from .market_tasks import check_cancel_order, check_moving_average
from .order_tasks import check_balance_or_code, check_buy_and_report
from .result import CheckResult
from .tasks import TASKS

CHECKERS = {
    1: check_split_account,
    2: check_make_headers,
    3: check_token_is_usable,
    4: check_fetch_all_holdings,
    5: check_total_evaluation,
    6: check_holdings_frame,
    7: check_buy_and_report,
    8: check_balance_or_code,
    9: check_moving_average,
    10: check_cancel_order,
    11: check_read_trades,
    12: check_buy_once,
}

__all__ = [
    "CHECKERS",
    "HINTS",
    "TASKS",
    "CheckResult",
    "Hint",
    "hint",
    "check_split_account",
    "check_make_headers",
    "check_token_is_usable",
    "check_fetch_all_holdings",
    "check_total_evaluation",
    "check_holdings_frame",
    "check_buy_and_report",
    "check_balance_or_code",
    "check_moving_average",
    "check_cancel_order",
    "check_read_trades",
    "check_buy_once",
]
