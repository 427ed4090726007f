from datetime import date
from decimal import Decimal

import pytest

from kcdesk.vn.dates import format_date, long_date, parse_date
from kcdesk.vn.numbers import format_million, format_money, format_number, parse_int, parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.250", Decimal(1250)),
        ("1.250,5", Decimal("1250.5")),
        ("1,250.5", Decimal("1250.5")),
        ("1 250", Decimal(1250)),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("12.500", Decimal(12500)),
        ("1.234.567", Decimal(1234567)),
        ("-3,5", Decimal("-3.5")),
        (" 8 ", Decimal(8)),
        ("", None),
        (983771204, Decimal(983771204)),
    ],
)
def test_parse_numbers_as_people_type_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1.2.3,4,5", "12,34,5", "1..2", "--1"])
def test_parse_number_refuses_text(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_parse_int_refuses_fractions():
    assert parse_int("1.250") == 1250
    with pytest.raises(ValueError):
        parse_int("12,5")


def test_vietnamese_number_and_money_format():
    assert format_number(1234.5) == "1.234,5"
    assert format_number(1234567) == "1.234.567"
    assert format_number(Decimal("0.25"), 2) == "0,25"
    assert format_number(-1234) == "-1.234"
    assert format_money(1_250_000) == "1.250.000 đ"
    assert format_million(12_500_000) == "12,5"


def test_dates():
    assert format_date(date(2025, 2, 5)) == "05/02/2025"
    assert parse_date("05/02/2025") == date(2025, 2, 5)
    assert parse_date("5-2-2025") == date(2025, 2, 5)
    assert parse_date("2025-02-05") == date(2025, 2, 5)
    assert long_date(date(2025, 2, 5), "Tiên Lãng") == "Tiên Lãng, ngày 05 tháng 02 năm 2025"
    with pytest.raises(ValueError):
        parse_date("31/02/2025")
    with pytest.raises(ValueError):
        parse_date("hôm qua")
