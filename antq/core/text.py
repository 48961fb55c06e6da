"""Vietnamese text helpers: accent folding for search and a name sort key that orders the same on every database."""

from __future__ import annotations

import re
import unicodedata

# The Vietnamese alphabet order (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with the Latin
# letters Vietnamese does not use (f j w z) slotted where English puts them, for foreign names.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()  # noqa: SIM905
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that belong to the letter itself, not the tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
_DIGITS = "0123456789"
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def fold(text: str) -> str:
    """Lower-case, strip accents (đ → d), collapse spaces: "HƯNG YÊN", "Hoà", "Hòa" (NFC or NFD) all fold alike."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", stripped.lower()).strip()


def _letters_and_tones(word: str) -> tuple[list[int], list[int]]:
    """Split a word into base-letter ranks (Vietnamese order) and the tone of each syllable letter."""
    letters: list[int] = []
    tones: list[int] = []
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", word.lower())):
        base, marks = cluster[0], cluster[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                letter = unicodedata.normalize("NFC", base + mark)
        if letter in _ALPHABET:
            letters.append(10 + _ALPHABET.index(letter))
        elif letter in _DIGITS:
            letters.append(1 + _DIGITS.index(letter))
        else:
            continue  # punctuation and spaces do not sort
        tones.append(tone)
    return letters, tones


def _encode(values: list[int]) -> str:
    return "".join(_B36[v // 36] + _B36[v % 36] for v in values) + "00"


def name_sort_key(full_name: str) -> str:
    """Key that sorts people the Vietnamese way: by given name (last word), then the full name, letter order
    a ă â b c d đ …, tones after letters. Only [0-9a-z] with a low terminator, so byte order and the usual
    database collations agree: store it in a column and ORDER BY it on SQLite and PostgreSQL alike."""
    words = full_name.split()
    if not words:
        return ""
    given_letters, given_tones = _letters_and_tones(words[-1])
    all_letters: list[int] = []
    all_tones: list[int] = []
    for word in words:
        letters, tones = _letters_and_tones(word)
        all_letters += [*letters, 0]
        all_tones += tones
    return _encode(given_letters) + _encode(all_letters) + _encode(given_tones) + _encode(all_tones)


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
