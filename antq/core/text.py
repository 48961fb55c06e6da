"""Vietnamese text helpers: accent folding for search, and sort keys that order names the same on every database.

Two keys, both built from the same scan of a name:
- `place_sort_key` for units, localities, establishments, teams and schemes: the whole name in Vietnamese letter
  order with numbers in natural order ("Thôn 2" < "Thôn 10"; "Diên Hà" < "Đại Đồng").
- `name_sort_key` for people: by given name (the last word) first, then the whole name.

A key is plain `[0-9a-z]`, so byte order, SQLite's BINARY and PostgreSQL's C, glibc and ICU collations all agree:
store it in a `sort_key` column and ORDER BY it. Letters compare first over the whole name, tones only between
names with the same letters ("Ma" < "Mà" < "Mả" < "Mã" < "Má" < "Mạ" < "Mai").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The Vietnamese alphabet order (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with the Latin
# letters Vietnamese does not use (f j w z) slotted where English puts them, for foreign names.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()  # noqa: SIM905
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that belong to the letter itself, not the tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# Symbols of the first level, two base-36 characters each, in this order: the end of the name, a word boundary, a
# number, then the letters. So "Thôn" < "Thôn 1" < "Thôn A" < "Thôn A B" < "Thôn AB" < "Thôn B".
_END, _BOUNDARY, _NUMBER, _FIRST_LETTER = 0, 1, 2, 16
_OTHER_LETTER = _FIRST_LETTER + len(_ALPHABET)  # letters of other scripts: after z, all alike

# Longest key stored; longer keys are cut (a name would need hundreds of characters to reach it).
SORT_KEY_MAX_LENGTH = 1024


def fold(text: str) -> str:
    """Lower-case, strip accents (đ → d), collapse spaces: "HƯNG YÊN", "Hoà", "Hòa" (NFC or NFD) all fold alike."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", stripped.lower()).strip()


def _pair(value: int) -> str:
    value = min(value, 36 * 36 - 1)
    return _B36[value // 36] + _B36[value % 36]


@dataclass(frozen=True)
class _Scan:
    primary: str  # letters, numbers and word boundaries, without the end mark
    tones: str  # one character per letter
    zeros: str  # leading zeros of each number, one character each; "" when no number has any


def _scan(text: str) -> _Scan:
    """Read a name into its sort levels. Letters are ranked in Vietnamese order with their tone kept apart; a run of
    digits (any script's decimal digits) is one number, compared by value: its significant length, then its digits;
    any other run of characters (spaces, punctuation, symbols) is one word boundary."""
    chars = unicodedata.normalize("NFD", text.replace("Ð", "Đ").replace("ð", "đ")).lower()
    primary: list[str] = []
    tones: list[str] = []
    zeros: list[int] = []
    boundary = False
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        if unicodedata.decimal(ch, None) is not None:
            j = i
            while j < n and unicodedata.decimal(chars[j], None) is not None:
                j += 1
            digits = "".join(str(unicodedata.decimal(c)) for c in chars[i:j])
            significant = digits.lstrip("0")
            token = _pair(_NUMBER) + _pair(len(significant)) + significant
            zeros.append(len(digits) - len(significant))
            i = j
        elif ch.isalpha():
            letter, tone = ch, 0
            i += 1
            while i < n and unicodedata.combining(chars[i]):
                mark = chars[i]
                if mark in _TONES:
                    tone = _TONES[mark]
                elif mark in _LETTER_MARKS and unicodedata.normalize("NFC", letter + mark) in _LETTER_RANK:
                    letter = unicodedata.normalize("NFC", letter + mark)
                i += 1
            rank = _LETTER_RANK.get(letter)
            token = _pair(_OTHER_LETTER if rank is None else _FIRST_LETTER + rank)
            tones.append(str(tone))
        else:
            # Spaces, punctuation and stray marks separate words; leading and repeated separators count once.
            boundary = boundary or not unicodedata.combining(ch)
            i += 1
            continue
        if boundary and primary:
            primary.append(_pair(_BOUNDARY))
        boundary = False
        primary.append(token)
    return _Scan(
        "".join(primary),
        "".join(tones),
        "".join(_B36[min(z, 35)] for z in zeros) if any(zeros) else "",
    )


def place_sort_key(name: str) -> str:
    """Key that sorts names of places and bodies (units, thôn, tổ dân phố, establishments, teams, schemes) in
    Vietnamese order: letter order a ă â b c d đ e ê … with case ignored, tones only between otherwise equal names,
    numbers by value ("Thôn 2" < "Thôn 10"), a word boundary before any letter ("Thôn A" < "Thôn AB"), and numbers
    before letters. Leading zeros do not change a number's place: "Thôn 02" sorts right after "Thôn 2" and before
    "Thôn 3". Plain `[0-9a-z]`, at most SORT_KEY_MAX_LENGTH characters."""
    scan = _scan(name)
    return (scan.primary + _pair(_END) + scan.tones + scan.zeros)[:SORT_KEY_MAX_LENGTH]


def name_sort_key(full_name: str) -> str:
    """Key that sorts people the Vietnamese way: by given name (last word), then the full name, letter order
    a ă â b c d đ …, tones after letters, numbers as in `place_sort_key`. Plain `[0-9a-z]`, at most
    SORT_KEY_MAX_LENGTH characters: store it in a column and ORDER BY it on SQLite and PostgreSQL alike."""
    words = full_name.split()
    if not words:
        return ""
    given, whole = _scan(words[-1]), _scan(full_name)
    key = given.primary + _pair(_END) + whole.primary + _pair(_END) + given.tones + whole.tones + whole.zeros
    return key[:SORT_KEY_MAX_LENGTH]


def ascii_digits(value: object) -> str | None:
    """An identifier (CCCD, phone digits, record id) as ASCII digits, or None when it is anything else.

    Input is NFKC-normalised and stripped first, so full-width "０３３" reads as "033"; what remains must be
    `[0-9]+` only — superscripts and circled digits, Arabic-Indic "٠٣٣" and mixed scripts are refused (None),
    never guessed.
    Python's `str.isdigit()` / `int()` and regex `\\d` accept those other digits, which is why identifiers
    must go through here: stored values and uniqueness constraints then compare like with like."""
    if value is None:
        return None
    raw = str(value).strip()
    # A superscript "²" or circled "①" is no digit someone typed for an id (category No), though NFKC makes it one.
    if any(unicodedata.category(ch) == "No" for ch in raw):
        return None
    text = unicodedata.normalize("NFKC", raw)
    return text if text and text.isascii() and text.isdigit() else None


# A unit name's leading type words, as the registry writes them ("Tỉnh Hưng Yên", "Thành phố Hà Nội", "Xã Đông Hưng").
_UNIT_TYPE_WORDS = ("Thành phố", "Thị trấn", "Đặc khu", "Thị xã", "Phường", "Tỉnh", "Xã")


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence or a body's name: its type word in lower case ("Công an tỉnh Hưng Yên",
    "xã Đông Hưng, tỉnh Hưng Yên"); a bare name ("Hưng Yên") as it is. Each comma-separated part is treated alike."""
    parts = name.split(", ")
    return ", ".join(_lower_type_word(part) for part in parts)


def _lower_type_word(part: str) -> str:
    for word in _UNIT_TYPE_WORDS:
        if part == word or part.startswith(word + " "):
            return word.lower() + part[len(word) :]
    return part


def body_of(body: str, unit_name: str) -> str:
    """A body named after its unit: body_of("Công an", "Tỉnh Hưng Yên") == "Công an tỉnh Hưng Yên"."""
    return f"{body} {in_sentence(unit_name)}".strip() if unit_name else body


NBSP = "\u00a0"


def keep_last_words(text: str) -> str:
    """The last two words bound by a non-breaking space, so a wrapped caption never leaves one word or number alone
    on its last line: "… cao nhất trong\u00a0104"."""
    head, space, tail = text.rstrip().rpartition(" ")
    return f"{head}{NBSP}{tail}" if space and head else text
