"""The indicator catalogue: every figure the movement's reports print, defined once (code, Vietnamese label,
unit, aggregation, source, report area). Dashboards, drill-down, documents, the CLI and the API all use it.

Codes follow ../shared/domain.md §4. A `_pct` indicator is the ratio of two indicator sums (numerator and
denominator are catalogue entries too), never an average of percentages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Aggregation(StrEnum):
    SUM = "sum"  # children add up
    DISTINCT = "distinct"  # counted at the unit itself (e.g. distinct scheme types); children do not add up
    RATIO = "ratio"  # numerator sum ÷ denominator sum × 100


class Source(StrEnum):
    COMPUTED = "computed"  # from a registry, through the registered indicator function
    ENTERED = "entered"  # typed in per unit and period (no registry yet)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    aggregation: Aggregation
    source: Source
    area: str
    numerator: str = ""
    denominator: str = ""
    flow: bool = True

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO


S, D, R = Aggregation.SUM, Aggregation.DISTINCT, Aggregation.RATIO
C, E = Source.COMPUTED, Source.ENTERED

AREAS = {
    "schemes": "Xây dựng, nhân rộng mô hình, điển hình tiên tiến",
    "forces": "Lực lượng tham gia bảo vệ ANTT ở cơ sở",
    "outreach": "Tuyên truyền, vận động",
    "festival": "Ngày hội toàn dân bảo vệ ANTQ",
    "awards": "Khen thưởng",
    "safety": "Công nhận “an toàn về ANTT”",
    "mediation": "Hòa giải ở cơ sở",
    "petitions": "Tiếp nhận, giải quyết đơn thư",
    "campaigns": "Phát động phong trào",
    "tips": "Tin báo, tố giác tội phạm",
    "weapons": "Vũ khí, vật liệu nổ, hương ước",
}

_ROWS: list[Indicator] = [
    Indicator("scheme_types_active", "Loại mô hình đang hoạt động", "loại", D, C, "schemes", flow=False),
    Indicator("schemes_active", "Mô hình đang hoạt động", "mô hình", D, C, "schemes", flow=False),
    Indicator("scheme_sites_active", "Điểm mô hình đang hoạt động", "điểm", S, C, "schemes", flow=False),
    Indicator(
        "scheme_sites_exemplary_province",
        "Điểm mô hình tiêu biểu được Công an tỉnh ghi nhận",
        "điểm",
        S,
        C,
        "schemes",
        flow=False,
    ),
    Indicator(
        "scheme_sites_exemplary_ministry",
        "Điểm mô hình tiêu biểu được Bộ Công an ghi nhận",
        "điểm",
        S,
        C,
        "schemes",
        flow=False,
    ),
    Indicator("exemplars", "Điển hình tiên tiến", "điển hình", S, C, "schemes"),
    Indicator("security_teams_active", "Tổ bảo vệ ANTT ở cơ sở", "tổ", S, C, "forces", flow=False),
    Indicator("security_team_members_active", "Thành viên Tổ bảo vệ ANTT", "người", S, C, "forces", flow=False),
    Indicator(
        "security_team_members_trained", "Thành viên đã được bồi dưỡng, tập huấn", "người", S, C, "forces", flow=False
    ),
    Indicator(
        "security_team_members_trained_pct",
        "Tỷ lệ thành viên được bồi dưỡng, tập huấn",
        "%",
        R,
        C,
        "forces",
        numerator="security_team_members_trained",
        denominator="security_team_members_active",
        flow=False,
    ),
    Indicator("security_team_support_vnd", "Kinh phí hỗ trợ thành viên", "đồng", S, C, "forces"),
    Indicator("outreach_sessions", "Lớp, buổi tuyên truyền", "lớp, buổi", S, C, "outreach"),
    Indicator("outreach_attendees", "Lượt người dự tuyên truyền", "lượt người", S, C, "outreach"),
    Indicator("news_items", "Tin, bài tuyên truyền", "tin, bài", S, C, "outreach"),
    Indicator("reportages", "Phóng sự", "phóng sự", S, C, "outreach"),
    Indicator("banners", "Pano, áp phích, băng rôn, khẩu hiệu", "cái", S, C, "outreach"),
    Indicator("contests", "Cuộc thi tìm hiểu", "cuộc thi", S, C, "outreach"),
    Indicator("contest_participants", "Lượt người dự thi", "lượt người", S, C, "outreach"),
    Indicator("exemplary_stories", "Lượt tuyên truyền gương người tốt, việc tốt", "lượt", S, C, "outreach"),
    Indicator("gift_visits", "Lượt thăm hỏi, tặng quà", "lượt", S, C, "outreach"),
    Indicator("gift_recipients", "Gia đình, cá nhân được tặng quà", "gia đình, cá nhân", S, C, "outreach"),
    Indicator("gift_value_vnd", "Giá trị quà tặng", "đồng", S, C, "outreach"),
    Indicator("festivals_held", "Ngày hội toàn dân bảo vệ ANTQ đã tổ chức", "ngày hội", S, C, "festival"),
    Indicator("festival_pilots", "Ngày hội điểm", "ngày hội", S, C, "festival"),
    Indicator("awards_total", "Tập thể, cá nhân được khen thưởng", "lượt", S, C, "awards"),
    Indicator("awards_collective", "Tập thể được khen thưởng", "tập thể", S, C, "awards"),
    Indicator("awards_individual", "Cá nhân được khen thưởng", "cá nhân", S, C, "awards"),
    Indicator("medal_proposals", "Đề nghị tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", "người", S, C, "awards"),
    Indicator("residential_areas_assessed", "Khu dân cư được đánh giá", "khu dân cư", S, E, "safety", flow=False),
    Indicator(
        "residential_areas_safe", "Khu dân cư được công nhận an toàn về ANTT", "khu dân cư", S, E, "safety", flow=False
    ),
    Indicator(
        "residential_areas_safe_pct",
        "Tỷ lệ khu dân cư đạt an toàn về ANTT",
        "%",
        R,
        E,
        "safety",
        numerator="residential_areas_safe",
        denominator="residential_areas_assessed",
        flow=False,
    ),
    Indicator("communes_assessed", "Xã, phường được đánh giá", "xã", S, E, "safety", flow=False),
    Indicator("communes_safe", "Xã, phường đạt an toàn về ANTT", "xã", S, E, "safety", flow=False),
    Indicator(
        "communes_safe_pct",
        "Tỷ lệ xã, phường đạt an toàn về ANTT",
        "%",
        R,
        E,
        "safety",
        numerator="communes_safe",
        denominator="communes_assessed",
        flow=False,
    ),
    Indicator("agencies_assessed", "Cơ quan được đánh giá", "cơ quan", S, E, "safety", flow=False),
    Indicator("agencies_safe", "Cơ quan đạt an toàn về ANTT", "cơ quan", S, E, "safety", flow=False),
    Indicator(
        "agencies_safe_pct",
        "Tỷ lệ cơ quan đạt an toàn về ANTT",
        "%",
        R,
        E,
        "safety",
        numerator="agencies_safe",
        denominator="agencies_assessed",
        flow=False,
    ),
    Indicator("enterprises_assessed", "Doanh nghiệp được đánh giá", "doanh nghiệp", S, E, "safety", flow=False),
    Indicator("enterprises_safe", "Doanh nghiệp đạt an toàn về ANTT", "doanh nghiệp", S, E, "safety", flow=False),
    Indicator(
        "enterprises_safe_pct",
        "Tỷ lệ doanh nghiệp đạt an toàn về ANTT",
        "%",
        R,
        E,
        "safety",
        numerator="enterprises_safe",
        denominator="enterprises_assessed",
        flow=False,
    ),
    Indicator("schools_assessed", "Cơ sở giáo dục được đánh giá", "cơ sở", S, E, "safety", flow=False),
    Indicator("schools_safe", "Cơ sở giáo dục đạt an toàn về ANTT", "cơ sở", S, E, "safety", flow=False),
    Indicator(
        "schools_safe_pct",
        "Tỷ lệ cơ sở giáo dục đạt an toàn về ANTT",
        "%",
        R,
        E,
        "safety",
        numerator="schools_safe",
        denominator="schools_assessed",
        flow=False,
    ),
    Indicator("mediation_teams", "Tổ hòa giải", "tổ", S, E, "mediation", flow=False),
    Indicator("mediators", "Hòa giải viên", "người", S, E, "mediation", flow=False),
    Indicator("mediation_cases", "Vụ việc tiếp nhận hòa giải", "vụ việc", S, E, "mediation"),
    Indicator("mediation_cases_successful", "Vụ việc hòa giải thành", "vụ việc", S, E, "mediation"),
    Indicator(
        "mediation_success_pct",
        "Tỷ lệ hòa giải thành",
        "%",
        R,
        E,
        "mediation",
        numerator="mediation_cases_successful",
        denominator="mediation_cases",
    ),
    Indicator("petitions_received", "Đơn thư tiếp nhận", "đơn", S, E, "petitions"),
    Indicator("petitions_resolved", "Đơn thư đã giải quyết", "đơn", S, E, "petitions"),
    Indicator("campaigns", "Đợt phát động phong trào", "đợt", S, E, "campaigns"),
    Indicator("campaign_participants", "Lượt người tham gia các đợt phát động", "lượt người", S, E, "campaigns"),
    Indicator("tips_received", "Tin báo, tố giác tội phạm tiếp nhận", "tin", S, E, "tips"),
    Indicator(
        "weapons_handed_in", "Vũ khí, vật liệu nổ, công cụ hỗ trợ vận động giao nộp", "khẩu, quả, cái", S, E, "weapons"
    ),
    Indicator("community_charters", "Hương ước, quy ước đang thực hiện", "bản", S, E, "weapons", flow=False),
]

CATALOGUE: dict[str, Indicator] = {row.code: row for row in _ROWS}
ENTERED = [row for row in _ROWS if row.source == Source.ENTERED and not row.is_ratio]
# Validation rules between entered values: (smaller, larger, Vietnamese message).
NOT_GREATER_THAN = [
    ("residential_areas_safe", "residential_areas_assessed", "Số khu dân cư đạt không thể lớn hơn số được đánh giá."),
    ("communes_safe", "communes_assessed", "Số xã đạt không thể lớn hơn số được đánh giá."),
    ("agencies_safe", "agencies_assessed", "Số cơ quan đạt không thể lớn hơn số được đánh giá."),
    ("enterprises_safe", "enterprises_assessed", "Số doanh nghiệp đạt không thể lớn hơn số được đánh giá."),
    ("schools_safe", "schools_assessed", "Số cơ sở giáo dục đạt không thể lớn hơn số được đánh giá."),
    ("mediation_cases_successful", "mediation_cases", "Số vụ hòa giải thành không thể lớn hơn số vụ tiếp nhận."),
    ("petitions_resolved", "petitions_received", "Số đơn đã giải quyết không thể lớn hơn số đơn tiếp nhận."),
]


# Entered ratios: a numerator needs its denominator in the same unit and period (else the share is undefined).
RATIO_PARTS = [(row.numerator, row.denominator) for row in _ROWS if row.is_ratio and row.source == Source.ENTERED]


class NumberKind(StrEnum):
    COUNT = "count"  # whole people, cases, items: "1,5 tin" means nothing
    MONEY = "money"  # whole đồng (the đồng has no subunit in use)
    PERCENT = "percent"  # one decimal, as reports print shares ("94,4%")


def number_kind(indicator: Indicator) -> NumberKind:
    """The indicator's number kind, read from its unit until each declaration states it (issue 15, item 1)."""
    if indicator.unit == "%":
        return NumberKind.PERCENT
    if indicator.unit == "đồng":
        return NumberKind.MONEY
    return NumberKind.COUNT


def get(code: str) -> Indicator:
    return CATALOGUE[code]
