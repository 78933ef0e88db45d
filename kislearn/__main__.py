"""Command line: ``python -m kislearn <command>``.

    python -m kislearn sandbox                 # the offline KIS sandbox on http://127.0.0.1:8434
    python -m kislearn sandbox --port 9000 --token-lifetime 5
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta


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
    return parser


def run_sandbox(args: argparse.Namespace) -> int:
    from .sandbox import SandboxError, SandboxRules, serve

    rules = SandboxRules.relaxed() if args.no_limits else SandboxRules()
    if args.token_lifetime:
        rules.token_lifetime = timedelta(seconds=args.token_lifetime)
    try:
        serve(args.port, args.host, rules, idle_timeout=args.idle_timeout, verbose=args.verbose)
    except SandboxError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "sandbox":
        return run_sandbox(args)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
