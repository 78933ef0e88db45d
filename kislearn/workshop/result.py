"""What a checker returns (:class:`CheckResult`, Korean ✅/❌ lines) and the safe way to call a learner's
function (:func:`_call`, :func:`_run`): shared by every task's checker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .tasks import TASKS

# -------------------------------------------------------------------------------------------------
# The result a checker returns
# -------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One checked thing: passed or not, what it was, and a hint when it failed."""

    ok: bool
    text: str
    hint: str = ""


@dataclass
class CheckResult:
    """What a checker found. Displays as Korean ✅/❌ lines; ``passed`` is True when everything is right."""

    task: int
    title: str
    lines: list[Line] = field(default_factory=list)
    not_started: bool = False
    unchecked: int = 0  # checks not reached, because an earlier answer made them impossible

    @property
    def failed(self) -> int:
        """How many ❌ lines there are."""
        return sum(not line.ok for line in self.lines)

    @property
    def passed(self) -> bool:
        return bool(self.lines) and not self.not_started and not self.unchecked and not self.failed

    def check(self, ok: bool, text: str, hint: str = "", failed: str = "") -> bool:
        """Record one check; returns ``ok`` so a checker can stop early. ``text`` is the ✅ line;
        ``failed``, when given, is the ❌ line instead (what is wrong, not the sentence of success).
        A hint already shown on an earlier line is not repeated."""
        if ok or any(line.hint == hint for line in self.lines):
            hint = ""
        self.lines.append(Line(bool(ok), text if ok or not failed else failed, hint))
        return bool(ok)

    def crash(self, case: str, error: str, hint: str = "") -> None:
        """Record that the learner's function raised ``error`` (one line) on ``case``, or returned a value
        with ``...`` in it (``error`` is then :data:`_UNFILLED`)."""
        if _unfilled(error):
            hint = _UNFILLED_HINT  # whatever the checker guessed: the hint's `...` is still there
        if any(error in line.text for line in self.lines if not line.ok):
            again = "`...`가 남아 있습니다" if error == _UNFILLED else "같은 오류가 났습니다"
            self.check(False, f"{case}에서도 {again}")  # the hint is already above
        elif error == _UNFILLED:
            self.check(False, f"{case}: 돌려준 값에 {_UNFILLED}", hint)
        else:
            self.check(False, f"{case}에서 함수가 오류를 냈습니다: {error}", hint)

    def returned_none(self, case: str) -> None:
        """Record that the learner's function (real code, not the stub) returned None on ``case``."""
        self.check(
            False,
            f"{case}: 함수가 None을 돌려줍니다",
            "return을 빠뜨렸나요? (print는 화면에 보여 줄 뿐 값을 돌려주지 않습니다)",
        )

    def __repr__(self) -> str:
        head = f"과제 {self.task}. {self.title}"
        if self.not_started:
            return (
                f"{head}\n⏳ 아직 안 했습니다: 함수 안에 `...`만 있습니다. `...`를 지우고 코드를 채우세요."
                f"\n   막히면 workshop.hint({self.task})"
            )
        out = [head]
        for line in self.lines:
            out.append(f"{'✅' if line.ok else '❌'} {line.text}")
            if line.hint:
                out.append(f"   💡 {line.hint}")
        if self.unchecked:
            out.append(f"⏭ 나머지 {self.unchecked}개는 확인하지 못했습니다 (위의 ❌를 고치면 이어서 확인합니다)")
        if self.passed:
            out.append(f"🎉 통과! ({len(self.lines)}개 모두 맞음)")
        else:
            out.append(f"➡ {max(self.failed, 1)}개를 고친 뒤 다시 실행하세요. 막히면 workshop.hint({self.task})")
        return "\n".join(out)

    __str__ = __repr__


_ADDRESS = re.compile(r"https?://[^\s'\"]+")


def _describe(error: BaseException) -> str:
    """An exception as one line: ``KeyError: 'output9'`` (only the first line of a long message; an
    address such as the private sandbox's, whose port changes, is left out)."""
    message = str(error).strip().splitlines()
    if not message:
        return type(error).__name__
    return f"{type(error).__name__}: {_ADDRESS.sub('(주소)', message[0])}"


# A returned value with ``...`` in it: pasted from a level-3 hint without filling the blank in
_UNFILLED = "`...`가 남아 있습니다"
_UNFILLED_HINT = "`...` 자리를 아직 채우지 않았습니다. 힌트 코드의 `...`를 알맞은 값으로 바꾸세요"


def _unfilled(crash: str) -> bool:
    """Whether ``crash`` comes from a ``...`` left in the code: returned, or used in a calculation
    (``TypeError: unsupported operand type(s) for -: 'ellipsis' and 'int'``)."""
    return crash == _UNFILLED or "'ellipsis'" in crash


def _has_ellipsis(value, depth: int = 0) -> bool:
    """Whether ``value`` is ``...`` or holds it (in a DataFrame, a Series, a list, a tuple or a dict)."""
    if value is Ellipsis:
        return True
    if depth > 2:
        return False
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return any(item is Ellipsis for item in value.to_numpy(dtype=object).ravel())
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return any(_has_ellipsis(item, depth + 1) for item in value)
    return False


def _call(function, *args):
    """Call the learner's function: ``(value, "")``, ``(None, "KeyError: 'x'")`` when it raised, or
    ``(None, _UNFILLED)`` when the value it returned holds ``...``."""
    try:
        value = function(*args)
    except Exception as error:  # noqa: BLE001 - a learner's exception is reported, never propagated
        return None, _describe(error)
    if _has_ellipsis(value):
        return None, _UNFILLED
    return value, ""


def _shown(value, limit: int = 60) -> str:
    """``repr(value)``, shortened to ``limit`` characters so a long token does not fill the screen."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stub_codes() -> set[bytes]:
    """The bytecode of functions that do nothing: a docstring and/or ``...`` or ``pass``, compiled here by
    the same Python that compiles the learner's notebook cells."""
    bodies = [
        '"""할 일."""\n    ...',
        "...",
        "pass",
        '"""할 일."""',
        '"""할 일."""\n    pass',
        "return None",
        '"""할 일."""\n    ...\n    return None',
    ]
    codes = set()
    for body in bodies:
        namespace: dict = {}
        exec(compile(f"def stub(a, b=None, *args, **kwargs):\n    {body}\n", "<stub>", "exec"), namespace)  # noqa: S102
        codes.add(namespace["stub"].__code__.co_code)
    return codes


_STUB_CODES = _stub_codes()


def _is_stub(function) -> bool:
    """Whether ``function``'s body is still the stub: nothing but a docstring and ``...``/``pass``. Asked
    only after it returned None (``return 5`` has the same bytecode as a docstring, another constant)."""
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code in _STUB_CODES


def _stops_here(result: CheckResult, function, case: str, got, crash: str) -> bool:
    """Whether the first answer, ``None`` without an exception, ends the check: the stub is not started
    yet; real code that returns None (a forgotten ``return``, a ``print``) gets one ❌ line."""
    if got is not None or crash:
        return False
    if _is_stub(function):
        result.not_started = True
    else:
        result.returned_none(case)
    return True


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _run(task: int, body, function, checks: int) -> CheckResult:
    """Run a checker's ``body(result, function)``, which makes ``checks`` lines when it gets to the end.
    If it stops early, the lines it did not reach are counted in ``unchecked``."""
    result = CheckResult(task, TASKS[task])
    if not callable(function):
        result.check(
            False,
            f"함수를 넘겨야 합니다 (받은 것: {type(function).__name__})",
            "괄호 없이 함수 이름만 넘기세요: check(my_function)",
        )
        return result
    try:
        body(result, function)
    except Exception as error:  # noqa: BLE001 - an answer of an unexpected shape tripped the checker itself
        result.check(
            False, f"돌려준 값을 채점할 수 없습니다 ({_describe(error)})", "과제 설명에 적힌 모양(형식)대로 돌려주세요"
        )
    if not result.not_started:
        result.unchecked = max(0, checks - len(result.lines))
    return result
