"""Entered indicators, declared by reporting until the registry that will own each exists (tips, petitions,
mediation, safety recognition, campaigns…): typed in per unit and period on the entry form, the API or an import.

When a registry arrives, its app declares the indicator instead, with a compute function and `computed_from` set
to the day the registry starts: periods before that day keep their entered values (see docs/reporting.md). The
area's report sentence below moves with it (as `tips_received` and the "tips" area did to antq.tips.indicators)."""

from __future__ import annotations

from enum import StrEnum

from antq.core.indicators import Aggregation, Indicator, NumberKind, ReportArea, register_area, register_indicators
from antq.core.narrative import MOVEMENT, Facts, sentence


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
    WEAPONS_HANDED_IN = "weapons_handed_in"
    COMMUNITY_CHARTERS = "community_charters"


# --- Report sentences (antq.core.narrative), one function per area ------------------------------------------

# (recognised, assessed, share, what is recognised), in the order the sentence lists them.
SAFETY_KINDS = [
    (Code.RESIDENTIAL_AREAS_SAFE, Code.RESIDENTIAL_AREAS_ASSESSED, Code.RESIDENTIAL_AREAS_SAFE_PCT, "khu dân cư"),
    (Code.COMMUNES_SAFE, Code.COMMUNES_ASSESSED, Code.COMMUNES_SAFE_PCT, "xã, phường"),
    (Code.AGENCIES_SAFE, Code.AGENCIES_ASSESSED, Code.AGENCIES_SAFE_PCT, "cơ quan"),
    (Code.ENTERPRISES_SAFE, Code.ENTERPRISES_ASSESSED, Code.ENTERPRISES_SAFE_PCT, "doanh nghiệp"),
    (Code.SCHOOLS_SAFE, Code.SCHOOLS_ASSESSED, Code.SCHOOLS_SAFE_PCT, "cơ sở giáo dục"),
]


def safety_sentences(f: Facts) -> list[str]:
    """Recognition "an toàn về ANTT" (Thông tư 124/2021/TT-BCA): "12/15 khu dân cư (đạt 80%), …"."""
    items = []
    for safe, assessed, share, noun in SAFETY_KINDS:
        if not f.has(safe):
            continue
        if f.has(assessed):
            items.append(f"{f.n(safe)}/{f.n(assessed)} {noun} (đạt {f.pct(share)})")
        else:
            items.append(f"{f.n(safe)} {noun}")
    if not items:
        return []
    return [
        sentence(
            "Công tác phân loại, đánh giá, công nhận “An toàn về an ninh, trật tự” được thực hiện theo Thông tư số "
            f"124/2021/TT-BCA; kết quả có {', '.join(items)} được công nhận đạt tiêu chuẩn "
            "“An toàn về an ninh, trật tự”"
        )
    ]


def mediation_sentences(f: Facts) -> list[str]:
    """Mediation teams and mediators; the cases received and settled in the period."""
    out = []
    if f.has(Code.MEDIATION_TEAMS):
        people = f" với {f.n(Code.MEDIATORS)} hòa giải viên" if f.has(Code.MEDIATORS) else ""
        out.append(sentence(f"{f.whole.capitalize()} có {f.n(Code.MEDIATION_TEAMS)} tổ hòa giải ở cơ sở{people}"))
    elif f.has(Code.MEDIATORS):
        out.append(sentence(f"{f.whole.capitalize()} có {f.n(Code.MEDIATORS)} hòa giải viên ở cơ sở"))
    if f.has(Code.MEDIATION_CASES):
        text = (
            f"{f.when}, các tổ hòa giải đã tiếp nhận {f.n(Code.MEDIATION_CASES)} vụ việc{f.cmp(Code.MEDIATION_CASES)}"
        )
        if f.has(Code.MEDIATION_CASES_SUCCESSFUL):
            text += f", hòa giải thành {f.n(Code.MEDIATION_CASES_SUCCESSFUL)} vụ việc"
            if f.has(Code.MEDIATION_SUCCESS_PCT):
                text += f", đạt tỷ lệ {f.pct(Code.MEDIATION_SUCCESS_PCT)}"
        out.append(sentence(text))
    return out


def petitions_sentences(f: Facts) -> list[str]:
    """Petitions received in the period, and the share resolved."""
    if not f.has(Code.PETITIONS_RECEIVED):
        return []
    text = (
        f"{f.when}, đã tiếp nhận {f.n(Code.PETITIONS_RECEIVED)} đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh"
        f"{f.cmp(Code.PETITIONS_RECEIVED)}"
    )
    if f.has(Code.PETITIONS_RESOLVED):
        share = f.share(Code.PETITIONS_RESOLVED, Code.PETITIONS_RECEIVED)
        text += f"; đã giải quyết {f.n(Code.PETITIONS_RESOLVED)} đơn" + (f" (đạt {share})" if share else "")
    return [sentence(text)]


def campaigns_sentences(f: Facts) -> list[str]:
    """Campaigns launched for the movement and their participants."""
    if not f.has(Code.CAMPAIGNS):
        return []
    people = f" với {f.n(Code.CAMPAIGN_PARTICIPANTS)} lượt người tham gia" if f.has(Code.CAMPAIGN_PARTICIPANTS) else ""
    return [
        sentence(
            f"{f.when}, đã tổ chức {f.n(Code.CAMPAIGNS)} đợt phát động {MOVEMENT}{f.cmp(Code.CAMPAIGNS)}{people}, "
            "gắn với các phong trào thi đua yêu nước tại địa phương"
        )
    ]


def weapons_sentences(f: Facts) -> list[str]:
    """Weapons handed in; community charters in force."""
    out = []
    if f.has(Code.WEAPONS_HANDED_IN):
        out.append(
            sentence(
                f"Vận động quần chúng nhân dân tự nguyện giao nộp {f.n(Code.WEAPONS_HANDED_IN)} vũ khí, vật liệu nổ, "
                f"công cụ hỗ trợ các loại{f.cmp(Code.WEAPONS_HANDED_IN)}"
            )
        )
    if f.has(Code.COMMUNITY_CHARTERS):
        out.append(
            sentence(
                f"{f.whole.capitalize()} duy trì thực hiện {f.n(Code.COMMUNITY_CHARTERS)} hương ước, quy ước có nội "
                "dung bảo đảm an ninh, trật tự"
            )
        )
    return out


for order, key, label, sentences in (
    (60, "safety", "Công nhận “an toàn về ANTT”", safety_sentences),
    (70, "mediation", "Hòa giải ở cơ sở", mediation_sentences),
    (80, "petitions", "Tiếp nhận, giải quyết đơn thư", petitions_sentences),
    (90, "campaigns", "Phát động phong trào", campaigns_sentences),
    (110, "weapons", "Vũ khí, vật liệu nổ, hương ước", weapons_sentences),
):
    register_area(ReportArea(key, label, order, sentences=sentences))


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
    Indicator(
        Code.WEAPONS_HANDED_IN,
        "Vũ khí, vật liệu nổ, công cụ hỗ trợ vận động giao nộp",
        "khẩu, quả, cái",
        "weapons",
    ),
    Indicator(Code.COMMUNITY_CHARTERS, "Hương ước, quy ước đang thực hiện", "bản", "weapons", flow=False),
)
