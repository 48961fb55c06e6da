"""Vietnamese typed in the legacy TCVN3 (ABC) and VNI encodings, as found in old spreadsheets, turned into Unicode.

A cell typed with a .VnTime (TCVN3) or VNI-Times font holds Latin-1 characters that the font draws as Vietnamese
letters: "§«ng H­ng" (TCVN3) and "Ñoâng Höng" (VNI) both read "Đông Hưng". A cell shows a legacy encoding when it
holds a Latin-1 character Vietnamese does not use (« § ­ ø ñ ö …); it is converted with whichever table gives
Vietnamese-looking syllables. A cell holding only letters Vietnamese shares with Latin-1 ("Sè hé" is TCVN3 for
"Số hộ", but also plausible Unicode) is converted only when the whole sheet shows the legacy encoding and no cell
shows Unicode Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng — the order of the tables below


class Encoding(StrEnum):
    TCVN3 = "TCVN3 (ABC)"
    VNI = "VNI"


class LegacyTextError(ValueError):
    """A cell shows a legacy encoding that does not convert to Vietnamese."""

    def __init__(self, encoding: Encoding) -> None:
        super().__init__(encoding)
        self.encoding = encoding


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _tcvn3_table() -> dict[str, str]:
    # TCVN 5712:1993 (VN3): base letters, then each vowel's five toned forms (lower case only; upper-case toned
    # letters came from a separate "H" font that draws the same codes as capitals).
    table = dict(zip("\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae", "ĂÂÊÔƠƯĐăâêôơưđ", strict=True))
    toned = {
        "a": "\xb5\xb6\xb7\xb8\xb9",
        "ă": "\xbb\xbc\xbd\xbe\xc6",
        "â": "\xc7\xc8\xc9\xca\xcb",
        "e": "\xcc\xce\xcf\xd0\xd1",
        "ê": "\xd2\xd3\xd4\xd5\xd6",
        "i": "\xd7\xd8\xdc\xdd\xde",
        "o": "\xdf\xe1\xe2\xe3\xe4",
        "ô": "\xe5\xe6\xe7\xe8\xe9",
        "ơ": "\xea\xeb\xec\xed\xee",
        "u": "\xef\xf1\xf2\xf3\xf4",
        "ư": "\xf5\xf6\xf7\xf8\xf9",
        "y": "\xfa\xfb\xfc\xfd\xfe",
    }
    for vowel, codes in toned.items():
        table.update({code: _nfc(vowel + tone) for code, tone in zip(codes, _TONES, strict=True)})
    return table


def _vni_table() -> dict[str, str]:
    # VNI Windows: a base letter followed by a mark character; i, ỵ, ơ, ư and đ are single characters.
    tone_marks = dict(zip("øûõùï", _TONES, strict=True))
    hat_marks = {"â": "", **dict(zip("àåãáä", _TONES, strict=True))}  # circumflex (â ê ô) with a tone
    breve_marks = {"ê": "", **dict(zip("èúüéë", _TONES, strict=True))}  # breve (ă) with a tone
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "í": "í", "ò": "ị", "î": "ỵ"}
    sequences: dict[str, str] = {}
    for base, letter in [*zip("aeouy", "aeouy", strict=True), ("ô", "ơ"), ("ö", "ư")]:
        sequences.update({base + mark: letter + tone for mark, tone in tone_marks.items()})
    for base in "aeo":
        sequences.update({base + mark: base + "\u0302" + tone for mark, tone in hat_marks.items()})
    sequences.update({"a" + mark: "a\u0306" + tone for mark, tone in breve_marks.items()})
    table: dict[str, str] = {}
    for source, target in [*sequences.items(), *singles.items()]:
        # Capitals take capital marks ("AÙ" = Á); accept a lower-case mark after a capital too.
        for variant in {source, source.upper(), source[0].upper() + source[1:]}:
            table[variant] = _nfc(target.upper() if variant[0].isupper() else target)
    return table


_TCVN3 = _tcvn3_table()
_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

_VIETNAMESE = {_nfc(v + t) for v in "aăâeêioôơuưy" for t in ("", *_TONES)} | {"đ"}
_VIETNAMESE |= {letter.upper() for letter in _VIETNAMESE}
# Latin-1 characters that Vietnamese never uses but the legacy tables do: the sign of a legacy encoding.
_FOREIGN = {chr(code) for code in range(0xA1, 0x100)} - _VIETNAMESE
_LEGACY_SIGNS = _FOREIGN & (set(_TCVN3) | {ch for key in _VNI for ch in key})
_TCVN3_ONLY = _LEGACY_SIGNS - {ch for key in _VNI for ch in key}
_UNICODE_SIGNS = {ch for ch in _VIETNAMESE if ord(ch) > 0xFF} | set(_TONES) | {"\u0302", "\u0306", "\u031b"}

# A Vietnamese syllable: onset (any consonants, for names like Krông), a vowel cluster, and a final consonant
# only after the clusters that take one. Used to tell a right conversion from a wrong one, not to police names.
_CLOSED = "uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uy|ươ|[aăâeêioôơuưy]"
_OPEN = "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uơ"
_SYLLABLE = re.compile(f"[bcdđfghjklmnpqrstvwxz']*(?:(?:{_CLOSED})(?:ch|ng|nh|[cmnptk])?|{_OPEN})")


def convert(text: str, encoding: Encoding) -> str:
    """Read `text` as typed in `encoding`; characters outside the table are kept."""
    if encoding == Encoding.TCVN3:
        return "".join(_TCVN3.get(ch, ch) for ch in text)
    return _VNI_PATTERN.sub(lambda match: _VNI[match.group()], text)


def _fit(text: str) -> tuple[int, int] | None:
    """(words that are not Vietnamese syllables, words with Vietnamese letters); None when foreign Latin-1 remains."""
    if any(ch in _FOREIGN for ch in text):
        return None
    unlikely = total = 0
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word)
        tones = sum(decomposed.count(tone) for tone in _TONES)
        bare = _nfc("".join(ch for ch in decomposed if ch not in _TONES))
        unlikely += tones > 1 or not _SYLLABLE.fullmatch(bare)
        total += 1
    return unlikely, total


def _candidates(text: str) -> list[Encoding]:
    """The encodings that read `text` best (fewest non-Vietnamese words), best first; empty when none fits."""
    fitting: dict[Encoding, int] = {}
    for enc in Encoding:
        fit = _fit(convert(text, enc))
        if fit is not None and (fit[0] < fit[1] or fit[1] == 0):
            fitting[enc] = fit[0]
    best = min(fitting.values(), default=None)
    return [enc for enc, unlikely in fitting.items() if unlikely == best]


def _shows_unicode(text: str) -> bool:
    return any(ch in _UNICODE_SIGNS for ch in text)


def _shows_legacy(text: str) -> bool:
    return not text.isascii() and not _shows_unicode(text) and any(ch in _LEGACY_SIGNS for ch in text)


class Decoder:
    """Converts the cells of one sheet, having first looked at all of them to tell the sheet's encoding."""

    def __init__(self, texts: Iterable[str]) -> None:
        votes: Counter[Encoding] = Counter()
        any_unicode = False
        for text in texts:
            if text.isascii():
                continue
            any_unicode = any_unicode or _shows_unicode(text)
            if _shows_legacy(text):
                votes.update(_candidates(text))
        # On a tie TCVN3 wins: it was the national standard and the common font in state offices.
        self.encoding = max(Encoding, key=lambda enc: (votes[enc], enc == Encoding.TCVN3)) if votes else None
        self.convert_ambiguous = self.encoding is not None and not any_unicode

    def __call__(self, text: str) -> str:
        """Unicode (NFC) text for one cell; raises LegacyTextError when it shows a legacy encoding that fails."""
        if text.isascii():
            return text
        text = _nfc(text)
        if _shows_legacy(text):
            candidates = _candidates(text)
            if not candidates:
                raise LegacyTextError(Encoding.TCVN3 if any(ch in _TCVN3_ONLY for ch in text) else Encoding.VNI)
            return convert(text, self.encoding if self.encoding in candidates else candidates[0])
        if self.convert_ambiguous and self.encoding and not _shows_unicode(text):
            converted = convert(text, self.encoding)
            fit = _fit(converted)
            if fit is not None and fit[0] == 0:
                return converted
        return text


def variants(text: str) -> list[str]:
    """`text` as it stands and as read in each legacy encoding (for matching column headers)."""
    return [text, *(convert(text, enc) for enc in Encoding)]
