"""나만의 첫 자동매매 프로그램 (a first trading bot): 15_first_bot 강의에서 읽고 돌려 보는 봇입니다.

⚠ 프로그래밍 연습입니다. 투자 권유가 아니고, 이 규칙으로 돈을 벌 수 있다는 뜻도 아닙니다.

규칙 (이동평균 교차, moving-average cross)
    5분마다 삼성전자(005930)의 현재가를 한 번 봅니다. 최근 3번(15분)의 평균이 최근 12번(1시간)의 평균을
    아래에서 위로 넘어서면(골든크로스) 5주를 시장가로 사고, 위에서 아래로 내려가면(데드크로스) 산 것을
    시장가로 모두 팝니다. 15:00부터는 새로 사지 않고, 15:15에 남은 것을 팔고 끝냅니다.

실행 (코스 폴더에서)
    python bots/first_bot.py

    .env의 KIS_MODE대로 움직입니다. 파일은 그대로이고 .env만 바꾸면 됩니다.
    - sandbox (기본): 샌드박스 시계를 다음 장 시작(09:00)으로 옮기고, 5분을 기다리는 대신 시계를 5분씩
      움직입니다. 하루 장이 1분쯤에 끝납니다.
    - paper (모의투자): 진짜 시계로 5분마다 움직입니다. 장이 열리는 날 09:00 전에 실행해 두세요.
    - real (실전): 돌지 않습니다. 연습용 봇에 진짜 돈을 맡기지 마세요.

멈추기
    Ctrl-C 한 번: 하던 일(주문 한 건)을 마치고 멈춥니다. 새 주문은 내지 않고, 가진 주식은 그대로 둡니다.
    Ctrl-C 두 번: 바로 멈춥니다.

남기는 것 (실행한 폴더에)
    first_bot.log           한 일 모두 (컴퓨터 시각과 시장 시각)
    first_bot-YYYYMMDD.csv  5분마다 한 줄: 시각, 현재가, 두 평균, 주문, 체결, 보유 수량

약속 (이 봇이 지키는 것)
    - 토큰은 connect()가 한 번 받아 캐시에 두고 하루 내내 다시 씁니다 (KIS는 토큰 발급을 1분에 1번으로 제한).
    - 초당 호출 제한(모의투자 2회)은 kislearn 클라이언트가 알아서 지킵니다.
    - 같은 주문을 두 번 보내지 않습니다. 답을 못 받은 주문(OrderMaybePlacedError)은 다시 보내지 않고
      주식일별주문체결조회로 들어갔는지 확인합니다. 확인이 안 되면 멈춥니다.
    - 예상과 다르면(체결이 덜 됨, 알 수 없는 오류) 더 하지 않고 멈춥니다.
    - 봇이 산 주식만 팝니다. 계좌에 원래 있던 주식은 건드리지 않습니다.
"""

from __future__ import annotations

import csv
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import kislearn
from kislearn import spec
from kislearn.sandbox_tools import market_clock, move_clock

# -- 규칙의 숫자들: 바꿔 보세요 ------------------------------------------------------------------------------
SYMBOL = "005930"  # 삼성전자
QUANTITY = 5  # 한 번에 사는 주식 수
STEP = timedelta(minutes=5)  # 현재가를 보는 간격
SHORT, LONG = 3, 12  # 짧은 평균은 최근 3번(15분), 긴 평균은 최근 12번(1시간)
LAST_BUY = "15:00"  # 이때부터는 새로 사지 않음
CLOSE_OUT = "15:15"  # 이때 가진 것을 팔고 끝냄 (15:20부터는 장 마감 동시호가라 시장가가 바로 체결되지 않음)

LOG_FILE = "first_bot.log"
FILL_CHECKS = 5  # 주문 뒤 체결을 확인하는 횟수 (모의투자에서는 1초 간격)

log = logging.getLogger("first_bot")


class BotStop(Exception):
    """더 하면 위험해서 멈춥니다: 메시지가 까닭과 할 일을 말합니다."""


# ---------------------------------------------------------------------------------------------------
# 규칙: 가격 목록 → "buy", "sell", None
# ---------------------------------------------------------------------------------------------------
def gap(prices: list) -> int:
    """짧은 평균 − 긴 평균의 부호를 가진 정수: 짧은 합 × LONG − 긴 합 × SHORT.
    나누지 않고 곱해서 비교하므로 소수점 반올림 때문에 결과가 흔들리지 않습니다."""
    return sum(prices[-SHORT:]) * LONG - sum(prices[-LONG:]) * SHORT


def crossing(prices: list) -> str | None:
    """마지막 가격에서 평균이 교차했나: 골든크로스면 "buy", 데드크로스면 "sell", 아니면 None."""
    if len(prices) < LONG + 1:  # 긴 평균을 두 번(지금과 5분 전) 계산할 만큼 모여야 교차를 압니다
        return None
    before, now = gap(prices[:-1]), gap(prices)
    if before <= 0 < now:
        return "buy"
    if before >= 0 > now:
        return "sell"
    return None


def average(prices: list, count: int) -> float | None:
    """최근 ``count``개의 평균 (기록용); 모자라면 None."""
    return sum(prices[-count:]) / count if len(prices) >= count else None


# ---------------------------------------------------------------------------------------------------
# 시간: 샌드박스에서는 시계를 움직이고, KIS에서는 기다립니다
# ---------------------------------------------------------------------------------------------------
class StopSwitch:
    """Ctrl-C 한 번이면 ``requested``가 True가 되고, 봇은 하던 일을 마친 뒤 멈춥니다. 두 번이면 바로 멈춥니다."""

    def __init__(self):
        self.requested = False

    def install(self) -> None:
        signal.signal(signal.SIGINT, self._on_ctrl_c)

    def _on_ctrl_c(self, _signal_number, _frame) -> None:
        if self.requested:
            raise KeyboardInterrupt  # 두 번째 Ctrl-C: 바로 멈춤
        self.requested = True  # 여기서는 표시만 합니다. 봇이 다음 걸음 전에 보고 멈춥니다


class MarketTime:
    """봇의 시각과 기다리는 방법.

    샌드박스에서는 시장 시계를 ``move_clock``으로 다음 시각까지 옮깁니다: 5분을 기다리지 않으니 하루가 1분쯤에
    끝납니다. 진짜 KIS(모의투자)에서는 컴퓨터 시계(한국 시각)가 그 시각이 될 때까지 1초씩 잡니다. 시계를 옮길 수 없는
    샌드박스(강사의 교실 샌드박스: 시계는 강사가 움직입니다)에서는 그 시계를 따라 기다립니다. 강사가 빠른 시계
    (``--clock course:390``: 하루 장 6시간 30분이 1분)로 띄웠다면 하루가 1분쯤에 끝납니다."""

    def __init__(self, broker, *, sandbox: bool, stop: StopSwitch):
        self.broker, self.sandbox, self.stop = broker, sandbox, stop
        self.can_move = sandbox  # 교실 샌드박스처럼 시계를 못 움직이면 False가 됩니다

    def now(self) -> datetime:
        if self.sandbox:
            return datetime.fromisoformat(market_clock(self.broker)["now"])
        return datetime.now(spec.KST)

    def trading_day(self) -> date:
        """봇이 거래할 날. 샌드박스: 다음 장 시작으로 시계를 옮긴 그날 (시계를 못 옮기면 장중이면 오늘, 아니면 다음 장).
        KIS: 오늘 (주말이면 BotStop)."""
        if not self.sandbox:
            today = self.now()
            if today.weekday() >= 5:
                raise BotStop("오늘은 토·일요일이라 장이 열리지 않습니다. 장이 열리는 날 09:00 전에 실행하세요.")
            return today.date()
        clock = market_clock(self.broker)
        opening = datetime.fromisoformat(clock["next_open"])
        if self._move_to(opening):
            return opening.date()
        if clock["market_open"]:  # 못 옮기는 시계(교실): 오늘 장을 지금부터
            return datetime.fromisoformat(clock["now"]).date()
        self.wait_until(opening)
        return opening.date()

    def wait_until(self, moment: datetime) -> None:
        """``moment``가 될 때까지: 샌드박스면 시계를 옮기고, 아니면 잡니다 (Ctrl-C를 1초 안에 알아챕니다)."""
        if self._move_to(moment):
            return
        while not self.stop.requested and self.now() < moment:
            market_seconds = (moment - self.now()).total_seconds()
            time.sleep(min(1.0, max(0.05, market_seconds / self.speed())))  # 빠른 시계(course:390 등)면 그만큼 짧게

    def _move_to(self, moment: datetime) -> bool:
        """샌드박스 시계를 ``moment``로 옮깁니다(이미 지났으면 그대로). 옮길 수 없으면 False."""
        if not self.can_move:
            return False
        if self.now() >= moment:
            return True
        try:
            move_clock(self.broker, to=moment)
        except kislearn.KisError as error:
            self.can_move = False
            log.warning("샌드박스 시계를 움직일 수 없습니다(%s): 그 시계를 따라 기다립니다.", error)
            return False
        return True

    def speed(self) -> float:
        """시장 시계가 실제 시간보다 몇 배 빠른가: KIS는 1, 샌드박스는 그 시계의 빠르기 (멈춘 시계도 1)."""
        if not self.sandbox:
            return 1.0
        return float(market_clock(self.broker).get("speed") or 1)

    def pause(self, seconds: float) -> None:
        """주문이 체결되기를 잠깐 기다립니다. 샌드박스는 바로 답하므로 기다리지 않습니다."""
        if not self.sandbox:
            time.sleep(seconds)


def checkpoints(day: date) -> list:
    """그날 현재가를 볼 시각들: 09:05, 09:10, … 15:15 (한국 시각)."""
    moment = datetime.combine(day, datetime.strptime("09:00", "%H:%M").time(), tzinfo=spec.KST) + STEP
    last = datetime.combine(day, datetime.strptime(CLOSE_OUT, "%H:%M").time(), tzinfo=spec.KST)
    moments = []
    while moment <= last:
        moments.append(moment)
        moment += STEP
    return moments


# ---------------------------------------------------------------------------------------------------
# 주문: 한 번만 보내고, 체결을 확인합니다
# ---------------------------------------------------------------------------------------------------
@dataclass
class Fill:
    order_no: str  # 주문번호 ODNO
    quantity: int  # 체결된 수량 (tot_ccld_qty)
    price: int  # 평균 체결가 (avg_prvs)


def todays_orders(broker, day: date, *, side: str = "00", order_no: str = "") -> list:
    """주식일별주문체결조회 (모의투자 VTTC0081R, 3개월 이내): 그날 이 종목의 주문들 (output1의 행)."""
    answer = broker.request(
        "주식일별주문체결조회",
        tr_id="3개월이내",
        INQR_STRT_DT=day.strftime("%Y%m%d"),
        INQR_END_DT=day.strftime("%Y%m%d"),
        SLL_BUY_DVSN_CD=side,  # 00 전체, 01 매도, 02 매수
        PDNO=SYMBOL,
        ORD_GNO_BRNO="",
        ODNO=order_no,
        CCLD_DVSN="00",  # 00 전체 (체결과 미체결)
        INQR_DVSN="00",  # 00 역순 (최근 주문부터)
        INQR_DVSN_1="",
        INQR_DVSN_3="00",
        EXCG_ID_DVSN_CD="KRX",
        CTX_AREA_FK100="",
        CTX_AREA_NK100="",
    )
    return answer["output1"]


class Bot:
    """이동평균 교차 봇 하나: 하루 동안 5분마다 한 걸음."""

    def __init__(self, broker, clock: MarketTime, stop: StopSwitch):
        self.broker, self.clock, self.stop = broker, clock, stop
        self.day: date | None = None
        self.prices: list = []  # 5분마다 본 현재가
        self.holding = 0  # 봇이 사서 아직 가진 주식 수
        self.my_orders: set = set()  # 봇이 낸 주문번호: 같은 주문을 두 번 세지 않도록
        self.rows: list = []  # 5분마다 한 줄 (CSV)

    # -- 하루 ---------------------------------------------------------------------------------------------
    def run(self) -> None:
        self.day = self.clock.trading_day()
        log.info(
            "%s 거래일 시작: %s %d주씩, %d분마다, 짧은 평균 %d번 · 긴 평균 %d번",
            self.day,
            SYMBOL,
            QUANTITY,
            STEP.seconds // 60,
            SHORT,
            LONG,
        )
        for moment in checkpoints(self.day):
            if self.stop.requested:
                break
            if moment < self.clock.now() - STEP:
                continue  # 늦게 켰으면 지난 시각은 건너뜁니다
            self.clock.wait_until(moment)
            if self.stop.requested:
                break
            self.step(moment.strftime("%H:%M"))
            if moment.strftime("%H:%M") >= CLOSE_OUT:
                log.info("%s 오늘 할 일을 마쳤습니다.", CLOSE_OUT)
                return
        if self.stop.requested:
            log.info("Ctrl-C: 멈춥니다. 새 주문은 내지 않았고, 가진 %d주는 그대로 둡니다.", self.holding)

    def step(self, hhmm: str) -> None:
        """한 걸음: 현재가를 보고, 규칙대로 사거나 팔고, 한 줄을 남깁니다."""
        try:
            price = int(self.broker.fetch_price(SYMBOL)["output"]["stck_prpr"])
        except (kislearn.KisTransportError, kislearn.RateLimitError) as error:
            log.warning("%s 현재가를 받지 못해 이번 걸음은 건너뜁니다: %s", hhmm, error)  # 조회는 다음에 또 하면 됩니다
            return
        self.prices.append(price)
        action = crossing(self.prices)
        fill, order = None, ""
        if hhmm >= CLOSE_OUT and self.holding:
            order, fill = "매도", self.place("sell", self.holding, f"{hhmm} 장 마감 전 정리")
        elif action == "buy" and self.holding == 0 and hhmm < LAST_BUY:
            order, fill = "매수", self.place("buy", QUANTITY, f"{hhmm} 골든크로스")
        elif action == "sell" and self.holding:
            order, fill = "매도", self.place("sell", self.holding, f"{hhmm} 데드크로스")
        if fill is not None:
            self.holding += fill.quantity if order == "매수" else -fill.quantity
        elif order:
            order += " (거절)"
        if hhmm.endswith(":00") and not order:
            log.info("%s 현재가 %s원, 봇의 보유 %d주", hhmm, f"{price:,}", self.holding)
        self.rows.append(
            {
                "시각": hhmm,
                "현재가": price,
                "짧은평균": _rounded(average(self.prices, SHORT)),
                "긴평균": _rounded(average(self.prices, LONG)),
                "주문": order,
                "체결수량": fill.quantity if fill else "",
                "체결가": fill.price if fill else "",
                "주문번호": fill.order_no if fill else "",
                "보유": self.holding,
            }
        )
        if order:
            self.save()  # 주문이 있을 때마다 파일에도 바로 남깁니다

    # -- 주문 한 건 -----------------------------------------------------------------------------------------
    def place(self, side: str, quantity: int, reason: str) -> Fill | None:
        """시장가 주문 한 건을 딱 한 번 보내고 체결을 확인합니다. 거절되면 None."""
        name = "매수" if side == "buy" else "매도"
        send = self.broker.create_market_buy_order if side == "buy" else self.broker.create_market_sell_order
        sent_at = self.clock.now()
        try:
            order_no = send(SYMBOL, quantity)["output"]["ODNO"]
        except kislearn.OrderMaybePlacedError:
            log.warning("%s %s 주문의 답을 받지 못했습니다. 다시 보내지 않고 들어갔는지 확인합니다.", reason, name)
            order_no = self.find_lost_order(side, quantity, sent_at)
        except kislearn.OrderRejectedError as error:
            log.warning(
                "%s %s %d주 주문이 거절되었습니다: %s %s", reason, name, quantity, error.msg_cd, error.msg1.strip()
            )
            return None
        self.my_orders.add(order_no)
        fill = self.wait_for_fill(order_no, quantity)
        log.info("%s %s %d주 체결, %s원 (주문번호 %s)", reason, name, fill.quantity, f"{fill.price:,}", order_no)
        return fill

    def find_lost_order(self, side: str, quantity: int, sent_at: datetime) -> str:
        """답을 못 받은 주문을 주식일별주문체결조회에서 찾습니다: 봇이 보낸 시각 이후의, 같은 방향·수량의 시장가 주문
        가운데 봇이 아직 모르는 것 하나. 없거나 여럿이면 BotStop (다시 보내면 두 번 살 수도 있으니까요)."""
        since = (sent_at - timedelta(minutes=1)).strftime("%H%M%S")  # 컴퓨터와 서버의 시계 차이를 1분 봐 줍니다
        for _ in range(FILL_CHECKS):
            rows = todays_orders(self.broker, self.day, side="02" if side == "buy" else "01")
            found = [
                row
                for row in rows
                if row["odno"] not in self.my_orders
                and int(row["ord_qty"]) == quantity
                and row["ord_dvsn_cd"] == "01"
                and row["ord_tmd"] >= since
            ]
            if len(found) == 1:
                log.info("주문이 들어가 있었습니다 (주문번호 %s). 다시 보내지 않았습니다.", found[0]["odno"])
                return found[0]["odno"]
            if len(found) > 1:
                break
            self.clock.pause(1)
        raise BotStop(
            "주문이 들어갔는지 확인하지 못해 멈춥니다. 다시 보내면 두 번 살 수 있습니다. "
            "HTS·MTS나 주식일별주문체결조회로 주문을 확인한 뒤 다시 실행하세요."
        )

    def wait_for_fill(self, order_no: str, quantity: int) -> Fill:
        """주문이 다 체결될 때까지 몇 번 확인합니다. 끝까지 덜 체결되면 BotStop (봇이 아는 보유 수량이 틀려지니까요)."""
        for _ in range(FILL_CHECKS):
            rows = [row for row in todays_orders(self.broker, self.day, order_no=order_no) if row["odno"] == order_no]
            if rows and int(rows[0]["tot_ccld_qty"]) == quantity:
                return Fill(order_no, quantity, int(float(rows[0]["avg_prvs"])))
            self.clock.pause(1)
        filled = int(rows[0]["tot_ccld_qty"]) if rows else 0
        raise BotStop(
            f"주문 {order_no}이(가) {quantity}주 가운데 {filled}주만 체결되었습니다. 봇이 아는 보유 수량이 틀려질 수 있어 "
            "멈춥니다. 주문체결조회로 확인하고, 남은 주문은 직접 정정·취소하세요."
        )

    # -- 기록 --------------------------------------------------------------------------------------------------
    def save(self) -> Path | None:
        """5분마다의 기록을 ``first_bot-YYYYMMDD.csv``에 씁니다 (새 파일에 다 쓴 뒤 바꿔치기: 반쯤 쓴 파일이 남지 않음)."""
        if self.day is None or not self.rows:
            return None
        path = Path(f"first_bot-{self.day:%Y%m%d}.csv")
        partial = path.with_suffix(".csv.partial")
        with partial.open("w", newline="", encoding="utf-8-sig") as file:  # utf-8-sig: 엑셀에서도 한글이 보임
            writer = csv.DictWriter(file, fieldnames=list(self.rows[0]))
            writer.writeheader()
            writer.writerows(self.rows)
        os.replace(partial, path)
        return path

    def report(self) -> None:
        """하루를 정리해서 남깁니다: 매매 횟수, 사고판 금액, 차익, 계좌의 오늘 제비용."""
        path = self.save()
        trades = [row for row in self.rows if row["체결수량"] != ""]
        bought = sum(row["체결수량"] * row["체결가"] for row in trades if row["주문"] == "매수")
        sold = sum(row["체결수량"] * row["체결가"] for row in trades if row["주문"] == "매도")
        log.info(
            "정리: 체결 %d번, 산 금액 %s원, 판 금액 %s원, 봇의 보유 %d주",
            len(trades),
            f"{bought:,}",
            f"{sold:,}",
            self.holding,
        )
        if trades and not self.holding:
            log.info("수수료·세금 전 차익: %s원", f"{sold - bought:+,}")
            try:
                costs = int(self.broker.fetch_balance()["output2"][0]["thdt_tlex_amt"])
            except kislearn.KisError as error:
                log.warning("잔고를 받지 못해 제비용은 모릅니다: %s", error)
            else:
                log.info("계좌의 오늘 제비용(수수료+세금, 금일제비용금액 thdt_tlex_amt): %s원", f"{costs:,}")
                log.info(
                    "수수료·세금 뒤 손익: %s원 (이 계좌에서 오늘 다른 주문이 없었다면)", f"{sold - bought - costs:+,}"
                )
        if path is not None:
            log.info("기록: %s", path.name)


def _rounded(value: float | None):
    return "" if value is None else round(value, 1)


# ---------------------------------------------------------------------------------------------------
# 실행
# ---------------------------------------------------------------------------------------------------
def set_up_logging() -> None:
    """화면에는 짧게, first_bot.log에는 컴퓨터 시각까지."""
    log.setLevel(logging.INFO)
    screen = logging.StreamHandler(sys.stdout)
    screen.setFormatter(logging.Formatter("%(message)s"))
    file = logging.FileHandler(LOG_FILE, encoding="utf-8")
    file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.handlers[:] = [screen, file]


def main() -> int:
    set_up_logging()
    try:
        settings = kislearn.load_settings()  # .env (코스 폴더에서 실행하면 그 폴더의 .env)
    except kislearn.SettingsError as error:
        log.error("설정(.env)을 읽지 못했습니다: %s", error)
        return 2
    if settings.mode == "real":
        log.error("KIS_MODE=real(실전)에서는 돌지 않습니다. 연습용 봇입니다: KIS_MODE=paper(모의투자)로 바꾸세요.")
        return 2
    log.info("⚠ 프로그래밍 연습입니다. 투자 권유가 아닙니다. (%s)", settings.mode_name)
    stop = StopSwitch()
    stop.install()
    try:
        broker = kislearn.connect(settings)  # 토큰을 한 번 받아(또는 캐시에서 읽어) 끝까지 다시 씁니다
    except kislearn.KisError as error:
        log.error("연결하지 못했습니다: %s", error)
        return 1
    bot = Bot(broker, MarketTime(broker, sandbox=settings.mode == "sandbox", stop=stop), stop)
    code = 0
    try:
        bot.run()
    except BotStop as reason:
        log.error("멈춥니다: %s", reason)
        code = 1
    except kislearn.KisError as error:
        log.error("예상하지 못한 오류로 멈춥니다 (새 주문은 내지 않습니다): %s", error)
        code = 1
    finally:
        bot.report()
    return 130 if stop.requested and code == 0 else code


if __name__ == "__main__":
    sys.exit(main())
