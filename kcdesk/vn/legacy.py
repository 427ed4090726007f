"""Legacy Vietnamese encodings of office files: TCVN3 (ABC) and VNI-Windows ↔ Unicode.

Old spreadsheets keep Vietnamese text as 8-bit codes that only the right font draws correctly: the
cell holds Latin-1 characters (``"Tiªn L·ng"``) and the font (``.VnTime``) shows them as
``"Tiên Lãng"``. Which encoding a text is in can only be told from the font name, so callers pass
the font of the cell (or of the rich-text run) to :func:`convert_by_font`.

* **TCVN3** is one byte per letter. It has no capitals with tone marks (only Ă Â Đ Ê Ô Ơ Ư):
  all-capital text is typed in lower case in a font whose name ends in ``H`` (``.VnTimeH``), which
  draws every letter as a capital, so the decoded text is upper-cased. ``ư`` is byte 0xAD (the soft
  hyphen, invisible in most viewers).
* **VNI-Windows** writes a base letter followed by one or two mark bytes (``"aø"`` = à,
  ``"oäi"`` = ội) and a few letters as single bytes (``"ñ"`` = đ, ``"ö"`` = ư, ``"ô"`` = ơ).
  Decoding takes the longest match first: ``"oâ"`` is ô although ``"ô"`` alone is ơ.

Characters outside a table decode as themselves. Why by hand: no maintained Python library does
this, and the tables are small enough to check letter by letter (tests/vn/test_legacy.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Encoding = Literal["tcvn3", "vni"]
ENCODINGS: tuple[Encoding, ...] = ("tcvn3", "vni")

# Vowels with their five tones, in the order ngang, huyền, hỏi, ngã, sắc, nặng.
_TONED = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị", "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ",
    "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}  # fmt: skip

#: Every Vietnamese letter that is not plain ASCII, lower case: the 12 vowels in all six tones
#: (minus the untoned plain vowels) and đ. Upper-casing gives the capitals.
VIETNAMESE_LETTERS: tuple[str, ...] = (
    *(ch for forms in _TONED.values() for ch in forms if not ch.isascii()),
    "đ",
)

# --- TCVN3 (ABC, TCVN 5712:1993 VN3) -------------------------------------------------------------
# Lower-case letters, tones in the order ngang, huyền, hỏi, ngã, sắc, nặng (untoned plain vowels
# are ASCII and need no entry). Checked against the public converters named in
# /work/shared/samples/excel/README.md; the VN1 variant's extra capitals (0x80-0x9F …) are left
# out on purpose: .VnTime fonts do not have them.
_TCVN3_LOWER = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_EXTRA = {"đ": "\xae", "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5",
                "Ư": "\xa6", "Đ": "\xa7"}  # fmt: skip


def _tcvn3_tables() -> tuple[dict[str, str], dict[int, str]]:
    encode: dict[str, str] = {}
    for base, codes in _TCVN3_LOWER.items():
        for letter, code in zip(_TONED[base], codes, strict=True):
            if not letter.isascii():
                encode[letter] = code
    encode.update(_TCVN3_EXTRA)
    decode = {ord(code): letter for letter, code in encode.items()}
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _tcvn3_tables()

# --- VNI-Windows ---------------------------------------------------------------------------------
# Mark bytes after a base letter; lower-case forms (the capital forms are their upper case).
_VNI_TONE = {1: "\xf8", 2: "\xfb", 3: "\xf5", 4: "\xf9", 5: "\xef"}  # ø û õ ù ï
_VNI_CIRCUMFLEX = {0: "\xe2", 1: "\xe0", 2: "\xe5", 3: "\xe3", 4: "\xe1", 5: "\xe4"}  # â à å ã á ä
_VNI_BREVE = {0: "\xea", 1: "\xe8", 2: "\xfa", 3: "\xfc", 4: "\xe9", 5: "\xeb"}  # ê è ú ü é ë
# Letters that VNI writes as one byte, lower case.
_VNI_SINGLE = {"đ": "\xf1", "ì": "\xec", "ỉ": "\xe6", "ĩ": "\xf3", "í": "\xed", "ị": "\xf2",
               "ỵ": "\xee"}  # fmt: skip
_VNI_HORN_BASE = {"ơ": "\xf4", "ư": "\xf6"}  # ô ö: the horned letters, marks follow them


def _vni_lower() -> dict[str, str]:
    table: dict[str, str] = dict(_VNI_SINGLE)
    for base, forms in _TONED.items():
        for tone, letter in enumerate(forms):
            if letter in table or letter.isascii():
                continue
            if base in "aeiouy":
                table[letter] = base + _VNI_TONE[tone]
            elif base in "âêô":
                table[letter] = "aeo"["âêô".index(base)] + _VNI_CIRCUMFLEX[tone]
            elif base == "ă":
                table[letter] = "a" + _VNI_BREVE[tone]
            else:  # ơ ư
                table[letter] = _VNI_HORN_BASE[base] + (_VNI_TONE[tone] if tone else "")
    return table


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    lower = _vni_lower()
    encode = dict(lower)
    for letter, code in lower.items():
        encode[letter.upper()] = code.upper()
    decode = {code: letter for letter, code in encode.items()}
    # Excel's PROPER() and people's own typing leave a capital base with lower-case marks
    # ("Aù"): such text is drawn as a capital with the mark, so read it as the capital letter.
    for letter, code in lower.items():
        if len(code) > 1:
            decode.setdefault(code[0].upper() + code[1:], letter.upper())
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _vni_tables()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=lambda k: (-len(k), k)))
)


# --- Decoding and encoding -----------------------------------------------------------------------


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text (its bytes seen as Latin-1 characters) → Unicode NFC.

    ``capitals=True`` for ``…H`` fonts (``.VnTimeH``), which draw lower-case codes as capitals.
    """
    out = text.translate(_TCVN3_DECODE)
    if capitals:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def decode_vni(text: str) -> str:
    """VNI-Windows text → Unicode NFC, longest match first."""
    out = _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)
    return unicodedata.normalize("NFC", out)


def decode(text: str, encoding: Encoding, capitals: bool = False) -> str:
    """Decode ``text`` from a legacy ``encoding``; ``capitals`` only matters for TCVN3."""
    if encoding == "tcvn3":
        return decode_tcvn3(text, capitals)
    if encoding == "vni":
        return decode_vni(text)
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


class LegacyEncodeError(ValueError):
    """A character has no code in the legacy encoding (say a toned capital in TCVN3)."""


def encode_tcvn3(text: str, capitals_font: bool = False) -> str:
    """Unicode → TCVN3 characters, as a ``.VnTime`` cell holds them.

    TCVN3 has no toned capitals: with ``capitals_font=True`` the text is written in lower case, as
    people do for a ``.VnTimeH`` font that draws it in capitals; otherwise a toned capital raises
    :class:`LegacyEncodeError`.
    """
    src = unicodedata.normalize("NFC", text)
    if capitals_font:
        src = src.lower()
    out = []
    for ch in src:
        code = _TCVN3_ENCODE.get(ch)
        if code is not None:
            out.append(code)
        elif ch.isupper() and ch.lower() in _TCVN3_ENCODE:
            raise LegacyEncodeError(
                f"TCVN3 has no capital {ch!r}: write it in a .VnTimeH font (capitals_font=True)"
            )
        else:
            out.append(ch)
    return "".join(out)


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows characters, as a ``VNI-Times`` cell holds them."""
    src = unicodedata.normalize("NFC", text)
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in src)


def encode(text: str, encoding: Encoding, capitals_font: bool = False) -> str:
    if encoding == "tcvn3":
        return encode_tcvn3(text, capitals_font)
    if encoding == "vni":
        return encode_vni(text)
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


# --- Fonts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyFont:
    """What a font name says about the text drawn with it."""

    encoding: Encoding
    capitals: bool = False  # TCVN3 ``…H`` font: lower-case codes are drawn as capitals


@lru_cache(maxsize=256)
def font_encoding(font_name: str | None) -> LegacyFont | None:
    """``".VnTime"`` → TCVN3; ``".VnTimeH"`` → TCVN3 capitals; ``"VNI-Times"`` → VNI; else ``None``.

    Every ABC font is named ``.Vn…`` (``.VnArial``, ``.VnCentury Schoolbook``); the capital ones
    add ``H`` (``.VnArialH``, ``.VnArial NarrowH``). VNI fonts are ``VNI-…`` (``VNI-Helve``).
    """
    if not font_name:
        return None
    name = font_name.strip()
    folded = name.casefold()
    if folded.startswith(".vn"):
        return LegacyFont("tcvn3", capitals=name.endswith("H"))
    if folded.startswith(("vni-", "vni ")):
        return LegacyFont("vni")
    return None


def convert_by_font(text: str, font_name: str | None) -> str:
    """Text of a cell or run drawn in ``font_name`` → Unicode NFC (NFC only for Unicode fonts)."""
    legacy = font_encoding(font_name)
    if legacy is None:
        return unicodedata.normalize("NFC", text)
    return decode(text, legacy.encoding, legacy.capitals)
