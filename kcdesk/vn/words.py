"""Amounts in Vietnamese words, as written under the total of a budget or on a payment order.

``125_000_000`` → ``"Một trăm hai mươi lăm triệu đồng chẵn"``. The usual rules of official and
accounting writing apply:

- ``mười`` for 10-19, ``X mươi`` from 20; after ``mươi`` a 1 is ``mốt`` and a 4 is ``tư``
  (21 ``hai mươi mốt``, 24 ``hai mươi tư``), but ``mười một``, ``mười bốn``;
- a 5 after ``mười``/``mươi`` is ``lăm`` (15 ``mười lăm``, 25 ``hai mươi lăm``), never after
  ``linh`` (105 ``một trăm linh năm``);
- an empty tens place before a unit is ``linh`` (northern, the default) or ``lẻ`` (southern);
- inside a number every group of three after the first says its hundreds, even ``không trăm``
  (1.005 ``một nghìn không trăm linh năm``); groups that are all zero are left out
  (1.000.005 ``một triệu không trăm linh năm``);
- group names ``nghìn`` (or ``ngàn``), ``triệu``, ``tỷ``; beyond that ``tỷ`` repeats
  (10^12 ``một nghìn tỷ``).
"""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, full: bool, zero_tens: str) -> list[str]:
    """Words of 0 < n < 1000; ``full`` says the hundreds even when zero (an inner group)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def number_in_words(n: int, *, zero_tens: str = "linh", thousand: str = "nghìn") -> str:
    """Lower-case words of a whole number: ``2025`` → ``"hai nghìn không trăm hai mươi lăm"``.

    ``zero_tens`` is ``"linh"`` or ``"lẻ"``; ``thousand`` is ``"nghìn"`` or ``"ngàn"``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("number_in_words needs an int (money is whole đồng, never float)")
    if zero_tens not in ("linh", "lẻ"):
        raise ValueError("zero_tens must be 'linh' or 'lẻ'")
    if thousand not in ("nghìn", "ngàn"):
        raise ValueError("thousand must be 'nghìn' or 'ngàn'")
    if n == 0:
        return _DIGITS[0]
    if n < 0:
        return "âm " + number_in_words(-n, zero_tens=zero_tens, thousand=thousand)
    # Split into billions (tỷ) first, so that "nghìn tỷ", "triệu tỷ", "tỷ tỷ" come out naturally.
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += number_in_words(billions, zero_tens=zero_tens, thousand=thousand).split()
        words.append("tỷ")
    groups = [rest // 1_000_000, rest // 1000 % 1000, rest % 1000]
    names = ["triệu", thousand, ""]
    for group, name in zip(groups, names, strict=True):
        if group == 0:
            continue
        words += _three(group, full=bool(words), zero_tens=zero_tens)
        if name:
            words.append(name)
    return " ".join(words)


def amount_in_words(
    dong: int, *, zero_tens: str = "linh", thousand: str = "nghìn", even: bool = True
) -> str:
    """The amount as written on a document: ``"Một trăm hai mươi lăm triệu đồng chẵn"``.

    ``chẵn`` ("exactly") follows a round amount (a whole number of thousands) when ``even`` is set,
    which is how treasury and accounting forms close the line so nothing can be appended.
    """
    words = number_in_words(dong, zero_tens=zero_tens, thousand=thousand) + " đồng"
    if even and dong != 0 and dong % 1000 == 0:
        words += " chẵn"
    return words[0].upper() + words[1:]
