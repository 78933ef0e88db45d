import pytest

from kislearn import AccountNumber, AccountNumberError, InvalidArgumentError
from kislearn.account import BAD_ACCOUNT_EXAMPLES, mask_account  # the table the workshop's task 1 uses too


def test_splits_the_two_parts():
    account = AccountNumber.parse("12345678-01")
    assert (account.cano, account.product_code) == ("12345678", "01")
    assert account.text == "12345678-01"
    assert account.product_name == "종합(주식)"


@pytest.mark.parametrize(
    "text, words",
    [
        ("1234567801", "하이픈(-)이 없습니다"),
        ("12345678-0", "2자리여야 하는데 1자리"),
        ("1234567-01", "8자리여야 하는데 7자리"),
        ("123456789-01", "8자리여야 하는데 9자리"),
        ("1234abcd-01", "숫자가 아닌 글자"),
        ("12345678-01 ", "공백"),
        (" 12345678-01", "공백"),
        ("1234 5678-01", "공백"),
        ("", "비어 있습니다"),
        ("12-345678-01", "두 개 이상"),
    ],
)
def test_bad_numbers_say_what_is_wrong_and_the_expected_form(text, words):
    with pytest.raises(AccountNumberError) as caught:
        AccountNumber.parse(text)
    message = str(caught.value)
    assert words in message
    assert "12345678-01" in message  # names the expected form


def test_not_a_string():
    with pytest.raises(AccountNumberError, match="문자열"):
        AccountNumber.parse(1234567801)


def test_error_is_a_value_error_not_an_index_error():
    with pytest.raises(ValueError):
        AccountNumber.parse("1234567801")
    assert issubclass(AccountNumberError, InvalidArgumentError)


def test_error_message_does_not_echo_the_whole_number():
    with pytest.raises(AccountNumberError) as caught:
        AccountNumber.parse("9876543210")
    assert "9876543210" not in str(caught.value)


def test_masking_keeps_only_the_last_digits():
    assert mask_account("12345678-01") == "******78-01"
    account = AccountNumber.parse("12345678-01")
    assert "12345678" not in repr(account) and "12345678" not in str(account)


# -- issue 12, point 7: one table with the workshop, ASCII digits, fullmatch ------------------------------


@pytest.mark.parametrize("text, why", BAD_ACCOUNT_EXAMPLES, ids=[why for _, why in BAD_ACCOUNT_EXAMPLES])
def test_every_bad_account_of_the_shared_table_is_refused(text, why):
    with pytest.raises(AccountNumberError, match="12345678-01"):
        AccountNumber.parse(text)


def test_the_workshop_checks_the_same_table():
    from kislearn.workshop import client_tasks

    assert client_tasks._BAD_ACCOUNTS is BAD_ACCOUNT_EXAMPLES


@pytest.mark.parametrize("text", ["１２３４５６７８-01", "١٢٣٤٥٦٧٨-01", "12345678-٠١"])
def test_digits_that_are_not_0_to_9_are_named(text):
    with pytest.raises(AccountNumberError, match="반각 숫자 0-9가 아닌 숫자"):
        AccountNumber.parse(text)


def test_a_trailing_newline_is_named():
    with pytest.raises(AccountNumberError, match="줄바꿈"):
        AccountNumber.parse("12345678-01\n")


@pytest.mark.parametrize("symbol", ["００５９３０", "٠٠٥٩٣٠", "005930\n", "Q５００００１"])
def test_symbols_need_ascii_digits_and_nothing_after(symbol, sandbox, demo_paper_app, tmp_path):
    from kislearn import KoreaInvestment

    broker = KoreaInvestment(
        demo_paper_app.appkey,
        demo_paper_app.appsecret,
        "50010002-01",
        mock=True,
        base_url=sandbox.url_for("paper"),
        token_cache=tmp_path,
    )
    with pytest.raises(InvalidArgumentError, match="종목코드"):
        broker.fetch_price(symbol)
