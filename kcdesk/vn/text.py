"""Normalisation, search folding and Vietnamese collation keys.

Why by hand: ICU (PyICU) would give CLDR collation, but it is a heavy native dependency that is hard
to ship on Windows; Vietnamese order is small enough to encode here and test against CLDR's rules:
a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư at the primary level, tones at the secondary level in the
order ngang < huyền < hỏi < ngã < sắc < nặng (CLDR ``vi``: &̀<<̉<<̃<<́<<̣), case last.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")

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
    return _WS.sub(" ", nfc(text)).strip()


def fold(text: str | None) -> str:
    """Search form: no diacritics, đ→d, lower case, single spaces. ``"Đồng  Tâm"`` → ``"dong tam"``."""
    if not text:
        return ""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        if ch in "đĐ":
            ch = "d"
        out.append(ch)
    return _WS.sub(" ", "".join(out).casefold()).strip()


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


def collation_key(text: str | None) -> str:
    """A string whose plain code-point order is Vietnamese dictionary order.

    Stored beside names so that SQL can ``ORDER BY`` it (SQLite BINARY, PostgreSQL ``COLLATE "C"``).
    """
    letters = _letters(clean(text))
    primary = []
    for base, _tone, _case in letters:
        if base in _PRIMARY:
            primary.append(_PRIMARY[base])
        elif base == " ":
            primary.append(" ")
        elif base.isdigit():
            primary.append(chr(0x0F00 + int(base)) if base.isascii() else base)
        elif ord(base) < 0x80:
            primary.append(chr(0x0E00 + ord(base)))  # punctuation before letters, after spaces
        else:
            primary.append(chr(min(0x2000 + ord(base), 0x10FFFF)))
    secondary = "".join(str(t) for _b, t, _c in letters)
    tertiary = "".join(str(c) for _b, _t, c in letters)
    return "".join(primary) + "\x01" + secondary + "\x01" + tertiary


def sort_vietnamese(items: list[str]) -> list[str]:
    """Return ``items`` sorted in Vietnamese order."""
    return sorted(items, key=collation_key)
