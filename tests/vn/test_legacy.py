"""TCVN3 / VNI ↔ Unicode: every letter, the sample cells, and the three sample workbooks."""

from __future__ import annotations

import json
import unicodedata

import pytest

from kcdesk.vn.legacy import (
    VIETNAMESE_LETTERS,
    LegacyEncodeError,
    LegacyFont,
    convert_by_font,
    decode,
    decode_tcvn3,
    decode_vni,
    encode,
    encode_tcvn3,
    encode_vni,
    font_encoding,
)
from tests.conftest import SAMPLES as ALL_SAMPLES

SAMPLES = ALL_SAMPLES / "excel"

# Reference tables written out independently of the module, in the order public converters list
# them (à á ả ã ạ, ă ằ ắ ẳ ẵ ặ, …): a swapped pair in the module shows up here.
LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
TCVN3 = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ"
TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}
_VNI_LINE = (
    "aø aù aû aõ aï aê aè aé aú aü aë aâ aà aá aå aã aä ñ eø eù eû eõ eï eâ eà eá eå eã eä "
    "ì í æ ó ò oø où oû oõ oï oâ oà oá oå oã oä ô ôø ôù ôû ôõ ôï uø uù uû uõ uï "
    "ö öø öù öû öõ öï yø yù yû yõ î"
)
VNI = _VNI_LINE.split()


def test_reference_tables_cover_every_letter() -> None:
    assert len(LETTERS) == len(TCVN3) == len(VNI) == 67
    assert set(LETTERS) == set(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter,code", list(zip(LETTERS, TCVN3, strict=True)))
def test_tcvn3_every_lower_case_letter(letter: str, code: str) -> None:
    assert decode_tcvn3(code) == letter
    assert encode_tcvn3(letter) == code
    # In a .VnTimeH font the same code is drawn as the capital.
    assert decode_tcvn3(code, capitals=True) == letter.upper()
    assert encode_tcvn3(letter.upper(), capitals_font=True) == code


@pytest.mark.parametrize("letter,code", sorted(TCVN3_CAPITALS.items()))
def test_tcvn3_the_seven_capitals_it_has(letter: str, code: str) -> None:
    assert decode_tcvn3(code) == letter
    assert encode_tcvn3(letter) == code


def test_tcvn3_has_no_toned_capitals() -> None:
    with pytest.raises(LegacyEncodeError):
        encode_tcvn3("Ấ")
    assert encode_tcvn3("ẤP", capitals_font=True) == "Êp"


@pytest.mark.parametrize("letter,code", list(zip(LETTERS, VNI, strict=True)))
def test_vni_every_letter_both_cases(letter: str, code: str) -> None:
    assert decode_vni(code) == letter
    assert encode_vni(letter) == code
    assert decode_vni(code.upper()) == letter.upper()
    assert encode_vni(letter.upper()) == code.upper()


def test_round_trip_of_every_letter_in_words() -> None:
    text = " ".join(f"x{ch}x{ch.upper()}" for ch in LETTERS)
    assert decode_vni(encode_vni(text)) == text
    lower = " ".join(f"x{ch}x" for ch in LETTERS)
    assert decode_tcvn3(encode_tcvn3(lower)) == lower
    assert decode_tcvn3(encode_tcvn3(lower.upper(), capitals_font=True), capitals=True) == (
        lower.upper()
    )
    assert decode(encode(lower, "tcvn3"), "tcvn3") == lower
    assert decode(encode(text, "vni"), "vni") == text


def test_vni_longest_match_first() -> None:
    assert decode_vni("oâ") == "ô"
    assert decode_vni("ô") == "ơ"
    assert decode_vni("öôø") == "ườ"
    assert decode_vni("Cöôøng") == "Cường"
    assert decode_vni("thuôû") == "thuở"
    assert decode_vni("Nguyeãn") == "Nguyễn"


def test_vni_capital_with_lower_case_marks_is_the_capital() -> None:
    # What Excel's PROPER() leaves: the font draws a capital with the mark.
    assert decode_vni("Aùnh") == "Ánh"
    assert decode_vni("Ñoàng") == "Đồng"


def test_characters_outside_the_tables_decode_as_themselves() -> None:
    assert decode_tcvn3("ABC xyz 123 - () / ¿À") == "ABC xyz 123 - () / ¿À"
    assert decode_vni("ABC xyz 123 - () / €") == "ABC xyz 123 - () / €"
    assert decode_vni("â") == "â"  # a lone mark byte stays what it is
    assert decode_tcvn3("Tiªn\nL·ng") == "Tiên\nLãng"


def test_decoded_text_is_nfc() -> None:
    out = decode_vni("Nguyeãn Vaên Toaøn")
    assert out == unicodedata.normalize("NFC", out)


@pytest.mark.parametrize(
    "name,expected",
    [
        (".VnTime", LegacyFont("tcvn3", False)),
        (".VnTimeH", LegacyFont("tcvn3", True)),
        (".VnArial NarrowH", LegacyFont("tcvn3", True)),
        (".VnCentury Schoolbook", LegacyFont("tcvn3", False)),
        (".vnarial", LegacyFont("tcvn3", False)),
        ("VNI-Times", LegacyFont("vni", False)),
        ("VNI-Helve", LegacyFont("vni", False)),
        ("Times New Roman", None),
        ("Arial", None),
        ("", None),
        (None, None),
    ],
)
def test_font_detection(name: str | None, expected: LegacyFont | None) -> None:
    assert font_encoding(name) == expected


def test_convert_by_font() -> None:
    assert convert_by_font("c«ng ty", ".VnTimeH") == "CÔNG TY"
    assert convert_by_font("c«ng ty", ".VnTime") == "c«ng ty".replace("«", "ô")
    assert convert_by_font("Coâng ty", "VNI-Times") == "Công ty"
    nfd = unicodedata.normalize("NFD", "Tiên Cường")
    assert convert_by_font(nfd, "Times New Roman") == "Tiên Cường"


def _expected() -> dict[str, object]:
    return json.loads((SAMPLES / "co-so-tien-lang.expected.json").read_text(encoding="utf-8"))


def test_chosen_cells_of_the_readme_convert_exactly() -> None:
    cells = _expected()["chosen_cells"]
    assert isinstance(cells, list) and len(cells) == 12
    for cell in cells:
        assert convert_by_font(cell["tcvn3"], cell["tcvn3_font"]) == cell["nfc"], cell["cell"]
        assert convert_by_font(cell["vni"], "VNI-Times") == cell["nfc"], cell["cell"]


@pytest.mark.parametrize("variant", ["tcvn3", "vni"])
def test_sample_workbooks_convert_cell_by_cell_to_the_unicode_file(variant: str) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    uni = openpyxl.load_workbook(SAMPLES / "co-so-tien-lang-unicode.xlsx")
    legacy = openpyxl.load_workbook(SAMPLES / f"co-so-tien-lang-{variant}.xlsx")
    assert uni.sheetnames == legacy.sheetnames
    compared = 0
    for ws_u, ws_l in zip(uni.worksheets, legacy.worksheets, strict=True):
        assert ws_u.dimensions == ws_l.dimensions
        for row_u, row_l in zip(ws_u.iter_rows(), ws_l.iter_rows(), strict=True):
            for cu, cl in zip(row_u, row_l, strict=True):
                if isinstance(cu.value, str):
                    assert isinstance(cl.value, str), cl.coordinate
                    got = convert_by_font(cl.value, cl.font.name)
                    want = unicodedata.normalize("NFC", cu.value)
                    assert got == want, (cl.coordinate, cl.value, cl.font.name)
                    compared += 1
                else:
                    assert cl.value == cu.value, cl.coordinate
    assert compared > 500  # 581 text cells in the sample
