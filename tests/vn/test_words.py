import pytest

from kcdesk.vn.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (91, "chín mươi mốt"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1015, "một nghìn không trăm mười lăm"),
        (1100, "một nghìn một trăm"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (10_000, "mười nghìn"),
        (15_500, "mười lăm nghìn năm trăm"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_050_000, "một triệu không trăm năm mươi nghìn"),
        (125_000_000, "một trăm hai mươi lăm triệu"),
        (1_000_000_000, "một tỷ"),
        (1_000_000_001, "một tỷ không trăm linh một"),
        (11_760_000_000, "mười một tỷ bảy trăm sáu mươi triệu"),
        (2_000_021_000, "hai tỷ không trăm hai mươi mốt nghìn"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (1_000_000_000_000_000_000, "một tỷ tỷ"),
    ],
)
def test_number_in_words(n: int, words: str) -> None:
    assert number_in_words(n) == words


def test_southern_and_alternative_words() -> None:
    assert number_in_words(105, zero_tens="lẻ") == "một trăm lẻ năm"
    assert number_in_words(3000, thousand="ngàn") == "ba ngàn"


def test_amount_in_words_closes_round_amounts_with_chan() -> None:
    assert amount_in_words(125_000_000) == "Một trăm hai mươi lăm triệu đồng chẵn"
    assert amount_in_words(11_072_000_000) == "Mười một tỷ không trăm bảy mươi hai triệu đồng chẵn"
    assert amount_in_words(1_234_567) == (
        "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"
    )
    assert amount_in_words(125_000_000, even=False) == "Một trăm hai mươi lăm triệu đồng"
    assert amount_in_words(0) == "Không đồng"


def test_negative_amount_says_am() -> None:
    assert amount_in_words(-5_000) == "Âm năm nghìn đồng chẵn"


def test_money_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        number_in_words(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_in_words(True)
    with pytest.raises(ValueError):
        number_in_words(5, zero_tens="lẽ")


def test_every_number_below_a_million_reads_back_consistently() -> None:
    # No doubled spaces, no "không" except as an inner "không trăm", never "mươi một"/"mười mốt".
    for n in range(1, 1_000_000, 53):
        text = number_in_words(n)
        assert "  " not in text
        assert "mươi một" not in text and "mười mốt" not in text
        assert "linh lăm" not in text and "mười năm" not in text
        assert text.split()[0] != "không"
