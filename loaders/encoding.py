"""Decide how a CSV file's bytes become text: UTF-8 (BOM or not) and GB18030 are read, the rest refused.

Why decided, not guessed: Big5, Shift-JIS or Latin-1 bytes usually *decode* as GB18030 without an error,
and the result looks like data (``ㄊ瞶…``) while every name is wrong. So GB18030 is accepted only when the
text it yields is plausible for a Chinese sheet; anything else is refused with the Excel step that fixes
it. Per-cell damage (an invalid byte inside a UTF-8 file, a private-use character) is left to the cell
checks in ``loaders.tables``, which can name the row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

UTF8_BOM = b"\xef\xbb\xbf"
SAVE_AS_UTF8 = ("在 Excel 中选择「文件 → 另存为 → CSV UTF-8(逗号分隔)(*.csv)」/ in Excel: File → Save As → "
                "'CSV UTF-8 (Comma delimited) (*.csv)'")
# A valid multi-byte UTF-8 sequence (RFC 3629): used to tell a damaged UTF-8 file from a GBK one.
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                       rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                       rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_ASCII = bytes(range(128))
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
# GB18030 text is refused when more than this share of its non-ASCII characters is unusual for a
# Chinese sheet (the real Laoshan files: at most 0.6 %; Big5/Shift-JIS/EUC-KR read as GB18030: 4–98 %).
UNUSUAL_SHARE = 0.02
UNUSUAL_MIN = 3
LEVEL2_SHARE = 0.4  # GB2312 level-2 (rarer) hanzi among all hanzi: real sheets ≤ 15 %, EUC-KR misread ≥ 50 %


class EncodingRefused(Exception):
    """The file is not UTF-8 or GB18030 text; ``message`` says what it is and how to fix it."""

    def __init__(self, message: str, hint: str = SAVE_AS_UTF8):
        message += "; save it as CSV UTF-8 / 另存为 CSV UTF-8" if hint == SAVE_AS_UTF8 else ""
        super().__init__(message)
        self.message = message
        self.hint = hint


def _guess(raw: bytes) -> str:
    """A name for what the bytes probably are (for the message only; nothing is decoded with it)."""
    for codec, name in (("big5", "Big5 (繁体中文 Traditional Chinese)"), ("shift_jis", "Shift-JIS (日文 Japanese)"),
                        ("euc_kr", "EUC-KR (韩文 Korean)"), ("cp1252", "Windows-1252 / Latin-1 (西文 Western)")):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return "an unknown 8-bit encoding"


def sniff(raw: bytes) -> tuple[str, bytes]:
    """(codec, body) for a text file: 'utf-8' or 'gb18030' and the bytes to decode (a BOM removed).

    Raises EncodingRefused for workbooks, binary files, UTF-16/32 and 8-bit encodings other than GB18030.
    """
    if raw.startswith(b"PK\x03\x04"):
        raise EncodingRefused("this .csv file is really an Excel workbook (.xlsx, a zip file)",
                              "save it from Excel as CSV UTF-8, or rename it to .xlsx and import the workbook / "
                              "在 Excel 中另存为 CSV UTF-8,或改名为 .xlsx 后导入工作簿")
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise EncodingRefused("this .csv file is really an old Excel .xls or a password-protected workbook")
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise EncodingRefused("the file is UTF-32 text, which is not read")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingRefused("the file is UTF-16 text ('Unicode Text' in Excel), which is not read")
    nul = raw.count(0)
    if nul:
        head = raw[:4096]
        if sum(head[i::4].count(0) for i in range(4)) > len(head) * 0.6:
            raise EncodingRefused("the file is UTF-32 text, which is not read (three of every four bytes are 0)")
        if max(head[1::2].count(0), head[0::2].count(0)) > len(head) // 4:
            raise EncodingRefused("the file is UTF-16 text without a byte-order mark (every other byte is 0)")
        if nul > 64 and nul * 100 > len(raw):
            raise EncodingRefused(f"the file is not text: {nul:,} of its bytes are 0 (NUL)")
        # a stray NUL or two: the cell checks name the row and column
    if raw.startswith(UTF8_BOM):
        return "utf-8", raw[len(UTF8_BOM):]  # the BOM declares UTF-8: invalid bytes are per-cell errors
    try:
        raw.decode("utf-8")
        return "utf-8", raw
    except UnicodeDecodeError:
        pass
    non_ascii = len(raw.translate(None, _ASCII))
    in_utf8 = sum(len(m) for m in _UTF8_SEQ.findall(raw))
    if in_utf8 >= 0.8 * non_ascii:
        return "utf-8", raw  # UTF-8 with a few damaged bytes: the cell checks name each one
    damaged = raw.decode("gb18030", errors="replace").count("\ufffd")
    if damaged * 100 > non_ascii:
        raise EncodingRefused(f"the file is neither UTF-8 nor GBK/GB18030; it looks like {_guess(raw)}")
    return "gb18030", raw


@lru_cache(maxsize=65536)
def char_class(ch: str) -> str:
    """'ok', 'level2' (a rarer GB2312 hanzi) or 'unusual' — how plausible ``ch`` is in a Chinese sheet."""
    o = ord(ch)
    if o < 0x80 or 0x2000 <= o <= 0x206F or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
        return "ok"
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return "unusual"
    if 0xA1 <= b[0] <= 0xA3 or 0xB0 <= b[0] <= 0xD7:  # punctuation and symbols; level-1 (common) hanzi
        return "ok"
    return "level2" if 0xD8 <= b[0] <= 0xF7 else "unusual"  # else kana, Greek, Cyrillic, pinyin, box lines


def implausible_gb18030(text: str) -> str | None:
    """Why GB18030-decoded ``text`` cannot be a real Chinese sheet, or None when it can."""
    counts: dict[str, int] = {"ok": 0, "level2": 0, "unusual": 0}
    hanzi = 0
    for ch, n in Counter(_ASCII_RUN.sub("", text)).items():
        cls = char_class(ch)
        counts[cls] += n
        if cls == "level2" or (cls == "ok" and "\u4e00" <= ch <= "\u9fff"):
            hanzi += n
    total = sum(counts.values())
    if counts["unusual"] >= UNUSUAL_MIN and counts["unusual"] > UNUSUAL_SHARE * total:
        return (f"{counts['unusual']} of its {total} non-ASCII characters are rare or not Chinese "
                "(kana, bopomofo, Greek, box-drawing or rare hanzi)")
    if hanzi >= 10 and counts["level2"] > LEVEL2_SHARE * hanzi:
        return f"{counts['level2']} of its {hanzi} Chinese characters are rare ones a real sheet seldom uses"
    return None


def is_unusual(ch: str) -> bool:
    return not ch.isascii() and char_class(ch) != "ok"


def damaged_char(ch: str) -> str | None:
    """What is wrong with a character no data file should hold, or None when it is fine."""
    o = ord(ch)
    if o < 0x20 and ch not in "\t\n\r" or 0x7F <= o <= 0x9F:
        return f"a control character (U+{o:04X})"
    if 0xDC80 <= o <= 0xDCFF:
        return f"an invalid byte 0x{o - 0xDC00:02X} (not valid in this file's encoding)"
    if o == 0xFFFD:
        return "the replacement character � (text already damaged by a wrong encoding)"
    cat = unicodedata.category(ch)
    if cat == "Co":
        return f"a private-use character (U+{o:04X}), which shows differently on every computer"
    if cat in ("Cn", "Cs"):
        return f"an unassigned code point (U+{o:04X})"
    return None
