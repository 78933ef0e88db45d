"""A balance dashboard for the notebook, built from small ipywidgets pieces.

    from kislearn.dashboard import dashboard
    dashboard()            # sandbox: a sample account to pick; paper/real: your own account

The pieces, one job each, can be used (and tested) on their own, without a browser:

- :class:`BalancePanel`   — account picker, refresh button, summary figures, coloured holdings table, chart
- :class:`PriceLookup`    — a symbol box and a button → the 주식현재가 시세 table (``price_frame``)
- :class:`GlossarySearch` — a search box over the field glossary, with each field's value in the current balance
- :func:`dashboard`       — puts the three together
- :class:`LivePrice`      — a live price (실시간체결가 over the WebSocket feed) and a rolling chart of the last trades

They take functions, not a fixed server: ``BalancePanel(connect, accounts)`` calls ``connect(account)`` to get a
client (``kislearn.connect`` by default in :func:`dashboard`). Callbacks never print: everything they show goes
into widgets (HTML widgets and an Output widget), so a notebook's cell outputs stay the same from run to run.
"""

from __future__ import annotations

import html
import io
import itertools
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import Image

from .errors import KisError
from .frames import DOWN_COLOR, UP_COLOR, holdings_frame, price_frame, style_profit
from .glossary import field, lookup
from .values import format_value, to_number

# The summary figures at the top of the balance panel (output2 fields), in reading order.
SUMMARY_FIGURES = ("prvs_rcdl_excc_amt", "tot_evlu_amt", "evlu_pfls_smtl_amt", "asst_icdc_amt")
# Figures whose sign means gain or loss (coloured red / blue, Korean market colours).
SIGNED_FIGURES = ("evlu_pfls_smtl_amt", "asst_icdc_amt")
# How many glossary matches the search box lists.
MAX_RESULTS = 8


# ---------------------------------------------------------------------------------------------------
# Small helpers: numbers and messages as HTML
# ---------------------------------------------------------------------------------------------------
def won(value) -> str:
    """``1234567`` → ``"1,234,567원"``; None → ``"-"``."""
    return "-" if value is None else f"{format_value(int(value))}원"


def signed_color(value) -> str:
    """Korean market colours: red above zero, blue below, black at zero."""
    if value is None or value == 0:
        return "inherit"
    return UP_COLOR if value > 0 else DOWN_COLOR


def error_html(error: Exception) -> str:
    """An error as a short red message (what went wrong, in the words of the kislearn error)."""
    return f'<div style="color:{UP_COLOR}">⚠ {html.escape(type(error).__name__)}: {html.escape(str(error))}</div>'


def field_value(name: str, text, section: str) -> str:
    """A field's value as the learner reads it: ``"1,234원"``, ``"3.25%"``, ``"35주"``, or the text itself."""
    item = field(name, section)
    if item.is_number:
        value = to_number(text, item.type, field_name=name)
        if value is None:
            return "(빈 값)"
        return format_value(value) + (item.unit if item.unit in ("원", "주", "%", "배", "억원") else "")
    return html.escape(str(text)) if text not in (None, "") else "(빈 값)"


# ---------------------------------------------------------------------------------------------------
# Balance: figures, table, chart
# ---------------------------------------------------------------------------------------------------
def summary_html(balance: dict) -> str:
    """The four summary figures as cards: D+2 예수금, 총평가금액, 평가손익합계금액, 자산증감액."""
    summary = balance["output2"][0]
    cards = []
    for name in SUMMARY_FIGURES:
        value = to_number(summary.get(name), "int", field_name=name)
        color = signed_color(value) if name in SIGNED_FIGURES else "inherit"
        label = "D+2 예수금" if name == "prvs_rcdl_excc_amt" else field(name, "output2").official_name
        cards.append(
            f'<div style="border:1px solid #ccc;border-radius:6px;padding:6px 12px;margin:4px">'
            f'<div style="font-size:85%;color:#555">{label} <code>{name}</code></div>'
            f'<div style="font-size:140%;font-weight:bold;color:{color}">{won(value)}</div></div>'
        )
    return '<div style="display:flex;flex-wrap:wrap">' + "".join(cards) + "</div>"


def holdings_html(balance: dict) -> str:
    """The holdings as an HTML table with Korean colours (style_profit), or a sentence when there are none."""
    frame = holdings_frame(balance)
    if frame.empty:
        return "<p>보유 종목이 없습니다 (no holdings). 종목을 사면 여기에 표가 나옵니다.</p>"
    return style_profit(frame).hide(axis="index").to_html()


def chart_png(balance: dict) -> bytes | None:
    """A horizontal bar chart of 평가금액 per holding (red = gain, blue = loss) as PNG bytes; None when empty.

    Uses matplotlib's Figure directly (not pyplot), so nothing is drawn into the notebook by itself.
    """
    import koreanize_matplotlib  # noqa: F401  (Korean font for the names)
    from matplotlib.figure import Figure

    frame = holdings_frame(balance, korean=False)
    if frame.empty:
        return None
    frame = frame.sort_values("evlu_amt")
    figure = Figure(figsize=(7, 0.35 * len(frame) + 1.2), dpi=80)
    axes = figure.add_subplot()
    colors = [signed_color(value) if value else "#888888" for value in frame["evlu_pfls_amt"]]
    axes.barh(list(frame["prdt_name"]), list(frame["evlu_amt"].astype("int64")), color=colors)
    axes.set_title("종목별 평가금액 (빨강: 이익, 파랑: 손실)")
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:,.0f}원")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


_part_numbers = itertools.count(1)  # Parts made so far in this kernel


def part_model_id(name: str) -> str:
    """The widget model id of the next Part: counted in this kernel (1st, 2nd, ... Part), not random as ipywidgets
    makes it, so a notebook that shows a dashboard saves the same output on every run. Unique within a kernel,
    which is all a notebook's widgets need."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"kislearn.dashboard/{name}/{next(_part_numbers)}").hex


class Part(widgets.VBox):
    """A VBox whose plain-text form is one fixed line (``kislearn 잔고 (balance)``), not the reprs of all its
    children, and whose model id is :func:`part_model_id`'s: a notebook's saved output then does not change
    with the widgets' contents, nor from run to run."""

    def __init__(self, children, name: str):
        super().__init__(children, model_id=part_model_id(name))
        self.name = name

    def __repr__(self) -> str:
        return f"kislearn {self.name}"


class BalancePanel:
    """Account picker + refresh button → summary figures, holdings table and chart.

    ``connect(account)`` must return a client with ``fetch_balance()`` (e.g. ``kislearn.connect``);
    ``accounts`` is a list of ``(label, account)`` pairs for the dropdown. ``balance`` holds the last answer.
    """

    def __init__(self, connect: Callable, accounts: list, account: str | None = None):
        self._connect = connect
        self._clients = {}
        self.balance: dict | None = None
        self.listeners = []  # functions called with the new balance after each refresh
        values = [value for _, value in accounts]
        self.account = widgets.Dropdown(
            options=accounts, value=account if account in values else values[0], description="계좌"
        )
        self.refresh_button = widgets.Button(description="새로고침 (refresh)", icon="refresh")
        self.status = widgets.HTML()
        self.figures = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Output()
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.account.observe(lambda _change: self.refresh(), names="value")
        self.widget = Part(
            [widgets.HBox([self.account, self.refresh_button]), self.status, self.figures, self.table, self.chart],
            "잔고 (balance)",
        )

    def client(self):
        """The client of the selected account (made once per account, then reused)."""
        account = self.account.value
        if account not in self._clients:
            self._clients[account] = self._connect(account)
        return self._clients[account]

    def refresh(self) -> None:
        """Fetch the balance of the selected account and redraw everything (errors go to ``status``)."""
        self.status.value = "조회 중 (loading) ..."
        try:
            balance = self.client().fetch_balance()
            figures, table, png = summary_html(balance), holdings_html(balance), chart_png(balance)
        except KisError as error:
            self.show(None)  # nothing of the previous account stays on screen as if it were this one's
            self.status.value = error_html(error)
            return
        self.show(balance, figures, table, png)
        self.status.value = (
            f"계좌 <code>{html.escape(self.account.value)}</code>: 보유 종목 {len(balance['output1'])}개"
        )

    def show(self, balance: dict | None, figures: str = "", table: str = "", png: bytes | None = None) -> None:
        """Put a balance (or, with ``None``, nothing) on screen and tell the listeners."""
        self.balance = balance
        self.figures.value, self.table.value = figures, table
        self.chart.outputs = ()
        if png is not None:
            self.chart.append_display_data(Image(data=png, format="png"))
        for listener in self.listeners:
            listener(balance)


# ---------------------------------------------------------------------------------------------------
# Price lookup
# ---------------------------------------------------------------------------------------------------
class PriceLookup:
    """A symbol box and a button → the 주식현재가 시세 fields as a coloured table.

    ``fetch_price(symbol)`` returns the API answer (e.g. ``client.fetch_price``).
    """

    def __init__(self, fetch_price: Callable, symbol: str = "005930"):
        self._fetch_price = fetch_price
        self.symbol = widgets.Text(value=symbol, description="종목코드", placeholder="예: 005930")
        self.button = widgets.Button(description="시세 조회 (price)", icon="search")
        self.result = widgets.HTML()
        self.button.on_click(lambda _button: self.look_up())
        self.widget = Part([widgets.HBox([self.symbol, self.button]), self.result], "현재가 조회 (price)")

    def look_up(self) -> None:
        """Fetch the price of the symbol in the box and show it (errors as a message)."""
        symbol = self.symbol.value.strip()
        try:
            frame = price_frame(
                self._fetch_price(symbol),
                [
                    "stck_shrn_iscd",
                    "bstp_kor_isnm",
                    "stck_prpr",
                    "prdy_vrss",
                    "prdy_ctrt",
                    "stck_hgpr",
                    "stck_lwpr",
                    "acml_vol",
                    "per",
                    "pbr",
                ],
            )
        except KisError as error:
            self.result.value = error_html(error)
            return
        table = style_profit(frame[["필드", "공식 이름", "값", "단위"]]).hide(axis="index")
        self.result.value = table.to_html()


# ---------------------------------------------------------------------------------------------------
# Glossary search
# ---------------------------------------------------------------------------------------------------
def current_value(name: str, section: str, balance: dict | None) -> str:
    """A field's value in the current balance: the summary value (output2), the first holding's value with
    how many holdings there are (output1), or ``""`` (price and workbook fields, no balance yet, empty account)."""
    if balance is None or section not in ("output1", "output2"):
        return ""
    if section == "output2":
        return field_value(name, balance["output2"][0].get(name), section)
    rows = balance["output1"]
    if not rows:
        return ""
    first = f"{html.escape(str(rows[0].get('prdt_name', '')))}: {field_value(name, rows[0].get(name), section)}"
    return first + (f" 외 {len(rows) - 1}종목" if len(rows) > 1 else "")


class GlossarySearch:
    """A search box over the field glossary (updates while typing) → field, 공식 이름, 설명, 현재 값.

    ``balance()`` returns the balance whose values to show (or None), e.g. ``lambda: panel.balance``.
    """

    def __init__(self, balance: Callable = lambda: None):
        self._balance = balance
        self.query = widgets.Text(
            description="용어 검색", placeholder="예: dnca, 예수금, 평가손익", continuous_update=True
        )
        self.results = widgets.HTML()
        self.query.observe(lambda _change: self.search(), names="value")
        self.widget = Part([self.query, self.results], "용어 검색 (glossary)")
        self.search()

    def search(self) -> None:
        """Show the best matches of the text in the box (or a hint when it is empty)."""
        text = self.query.value.strip()
        if not text:
            self.results.value = "<p>필드 이름(dnca)이나 한글(예수금)을 입력하세요.</p>"
            return
        found = lookup(text)
        if not found:
            self.results.value = f"<p>{html.escape(text)}: 찾은 필드가 없습니다 (no match).</p>"
            return
        balance = self._balance()
        rows = "".join(
            f"<tr><td><code>{item.field}</code></td><td>{html.escape(item.official_name)}</td>"
            f"<td>{html.escape(item.meaning)}</td><td>{current_value(item.field, item.section, balance)}</td></tr>"
            for item in found[:MAX_RESULTS]
        )
        more = f"<p>… 외 {len(found) - MAX_RESULTS}개</p>" if len(found) > MAX_RESULTS else ""
        self.results.value = (
            '<table class="kislearn-glossary"><thead><tr><th>필드</th><th>공식 이름</th>'
            f"<th>설명</th><th>현재 값</th></tr></thead><tbody>{rows}</tbody></table>{more}"
        )


# ---------------------------------------------------------------------------------------------------
# Live price (kislearn.realtime)
# ---------------------------------------------------------------------------------------------------
def trades_png(symbol: str, points: list) -> bytes:
    """A line chart of ``points`` (``(HHMMSS, price)`` pairs) as PNG bytes, coloured by the move since the first."""
    import koreanize_matplotlib  # noqa: F401  (Korean font)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 2.6), dpi=80)
    axes = figure.add_subplot()
    prices = [price for _, price in points]
    color = signed_color(prices[-1] - prices[0]) if len(prices) > 1 else "#888888"
    axes.plot(range(len(prices)), prices, color="#888888" if color == "inherit" else color, linewidth=1.5)
    step = max(1, len(points) // 6)
    axes.set_xticks(range(0, len(points), step))
    axes.set_xticklabels([f"{t[:2]}:{t[2:4]}:{t[4:]}" for t, _ in points[::step]], fontsize=8)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.set_title(f"{symbol} 최근 체결 {len(points)}건")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


class LivePrice:
    """The last trade of one symbol and a rolling chart of its last ``points`` trades, as they arrive.

    ``feed`` is a :class:`kislearn.realtime.Realtime` session (``realtime.connect()``); the widget subscribes to
    the symbol's 실시간체결가 (H0STCNT0) and updates itself from the feed's background thread. The chart is
    redrawn at most every ``redraw`` seconds (a PNG per trade would be too slow on a fast clock).

        feed = realtime.connect()
        live = LivePrice(feed, "005930")
        live.widget          # show it (the last line of a cell)
        live.stop()          # unsubscribe (the feed stays open)
    """

    def __init__(self, feed, symbol: str = "005930", *, points: int = 120, redraw: float = 1.0):
        self.feed, self.symbol, self.redraw = feed, symbol, redraw
        self.points: deque = deque(maxlen=points)  # (HHMMSS, price)
        self.last: dict | None = None  # the last record's fields
        self.price = widgets.HTML("<p>체결을 기다리는 중 (waiting for trades) ...</p>")
        self.chart = widgets.Image(format="png")
        self.widget = Part([self.price, self.chart], f"실시간 체결가 (live price) {symbol}")
        self._lock = threading.Lock()
        self._drawn_at = 0.0
        self._timer: threading.Timer | None = None
        feed.on_record(self.add)
        feed.subscribe(symbol)

    def add(self, record) -> None:
        """Take one record (records of other feeds and symbols are ignored)."""
        if record.tr_id != "H0STCNT0" or str(record["MKSC_SHRN_ISCD"]) != self.symbol:
            return
        price = to_number(record["STCK_PRPR"], "int", field_name="STCK_PRPR")
        with self._lock:
            self.points.append((str(record["STCK_CNTG_HOUR"]), price))
            self.last = dict(record)
        self.price.value = self.price_html()
        self._schedule_chart()

    def price_html(self) -> str:
        """The last price, its change against the previous close and the time, as one line of HTML."""
        last = self.last
        change = to_number(last["PRDY_VRSS"], "int", field_name="PRDY_VRSS")
        rate = to_number(last["PRDY_CTRT"], "decimal", field_name="PRDY_CTRT")
        volume = to_number(last["ACML_VOL"], "int", field_name="ACML_VOL")
        hour = str(last["STCK_CNTG_HOUR"])
        return (
            f'<div style="font-size:150%"><b>{html.escape(self.symbol)}</b> '
            f'<span style="color:{signed_color(change)};font-weight:bold">{won(last["STCK_PRPR"])} '
            f"({change:+,}원, {rate:+.2f}%)</span></div>"
            f'<div style="color:#555">체결 시각 {hour[:2]}:{hour[2:4]}:{hour[4:]} · 누적 거래량 {volume:,}주</div>'
        )

    def draw(self) -> None:
        """Redraw the chart now."""
        with self._lock:
            points, self._timer = list(self.points), None
        if points:
            self.chart.value = trades_png(self.symbol, points)
            self._drawn_at = time.monotonic()

    def _schedule_chart(self) -> None:
        with self._lock:
            if self._timer is not None:
                return
            wait = max(0.0, self.redraw - (time.monotonic() - self._drawn_at))
            self._timer = threading.Timer(wait, self.draw)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """Unsubscribe from the symbol (the feed itself stays open)."""
        self.feed.unsubscribe(self.symbol)
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


# ---------------------------------------------------------------------------------------------------
# The whole dashboard
# ---------------------------------------------------------------------------------------------------
class Dashboard(Part):
    """The assembled dashboard: a VBox with the three parts as attributes (``balance``, ``price``,
    ``glossary``); its plain-text form is the fixed line ``kislearn 대시보드 (Dashboard)``."""

    def __init__(self, balance: BalancePanel, price: PriceLookup, glossary: GlossarySearch):
        self.balance, self.price, self.glossary = balance, price, glossary
        heading = widgets.HTML  # section headings
        super().__init__(
            [
                heading("<h3>잔고 (balance)</h3>"),
                balance.widget,
                heading("<h3>현재가 조회 (price)</h3>"),
                price.widget,
                heading("<h3>필드 용어 검색 (glossary)</h3>"),
                glossary.widget,
            ],
            "대시보드 (Dashboard)",
        )


def default_accounts():
    """``(accounts, selected)`` for the dropdown from the settings: every sandbox account in sandbox mode,
    the learner's own account in paper/real mode."""
    from .connect import DEFAULT_SANDBOX_ACCOUNT
    from .settings import load_settings

    settings = load_settings()
    own = settings.account.text if settings.account else None
    if settings.mode != "sandbox":
        return [(f"내 계좌 {own} ({settings.mode_name})", own)], own
    from .sandbox import sample_accounts

    accounts = [(f"{account} {title}", account) for _, account, title in sample_accounts(settings.sandbox_data)]
    return accounts, own or DEFAULT_SANDBOX_ACCOUNT


def dashboard(connect: Callable | None = None, accounts: list | None = None, account: str | None = None) -> Dashboard:
    """Build the dashboard and load the selected account once.

    ``connect(account)`` → a client (default: ``kislearn.connect(account=...)``); ``accounts`` → the
    dropdown's ``(label, account)`` pairs (default: from the settings, see :func:`default_accounts`).
    """
    if connect is None:
        from .connect import connect as connect_to

        def connect(chosen):
            return connect_to(account=chosen)

    if accounts is None:
        accounts, selected = default_accounts()
        account = account or selected
    panel = BalancePanel(connect, accounts, account)
    glossary = GlossarySearch(lambda: panel.balance)
    panel.listeners.append(lambda _balance: glossary.search())
    price = PriceLookup(lambda symbol: panel.client().fetch_price(symbol))
    panel.refresh()
    return Dashboard(panel, price, glossary)
