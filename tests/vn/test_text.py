import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kcdesk.vn.text import clean, collation_key, fold, nfc, sort_vietnamese


def test_fold_drops_diacritics_and_maps_d_with_stroke():
    assert fold("Đồng  Tâm") == "dong tam"
    assert fold("HỢP TÁC XÃ Lật Dương") == "hop tac xa lat duong"
    assert fold("ĐẶNG ĐỨC") == "dang duc"


def test_fold_treats_decomposed_text_like_composed():
    decomposed = unicodedata.normalize("NFD", "Tiên Cường")
    assert decomposed != "Tiên Cường"
    assert fold(decomposed) == fold("Tiên Cường") == "tien cuong"


def test_clean_gives_nfc_and_single_spaces():
    assert clean(unicodedata.normalize("NFD", "  Phạm   Thị Duyên ")) == "Phạm Thị Duyên"
    assert unicodedata.is_normalized("NFC", clean(unicodedata.normalize("NFD", "Hòa")))
    assert nfc(None) == ""


@given(st.text(alphabet=st.sampled_from("aĐ ̣\t\n\r\x0b\x0c\xa0\u2003\u3000\u200bx"), max_size=30))
def test_clean_collapses_every_kind_of_white_space_like_the_regex(text: str) -> None:
    """Tabs, line breaks, non-breaking and wide spaces all become one plain space; a zero-width
    space is not white space and stays."""
    import re

    assert clean(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_vietnamese_alphabet_order():
    letters = ["u", "ư", "o", "ơ", "ô", "e", "ê", "d", "đ", "a", "â", "ă", "b"]
    assert sort_vietnamese(letters) == [
        "a",
        "ă",
        "â",
        "b",
        "d",
        "đ",
        "e",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
    ]


def test_tones_order_after_the_letter():
    # ngang < huyền < hỏi < ngã < sắc < nặng (CLDR vi)
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sort_vietnamese(words) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letter_outweighs_tone_and_case_comes_last():
    assert sort_vietnamese(["ăn", "áo", "Anh", "anh"]) == ["anh", "Anh", "áo", "ăn"]
    assert sort_vietnamese(["Đông", "Dương", "dưa"]) == ["dưa", "Dương", "Đông"]


def test_real_names_in_dictionary_order():
    names = ["Vĩnh Bảo", "Thủy Nguyên", "Tiên Lãng", "Kiến Thụy", "An Dương", "Ân Thi", "Đồ Sơn"]
    assert sort_vietnamese(names) == [
        "An Dương",
        "Ân Thi",
        "Đồ Sơn",
        "Kiến Thụy",
        "Thủy Nguyên",
        "Tiên Lãng",
        "Vĩnh Bảo",
    ]


@given(st.text())
def test_collation_key_is_stable_under_normalisation(text):
    assert collation_key(unicodedata.normalize("NFD", text)) == collation_key(
        unicodedata.normalize("NFC", text)
    )


@given(st.text(alphabet="aăâbdđeêoôơuưàáảãạằắẳẵặ ", max_size=12))
def test_fold_equals_reference_decomposition(text):
    reference = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).replace("đ", "d")
    assert fold(text) == " ".join(reference.split())
