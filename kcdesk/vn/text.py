"""Normalisation, search folding and Vietnamese collation keys.

Why by hand: ICU (PyICU) would give CLDR collation, but it is a heavy native dependency that is hard
to ship on Windows; Vietnamese order is small enough to encode here and test against CLDR's rules:
a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư at the primary level, tones at the secondary level in the
order ngang < huyền < hỏi < ngã < sắc < nặng (CLDR ``vi``: &̀<<̉<<̃<<́<<̣), case last.
"""

from __future__ import annotations

import unicodedata

# Combining marks that change the letter (primary level) versus those that are tones (secondary).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {ch: chr(0x1000 + i) for i, ch in enumerate(_ALPHABET)}
_LETTER_MODS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}


def nfc(text: str | None) -> str:
    """NFC form, the one form kcdesk stores; ``None`` becomes ``""``."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed: what every text input boundary stores."""
    # str.split() breaks on exactly the characters the regex \s matches (str.isspace), at a
    # quarter of the cost: imports clean every text of every row.
    return " ".join(nfc(text).split())


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for cp in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch:
            table[cp] = base.casefold()
    for cp in range(0x0300, 0x0370):
        table[cp] = None  # combining marks of decomposed (NFD) input
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_FOLD = _build_fold_table()


def fold(text: str | None) -> str:
    """Search form: no diacritics, đ→d, lower case, single spaces. ``"Đồng  Tâm"`` → ``"dong tam"``."""
    if not text:
        return ""
    # A translation table is ~10× faster than decomposing every character: bulk imports fold
    # several columns of every row.
    return " ".join(text.translate(_FOLD).casefold().split())


def _letters(text: str) -> list[tuple[str, int, int]]:
    """Split into (base letter with its shape marks, tone 0-5, case 0 lower / 1 upper)."""
    result: list[tuple[str, int, int]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if not result:
                continue
            base, tone, case = result[-1]
            if ch in _TONES:
                result[-1] = (base, _TONES[ch], case)
            else:
                result[-1] = (_LETTER_MODS.get((base, ch), base), tone, case)
            continue
        lower = ch.lower()
        if lower == "đ":
            result.append(("đ", 0, int(ch != lower)))
        else:
            result.append((lower, 0, int(ch != lower)))
    return result


def _weights(ch: str) -> tuple[str, str, str]:
    """Primary, secondary (tone) and tertiary (case) weight of one NFC character."""
    letters = _letters(ch)
    if len(letters) != 1:
        return ch, "0", "0"
    base, tone, case = letters[0]
    if base in _PRIMARY:
        primary = _PRIMARY[base]
    elif base == " ":
        primary = " "
    elif base.isascii() and base.isdigit():
        primary = chr(0x0F00 + int(base))
    elif ord(base) < 0x80:
        primary = chr(0x0E00 + ord(base))  # punctuation sorts after spaces, before letters
    else:
        primary = chr(min(0x2000 + ord(base), 0x10FFFF))
    return primary, str(tone), str(case)


def _build_key_tables() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    primary: dict[int, str] = {}
    secondary: dict[int, str] = {}
    tertiary: dict[int, str] = {}
    for cp in list(range(0x20, 0x250)) + list(range(0x1E00, 0x1F00)):
        p, s2, t = _weights(chr(cp))
        primary[cp], secondary[cp], tertiary[cp] = p, s2, t
    return primary, secondary, tertiary


_KEY_P, _KEY_S, _KEY_T = _build_key_tables()
_KNOWN = frozenset(_KEY_P)


def collation_key(text: str | None, *, cleaned: bool = False) -> str:
    """A string whose plain code-point order is Vietnamese dictionary order.

    Stored beside names so that SQL can ``ORDER BY`` it (SQLite BINARY, PostgreSQL ``COLLATE "C"``).
    ``cleaned`` skips normalisation for text that already went through :func:`clean`.
    """
    value = (text or "") if cleaned else clean(text)
    if not _KNOWN.issuperset(map(ord, value)):
        # Rare characters (other scripts): weigh them one by one.
        weights = [_weights(ch) for ch in value]
        return (
            "".join(w[0] for w in weights)
            + "\x01"
            + "".join(w[1] for w in weights)
            + "\x01"
            + "".join(w[2] for w in weights)
        )
    return (
        value.translate(_KEY_P)
        + "\x01"
        + value.translate(_KEY_S)
        + "\x01"
        + value.translate(_KEY_T)
    )


def sort_vietnamese(items: list[str]) -> list[str]:
    """Return ``items`` sorted in Vietnamese order."""
    return sorted(items, key=collation_key)
