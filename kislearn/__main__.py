"""Command line: ``python -m kislearn <command>``.

    python -m kislearn sandbox                 # the offline KIS sandbox on http://127.0.0.1:8434
    python -m kislearn sandbox --port 9000 --token-lifetime 5
    python -m kislearn sandbox --data my-recording       # ... serving a recorded folder too
    python -m kislearn record my-recording     # record your own account (keys from .env) into a folder
"""

from __future__ import annotations

import argparse
import sys
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kislearn",
        description="kislearn: 한국투자증권 Open API 실습 코스의 명령줄 도구 (command-line tools of the course)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from .sandbox import DEFAULT_PORT

    sandbox = commands.add_parser(
        "sandbox", help="오프라인 샌드박스 서버 실행 (run the offline KIS sandbox)",
        description="오프라인 샌드박스: KIS처럼 답하는 로컬 HTTP 서버를 띄웁니다. Ctrl-C로 멈춥니다. "
                    "(Runs a local HTTP server that answers like KIS; Ctrl-C stops it.) "
                    "실전 흉내: <URL>/real, 모의투자 흉내: <URL>/paper")
    sandbox.add_argument("--port", type=int, default=DEFAULT_PORT,
                         help=f"포트 번호 (port; 기본 {DEFAULT_PORT})")
    sandbox.add_argument("--host", default="127.0.0.1",
                         help="주소 (host; 기본 127.0.0.1. 강의실에서 함께 쓰려면 0.0.0.0)")
    sandbox.add_argument("--token-lifetime", type=float, metavar="SECONDS",
                         help="토큰 수명을 초 단위로 줄이기 (token lifetime, e.g. 5 to watch EGW00123)")
    sandbox.add_argument("--no-limits", action="store_true",
                         help="1분 1회 토큰 발급·초당 호출 제한 끄기 (switch the limits off)")
    sandbox.add_argument("--idle-timeout", type=float, metavar="SECONDS",
                         help="이 시간 동안 요청이 없으면 멈춤 (stop after this many idle seconds)")
    sandbox.add_argument("--verbose", action="store_true", help="요청마다 한 줄 출력 (log every request)")
    sandbox.add_argument("--data", action="append", type=Path, default=[], metavar="DIR",
                         help="녹화 폴더도 함께 제공 (also serve a folder written by 'record'; repeatable)")

    from .sanitize import DEFAULT_ACCOUNT, DEFAULT_SLUG

    record = commands.add_parser(
        "record", help="내 계좌의 응답을 녹화해 샌드박스 폴더로 저장 (record your account for the sandbox)",
        description="녹화: .env의 키로 접근토큰·잔고(모든 쪽)·보유 종목 현재가를 조회해, 샌드박스가 읽는 형식으로 "
                    "DIR에 씁니다. 쓰기 전에 앱키·시크릿·토큰을 지우고 계좌번호를 샌드박스 번호로 바꿉니다. "
                    "(Records token, balance with all its pages and the prices of the symbols held, with the keys "
                    "from .env; keys, secret and token are removed and the account number replaced before "
                    "anything is written.) 재생(replay): python -m kislearn sandbox --data DIR")
    record.add_argument("dir", type=Path, metavar="DIR", help="녹화를 쓸 새 폴더 (a new folder for the recording)")
    record.add_argument("--slug", default=DEFAULT_SLUG,
                        help=f"계좌 파일 이름 accounts/<slug>.json (file name; 기본 {DEFAULT_SLUG})")
    record.add_argument("--account-as", default=DEFAULT_ACCOUNT, metavar="ACCOUNT",
                        help=f"샌드박스에서 쓸 계좌번호 (account number in the sandbox; 기본 {DEFAULT_ACCOUNT})")
    record.add_argument("--scramble", nargs="?", const="random", metavar="FACTOR",
                        help="수량·금액을 배수로 바꿔 숨김, 계산 관계는 유지, 가격은 그대로 (scale quantities and "
                             "amounts, e.g. 0.37; without FACTOR a random one that is never saved)")
    record.add_argument("--force", action="store_true",
                        help="이미 있는 녹화 폴더를 바꿈 (replace an earlier recording)")
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    from .sample_folder import accounts_in
    from .sandbox import PortInUseError, SandboxError, SandboxRules, serve
    from .sandbox.server import running_sandbox

    rules = SandboxRules.relaxed() if args.no_limits else SandboxRules()
    if args.token_lifetime:
        rules.token_lifetime = timedelta(seconds=args.token_lifetime)
    for folder in args.data:
        if not ((folder / "accounts").is_dir() or (folder / "prices").is_dir()):
            print(f"'{folder}'은(는) 녹화 폴더가 아닙니다: accounts/ 또는 prices/ 폴더가 없습니다 "
                  "(not a sample folder). 'python -m kislearn record 폴더'로 만드세요.", file=sys.stderr)
            return 1
        for account, title in accounts_in(folder):
            print(f"녹화 폴더 '{folder}': 계좌 {account} ({title})", flush=True)
    try:
        serve(args.port, args.host, rules, idle_timeout=args.idle_timeout, verbose=args.verbose,
              data_dirs=args.data)
    except PortInUseError as error:
        if running_sandbox(args.port) is None:
            print(error, file=sys.stderr)
            return 1
        print(f"포트 {args.port}번에서 kislearn 샌드박스가 이미 돌고 있습니다 (already running): "
              f"http://127.0.0.1:{args.port}/paper 를 그대로 쓰면 됩니다. 새로 띄우려면 --port로 다른 번호를 주세요.",
              file=sys.stderr)
        return 1
    except SandboxError as error:
        print(error, file=sys.stderr)
        return 1
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
        written = record_to_folder(args.dir, slug=args.slug, account_as=args.account_as, scramble=factor,
                                   force=args.force)
    except (KisError, SandboxError) as error:
        print(f"녹화 실패 (recording failed): {error}", file=sys.stderr)
        return 1
    for relative in written:
        print(f"    {args.dir.as_posix()}/{relative}")
    print(f"재생하려면 (replay): python -m kislearn sandbox --data {args.dir.as_posix()}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "sandbox":
        return run_sandbox(args)
    if args.command == "record":
        return run_record(args)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
