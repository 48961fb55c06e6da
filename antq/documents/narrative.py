"""Section I of a report in words: one sentence template per report area, filled from indicator values.

The sentences follow the provinces' own reports ("Toàn tỉnh đang duy trì hoạt động của 15 loại mô hình, với
2.991 điểm mô hình tự quản về an ninh, trật tự …"): Vietnamese number format (2.991; 59.500; 94,5%), the
qualifier before the figure ("trên 59.500"), a leading zero for counts below ten ("08 lớp"), and a comparison
with the baseline period only where the baseline has a figure. A clause whose figure is missing or zero is left
out; an area with no figure at all is left out of the report entirely (never printed as zero)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from antq.core.templatetags.antq import QUALIFIER_WORDS, vn
from antq.documents.layout import MOVEMENT, area_phrase, whole
from antq.geo.models import AdminUnit
from antq.reporting.selectors import ratio


def _number(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def count_text(value: Any, qualifier: str = "exact") -> str:
    """ "trên 59.500", "2.991", "08" (administrative style writes counts below ten with a leading zero)."""
    number = _number(value)
    if number is None:
        return ""
    text = f"{int(number):02d}" if number == number.to_integral_value() and 0 < number < 10 else vn(number)
    word = QUALIFIER_WORDS.get(qualifier or "", "")
    return f"{word} {text}".strip()


def pct_text(value: Any) -> str:
    """ "94,5%", "100%"."""
    number = _number(value)
    return "" if number is None else f"{vn(number)}%"


def change_pct(now: Any, before: Any) -> Decimal | None:
    """Change against the baseline in percent (one decimal), or None without a baseline figure."""
    current, baseline = _number(now), _number(before)
    if current is None or not baseline:
        return None
    return ((current - baseline) * 100 / baseline).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Facts:
    """The figures a report prints: {code: (value, qualifier)}, the baseline's values and how to name it."""

    unit: AdminUnit
    period_label: str  # "năm 2025"
    end_label: str  # "31/12/2025"
    values: dict[str, tuple[Decimal | None, str]]
    baseline: dict[str, Decimal | None]
    baseline_label: str  # "năm 2024", "cùng kỳ năm 2024", "giai đoạn 2002 - 2012"

    def value(self, code: str) -> Decimal | None:
        return self.values.get(code, (None, "exact"))[0]

    def has(self, code: str) -> bool:
        value = self.value(code)
        return value is not None and value != 0

    def n(self, code: str) -> str:
        """The figure with its qualifier: "trên 59.500", "08"."""
        value, qualifier = self.values.get(code, (None, "exact"))
        return count_text(value, qualifier)

    def pct(self, code: str) -> str:
        return pct_text(self.value(code))

    def cmp(self, code: str) -> str:
        """ " (tăng 12% so với năm 2024)" where the baseline period has a figure; "" otherwise."""
        change = change_pct(self.value(code), self.baseline.get(code))
        if change is None:
            return ""
        if change == 0:
            return f" (bằng {self.baseline_label})"
        verb = "tăng" if change > 0 else "giảm"
        return f" ({verb} {vn(abs(change))}% so với {self.baseline_label})"

    @property
    def whole(self) -> str:
        return whole(self.unit)

    @property
    def area(self) -> str:
        return area_phrase(self.unit)

    @property
    def when(self) -> str:
        """ "Năm 2025", "6 tháng đầu năm 2025", "Giai đoạn 2013 - 2023"."""
        return self.period_label[:1].upper() + self.period_label[1:]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _join(clauses: list[str]) -> str:
    return "; ".join(c for c in clauses if c)


def schemes(f: Facts) -> list[str]:
    out = []
    kinds = [
        f"{f.n('scheme_types_active')} loại mô hình{f.cmp('scheme_types_active')}"
        if f.has("scheme_types_active")
        else "",
        f"{f.n('schemes_active')} mô hình{f.cmp('schemes_active')}" if f.has("schemes_active") else "",
    ]
    kinds = [k for k in kinds if k]
    recognised = [
        f"{f.n('scheme_sites_exemplary_ministry')} điểm mô hình tiêu biểu được Bộ Công an ghi nhận"
        if f.has("scheme_sites_exemplary_ministry")
        else "",
        f"{f.n('scheme_sites_exemplary_province')} điểm mô hình tiêu biểu được Công an tỉnh ghi nhận"
        if f.has("scheme_sites_exemplary_province")
        else "",
    ]
    recognised = [r for r in recognised if r]
    if kinds or f.has("scheme_sites_active"):
        text = f"Tính đến ngày {f.end_label}, {f.whole} đang duy trì hoạt động của {', '.join(kinds)}"
        if f.has("scheme_sites_active"):
            sites = (
                f"{f.n('scheme_sites_active')} điểm mô hình tự quản về an ninh, trật tự{f.cmp('scheme_sites_active')}"
            )
            text += f", với {sites}" if kinds else sites
        if recognised:
            text += ", trong đó " + ", ".join(recognised)
        out.append(_sentence(text))
    elif recognised:
        out.append(_sentence("Có " + ", ".join(recognised)))
    if f.has("exemplars"):
        out.append(
            _sentence(
                f"{f.when}, đã phát hiện, xây dựng, nhân rộng {f.n('exemplars')} điển hình tiên tiến"
                f"{f.cmp('exemplars')} trong {MOVEMENT}"
            )
        )
    return out


def forces(f: Facts) -> list[str]:
    out = []
    if f.has("security_teams_active") or f.has("security_team_members_active"):
        text = f"Tính đến ngày {f.end_label}, {f.area} đang duy trì "
        if f.has("security_teams_active"):
            text += f"{f.n('security_teams_active')} Tổ bảo vệ an ninh, trật tự ở cơ sở{f.cmp('security_teams_active')}"
            if f.has("security_team_members_active"):
                text += f" với {f.n('security_team_members_active')} thành viên{f.cmp('security_team_members_active')}"
        else:
            text += (
                f"{f.n('security_team_members_active')} thành viên Tổ bảo vệ an ninh, trật tự ở cơ sở"
                f"{f.cmp('security_team_members_active')}"
            )
        out.append(_sentence(text))
    if f.has("security_team_members_trained"):
        share = (
            f" (đạt {f.pct('security_team_members_trained_pct')})" if f.has("security_team_members_trained_pct") else ""
        )
        out.append(
            _sentence(
                "Công tác bồi dưỡng, tập huấn được quan tâm; đã bồi dưỡng, tập huấn nghiệp vụ cho "
                f"{f.n('security_team_members_trained')} thành viên{share}"
            )
        )
    if f.has("security_team_support_vnd"):
        out.append(
            _sentence(
                f"Kinh phí hỗ trợ thành viên {f.period_label} là {f.n('security_team_support_vnd')} đồng"
                f"{f.cmp('security_team_support_vnd')}"
            )
        )
    return out


def outreach(f: Facts) -> list[str]:
    out = []
    clauses = []
    if f.has("outreach_sessions"):
        attendees = (
            f" với {f.n('outreach_attendees')} lượt cán bộ, đảng viên và quần chúng nhân dân tham dự"
            if f.has("outreach_attendees")
            else ""
        )
        clauses.append(
            f"tổ chức tuyên truyền {f.n('outreach_sessions')} lớp, buổi{f.cmp('outreach_sessions')}{attendees}"
        )
    media = []
    if f.has("news_items"):
        media.append(f"{f.n('news_items')} tin, bài{f.cmp('news_items')}")
    if f.has("reportages"):
        media.append(f"{f.n('reportages')} phóng sự")
    if media:
        clauses.append(f"viết, đăng tải {' và '.join(media)} trên các phương tiện thông tin đại chúng")
    if f.has("exemplary_stories"):
        clauses.append(
            f"tuyên truyền {f.n('exemplary_stories')} lượt về gương người tốt, việc tốt, điển hình tiên tiến trong "
            f"{MOVEMENT}"
        )
    if f.has("banners"):
        clauses.append(f"kẻ vẽ, căng treo {f.n('banners')} pano, áp phích, băng rôn, khẩu hiệu")
    if f.has("contests"):
        people = f" với {f.n('contest_participants')} lượt người dự thi" if f.has("contest_participants") else ""
        clauses.append(f"tổ chức {f.n('contests')} cuộc thi tìm hiểu pháp luật{people}")
    if clauses:
        out.append(_sentence(f"{f.when}, các cấp, các ngành đã {_join(clauses)}"))
    if f.has("gift_visits") or f.has("gift_recipients"):
        text = "Công tác thăm hỏi, tặng quà các gia đình chính sách, người có hoàn cảnh khó khăn luôn được quan tâm; "
        if f.has("gift_visits"):
            text += f"đã tổ chức {f.n('gift_visits')} lượt thăm hỏi, tặng quà"
            if f.has("gift_recipients"):
                text += f" cho {f.n('gift_recipients')} gia đình, cá nhân"
        else:
            text += f"đã thăm hỏi, tặng quà {f.n('gift_recipients')} gia đình, cá nhân"
        if f.has("gift_value_vnd"):
            text += f" với tổng giá trị {f.n('gift_value_vnd')} đồng"
        out.append(_sentence(text))
    return out


def festival(f: Facts) -> list[str]:
    if not f.has("festivals_held") and not f.has("festival_pilots"):
        return []
    name = "Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/8)"
    if f.has("festivals_held"):
        text = f"{f.when}, {f.whole} đã tổ chức {f.n('festivals_held')} {name}{f.cmp('festivals_held')}"
        if f.has("festival_pilots"):
            text += f", trong đó có {f.n('festival_pilots')} Ngày hội điểm"
    else:
        text = f"{f.when}, {f.whole} đã tổ chức {f.n('festival_pilots')} {name} điểm"
    return [
        _sentence(text + " với phần Lễ trang trọng và phần Hội sôi nổi, thu hút đông đảo quần chúng nhân dân tham gia")
    ]


def awards(f: Facts) -> list[str]:
    out = []
    if f.has("awards_total"):
        parts = []
        if f.has("awards_collective"):
            parts.append(f"{f.n('awards_collective')} tập thể")
        if f.has("awards_individual"):
            parts.append(f"{f.n('awards_individual')} cá nhân")
        detail = f" (gồm {' và '.join(parts)})" if parts else ""
        out.append(
            _sentence(
                f"{f.when}, đã có {f.n('awards_total')} lượt tập thể, cá nhân có thành tích xuất sắc trong {MOVEMENT} "
                f"được các cấp khen thưởng{detail}{f.cmp('awards_total')}"
            )
        )
    if f.has("medal_proposals"):
        out.append(
            _sentence(
                "Đề nghị Bộ Công an tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” cho "
                f"{f.n('medal_proposals')} đồng chí có thành tích xuất sắc trong lãnh đạo, tổ chức và xây dựng "
                f"{MOVEMENT}"
            )
        )
    return out


SAFETY_KINDS = [
    ("residential_areas", "khu dân cư"),
    ("communes", "xã, phường"),
    ("agencies", "cơ quan"),
    ("enterprises", "doanh nghiệp"),
    ("schools", "cơ sở giáo dục"),
]


def safety(f: Facts) -> list[str]:
    items = []
    for prefix, noun in SAFETY_KINDS:
        if not f.has(f"{prefix}_safe"):
            continue
        if f.has(f"{prefix}_assessed"):
            items.append(
                f"{f.n(f'{prefix}_safe')}/{f.n(f'{prefix}_assessed')} {noun} (đạt {f.pct(f'{prefix}_safe_pct')})"
            )
        else:
            items.append(f"{f.n(f'{prefix}_safe')} {noun}")
    if not items:
        return []
    return [
        _sentence(
            "Công tác phân loại, đánh giá, công nhận “An toàn về an ninh, trật tự” được thực hiện theo Thông tư số "
            f"124/2021/TT-BCA; kết quả có {', '.join(items)} được công nhận đạt tiêu chuẩn "
            "“An toàn về an ninh, trật tự”"
        )
    ]


def mediation(f: Facts) -> list[str]:
    out = []
    if f.has("mediation_teams"):
        people = f" với {f.n('mediators')} hòa giải viên" if f.has("mediators") else ""
        out.append(_sentence(f"{f.whole.capitalize()} có {f.n('mediation_teams')} tổ hòa giải ở cơ sở{people}"))
    elif f.has("mediators"):
        out.append(_sentence(f"{f.whole.capitalize()} có {f.n('mediators')} hòa giải viên ở cơ sở"))
    if f.has("mediation_cases"):
        text = f"{f.when}, các tổ hòa giải đã tiếp nhận {f.n('mediation_cases')} vụ việc{f.cmp('mediation_cases')}"
        if f.has("mediation_cases_successful"):
            text += f", hòa giải thành {f.n('mediation_cases_successful')} vụ việc"
            if f.has("mediation_success_pct"):
                text += f", đạt tỷ lệ {f.pct('mediation_success_pct')}"
        out.append(_sentence(text))
    return out


def petitions(f: Facts) -> list[str]:
    if not f.has("petitions_received"):
        return []
    text = (
        f"{f.when}, đã tiếp nhận {f.n('petitions_received')} đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh"
        f"{f.cmp('petitions_received')}"
    )
    if f.has("petitions_resolved"):
        share = ratio(f.value("petitions_resolved"), f.value("petitions_received"))
        text += f"; đã giải quyết {f.n('petitions_resolved')} đơn" + (f" (đạt {pct_text(share)})" if share else "")
    return [_sentence(text)]


def campaigns(f: Facts) -> list[str]:
    if not f.has("campaigns"):
        return []
    people = f" với {f.n('campaign_participants')} lượt người tham gia" if f.has("campaign_participants") else ""
    return [
        _sentence(
            f"{f.when}, đã tổ chức {f.n('campaigns')} đợt phát động {MOVEMENT}{f.cmp('campaigns')}{people}, "
            "gắn với các phong trào thi đua yêu nước tại địa phương"
        )
    ]


def tips(f: Facts) -> list[str]:
    if not f.has("tips_received"):
        return []
    return [
        _sentence(
            f"Quần chúng nhân dân đã cung cấp {f.n('tips_received')} tin báo, tố giác tội phạm"
            f"{f.cmp('tips_received')}, góp phần giúp lực lượng Công an kịp thời xác minh, xử lý"
        )
    ]


def weapons(f: Facts) -> list[str]:
    out = []
    if f.has("weapons_handed_in"):
        out.append(
            _sentence(
                f"Vận động quần chúng nhân dân tự nguyện giao nộp {f.n('weapons_handed_in')} vũ khí, vật liệu nổ, "
                f"công cụ hỗ trợ các loại{f.cmp('weapons_handed_in')}"
            )
        )
    if f.has("community_charters"):
        out.append(
            _sentence(
                f"{f.whole.capitalize()} duy trì thực hiện {f.n('community_charters')} hương ước, quy ước có nội dung "
                "bảo đảm an ninh, trật tự"
            )
        )
    return out


# Area key (antq.core.indicators.AREAS) → its sentence template, in the order reports print them.
TEMPLATES: dict[str, Callable[[Facts], list[str]]] = {
    "schemes": schemes,
    "forces": forces,
    "outreach": outreach,
    "festival": festival,
    "awards": awards,
    "safety": safety,
    "mediation": mediation,
    "petitions": petitions,
    "campaigns": campaigns,
    "tips": tips,
    "weapons": weapons,
}
