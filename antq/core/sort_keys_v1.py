"""The first person sort key (before natural numbers and the digit '9' / letter 'a' fix), frozen: the data migrations
that moved stored keys to `core.text` reverse to it. Not for new code."""

from __future__ import annotations

import re
import unicodedata

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()  # noqa: SIM905
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_DIGITS = "0123456789"
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _letters_and_tones(word: str) -> tuple[list[int], list[int]]:
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
            continue
        tones.append(tone)
    return letters, tones


def _encode(values: list[int]) -> str:
    return "".join(_B36[v // 36] + _B36[v % 36] for v in values) + "00"


def name_sort_key_v1(full_name: str) -> str:
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
