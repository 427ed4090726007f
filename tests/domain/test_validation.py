import pytest

from kcdesk.domain.errors import Severity, ValidationError
from kcdesk.domain.validation import check_cccd, check_phone, check_tax_code, tax_check_digit


def test_tax_code_check_digit_from_the_brief():
    assert check_tax_code("0100233488").value == "0100233488"
    assert tax_check_digit("010023348") == 8


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0247588845", "tax_check_digit"),  # check digit is 5, should be 2
        ("029273979", "tax_length"),  # 9 digits
        ("02O5410253", "tax_not_digits"),  # letter O for zero
    ],
)
def test_invalid_tax_codes_say_why(value, code):
    with pytest.raises(ValidationError) as info:
        check_tax_code(value)
    assert info.value.issues[0].code == code
    assert value in info.value.message_vi


def test_branch_and_personal_id_tax_codes():
    assert check_tax_code("0100233488-001").value == "0100233488-001"
    assert check_tax_code("0100233488001").value == "0100233488-001"
    assert check_tax_code("031203004567").value == "031203004567"
    with pytest.raises(ValidationError):
        check_tax_code("0247588845-001")  # branch of an invalid head code


@pytest.mark.parametrize(
    ("raw", "normalised", "converted"),
    [
        ("0168 234 5179", "0382345179", True),
        ("0225 3883 456", "02253883456", False),
        ("+84 912 407 385", "0912407385", False),
        ("0125.368.4412", "0853684412", True),
        (983771204, "0983771204", False),
        ("01229047736", "0779047736", True),
    ],
)
def test_phone_numbers_from_old_lists(raw, normalised, converted):
    checked = check_phone(raw)
    assert checked.value == normalised
    assert bool(checked.warnings) == converted
    if converted:
        assert checked.warnings[0].severity is Severity.WARNING


@pytest.mark.parametrize("raw", ["12345", "0912 34", "abc", "09123456789"])
def test_bad_phone_numbers(raw):
    with pytest.raises(ValidationError) as info:
        check_phone(raw)
    assert "Số điện thoại" in info.value.message_vi
    assert "Phone number" in info.value.message_en


def test_cccd():
    assert check_cccd("031203004567").value == "031203004567"
    with pytest.raises(ValidationError):
        check_cccd("12345")
    with pytest.raises(ValidationError):
        check_cccd("000203004567")  # no province 000
