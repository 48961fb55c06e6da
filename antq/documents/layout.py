"""The administrative layout of Nghị định 30/2020/NĐ-CP (Phụ lục I) and the defaults a unit's documents start from.

Page: A4 portrait; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; Times New Roman; body 13–14 pt,
justified, first-line indent 1–1,27 cm, paragraph spacing ≥ 6 pt, line spacing 1–1,5; page numbers centred at the
top from page 2. Header left: parent body (caps, regular) over issuing body (caps, bold, short rule); right: the
national name (caps, bold) over the motto (bold, rule). "Nơi nhận:" bold italic 12, recipients 11 pt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from antq.core.narrative import MOVEMENT
from antq.core.periods import Period, PeriodKind
from antq.core.text import body_of
from antq.documents.models import DocumentKind
from antq.documents.models import number_line as number_line  # the document header's line, defined with the model
from antq.geo.models import AdminUnit, Level, UnitKind

# Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.1: margins in millimetres (within the allowed ranges).
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 14
HEADER_PT = 13  # header caps lines: 12–13
RECIPIENTS_TITLE_PT = 12
RECIPIENTS_PT = 11
FIRST_LINE_INDENT_CM = 1.27
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15
FONT = "Times New Roman"

NATION_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
UNAPPROVED = "Số liệu chưa được phê duyệt"

_LEVEL_WORD = {
    UnitKind.TINH: "tỉnh",
    UnitKind.THANH_PHO_TRUNG_UONG: "thành phố",
    UnitKind.XA: "xã",
    UnitKind.PHUONG: "phường",
    UnitKind.DAC_KHU: "đặc khu",
    UnitKind.THI_TRAN: "thị trấn",
}
# Police unit abbreviations in document symbols: Công an tỉnh (CAT), thành phố (CATP), xã (CAX), phường (CAP).
_POLICE_SYMBOL = {
    UnitKind.TINH: "CAT",
    UnitKind.THANH_PHO_TRUNG_UONG: "CATP",
    UnitKind.XA: "CAX",
    UnitKind.PHUONG: "CAP",
    UnitKind.DAC_KHU: "CAĐK",
}


def level_word(unit: AdminUnit) -> str:
    """ "tỉnh", "thành phố", "xã", "phường", "đặc khu" — as in "toàn tỉnh", "Công an xã"."""
    if unit.level == Level.NATION:
        return "quốc"
    return _LEVEL_WORD.get(UnitKind(unit.kind), "tỉnh" if unit.level == Level.PROVINCE else "xã")


def whole(unit: AdminUnit) -> str:
    """ "toàn tỉnh", "toàn phường", "toàn quốc"."""
    return f"toàn {level_word(unit)}"


def area_phrase(unit: AdminUnit) -> str:
    """ "trên địa bàn tỉnh", "trên địa bàn xã", "trên phạm vi toàn quốc"."""
    if unit.level == Level.NATION:
        return "trên phạm vi toàn quốc"
    return f"trên địa bàn {level_word(unit)}"


def kind_for(period: Period) -> str | None:
    """Sơ kết for a half-year or quarter, tổng kết for a year, tổng kết giai đoạn for a range; months: none."""
    return {
        PeriodKind.YEAR: DocumentKind.ANNUAL,
        PeriodKind.HALF: DocumentKind.INTERIM,
        PeriodKind.QUARTER: DocumentKind.INTERIM,
        PeriodKind.RANGE: DocumentKind.RANGE,
    }.get(period.kind)


TITLE_LINE_CHARS = 62  # characters of the bold 14 pt subject that fit one line of the 16,5 cm text width


def balanced_lines(text: str, width: int = TITLE_LINE_CHARS) -> list[str]:
    """The title split into as few lines as fit `width` characters, as even as they can be (the longest line as
    short as possible), instead of a full line over a stub: "Tổng kết công tác xây dựng phong trào toàn dân" /
    "bảo vệ an ninh Tổ quốc năm 2025". Words are never split; a word longer than `width` has a line of its own.
    DOCX and PDF print the same lines (WeasyPrint has no `text-wrap: balance`)."""
    return _balanced(text.split(), width)


def _balanced(words: list[str], width: int) -> list[str]:
    """`balanced_lines` over tokens: a token (a word, or a compound of several) never breaks across lines."""
    if not words:
        return []
    count = max(1, -(-len(" ".join(words)) // width))  # ceil: the fewest lines the text could take
    while True:
        lines = _even_split(words, count)
        if max(len(line) for line in lines) <= width or count >= len(words):
            return lines
        count += 1


# Characters of a 13 pt caps header line (bold Liberation Serif / Times New Roman) in the 6,5 cm left column:
# "PHONG TRÀO BẢO VỆ ANTQ" (22) measures 6,4 cm.
HEADER_LINE_CHARS = 22
# Words that make one term and are never split across the header's lines ("PHONG / TRÀO" reads as two words).
_COMPOUNDS = tuple(
    tuple(c.split())
    for c in (
        "ban chỉ đạo",
        "công an",
        "xây dựng",
        "phong trào",
        "bảo vệ",
        "an ninh",
        "tổ quốc",
        "trật tự",
        "toàn dân",
        "nhân dân",
        "ủy ban",
        "mặt trận",
        "thành phố",
        "thị trấn",
        "thị xã",
        "đặc khu",
    )
)


def header_lines(text: str, width: int = HEADER_LINE_CHARS) -> list[str]:
    """A header body (cơ quan chủ quản, cơ quan ban hành) in caps, in balanced lines that break between word groups,
    never inside a compound or the unit's name: "PHÒNG XÂY DỰNG" / "PHONG TRÀO BẢO VỆ ANTQ", not "PHÒNG XÂY DỰNG
    PHONG" / "TRÀO BẢO VỆ ANTQ"; "CÔNG AN THÀNH PHỐ" / "HỒ CHÍ MINH". DOCX and PDF print the same lines."""
    words = text.upper().split()
    tokens: list[str] = []
    i = 0
    while i < len(words):
        for compound in _COMPOUNDS:
            if tuple(w.lower() for w in words[i : i + len(compound)]) == compound:
                tokens.append(" ".join(words[i : i + len(compound)]))
                i += len(compound)
                break
        else:
            tokens.append(words[i])
            i += 1
        # A place's name after its type word ("THÀNH PHỐ HỒ CHÍ MINH", "XÃ ĐÔNG HƯNG") stays on one line if it fits.
        place = " ".join([tokens[-1], *words[i:]])
        if tokens[-1].lower() in _PLACE_WORDS and i < len(words) and len(place) <= width:
            tokens[-1] = place
            break
    return _balanced(tokens, width)


_PLACE_WORDS = {"tỉnh", "thành phố", "xã", "phường", "đặc khu", "thị trấn", "thị xã"}


def _even_split(words: list[str], count: int) -> list[str]:
    """`words` in `count` lines (or fewer) with the longest line as short as possible (ties: the longer lines
    first, as a title narrows downward); dynamic programming over the break points."""
    n = len(words)
    count = min(count, n)
    length = [[len(" ".join(words[i:j])) for j in range(n + 1)] for i in range(n + 1)]
    # best[k][i]: (longest line, lines) for words[i:] in k lines.
    best: dict[tuple[int, int], tuple[int, list[str]]] = {}

    def solve(k: int, i: int) -> tuple[int, list[str]]:
        if (k, i) in best:
            return best[(k, i)]
        if k == 1 or n - i == 1:
            result = (length[i][n], [" ".join(words[i:])])
        else:
            options = []
            for j in range(i + 1, n - k + 2):
                rest, lines = solve(k - 1, j)
                options.append((max(length[i][j], rest), -length[i][j], [" ".join(words[i:j]), *lines]))
            longest, _, lines = min(options, key=lambda o: (o[0], o[1]))
            result = (longest, lines)
        best[(k, i)] = result
        return result

    return solve(count, 0)[1]


def default_subject(period: Period) -> str:
    """ "Tổng kết công tác xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025"."""
    verb = "Sơ kết" if period.kind in (PeriodKind.HALF, PeriodKind.QUARTER) else "Tổng kết"
    return f"{verb} công tác xây dựng {MOVEMENT} {period.label}"


def defaults_for(unit: AdminUnit, period: Period) -> dict[str, Any]:
    """Header, symbol, place, signer and recipients a new document of `unit` starts from (all editable)."""
    word = level_word(unit)
    if unit.level == Level.NATION:
        values = {
            "parent_body": "BỘ CÔNG AN",
            "issuing_body": "CỤC XÂY DỰNG PHONG TRÀO BẢO VỆ ANTQ",
            "symbol": "BC-V05",
            "place": "Hà Nội",
            "signer_title": "CỤC TRƯỞNG",
            "recipients": "Đồng chí Bộ trưởng (để báo cáo)\nCác đồng chí Thứ trưởng (để báo cáo)\n"
            "Công an các tỉnh, thành phố\nLưu: VT, V05",
        }
    elif unit.level == Level.PROVINCE:
        values = {
            "parent_body": f"CÔNG AN {unit.name.upper()}",
            "issuing_body": "PHÒNG XÂY DỰNG PHONG TRÀO BẢO VỆ ANTQ",
            "symbol": f"BC-{_POLICE_SYMBOL.get(UnitKind(unit.kind), 'CAT')}-PV05",
            "place": unit.short_name,
            "signer_title": "TRƯỞNG PHÒNG",
            "recipients": "Cục Xây dựng phong trào bảo vệ ANTQ, Bộ Công an (để báo cáo)\n"
            f"Đồng chí Giám đốc Công an {word} (để báo cáo)\n"
            f"Ban Chỉ đạo phong trào toàn dân bảo vệ ANTQ {word}\n"
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {word}\nLưu: VT, PV05",
        }
    else:
        province = unit.parent.name if unit.parent else ""
        values = {
            "parent_body": f"UBND {unit.name.upper()}",
            "issuing_body": f"CÔNG AN {unit.name.upper()}",
            "symbol": f"BC-{_POLICE_SYMBOL.get(UnitKind(unit.kind), 'CAX')}",
            "place": unit.short_name,
            "signer_title": f"TRƯỞNG CÔNG AN {word.upper()}",
            "recipients": f"{body_of('Công an', province)} (qua Phòng PV05) (để báo cáo)\n"
            f"Đảng ủy, UBND {word} (để báo cáo)\nLưu: VT",
        }
    return values | {"subject": default_subject(period), "introduction": default_introduction(unit, period)}


def issuer_name(unit: AdminUnit) -> str:
    """The body that reports, as the text names it: "Công an tỉnh Hưng Yên", "Công an xã Đông Hưng"."""
    if unit.level == Level.NATION:
        return "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc"
    return f"Công an {level_word(unit)} {unit.short_name}"


def default_introduction(unit: AdminUnit, period: Period) -> str:
    """The opening paragraph: the Party's directives the movement follows, then "báo cáo … như sau:"."""
    return (
        "Thực hiện Chỉ thị số 09-CT/TW ngày 01/12/2011 của Ban Bí thư về “Tăng cường sự lãnh đạo của Đảng đối với "
        f"{MOVEMENT} trong tình hình mới”, Kết luận số 44-KL/TW ngày 22/01/2019 của Ban Bí thư về tiếp tục đẩy mạnh "
        "thực hiện Chỉ thị số 09-CT/TW và các văn bản chỉ đạo, hướng dẫn của Bộ Công an, "
        f"{issuer_name(unit)} báo cáo kết quả công tác xây dựng {MOVEMENT} {period.label} như sau:"
    )


def next_label(period: Period) -> str:
    """What section III plans for: "năm 2026" after 2025, "6 tháng cuối năm 2025" after its first half."""
    if period.kind == PeriodKind.YEAR:
        return f"năm {period.year + 1}"
    if period.kind == PeriodKind.HALF:
        return f"6 tháng cuối năm {period.year}" if period.index == 1 else f"năm {period.year + 1}"
    return "thời gian tới"


def date_line(place: str, day: dt.date | None, *, year: int | None = None) -> str:
    """ "Hưng Yên, ngày 05 tháng 01 năm 2026": a leading zero for days below 10 and for months 1 and 2
    (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.5.b). Without a date, blanks for the clerk to fill in by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year or ''}".rstrip()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def document_date_line(document: Any) -> str:
    """A document's place-and-date line; a draft without a date shows the current year and blanks."""
    return date_line(document.place, document.issued_on, year=(document.issued_on or timezone.localdate()).year)


def recipient_lines(text: str) -> list[str]:
    """Recipient lines as printed: "- X;" each, the last (normally "- Lưu: VT, …") ending with a full stop."""
    lines = [line.strip().lstrip("-–•+").strip().rstrip(";.").strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    return [f"- {line};" for line in lines[:-1]] + [f"- {lines[-1]}."]


def signature_lines(prefix: str, authority: str, title: str) -> list[str]:
    """ "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC", or the signer's title alone (bold caps, Nghị định 30/2020/NĐ-CP)."""
    lines = []
    if prefix:
        lines.append(f"{prefix} {authority.upper()}".strip())
    lines.append(title.upper())
    return lines


def paragraphs(text: str) -> list[str]:
    """Free text as paragraphs: one per non-empty line (officers type one paragraph or bullet per line)."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
