"""Budget lines and their exact totals.

Money is whole đồng in ``int``. A quantity may have up to three decimals (2,5 tháng; 0,75 tấn) and
a share up to two (33,33 %), so both are :class:`~decimal.Decimal`; products are computed exactly
and rounded once, half up, to the đồng. Totals are sums of those integers, so the table, the totals
line and the PDF always add up.

Each line splits its amount into the khuyến công share, the beneficiary's counterpart share
(kinh phí đối ứng) and, when the two do not reach 100 %, other sources (kinh phí khác).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kcdesk.domain.errors import Issue, ValidationError
from kcdesk.vn.numbers import format_number, parse_number
from kcdesk.vn.text import clean

HUNDRED = Decimal(100)
QUANTITY_PLACES = 3
PERCENT_PLACES = 2
# Limits far above any real đề án (the largest seen are a few tỷ đồng) that still catch a
# price typed in the quantity column or a few zeros too many.
MAX_QUANTITY = Decimal(1_000_000)
MAX_UNIT_PRICE = 100_000_000_000  # 100 tỷ đồng
MAX_LINE_AMOUNT = 1_000_000_000_000  # 1.000 tỷ đồng
MAX_LINES = 500
MAX_ITEM_LENGTH = 500
MAX_UNIT_LENGTH = 50


def round_dong(value: Decimal) -> int:
    """Round an exact product to whole đồng, half up (how accountants round)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, percent: Decimal) -> int:
    """``percent`` % of ``amount``, rounded half up to the đồng."""
    return round_dong(Decimal(amount) * percent / HUNDRED)


def share_percent(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole`` with two decimals (0 when ``whole`` is 0)."""
    if whole == 0:
        return Decimal(0)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class BudgetLine:
    """One row of the estimate (dự toán): item, unit, quantity × unit price, and who pays.

    Build lines with :func:`make_line`, which checks the values; the constructor trusts them.
    """

    item: str
    unit: str
    quantity: Decimal
    unit_price: int
    support_percent: Decimal
    counterpart_percent: Decimal
    note: str = ""

    @property
    def amount(self) -> int:
        """Thành tiền: quantity × unit price in đồng."""
        return round_dong(self.quantity * self.unit_price)

    @property
    def support(self) -> int:
        """Kinh phí khuyến công hỗ trợ."""
        return percent_of(self.amount, self.support_percent)

    @property
    def counterpart(self) -> int:
        """Kinh phí đối ứng, rounded on its own; when the two shares make 100 % and both round up,
        the counterpart gives back the extra đồng so the parts never exceed the amount."""
        return min(percent_of(self.amount, self.counterpart_percent), self.amount - self.support)

    @property
    def other(self) -> int:
        """Other sources: whatever the two shares leave of the amount."""
        return self.amount - self.support - self.counterpart


@dataclass(frozen=True)
class BudgetTotals:
    amount: int
    support: int
    counterpart: int
    other: int

    @property
    def support_percent(self) -> Decimal:
        return share_percent(self.support, self.amount)

    @property
    def counterpart_percent(self) -> Decimal:
        return share_percent(self.counterpart, self.amount)

    @property
    def other_percent(self) -> Decimal:
        return share_percent(self.other, self.amount)


def budget_totals(lines: Iterable[BudgetLine]) -> BudgetTotals:
    amount = support = counterpart = other = 0
    for line in lines:
        amount += line.amount
        support += line.support
        counterpart += line.counterpart
        other += line.other
    return BudgetTotals(amount, support, counterpart, other)


def _decimal(value: object) -> Decimal:
    """Read a user's number (``"1.250,5"``, ``2.5``, ``Decimal``); ValueError if not a number."""
    if isinstance(value, float):
        # A float quantity may only come from a spreadsheet cell; repr gives its shortest form.
        return Decimal(repr(value))
    parsed = parse_number(value if isinstance(value, str | int | Decimal) else str(value))
    if parsed is None:
        raise ValueError("empty")
    if not parsed.is_finite():
        raise ValueError("not finite")
    return parsed


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def make_line(
    item: object,
    unit: object,
    quantity: object,
    unit_price: object,
    support_percent: object,
    counterpart_percent: object | None = None,
    note: object = "",
    *,
    index: int = 0,
) -> BudgetLine:
    """Check and build one line from what a person typed; raise :class:`ValidationError`.

    ``counterpart_percent`` defaults to what the support leaves (100 − support). Every problem of
    the line is reported at once, each on its field ``lines[i].<name>`` (``i`` from 0, shown to
    people as row ``i + 1``).
    """
    row = index + 1
    issues: list[Issue] = []

    def bad(name: str, code: str, vi: str, en: str) -> None:
        field = f"lines[{index}].{name}"
        issues.append(Issue(field, code, f"Dòng {row}: {vi}", f"Row {row}: {en}"))

    item_text = clean(str(item) if item is not None else "")
    unit_text = clean(str(unit) if unit is not None else "")
    note_text = clean(str(note) if note is not None else "")
    if not item_text:
        bad("item", "required", "chưa ghi nội dung chi.", "the item is empty.")
    elif len(item_text) > MAX_ITEM_LENGTH:
        bad(
            "item",
            "too_long",
            f"nội dung chi quá dài (tối đa {MAX_ITEM_LENGTH} ký tự).",
            f"the item is too long (at most {MAX_ITEM_LENGTH} characters).",
        )
    if not unit_text:
        bad("unit", "required", "chưa ghi đơn vị tính.", "the unit is empty.")
    elif len(unit_text) > MAX_UNIT_LENGTH:
        bad(
            "unit",
            "too_long",
            f"đơn vị tính quá dài (tối đa {MAX_UNIT_LENGTH} ký tự).",
            f"the unit is too long (at most {MAX_UNIT_LENGTH} characters).",
        )

    qty: Decimal | None = None
    try:
        qty = _decimal(quantity)
    except (ValueError, InvalidOperation):
        bad(
            "quantity",
            "not_number",
            f"số lượng “{quantity}” không phải là số.",
            f"quantity “{quantity}” is not a number.",
        )
    if qty is not None:
        if qty <= 0:
            bad(
                "quantity",
                "not_positive",
                f"số lượng phải lớn hơn 0 (đang là {format_number(qty)}).",
                f"the quantity must be above 0 (it is {qty}).",
            )
        elif qty > MAX_QUANTITY:
            bad(
                "quantity",
                "absurd",
                f"số lượng {format_number(qty)} quá lớn (tối đa {format_number(MAX_QUANTITY)}); "
                "có nhập nhầm đơn giá vào cột số lượng?",
                f"quantity {qty} is too large (at most {MAX_QUANTITY}); "
                "was the price typed in the quantity column?",
            )
        elif _places(qty) > QUANTITY_PLACES:
            bad(
                "quantity",
                "too_precise",
                f"số lượng chỉ ghi tối đa {QUANTITY_PLACES} chữ số thập phân.",
                f"the quantity may have at most {QUANTITY_PLACES} decimals.",
            )

    price: int | None = None
    try:
        price_dec = _decimal(unit_price)
    except (ValueError, InvalidOperation):
        bad(
            "unit_price",
            "not_number",
            f"đơn giá “{unit_price}” không phải là số.",
            f"unit price “{unit_price}” is not a number.",
        )
    else:
        if price_dec != price_dec.to_integral_value():
            bad(
                "unit_price",
                "not_whole",
                "đơn giá tính bằng đồng, không có phần lẻ.",
                "the unit price is in whole đồng, without decimals.",
            )
        elif price_dec <= 0:
            bad(
                "unit_price",
                "not_positive",
                f"đơn giá phải lớn hơn 0 (đang là {format_number(price_dec)}).",
                f"the unit price must be above 0 (it is {price_dec}).",
            )
        elif price_dec > MAX_UNIT_PRICE:
            bad(
                "unit_price",
                "absurd",
                f"đơn giá {format_number(price_dec)} đồng quá lớn "
                f"(tối đa {format_number(MAX_UNIT_PRICE)} đồng); kiểm tra lại số chữ số 0.",
                f"unit price {price_dec} đồng is too large (at most {MAX_UNIT_PRICE}); "
                "check the number of zeros.",
            )
        else:
            price = int(price_dec)

    def percent(value: object, name: str, what_vi: str, what_en: str) -> Decimal | None:
        try:
            pct = _decimal(value)
        except (ValueError, InvalidOperation):
            bad(
                name,
                "not_number",
                f"tỷ lệ {what_vi} “{value}” không phải là số.",
                f"the {what_en} share “{value}” is not a number.",
            )
            return None
        if pct < 0:
            bad(
                name,
                "negative",
                f"tỷ lệ {what_vi} không được âm.",
                f"the {what_en} share cannot be negative.",
            )
            return None
        if pct > HUNDRED:
            bad(
                name,
                "above_100",
                f"tỷ lệ {what_vi} {format_number(pct)} % vượt quá 100 %.",
                f"the {what_en} share {pct} % is above 100 %.",
            )
            return None
        if _places(pct) > PERCENT_PLACES:
            bad(
                name,
                "too_precise",
                f"tỷ lệ {what_vi} chỉ ghi tối đa {PERCENT_PLACES} chữ số thập phân.",
                f"the {what_en} share may have at most {PERCENT_PLACES} decimals.",
            )
            return None
        return pct

    support = percent(support_percent, "support_percent", "khuyến công hỗ trợ", "extension")
    if counterpart_percent is None or (
        isinstance(counterpart_percent, str) and not counterpart_percent.strip()
    ):
        counterpart = None if support is None else HUNDRED - support
    else:
        counterpart = percent(counterpart_percent, "counterpart_percent", "đối ứng", "counterpart")
    if support is not None and counterpart is not None and support + counterpart > HUNDRED:
        bad(
            "counterpart_percent",
            "shares_above_100",
            f"tỷ lệ hỗ trợ ({format_number(support)} %) cộng tỷ lệ đối ứng "
            f"({format_number(counterpart)} %) vượt quá 100 %.",
            f"the extension share ({support} %) plus the counterpart share ({counterpart} %) "
            "is above 100 %.",
        )

    if qty is not None and price is not None and not issues and qty * price > MAX_LINE_AMOUNT:
        bad(
            "quantity",
            "amount_absurd",
            f"thành tiền {format_number(round_dong(qty * price))} đồng quá lớn "
            f"(tối đa {format_number(MAX_LINE_AMOUNT)} đồng một dòng).",
            f"the amount {round_dong(qty * price)} đồng is too large "
            f"(at most {MAX_LINE_AMOUNT} per row).",
        )
    if issues:
        raise ValidationError(issues)
    assert qty is not None and price is not None and support is not None
    assert counterpart is not None
    return BudgetLine(
        item=item_text,
        unit=unit_text,
        quantity=qty.normalize() if qty == qty.to_integral_value() else qty,
        unit_price=price,
        support_percent=support,
        counterpart_percent=counterpart,
        note=note_text,
    )


def check_lines(lines: Sequence[BudgetLine]) -> list[Issue]:
    """Errors of a whole table that single lines cannot see (too many rows)."""
    if len(lines) > MAX_LINES:
        return [
            Issue(
                "lines",
                "too_many",
                f"Dự toán có {len(lines)} dòng, quá nhiều (tối đa {MAX_LINES}).",
                f"The estimate has {len(lines)} rows, too many (at most {MAX_LINES}).",
            )
        ]
    return []
