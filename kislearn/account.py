"""Account numbers: ``12345678-01`` → CANO ``12345678`` + ACNT_PRDT_CD ``01``.

mojito2 does ``acc_no.split('-')[1]``: with no hyphen that is a bare ``IndexError``, and with a wrong
length KIS answers much later with ``OPSQ2000``. Here the form is checked up front and the error says
what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import AccountNumberError
from .spec import ACCOUNT_PRODUCT_CODES

# [0-9], not \d: \d also takes full-width '１２３' and Arabic-Indic '١٢٣' digits. Used with fullmatch, because
# $ also matches just before a trailing newline.
_ACCOUNT_FORM = re.compile(r"([0-9]{8})-([0-9]{2})")
EXPECTED_FORM = "'12345678-01' (숫자 8자리, 하이픈, 숫자 2자리)"

# Account numbers that look almost right and must be refused, with why: the package's tests check that
# AccountNumber.parse refuses each one, and the workshop's task 1 checks a learner's own function with the
# same table (kislearn.workshop).
BAD_ACCOUNT_EXAMPLES = (
    ("1234567801", "하이픈 없음"),
    ("1234567-01", "앞이 7자리"),
    ("12345678-1", "뒤가 1자리"),
    ("1234-5678-01", "하이픈 두 개"),
    ("abcdefgh-01", "숫자가 아님"),
    ("", "빈 문자열"),
    (" 12345678-01", "앞에 공백"),
    ("12345678-01 ", "끝에 공백"),
    ("12345678-01\n", "끝에 줄바꿈"),
    ("１２３４５６７８-01", "전각 숫자"),
    ("١٢٣٤٥٦٧٨-01", "아라비아-인도 숫자"),
)


@dataclass(frozen=True)
class AccountNumber:
    """A validated account number.

    >>> AccountNumber.parse("12345678-01").cano
    '12345678'
    """

    cano: str  # 종합계좌번호: the first 8 digits
    product_code: str  # 계좌상품코드 (ACNT_PRDT_CD): the last 2 digits

    @classmethod
    def parse(cls, text: object) -> AccountNumber:
        """Check ``text`` and split it, or raise :class:`AccountNumberError` saying what is wrong."""
        if not isinstance(text, str):
            raise AccountNumberError(
                f"계좌번호(account number)는 문자열이어야 합니다: {type(text).__name__}을(를) 받았습니다. "
                f"{EXPECTED_FORM} 형태로 따옴표 안에 적으세요."
            )
        match = _ACCOUNT_FORM.fullmatch(text)
        if match:
            return cls(cano=match.group(1), product_code=match.group(2))
        raise AccountNumberError(_explain(text))

    @property
    def text(self) -> str:
        """The full number, ``12345678-01``."""
        return f"{self.cano}-{self.product_code}"

    @property
    def product_name(self) -> str:
        """What kind of account the product code means (종합, 연금, ...), or '' if unknown."""
        return ACCOUNT_PRODUCT_CODES.get(self.product_code, "")

    def masked(self) -> str:
        """The number with all but the last digits hidden: ``******78-01``."""
        return mask_account(self.text)

    def __repr__(self) -> str:
        return f"AccountNumber('{self.masked()}')"

    __str__ = masked


def mask_account(text: str) -> str:
    """Hide all but the last two digits of CANO; the product code is not personal and stays."""
    cano, _, product = text.partition("-")
    hidden = "*" * max(len(cano) - 2, 0) + cano[-2:]
    return f"{hidden}-{product}" if product else hidden


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _explain(text: str) -> str:
    """Say precisely what is wrong with an account number (without echoing all of it)."""
    shown = repr(mask_account(text.strip())) if text.strip() else "빈 문자열"
    if not text.strip():
        problem = "계좌번호가 비어 있습니다"
    elif text != text.strip() or any(character.isspace() for character in text):
        problem = "계좌번호에 공백(blank)이나 줄바꿈이 들어 있습니다"
    elif "-" not in text:
        problem = "하이픈(-)이 없습니다. 앞 8자리와 뒤 2자리 사이에 '-'를 넣으세요"
    elif text.count("-") > 1:
        problem = "하이픈(-)이 두 개 이상입니다"
    else:
        cano, product = text.split("-")
        if not (_ascii_digits(cano) and _ascii_digits(product)):
            problem = "숫자가 아닌 글자(letters)가 들어 있습니다"
            if cano.isdigit() and product.isdigit():  # digits, but not 0-9: full-width '１２３' or Arabic-Indic
                problem = (
                    "반각 숫자 0-9가 아닌 숫자(전각 '１２３' 등)가 들어 있습니다. 영문 자판의 숫자로 다시 적으세요"
                )
        elif len(cano) != 8:
            problem = f"하이픈 앞은 8자리여야 하는데 {len(cano)}자리입니다"
        else:
            problem = f"하이픈 뒤(계좌상품코드)는 2자리여야 하는데 {len(product)}자리입니다 (주식 종합계좌는 보통 '01')"
    return f"계좌번호 형식 오류(invalid account number) {shown}: {problem}. 올바른 형태: {EXPECTED_FORM}."
