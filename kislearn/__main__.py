"""Command line: ``python -m kislearn <command>``.

python -m kislearn sandbox                 # the offline KIS sandbox on http://127.0.0.1:8434
python -m kislearn sandbox --port 9000 --token-lifetime 5
python -m kislearn sandbox --data my-recording       # ... serving a recorded folder too
python -m kislearn sandbox --clock fixed@2026-11-23T09:00  # ... on a market clock that moves only when told
python -m kislearn record my-recording     # record your own account (keys from .env) into a folder
python -m kislearn balance                 # the balance as annotated tables (sandbox by default)
python -m kislearn balance --account 50010003-01
python -m kislearn price 005930            # selected 주식현재가 fields, annotated
python -m kislearn doctor                  # is everything ready? exit code 0 = yes, 1 = no

Every expected failure — a bad option value, a setting, a server's refusal, no network — ends with one
Korean line on stderr and exit code 1, never a traceback. Option values are checked here, before anything
is started or sent.
"""

from __future__ import annotations

import argparse
import difflib
import ipaddress
import os
import random
import re
import socket
import sys
import warnings
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

MAX_TOKEN_LIFETIME = 24 * 60 * 60  # seconds: KIS's own lifetime; a longer one would teach nothing


# argparse's own messages (Python 3.11 wording), each with the Korean sentence a learner reads first.
ARGPARSE_MESSAGES = [
    (
        re.compile(r"argument (?P<arg>.+?): invalid choice: (?P<value>'.*?') \(choose from (?P<choices>.*)\)"),
        "{arg}에 {value}은(는) 없는 선택입니다 (invalid choice). 고를 수 있는 것: {choices}",
    ),
    (
        re.compile(r"the following arguments are required: (?P<args>.+)"),
        "{args}을(를) 빠뜨렸습니다 (required argument missing)",
    ),
    (
        re.compile(r"unrecognized arguments: (?P<args>.+)"),
        "{args}은(는) 이 명령이 받지 않는 인자입니다 (unrecognized arguments)",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): expected one argument"),
        "{arg} 뒤에 값을 하나 쓰세요 (expected one argument)",
    ),
    (
        re.compile(r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)"),
        "{arg}은(는) 값을 받지 않습니다: {value} (ignored explicit argument)",
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<options>.+)"),
        "{option}이(가) 여러 옵션과 비슷합니다: {options} (ambiguous option)",
    ),
]


def explain_usage_error(message: str) -> str:
    """argparse's English message → a Korean sentence with the English term (the message itself when unknown)."""
    for pattern, korean in ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return korean.format(**found.groupdict()) + closest_choice(found.groupdict())
    return message


def closest_choice(parts: dict[str, str]) -> str:
    """For an invalid choice: ". 혹시 'balance'를 쓰려고 했나요?" when one choice is close to the typed word, else ""."""
    if "choices" not in parts:
        return ""
    choices = [choice.strip().strip("'") for choice in parts["choices"].split(",")]
    close = difflib.get_close_matches(parts["value"].strip("'"), choices, n=1)
    return f". 혹시 '{close[0]}'을(를) 쓰려고 했나요? (did you mean)" if close else ""


class CourseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one Korean line and exit code 1, like every other expected failure
    of the command line (argparse itself prints its usage and an English line, exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"오류 (error): {explain_usage_error(message)}. 도움말(help): {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = CourseArgumentParser(
        prog="python -m kislearn",
        description="kislearn: 한국투자증권 Open API 실습 코스의 명령줄 도구 (command-line tools of the course)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from .sandbox import DEFAULT_PORT

    sandbox = commands.add_parser(
        "sandbox",
        help="오프라인 샌드박스 서버 실행 (run the offline KIS sandbox)",
        description="오프라인 샌드박스: KIS처럼 답하는 로컬 HTTP 서버를 띄웁니다. Ctrl-C로 멈춥니다. "
        "(Runs a local HTTP server that answers like KIS; Ctrl-C stops it.) "
        "실전 흉내: <URL>/real, 모의투자 흉내: <URL>/paper",
    )
    sandbox.add_argument(
        "--port", default=str(DEFAULT_PORT), help=f"포트 번호 1~65535 (port; 기본 {DEFAULT_PORT}, 0은 빈 포트 아무거나)"
    )
    sandbox.add_argument(
        "--host", default="127.0.0.1", help="주소 (host; 기본 127.0.0.1. 강의실에서 함께 쓰려면 0.0.0.0)"
    )
    sandbox.add_argument(
        "--ws-port",
        help="실시간 웹소켓 포트 (WebSocket port for real-time prices; 기본: --port + 10000, 예 18434)",
    )
    sandbox.add_argument(
        "--token-lifetime",
        metavar="SECONDS",
        help="토큰 수명을 초 단위로 줄이기 (token lifetime, e.g. 5 to watch EGW00123; 1분보다 짧으면 1분 1회 발급 "
        "제한도 그만큼 줄어듭니다)",
    )
    sandbox.add_argument(
        "--no-limits", action="store_true", help="1분 1회 토큰 발급·초당 호출 제한 끄기 (switch the limits off)"
    )
    sandbox.add_argument(
        "--idle-timeout",
        metavar="SECONDS",
        help="이 시간 동안 요청이 없으면 멈춤 (stop after this many idle seconds)",
    )
    sandbox.add_argument(
        "--clock",
        default="course",
        metavar="CLOCK",
        help="시장 시계 (market clock; 기본 course: 항상 열린 장). 예: wall (실제 시각), course:10 (10배속), "
        "fixed (2026-11-20 15:30에 멈춤), fixed@2026-11-23T09:00, fast:60 (실제 달력을 60배속). "
        "움직이기: POST /sandbox/clock",
    )
    sandbox.add_argument("--verbose", action="store_true", help="요청마다 한 줄 출력 (log every request)")
    sandbox.add_argument(
        "--data",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="녹화 폴더도 함께 제공 (also serve a folder written by 'record'; repeatable)",
    )

    from .sanitize import DEFAULT_ACCOUNT, DEFAULT_SLUG

    record = commands.add_parser(
        "record",
        help="내 계좌의 응답을 녹화해 샌드박스 폴더로 저장 (record your account for the sandbox)",
        description="녹화: .env의 키로 접근토큰·잔고(모든 쪽)·보유 종목 현재가를 조회해, 샌드박스가 읽는 형식으로 "
        "DIR에 씁니다. 쓰기 전에 앱키·시크릿·토큰을 지우고 계좌번호를 샌드박스 번호로 바꿉니다. "
        "(Records token, balance with all its pages and the prices of the symbols held, with the keys "
        "from .env; keys, secret and token are removed and the account number replaced before "
        "anything is written.) 재생(replay): python -m kislearn sandbox --data DIR",
    )
    record.add_argument("dir", type=Path, metavar="DIR", help="녹화를 쓸 새 폴더 (a new folder for the recording)")
    record.add_argument(
        "--slug", default=DEFAULT_SLUG, help=f"계좌 파일 이름 accounts/<slug>.json (file name; 기본 {DEFAULT_SLUG})"
    )
    record.add_argument(
        "--account-as",
        default=DEFAULT_ACCOUNT,
        metavar="ACCOUNT",
        help=f"샌드박스에서 쓸 계좌번호 (account number in the sandbox; 기본 {DEFAULT_ACCOUNT})",
    )
    record.add_argument(
        "--scramble",
        nargs="?",
        const="random",
        metavar="FACTOR",
        help="수량·금액을 배수로 바꿔 숨김, 계산 관계는 유지, 가격은 그대로 (scale quantities and "
        "amounts, e.g. 0.37; without FACTOR a random one that is never saved)",
    )
    record.add_argument(
        "--force", action="store_true", help="이미 있는 녹화 폴더를 바꿈 (replace an earlier recording)"
    )

    balance = commands.add_parser(
        "balance",
        help="잔고를 표로 보기: output2 요약과 보유 종목 (show the balance as tables)",
        description="주식잔고조회: .env의 설정(기본은 샌드박스)으로 잔고를 모든 쪽까지 받아, output2 요약을 공식 "
        "한글 이름·값·단위로, 보유 종목(output1)을 표로 보여 줍니다. (Fetches every page of the "
        "balance with the settings from .env, sandbox by default, and prints the output2 summary with "
        "the official Korean names, values and units, and the holdings table.)",
    )
    balance.add_argument(
        "--account",
        metavar="ACCOUNT",
        help="계좌번호, 예: 샌드박스 샘플 50010001-01(빈 계좌), 50010003-01(55종목) "
        "(account number, e.g. a sandbox sample; default: KIS_ACCOUNT or 50010002-01)",
    )

    price = commands.add_parser(
        "price",
        help="주식현재가 시세의 주요 항목 보기 (show selected current-price fields)",
        description="주식현재가 시세: 종목 하나의 현재가·전일대비·시가·고가·저가·거래량 등 주요 항목을 공식 한글 "
        "이름·값·단위와 함께 보여 줍니다. (Prints selected fields of the current price of one "
        "domestic stock with the official Korean names, values and units.)",
    )
    price.add_argument(
        "symbol", metavar="SYMBOL", help="종목코드 6자리, 예: 005930 (six-digit symbol; keep the leading zeros)"
    )

    commands.add_parser(
        "doctor",
        help="준비 상태 점검: Python, 패키지, .env, 모드, 토큰 캐시, 연결 (check that everything is ready)",
        description="준비 상태 점검: Python 버전, 패키지, .env 설정, 모드, 토큰 캐시 폴더, 서버 연결과 접근토큰을 "
        "확인하고, 문제마다 고치는 방법을 알려 줍니다. 모두 준비되면 종료 코드 0, 아니면 1. "
        "(Checks Python, packages, .env, mode, token cache and the connection, and says how to fix "
        "each problem. Exit code 0 when everything is ready, 1 otherwise.)",
    )
    return parser


class OptionError(ValueError):
    """A command-line option value that cannot be used; the message says which and why, in Korean."""


def _port(text: str, option: str = "--port") -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        example = _default_port() + (10_000 if option == "--ws-port" else 0)
        raise OptionError(
            f"{option} {text!r}: 포트 번호는 1~65535 사이의 정수입니다 (invalid port). 예: {option} {example}"
        )
    return port


def _default_port() -> int:
    from .sandbox import DEFAULT_PORT

    return DEFAULT_PORT


def _seconds(text: str | None, option: str, maximum: float | None = None) -> float | None:
    """``--token-lifetime`` / ``--idle-timeout``: a finite number of seconds above 0 (``None`` when not given)."""
    from .arguments import check_seconds
    from .errors import InvalidArgumentError

    if text is None:
        return None
    try:
        return check_seconds(float(text), option, example=f"{option} 5", maximum=maximum)
    except ValueError as error:  # float() failed, or InvalidArgumentError (a ValueError) from check_seconds
        reason = str(error).removeprefix(f"{option}은(는) ")
        if not isinstance(error, InvalidArgumentError):
            reason = f"초 단위 숫자여야 합니다. 예: {option} 5"
        raise OptionError(f"{option} {text!r}: {reason}") from None


def _host(text: str) -> str:
    """An IPv4 address of this computer (``127.0.0.1``, ``0.0.0.0``...) or a name for one (``localhost``)."""
    usage = "127.0.0.1(이 컴퓨터만) 또는 0.0.0.0(강의실에서 함께 쓰기)을 쓰세요"
    if text.replace(".", "").isdigit() or ":" in text:  # looks like an address: it must be a valid IPv4 one
        try:
            ipaddress.IPv4Address(text)
        except ValueError:
            raise OptionError(f"--host {text!r}: 올바른 IPv4 주소가 아닙니다 (invalid address). {usage}.") from None
    try:
        socket.getaddrinfo(text, None, socket.AF_INET, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise OptionError(f"--host {text!r}: 이 주소를 찾을 수 없습니다 (unknown host). {usage}.") from None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((text, 0))  # port 0: any free one, so only the address itself is tested
        except OSError:
            raise OptionError(
                f"--host {text!r}: 이 컴퓨터의 주소가 아니어서 그 주소로 서버를 열 수 없습니다 (address not "
                f"available). {usage}."
            ) from None
    return text


def run_sandbox(args: argparse.Namespace) -> int:
    from .sample_folder import accounts_in
    from .sandbox import PortInUseError, SandboxError, SandboxRules, serve
    from .sandbox.launcher import running_sandbox
    from .sandbox.market import ClockError, parse_clock
    from .sandbox.samples import SampleDataError

    try:  # every option is checked before the server is built
        args.port = _port(args.port)
        args.ws_port = None if args.ws_port is None else _port(args.ws_port, "--ws-port")
        args.host = _host(args.host)
        lifetime = _seconds(args.token_lifetime, "--token-lifetime", maximum=MAX_TOKEN_LIFETIME)
        args.idle_timeout = _seconds(args.idle_timeout, "--idle-timeout")
        try:
            clock = parse_clock(args.clock)
        except ClockError as error:
            raise OptionError(f"--clock {args.clock!r}: {error}") from None
    except OptionError as error:
        return _fail(error)
    rules = SandboxRules.relaxed() if args.no_limits else SandboxRules()
    if lifetime:
        rules.token_lifetime = timedelta(seconds=lifetime)
        if rules.token_issue_interval is not None and rules.token_lifetime < rules.token_issue_interval:
            print(
                f"토큰 수명({lifetime:g}초)이 1분보다 짧아, 토큰 발급 간격 제한(1분 1회, EGW00133)도 {lifetime:g}초로 "
                "줄였습니다: 만료된 토큰을 바로 새로 받을 수 있습니다 (sandbox's choice; KIS의 토큰은 24시간).",
                flush=True,
            )
    for folder in args.data:
        if not ((folder / "accounts").is_dir() or (folder / "prices").is_dir()):
            print(
                f"'{folder}'은(는) 녹화 폴더가 아닙니다: accounts/ 또는 prices/ 폴더가 없습니다 "
                "(not a sample folder). 'python -m kislearn record 폴더'로 만드세요.",
                file=sys.stderr,
            )
            return 1
        for account, title in accounts_in(folder):
            print(f"녹화 폴더 '{folder}': 계좌 {account} ({title})", flush=True)
    try:
        serve(
            args.port,
            args.host,
            rules,
            idle_timeout=args.idle_timeout,
            verbose=args.verbose,
            data_dirs=args.data,
            ws_port=args.ws_port,
            clock=clock,
        )
    except PortInUseError as error:
        if running_sandbox(args.port) is None:
            print(error, file=sys.stderr)
            return 1
        print(
            f"포트 {args.port}번에서 kislearn 샌드박스가 이미 돌고 있습니다 (already running): "
            f"http://127.0.0.1:{args.port}/paper 를 그대로 쓰면 됩니다. 새로 띄우려면 --port로 다른 번호를 주세요.",
            file=sys.stderr,
        )
        return 1
    except (SandboxError, SampleDataError) as error:
        print(error, file=sys.stderr)
        return 1
    except ClockError as error:  # a clock outside the market's years (2016–2035)
        return _fail(OptionError(f"--clock {args.clock!r}: {error}"))
    return 0


def run_record(args: argparse.Namespace) -> int:
    from .errors import KisError
    from .recorder import record_to_folder
    from .sandbox import SandboxError
    from .scramble import parse_factor

    try:
        factor = None
        if args.scramble == "random":  # --scramble without a number: a factor nobody knows, not even later
            factor = parse_factor(Decimal(random.choice([x for x in range(30, 301) if not 90 <= x <= 110])) / 100)
        elif args.scramble is not None:
            factor = parse_factor(args.scramble)
        print(f"녹화를 시작합니다 (recording) → '{args.dir}'", flush=True)
        written = record_to_folder(
            args.dir, slug=args.slug, account_as=args.account_as, scramble=factor, force=args.force
        )
    except (KisError, SandboxError) as error:
        print(f"녹화 실패 (recording failed): {error}", file=sys.stderr)
        return 1
    for relative in written:
        print(f"    {args.dir.as_posix()}/{relative}")
    print(f"재생하려면 (replay): python -m kislearn sandbox --data {args.dir.as_posix()}", flush=True)
    return 0


def _fail(error: Exception) -> int:
    """An expected failure as one readable line on stderr (no traceback); exit code 1."""
    print(f"오류 (error): {' '.join(str(error).split())}", file=sys.stderr)
    return 1


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """kislearn's warnings (settings not used, a token cache that cannot be written) as one readable line."""
    print(f"주의 (warning): {' '.join(str(message).split())}", file=sys.stderr, flush=True)


def _where(settings) -> str:
    return "샌드박스 (sandbox)" if settings.mode == "sandbox" else f"{settings.mode_name} ({settings.mode})"


def run_balance(args: argparse.Namespace) -> int:
    from .connect import connect
    from .errors import KisError
    from .sandbox import SandboxError
    from .settings import load_settings
    from .terminal import balance_text

    try:
        settings = load_settings()
        broker = connect(settings, account=args.account)
        text = balance_text(broker.fetch_balance(), broker.acc_no, _where(settings), mask=settings.mode != "sandbox")
    except (KisError, SandboxError) as error:
        return _fail(error)
    print(text)
    return 0


def run_price(args: argparse.Namespace) -> int:
    from .connect import connect
    from .errors import KisError
    from .sandbox import SandboxError
    from .settings import load_settings
    from .terminal import price_text

    try:
        settings = load_settings()
        broker = connect(settings)
        text = price_text(broker.fetch_price(args.symbol), args.symbol, _where(settings))
    except (KisError, SandboxError) as error:
        return _fail(error)
    print(text)
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    from .selfcheck import run_checks
    from .terminal import doctor_text

    text, ready = doctor_text(run_checks())
    print(text)
    return 0 if ready else 1


def _tolerant_output() -> None:
    """Never crash on a character the console cannot show (an emoji on a cp949 Windows console)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


COMMANDS = {
    "sandbox": run_sandbox,
    "record": run_record,
    "balance": run_balance,
    "price": run_price,
    "doctor": run_doctor,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _tolerant_output()
    warnings.showwarning = _show_warning
    if args.command not in COMMANDS:
        parser.print_help()
        return 0
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:  # Ctrl-C while waiting for a server
        print("\n중단했습니다 (interrupted).", file=sys.stderr)
        return 130
    except BrokenPipeError:  # python -m kislearn balance | head: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error while exiting
        return 1


if __name__ == "__main__":
    sys.exit(main())
