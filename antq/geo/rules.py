"""Unit names as people write them (pure functions, no database): the one normalisation that search, the CLI,
the API filters and imports share before they look a unit up.

- Type words written short at the start of a name are spelled out: "TP." / "Tp" → "Thành phố", "T." → "Tỉnh",
  "X." → "Xã", "P." → "Phường", "TT." → "Thị trấn", "TX." → "Thị xã", "Q." → "Quận", "H." → "Huyện", "ĐK." →
  "Đặc khu"; dots, a missing space and case vary ("TP.HCM", "X.Đông Hưng", "q.1", "Q1"). A one-letter abbreviation
  needs its dot (or a number after it: "Q1", "P 3"), so a name that merely starts with a letter is never read as
  one.
- A few well-known abbreviations of whole names (ALIASES) — only ones that name a single unit with certainty.
- `spelled_as` tells an exact spelling (diacritics included, case, spacing and old / new tone placement "Hoà" /
  "Hòa" ignored, the type word optional) from a match that only folds alike ("Đông Xuân" is not "Đồng Xuân").
"""

from __future__ import annotations

import re
import unicodedata

from antq.core.text import fold

# Whole names people abbreviate, by their compact folded form (no spaces, dots or accents) → the unit's name.
# Conservative on purpose: an alias must never lead to a wrong unit. Left out: "HN" (also used for Hà Nam and
# others), "Sài Gòn" (since 1/7/2025 also Phường Sài Gòn, a ward of Thành phố Hồ Chí Minh), "SG".
ALIASES = {
    "hcm": "Thành phố Hồ Chí Minh",
    "hcmc": "Thành phố Hồ Chí Minh",
    "tphcm": "Thành phố Hồ Chí Minh",
    "tphcmc": "Thành phố Hồ Chí Minh",
    "thanhphohcm": "Thành phố Hồ Chí Minh",
}

# Type words, longest first so that "thị xã" is not read as "thị" + "xã".
TYPE_WORDS = ("thành phố", "thị trấn", "đặc khu", "thị xã", "phường", "huyện", "quận", "tỉnh", "xã")

_TWO_LETTER = {"tp": "thành phố", "tt": "thị trấn", "tx": "thị xã", "đk": "đặc khu"}
_ONE_LETTER = {"t": "tỉnh", "x": "xã", "p": "phường", "q": "quận", "h": "huyện"}
# "tp." "tp " "tp1"; then "x." or "q1" / "q 1" (a one-letter abbreviation only with its dot or before a number).
_TWO_LETTER_RE = re.compile(r"^(tp|tt|tx|đk)(?:\s*\.\s*|\s+|(?=\d))")
_ONE_LETTER_RE = re.compile(r"^(t|x|p|q|h)(?:\s*\.\s*|\s*(?=\d))")
_COMPACT_RE = re.compile(r"[\s.]+")

# Vietnamese tone marks (huyền, hỏi, ngã, sắc, nặng): where they sit in a syllable varies ("hoà" / "hòa").
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _clean(text: str) -> str:
    """NFC, lower case, one space between words, no stray spaces before commas or dots."""
    text = unicodedata.normalize("NFC", text.replace("Ð", "Đ").replace("ð", "đ")).lower()
    return re.sub(r"\s+", " ", text).strip()


def unit_name_normalize(text: str) -> str:
    """A name as written ("TP.HCM", "Tp. Hà Nội", "x. Đông Hưng", "Q1") → the name spelled out, lower case
    ("thành phố hồ chí minh", "thành phố hà nội", "xã đông hưng", "quận 1"). Diacritics are kept as typed.
    One part only: split "name, province" first (`unit_name_parts`)."""
    cleaned = _clean(text)
    alias = ALIASES.get(_COMPACT_RE.sub("", fold(cleaned)))
    if alias:
        return _clean(alias)
    for pattern, words in ((_TWO_LETTER_RE, _TWO_LETTER), (_ONE_LETTER_RE, _ONE_LETTER)):
        found = pattern.match(cleaned)
        if found:
            rest = cleaned[found.end() :].strip()
            alias = ALIASES.get(_COMPACT_RE.sub("", fold(rest)))
            if alias:  # "TP. HCM", "Thành phố HCM": the alias carries its own type word
                return _clean(alias) if words[found.group(1)] == "thành phố" else f"{words[found.group(1)]} {rest}"
            return f"{words[found.group(1)]} {rest}" if rest else cleaned
    return cleaned


def unit_name_parts(text: str) -> tuple[str, str]:
    """ "Đông Hưng, Hưng Yên" → ("xã…"/"đông hưng", "hưng yên"), each part normalised; ("…", "") without a comma.
    The last comma separates the province (today's or the old one)."""
    name, _, province = (part.strip() for part in text.rpartition(","))
    if not name:
        name, province = province, ""
    return unit_name_normalize(name), unit_name_normalize(province) if province else ""


def lookup_keys(name: str) -> list[str]:
    """Folded names a unit may carry when people write `name` (already normalised): the name itself, and the name
    under each type word ("đông hưng" → "dong hung", "xa dong hung", "phuong dong hung", …). Matching these against
    the indexed `folded_name` finds "Xã Đông Hưng" from "Đông Hưng" and "Xã Phương Độ" from "Phương Độ"."""
    folded = fold(name)
    if not folded:
        return []
    return [folded, *(f"{fold(word)} {folded}" for word in TYPE_WORDS)]


def _spelling(text: str) -> str:
    """Letters with their diacritics, case and spacing ignored, each word's tone taken out of place: "Hoà" and
    "Hòa" give the same, "Đông" and "Đồng" do not."""
    words = []
    for word in _clean(text).split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(_TONE_MARKS[ch] for ch in decomposed if ch in _TONE_MARKS)
        letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
        words.append(letters + tones)
    return " ".join(words)


def spelled_as(name: str, unit_name: str, unit_short_name: str) -> bool:
    """Whether `name` (normalised) is the unit's name written exactly — diacritics included, the type word
    optional ("Đông Hưng" and "Xã Đông Hưng" spell "Xã Đông Hưng"; "Dong Hung" and "Đồng Hưng" do not)."""
    spelling = _spelling(name)
    return bool(spelling) and spelling in {_spelling(unit_name), _spelling(unit_short_name)}


def has_diacritics(name: str) -> bool:
    """Whether `name` (normalised) carries a Vietnamese letter mark or tone past its type word — then an exact
    spelling can tell names apart ("xã dong xuan", from "X. Dong Xuan", carries none: the "ã" came from "X.")."""
    cleaned = _clean(name)
    for word in TYPE_WORDS:
        if cleaned.startswith(word + " "):
            cleaned = cleaned[len(word) + 1 :]
            break
    return fold(cleaned) != cleaned
