from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcdesk.domain.errors import ValidationError
from kcdesk.domain.proposals import budget_totals, make_line
from kcdesk.domain.proposals.budget import BudgetLine


def test_line_amount_and_shares_are_exact_integers() -> None:
    line = make_line("Máy dệt chiếu cói", "chiếc", "3", "125.000.000", "30")
    assert line.amount == 375_000_000
    assert line.support == 112_500_000
    assert line.counterpart == 262_500_000  # defaults to what the support leaves
    assert line.other == 0
    for value in (line.amount, line.support, line.counterpart, line.other):
        assert type(value) is int


def test_fractional_quantity_and_shares_round_once_half_up() -> None:
    line = make_line("Thuê chuyên gia", "tháng", "2,5", "3.333.333", "33,33", "50")
    assert line.quantity == Decimal("2.5")
    assert line.amount == 8_333_333  # 8.333.332,5 rounds up
    assert line.support == 2_777_500  # 33,33 % of 8.333.333 = 2.777.499,89 → 2.777.500
    assert line.counterpart == 4_166_667
    assert line.other == 1_389_166
    assert line.support + line.counterpart + line.other == line.amount


def test_totals_are_sums_of_the_rows() -> None:
    lines = [
        make_line("Máy ép", "chiếc", 1, 250_000_000, 50),
        make_line("Lắp đặt", "gói", 1, 15_500_000, 0),
        make_line("Đào tạo vận hành", "người", 20, 1_250_000, 100),
    ]
    totals = budget_totals(lines)
    assert totals.amount == 290_500_000
    assert totals.support == 125_000_000 + 0 + 25_000_000
    assert totals.counterpart == 125_000_000 + 15_500_000
    assert totals.support_percent == Decimal("51.64")
    assert budget_totals([]).amount == 0
    assert budget_totals([]).support_percent == 0


@given(
    rows=st.lists(
        st.tuples(
            st.decimals(min_value="0.001", max_value="10000", places=3),
            st.integers(min_value=1, max_value=50_000_000),
            st.decimals(min_value=0, max_value=100, places=2),
            st.decimals(min_value=0, max_value=100, places=2),
        ),
        max_size=20,
    )
)
def test_parts_always_add_up_to_the_amount(
    rows: list[tuple[Decimal, int, Decimal, Decimal]],
) -> None:
    lines = []
    for qty, price, support, counterpart in rows:
        counterpart = min(counterpart, 100 - support)
        lines.append(make_line("x", "y", qty, price, support, counterpart))
    for line in lines:
        assert line.support + line.counterpart + line.other == line.amount
        assert min(line.support, line.counterpart, line.other) >= 0
    totals = budget_totals(lines)
    assert totals.support + totals.counterpart + totals.other == totals.amount
    assert totals.amount == sum(line.amount for line in lines)


def _issues(**kwargs: object) -> dict[str, str]:
    args: dict[str, object] = {
        "item": "Máy",
        "unit": "chiếc",
        "quantity": 1,
        "unit_price": 1_000_000,
        "support_percent": 30,
    }
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        make_line(index=1, **args)  # type: ignore[arg-type]
    return {i.field: i.message_vi for i in info.value.issues}


def test_negative_and_zero_quantities_and_prices_are_refused_with_why() -> None:
    assert "lớn hơn 0" in _issues(quantity="-2")["lines[1].quantity"]
    assert "Dòng 2" in _issues(quantity=0)["lines[1].quantity"]
    assert "lớn hơn 0" in _issues(unit_price=-5_000)["lines[1].unit_price"]
    assert "không phải là số" in _issues(unit_price="một triệu")["lines[1].unit_price"]
    assert "không có phần lẻ" in _issues(unit_price="1.000,5")["lines[1].unit_price"]


def test_absurd_quantities_and_prices_are_refused() -> None:
    assert "quá lớn" in _issues(quantity=5_000_000)["lines[1].quantity"]
    assert "số chữ số 0" in _issues(unit_price=10**12)["lines[1].unit_price"]
    # Each alone is plausible, together they make more than 1.000 tỷ in one row.
    assert "thành tiền" in _issues(quantity=100_000, unit_price=50_000_000)["lines[1].quantity"]
    assert "thập phân" in _issues(quantity="1,2345")["lines[1].quantity"]


def test_shares_above_100_percent_are_refused() -> None:
    assert "vượt quá 100 %" in _issues(support_percent=120)["lines[1].support_percent"]
    assert "không được âm" in _issues(support_percent=-1)["lines[1].support_percent"]
    combined = _issues(support_percent=60, counterpart_percent=50)
    assert "cộng tỷ lệ đối ứng" in combined["lines[1].counterpart_percent"]
    assert "vượt quá 100 %" in _issues(counterpart_percent="100,5")["lines[1].counterpart_percent"]


def test_every_problem_of_a_row_is_reported_at_once() -> None:
    problems = _issues(item="  ", unit="", quantity=-1, unit_price=0, support_percent=101)
    assert set(problems) == {
        "lines[1].item",
        "lines[1].unit",
        "lines[1].quantity",
        "lines[1].unit_price",
        "lines[1].support_percent",
    }


def test_text_is_cleaned_to_nfc() -> None:
    line = make_line("  Máy  dệt\u0300 ", "chie\u0302\u0301c", 1, 1, 0)
    assert line.unit == "chiếc"
    assert "  " not in line.item


def test_no_float_reaches_money() -> None:
    line = make_line("Vật tư", "kg", 0.1, 3, 50)  # a float from a spreadsheet cell
    assert line.quantity == Decimal("0.1")
    assert line.amount == 0  # 0,3 đồng rounds to 0
    assert isinstance(BudgetLine.amount.fget(line), int)  # type: ignore[attr-defined]
