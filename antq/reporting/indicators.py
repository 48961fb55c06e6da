"""Entered indicators, declared by reporting until the registry that will own each exists (tips, petitions,
mediation, safety recognition, campaigns…): typed in per unit and period on the entry form, the API or an import.

When a registry arrives, its app declares the indicator instead, with a compute function and `computed_from` set
to the day the registry starts: periods before that day keep their entered values (see docs/reporting.md)."""

from __future__ import annotations

from enum import StrEnum

from antq.core.indicators import Aggregation, Indicator, NumberKind, ReportArea, register_area, register_indicators


class Code(StrEnum):
    RESIDENTIAL_AREAS_ASSESSED = "residential_areas_assessed"
    RESIDENTIAL_AREAS_SAFE = "residential_areas_safe"
    RESIDENTIAL_AREAS_SAFE_PCT = "residential_areas_safe_pct"
    COMMUNES_ASSESSED = "communes_assessed"
    COMMUNES_SAFE = "communes_safe"
    COMMUNES_SAFE_PCT = "communes_safe_pct"
    AGENCIES_ASSESSED = "agencies_assessed"
    AGENCIES_SAFE = "agencies_safe"
    AGENCIES_SAFE_PCT = "agencies_safe_pct"
    ENTERPRISES_ASSESSED = "enterprises_assessed"
    ENTERPRISES_SAFE = "enterprises_safe"
    ENTERPRISES_SAFE_PCT = "enterprises_safe_pct"
    SCHOOLS_ASSESSED = "schools_assessed"
    SCHOOLS_SAFE = "schools_safe"
    SCHOOLS_SAFE_PCT = "schools_safe_pct"
    MEDIATION_TEAMS = "mediation_teams"
    MEDIATORS = "mediators"
    MEDIATION_CASES = "mediation_cases"
    MEDIATION_CASES_SUCCESSFUL = "mediation_cases_successful"
    MEDIATION_SUCCESS_PCT = "mediation_success_pct"
    PETITIONS_RECEIVED = "petitions_received"
    PETITIONS_RESOLVED = "petitions_resolved"
    CAMPAIGNS = "campaigns"
    CAMPAIGN_PARTICIPANTS = "campaign_participants"
    TIPS_RECEIVED = "tips_received"
    WEAPONS_HANDED_IN = "weapons_handed_in"
    COMMUNITY_CHARTERS = "community_charters"


for order, key, label in (
    (60, "safety", "Công nhận “an toàn về ANTT”"),
    (70, "mediation", "Hòa giải ở cơ sở"),
    (80, "petitions", "Tiếp nhận, giải quyết đơn thư"),
    (90, "campaigns", "Phát động phong trào"),
    (100, "tips", "Tin báo, tố giác tội phạm"),
    (110, "weapons", "Vũ khí, vật liệu nổ, hương ước"),
):
    register_area(ReportArea(key, label, order))


def _recognition(prefix: str, unit: str, labels: tuple[str, str, str], message: str) -> list[Indicator]:
    """Assessed, recognised "an toàn về ANTT" (Thông tư 124/2021/TT-BCA) and their share, for one kind of place:
    the recognised may not exceed the assessed, so the share stays ≤ 100%."""
    assessed, safe, share = Code(f"{prefix}_assessed"), Code(f"{prefix}_safe"), Code(f"{prefix}_safe_pct")
    return [
        Indicator(assessed, labels[0], unit, "safety", flow=False),
        Indicator(safe, labels[1], unit, "safety", flow=False, at_most=assessed, at_most_message=message),
        Indicator(
            share,
            labels[2],
            "%",
            "safety",
            Aggregation.RATIO,
            flow=False,
            kind=NumberKind.PERCENT,
            numerator=safe,
            denominator=assessed,
            in_child_table=prefix == "residential_areas",
        ),
    ]


register_indicators(
    *_recognition(
        "residential_areas",
        "khu dân cư",
        (
            "Khu dân cư được đánh giá",
            "Khu dân cư được công nhận an toàn về ANTT",
            "Tỷ lệ khu dân cư đạt an toàn về ANTT",
        ),
        "Số khu dân cư đạt không thể lớn hơn số được đánh giá.",
    ),
    *_recognition(
        "communes",
        "xã",
        ("Xã, phường được đánh giá", "Xã, phường đạt an toàn về ANTT", "Tỷ lệ xã, phường đạt an toàn về ANTT"),
        "Số xã đạt không thể lớn hơn số được đánh giá.",
    ),
    *_recognition(
        "agencies",
        "cơ quan",
        ("Cơ quan được đánh giá", "Cơ quan đạt an toàn về ANTT", "Tỷ lệ cơ quan đạt an toàn về ANTT"),
        "Số cơ quan đạt không thể lớn hơn số được đánh giá.",
    ),
    *_recognition(
        "enterprises",
        "doanh nghiệp",
        (
            "Doanh nghiệp được đánh giá",
            "Doanh nghiệp đạt an toàn về ANTT",
            "Tỷ lệ doanh nghiệp đạt an toàn về ANTT",
        ),
        "Số doanh nghiệp đạt không thể lớn hơn số được đánh giá.",
    ),
    *_recognition(
        "schools",
        "cơ sở",
        (
            "Cơ sở giáo dục được đánh giá",
            "Cơ sở giáo dục đạt an toàn về ANTT",
            "Tỷ lệ cơ sở giáo dục đạt an toàn về ANTT",
        ),
        "Số cơ sở giáo dục đạt không thể lớn hơn số được đánh giá.",
    ),
    Indicator(Code.MEDIATION_TEAMS, "Tổ hòa giải", "tổ", "mediation", flow=False),
    Indicator(Code.MEDIATORS, "Hòa giải viên", "người", "mediation", flow=False),
    Indicator(Code.MEDIATION_CASES, "Vụ việc tiếp nhận hòa giải", "vụ việc", "mediation"),
    Indicator(
        Code.MEDIATION_CASES_SUCCESSFUL,
        "Vụ việc hòa giải thành",
        "vụ việc",
        "mediation",
        at_most=Code.MEDIATION_CASES,
        at_most_message="Số vụ hòa giải thành không thể lớn hơn số vụ tiếp nhận.",
    ),
    Indicator(
        Code.MEDIATION_SUCCESS_PCT,
        "Tỷ lệ hòa giải thành",
        "%",
        "mediation",
        Aggregation.RATIO,
        kind=NumberKind.PERCENT,
        numerator=Code.MEDIATION_CASES_SUCCESSFUL,
        denominator=Code.MEDIATION_CASES,
    ),
    Indicator(Code.PETITIONS_RECEIVED, "Đơn thư tiếp nhận", "đơn", "petitions"),
    Indicator(
        Code.PETITIONS_RESOLVED,
        "Đơn thư đã giải quyết",
        "đơn",
        "petitions",
        at_most=Code.PETITIONS_RECEIVED,
        at_most_message="Số đơn đã giải quyết không thể lớn hơn số đơn tiếp nhận.",
    ),
    Indicator(Code.CAMPAIGNS, "Đợt phát động phong trào", "đợt", "campaigns"),
    Indicator(Code.CAMPAIGN_PARTICIPANTS, "Lượt người tham gia các đợt phát động", "lượt người", "campaigns"),
    Indicator(Code.TIPS_RECEIVED, "Tin báo, tố giác tội phạm tiếp nhận", "tin", "tips"),
    Indicator(
        Code.WEAPONS_HANDED_IN,
        "Vũ khí, vật liệu nổ, công cụ hỗ trợ vận động giao nộp",
        "khẩu, quả, cái",
        "weapons",
    ),
    Indicator(Code.COMMUNITY_CHARTERS, "Hương ước, quy ước đang thực hiện", "bản", "weapons", flow=False),
)
