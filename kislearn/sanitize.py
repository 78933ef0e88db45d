"""Make a recording safe to share: pure functions, no network, no files.

A :class:`~kislearn.recorder.Recording` holds what KIS answered, as it came: balance pages (with their
``ctx_area_fk100``/``ctx_area_nk100`` and messages) and price answers, plus the :class:`Secrets` of the
client that asked. :func:`sanitize` turns it into a :class:`SafeRecording` that holds ONLY what the
sandbox's data format keeps (see ``kislearn/sandbox/samples.py``):

- one account file ``{"slug", "account", "title", "description", "output1", "output2"}`` — the rows and the
  summary, with only the fields of the official specification (unknown fields are dropped);
- one price file per held symbol ``{"symbol", "name", "output"}``.

On the way:

- the real account number is replaced by a sandbox one (``59990001-01`` unless you choose another),
  wherever it appears, with or without the hyphen;
- the app key, app secret, access token and approval key are replaced by ``[비공개]`` wherever they
  appear (in any letter case, inside longer text, in dictionary keys too);
- messages, ``ctx_area_*`` fields, headers and anything else outside the format are not kept at all;
- last, the whole result is searched once more for every secret; if one is still there (say, inside a
  number, where it cannot be replaced without breaking the arithmetic) :class:`SanitizeError` is raised
  and nothing may be written.

Names and amounts are kept as they are, unless ``scramble=`` asks to scale them (see scramble.py).

    safe = sanitize(recording, account_as="59990001-01", slug="my-paper")
    safe.account["account"]        # "59990001-01"
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .account import AccountNumber
from .consistency.fields import OUTPUT1_FIELDS, OUTPUT2_FIELDS, PRICE_OUTPUT_FIELDS
from .consistency.formats import OUTPUT1_FORMATS, OUTPUT2_FORMATS, PRICE_FORMATS
from .errors import KisError

if TYPE_CHECKING:  # pragma: no cover
    from .recorder import Recording

DEFAULT_ACCOUNT = "59990001-01"  # the sandbox number a recording gets unless the user picks one
DEFAULT_SLUG = "recorded"
REDACTED = "[비공개]"  # what a key, a secret or a token is replaced with
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_MIN_SECRET_LENGTH = 8  # shorter strings ("01", "P") are not secrets and would match everywhere


class SanitizeError(KisError):
    """The recording cannot be made safe (or does not have the shape of a balance/price answer)."""


@dataclass(frozen=True)
class Secrets:
    """The values that must never reach a recorded file. ``repr()`` shows none of them."""

    app_key: str = field(default="", repr=False)
    app_secret: str = field(default="", repr=False)
    access_token: str = field(default="", repr=False)
    approval_key: str = field(default="", repr=False)  # WebSocket 접속키; the course's REST calls do not use one
    account: str = field(default="", repr=False)  # the real account number, "12345678-01"

    @classmethod
    def of_client(cls, broker, approval_key: str = "") -> Secrets:
        """The secrets of a :class:`~kislearn.KoreaInvestment` client (its keys, token and account)."""
        return cls(
            app_key=broker.api_key,
            app_secret=broker.api_secret,
            access_token=(broker.access_token or "").removeprefix("Bearer "),
            approval_key=approval_key or "",
            account=broker.acc_no,
        )

    def named(self) -> list[tuple[str, str]]:
        """``[(what, value), ...]`` for every secret worth searching for, longest first.

        The token is searched whole and by its JWT parts (payload, signature), so half a token cannot
        slip through either. The account is searched as ``12345678-01``, ``1234567801`` and ``12345678``.
        """
        pairs = [
            ("app key", self.app_key),
            ("app secret", self.app_secret),
            ("access token", self.access_token),
            ("approval key", self.approval_key),
        ]
        pairs += [("access token", part) for part in self.access_token.split(".")[1:]]
        if self.account:
            number = AccountNumber.parse(self.account)
            pairs += [
                ("account", number.text),
                ("account", number.cano + number.product_code),
                ("account", number.cano),
            ]
        found = {(what, value.strip()) for what, value in pairs if len(value.strip()) >= _MIN_SECRET_LENGTH}
        return sorted(found, key=lambda pair: (-len(pair[1]), pair))

    def __repr__(self) -> str:
        return "Secrets(…)"


@dataclass(frozen=True)
class SafeRecording:
    """A sanitised recording: exactly the sandbox's files, as Python objects.

    ``account`` is the account file, ``prices`` maps each symbol to its price file. ``flavour`` says which
    server it came from (``"paper"``/``"real"``); ``scrambled`` whether the amounts were scaled.
    """

    account: dict
    prices: dict
    flavour: str
    scrambled: bool = False

    @property
    def slug(self) -> str:
        return self.account["slug"]

    @property
    def account_number(self) -> str:
        return self.account["account"]


# ---------------------------------------------------------------------------------------------------
# Replacing secrets inside any JSON value
# ---------------------------------------------------------------------------------------------------
def replacements(secrets: Secrets, account_as: str) -> list[tuple[re.Pattern[str], str]]:
    """``[(compiled pattern, replacement), ...]``: the account becomes ``account_as``, the rest ``[비공개]``."""
    new = AccountNumber.parse(account_as)
    new_forms = {11: new.text, 10: new.cano + new.product_code, 8: new.cano}
    rules = []
    for what, value in secrets.named():
        replacement = new_forms.get(len(value), REDACTED) if what == "account" else REDACTED
        rules.append((re.compile(re.escape(value), re.IGNORECASE), replacement))
    return rules


def scrub_text(text: str, rules: list) -> str:
    """``text`` with every secret replaced (see :func:`replacements`)."""
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def scrub(value, rules: list):
    """A copy of any JSON value (dict, list, string, number...) with secrets replaced everywhere, keys too."""
    if isinstance(value, dict):
        return {scrub_text(str(key), rules): scrub(item, rules) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, rules) for item in value]
    if isinstance(value, str):
        return scrub_text(value, rules)
    return value


def find_secrets(value, secrets: Secrets, where: str = "") -> list[str]:
    """Where in ``value`` a secret is still present: ``["output1[3].prdt_name (account)", ...]``.

    Numbers are searched as the text they are written as. The secret itself is never part of the answer.
    """
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            found += [f"{path} (키 이름)" for _ in _secrets_in(str(key), secrets)]
            found += find_secrets(item, secrets, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += find_secrets(item, secrets, f"{where}[{index}]")
    elif value is not None:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        found += [f"{where} ({what})" for what in _secrets_in(text, secrets)]
    return found


def _secrets_in(text: str, secrets: Secrets) -> list[str]:
    lowered = text.lower()
    return sorted({what for what, value in secrets.named() if value.lower() in lowered})


# ---------------------------------------------------------------------------------------------------
# Recording → safe recording
# ---------------------------------------------------------------------------------------------------
def _keep(obj, fields: tuple[str, ...], where: str) -> dict[str, Any]:
    """Only the fields of the official specification, in its order."""
    if not isinstance(obj, dict):
        raise SanitizeError(
            f"{where}이(가) 객체(dict)가 아닙니다: {type(obj).__name__}. 잔고·시세 응답이 맞는지 확인하세요."
        )
    return {name: obj[name] for name in fields if name in obj}


def check_slug(slug: str) -> str:
    """A slug names the account file (``accounts/<slug>.json``): lower-case letters, digits, ``-`` and ``_``."""
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise SanitizeError(
            f"이름(slug) {slug!r}은(는) 쓸 수 없습니다. 영문 소문자·숫자·'-'·'_'로 40자 이내로 적으세요 (예: my-paper)."
        )
    return slug


def sanitize(
    recording: Recording,
    *,
    account_as: str = DEFAULT_ACCOUNT,
    slug: str = DEFAULT_SLUG,
    title: str | None = None,
    description: str | None = None,
    scramble: Decimal | None = None,
) -> SafeRecording:
    """Turn a :class:`~kislearn.recorder.Recording` into a :class:`SafeRecording` (see the module docstring).

    ``account_as`` is the sandbox account number the recording gets; ``scramble`` a factor that scales
    every quantity and amount (prices stay) while keeping every relation of the specification true.
    Raises :class:`SanitizeError` if a secret would survive.
    """
    check_slug(slug)
    new_account = AccountNumber.parse(account_as)
    secrets = recording.secrets
    if secrets.account and AccountNumber.parse(secrets.account) == new_account:
        raise SanitizeError(
            f"새 계좌번호(--account-as)가 실제 계좌번호와 같습니다. 다른 번호를 고르세요 (예: {DEFAULT_ACCOUNT})."
        )
    rules = replacements(secrets, new_account.text)

    rows = [_keep(row, OUTPUT1_FIELDS, f"output1[{index}]") for index, row in enumerate(recording.output1)]
    summaries = recording.output2
    if not isinstance(summaries, list) or not summaries:
        raise SanitizeError("잔고 응답에 요약(output2)이 없습니다. 잔고 조회가 끝까지 됐는지 확인하세요.")
    summary = _keep(summaries[0], OUTPUT2_FIELDS, "output2[0]")

    prices = {}
    for row in rows:
        symbol = row.get("pdno", "")
        if symbol in prices:
            continue
        body = recording.prices.get(symbol)
        if not isinstance(body, dict):
            raise SanitizeError(f"종목 {symbol}의 시세(price)가 녹화되지 않았습니다.")
        prices[symbol] = {
            "symbol": symbol,
            "name": row.get("prdt_name", ""),
            "output": _keep(body.get("output"), PRICE_OUTPUT_FIELDS, f"시세 {symbol}의 output"),
        }

    account = {
        "slug": slug,
        "account": new_account.text,
        "title": title or "녹화한 계좌 (recorded account)",
        "description": description or _describe(recording.flavour, len(rows), scramble),
        "output1": rows,
        "output2": [summary],
    }
    if scramble is not None:
        from .scramble import scramble_account  # one job per module: the arithmetic lives there

        account = scramble_account(account, scramble)

    safe = SafeRecording(
        account=scrub(account, rules),
        prices=scrub(prices, rules),
        flavour=recording.flavour,
        scrambled=scramble is not None,
    )
    changed = _changed_numbers(account, safe.account) + [
        f"prices.{path}" for path in _changed_numbers(prices, safe.prices)
    ]
    if changed:
        raise SanitizeError(
            "숫자 값 안에 계좌번호(또는 키)와 같은 숫자열이 있어, 지우면 계산 관계가 깨집니다: "
            + ", ".join(changed[:5])
            + (" …" if len(changed) > 5 else "")
            + ". --scramble로 금액을 바꿔 다시 녹화하세요 (nothing written)."
        )
    left = find_secrets({"account": safe.account, "prices": safe.prices}, secrets)
    if left:
        raise SanitizeError(
            "민감정보를 지울 수 없는 곳이 있어 녹화를 쓰지 않습니다 (a secret would survive): "
            + ", ".join(left[:5])
            + (" …" if len(left) > 5 else "")
            + ". 숫자 안에 계좌번호와 같은 숫자열이 있다면 --scramble로 금액을 바꿔 다시 녹화하세요."
        )
    return safe


_NUMERIC = frozenset(OUTPUT1_FORMATS) | frozenset(OUTPUT2_FORMATS) | frozenset(PRICE_FORMATS)


def _changed_numbers(before, after, where: str = "") -> list[str]:
    """Paths of numeric fields (by the spec's formats) whose text the scrubbing changed."""
    changed = []
    if isinstance(before, dict) and isinstance(after, dict):
        for (key, old), new in zip(before.items(), after.values(), strict=False):
            path = f"{where}.{key}" if where else str(key)
            if key in _NUMERIC and isinstance(old, str) and old != new:
                changed.append(path)
            else:
                changed += _changed_numbers(old, new, path)
    elif isinstance(before, list) and isinstance(after, list):
        for index, (old, new) in enumerate(zip(before, after, strict=False)):
            changed += _changed_numbers(old, new, f"{where}[{index}]")
    return changed


def _describe(flavour: str, holdings: int, scramble: Decimal | None) -> str:
    server = {"paper": "모의투자 서버", "real": "실전 서버"}.get(flavour, "샌드박스")
    text = f"{server}에서 녹화한 계좌입니다 (recorded from the {flavour} server). 보유 종목 {holdings}개."
    if scramble is not None:
        text += " 수량과 금액은 일정한 배수로 바꿨습니다 (scrambled); 가격과 종목명은 그대로입니다."
    return text
