"""Section I in words: every report area's sentences (declared by its owning app with its indicators), walked in
report order by antq.documents.narrative. The texts are pinned word for word: they are what provinces send up."""

from decimal import Decimal

from antq.documents import narrative
from antq.geo.models import AdminUnit, Level, UnitKind

HUNG_YEN = AdminUnit(level=Level.PROVINCE, kind=UnitKind.TINH, name="Hưng Yên")
PHO_HIEN = AdminUnit(level=Level.COMMUNE, kind=UnitKind.PHUONG, name="Phường Phố Hiến")


def _figures(**values: object) -> dict[str, tuple[Decimal, str]]:
    """{code: (value, qualifier)} from code=value or code=(value, qualifier)."""
    return {
        code: (Decimal(str(v[0])), str(v[1])) if isinstance(v, tuple) else (Decimal(str(v)), "exact")
        for code, v in values.items()
    }


EVERY_FIGURE = _figures(
    scheme_types_active=15,
    schemes_active=120,
    scheme_sites_active=2991,
    scheme_sites_exemplary_ministry=3,
    scheme_sites_exemplary_province=41,
    exemplars=(250, "at_least"),
    security_teams_active=1032,
    security_team_members_active=3310,
    security_team_members_trained=3100,
    security_team_members_trained_pct="93.7",
    security_team_support_vnd=29790000000,
    outreach_sessions=1200,
    outreach_attendees=(59500, "at_least"),
    news_items=830,
    reportages=8,
    exemplary_stories=45,
    banners=(2300, "nearly"),
    contests=4,
    contest_participants=(12000, "about"),
    gift_visits=90,
    gift_recipients=160,
    gift_value_vnd=480000000,
    festivals_held=1032,
    festival_pilots=2,
    awards_total=210,
    awards_collective=60,
    awards_individual=150,
    medal_proposals=7,
    residential_areas_assessed=1500,
    residential_areas_safe=1420,
    residential_areas_safe_pct="94.7",
    communes_assessed=104,
    communes_safe=104,
    communes_safe_pct=100,
    schools_safe=300,  # recognised, with no assessed figure: printed without a share
    mediation_teams=1032,
    mediators=5200,
    mediation_cases=650,
    mediation_cases_successful=560,
    mediation_success_pct="86.2",
    petitions_received=320,
    petitions_resolved=301,
    campaigns=6,
    campaign_participants=(59500, "at_least"),
    tips_received=95,
    weapons_handed_in=143,
    community_charters=1032,
)
BASELINE = {
    code: Decimal(value)
    for code, value in {
        "scheme_sites_active": 2800,
        "exemplars": 250,
        "security_teams_active": 1100,
        "security_team_support_vnd": 30000000000,
        "outreach_sessions": 1000,
        "news_items": 900,
        "festivals_held": 1032,
        "awards_total": 200,
        "mediation_cases": 700,
        "petitions_received": 400,
        "campaigns": 5,
        "tips_received": 95,
        "weapons_handed_in": 150,
    }.items()
}


# Breakdowns recorded with the figures (antq.activities): who attended, who received gifts, the pilot communes.
DETAILS = {
    "outreach_attendees": {"target_group": {"officials": 100, "students": 300, "workers": 20}},
    "gift_recipients": {"recipient_kind": {"policy_family": 70, "officer_hardship": 43}},
    "festival_pilots": {"commune": {"Xã Đông Hưng": 1, "Phường Phố Hiến": 1}},
}


def _section(
    unit: AdminUnit, period_label: str, end_label: str, values: dict, baseline: dict, details: dict | None = None
) -> dict[str, list]:
    facts = narrative.facts_for(
        unit=unit,
        period_label=period_label,
        end_label=end_label,
        values=values,
        baseline=baseline,
        baseline_label="năm 2024",
        details=details,
    )
    return {area["key"]: area["paragraphs"] for area in narrative.section_one(facts)}


def test_every_area_with_every_figure_and_a_baseline():
    section = _section(HUNG_YEN, "năm 2025", "31/12/2025", EVERY_FIGURE, BASELINE, DETAILS)
    assert list(section) == [
        "schemes",
        "forces",
        "outreach",
        "festival",
        "awards",
        "safety",
        "mediation",
        "petitions",
        "campaigns",
        "tips",
        "weapons",
    ]
    assert section == {
        "schemes": [
            "Tính đến ngày 31/12/2025, toàn tỉnh đang duy trì hoạt động của 15 loại mô hình, 120 mô hình, với 2.991 "
            "điểm mô hình tự quản về an ninh, trật tự (tăng 6,8% so với năm 2024), trong đó 03 điểm mô hình tiêu "
            "biểu được Bộ Công an ghi nhận, 41 điểm mô hình tiêu biểu được Công an tỉnh ghi nhận.",
            "Năm 2025, đã phát hiện, xây dựng, nhân rộng trên 250 điển hình tiên tiến (bằng năm 2024) trong phong "
            "trào toàn dân bảo vệ an ninh Tổ quốc.",
        ],
        "forces": [
            "Tính đến ngày 31/12/2025, trên địa bàn tỉnh đang duy trì 1.032 Tổ bảo vệ an ninh, trật tự ở cơ sở "
            "(giảm 6,2% so với năm 2024) với 3.310 thành viên.",
            "Công tác bồi dưỡng, tập huấn được quan tâm; đã bồi dưỡng, tập huấn nghiệp vụ cho 3.100 thành viên "
            "(đạt 93,7%).",
            "Kinh phí hỗ trợ thành viên năm 2025 là 29.790.000.000 đồng (giảm 0,7% so với năm 2024).",
        ],
        "outreach": [
            # The audiences as recorded; the baseline named once in the sentence ("830 tin, bài (giảm 7,8%)").
            "Năm 2025, các cấp, các ngành đã tổ chức tuyên truyền 1.200 lớp, buổi (tăng 20% so với năm 2024) với "
            "trên 59.500 lượt cán bộ, học sinh, sinh viên và người lao động tham dự; viết, đăng tải 830 tin, bài "
            "(giảm 7,8%) và 08 phóng sự trên các phương tiện thông tin đại chúng; tuyên truyền 45 lượt về "
            "gương người tốt, việc tốt, điển hình tiên tiến trong phong trào toàn dân bảo vệ an ninh Tổ quốc; kẻ "
            "vẽ, căng treo gần 2.300 pano, áp phích, băng rôn, khẩu hiệu; tổ chức 04 cuộc thi tìm hiểu pháp luật "
            "với khoảng 12.000 lượt người dự thi.",
            "Các hoạt động thăm hỏi, tặng quà luôn được quan tâm; đã tổ chức 90 lượt thăm hỏi, tặng quà cho 160 gia "
            "đình, cá nhân, trong đó 70 gia đình chính sách và 43 cán bộ, chiến sĩ có hoàn cảnh khó khăn, với tổng "
            "giá trị 480.000.000 đồng.",
        ],
        "festival": [
            "Năm 2025, toàn tỉnh đã tổ chức 1.032 Ngày hội toàn dân bảo vệ an ninh Tổ quốc (bằng năm 2024) với phần "
            "Lễ trang trọng và phần Hội sôi nổi, thu hút đông đảo quần chúng nhân dân tham gia.",
            "Xã Đông Hưng và phường Phố Hiến là các đơn vị tổ chức “điểm” Ngày hội toàn dân bảo vệ an ninh Tổ quốc "
            "năm 2025.",
        ],
        "awards": [
            "Năm 2025, đã có 210 lượt tập thể, cá nhân có thành tích xuất sắc trong phong trào toàn dân bảo vệ an "
            "ninh Tổ quốc được các cấp khen thưởng (tăng 5% so với năm 2024), gồm 60 tập thể và 150 cá nhân.",
            "Đề nghị Bộ Công an tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” cho 07 đồng chí có thành tích xuất sắc "
            "trong lãnh đạo, tổ chức và xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc.",
        ],
        "safety": [
            "Công tác phân loại, đánh giá, công nhận “An toàn về an ninh, trật tự” được thực hiện theo Thông tư số "
            "124/2021/TT-BCA; kết quả có 1.420/1.500 khu dân cư (đạt 94,7%), 104/104 xã, phường (đạt 100%), 300 cơ "
            "sở giáo dục được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”.",
        ],
        "mediation": [
            "Toàn tỉnh có 1.032 tổ hòa giải ở cơ sở với 5.200 hòa giải viên.",
            "Năm 2025, các tổ hòa giải đã tiếp nhận 650 vụ việc (giảm 7,1% so với năm 2024), hòa giải thành 560 vụ "
            "việc, đạt tỷ lệ 86,2%.",
        ],
        "petitions": [
            "Năm 2025, đã tiếp nhận 320 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh (giảm 20% so với năm 2024); "
            "đã giải quyết 301 đơn (đạt 94,1%).",
        ],
        "campaigns": [
            "Năm 2025, đã tổ chức 06 đợt phát động phong trào toàn dân bảo vệ an ninh Tổ quốc (tăng 20% so với năm "
            "2024) với trên 59.500 lượt người tham gia, gắn với các phong trào thi đua yêu nước tại địa phương.",
        ],
        "tips": [
            "Quần chúng nhân dân đã cung cấp 95 tin báo, tố giác tội phạm (bằng năm 2024), góp phần giúp lực lượng "
            "Công an kịp thời xác minh, xử lý.",
        ],
        "weapons": [
            "Vận động quần chúng nhân dân tự nguyện giao nộp 143 vũ khí, vật liệu nổ, công cụ hỗ trợ các loại (giảm "
            "4,7% so với năm 2024).",
            "Toàn tỉnh duy trì thực hiện 1.032 hương ước, quy ước có nội dung bảo đảm an ninh, trật tự.",
        ],
    }


def test_the_clauses_written_for_a_missing_figure_in_a_commune_without_baseline():
    values = _figures(
        scheme_sites_exemplary_province=4,  # recognised sites, no active-site figure
        security_team_members_active=31,  # members, no team figure
        gift_recipients=12,  # recipients, no visits
        festival_pilots=1,  # pilot festivals only
        awards_total=3,  # no split into collective / individual
        agencies_safe=9,  # recognised, not assessed
        mediators=15,  # mediators, no teams
        mediation_cases=6,  # no settled cases
        petitions_received=11,  # none resolved
        community_charters=1,
    )
    section = _section(PHO_HIEN, "6 tháng đầu năm 2025", "30/06/2025", values, {})
    assert section == {
        "schemes": ["Có 04 điểm mô hình tiêu biểu được Công an tỉnh ghi nhận."],
        "forces": [
            "Tính đến ngày 30/06/2025, trên địa bàn phường đang duy trì 31 thành viên Tổ bảo vệ an ninh, trật tự ở "
            "cơ sở."
        ],
        # No recipient kind recorded: none is printed (no stock "gia đình chính sách").
        "outreach": [
            "Các hoạt động thăm hỏi, tặng quà luôn được quan tâm; đã thăm hỏi, tặng quà 12 gia đình, cá nhân."
        ],
        "festival": [
            "6 tháng đầu năm 2025, toàn phường đã tổ chức 01 Ngày hội toàn dân bảo vệ an ninh Tổ quốc “điểm” với "
            "phần Lễ trang trọng và phần Hội sôi nổi, thu hút đông đảo quần chúng nhân dân tham gia."
        ],
        "awards": [
            "6 tháng đầu năm 2025, đã có 03 lượt tập thể, cá nhân có thành tích xuất sắc trong phong trào toàn dân "
            "bảo vệ an ninh Tổ quốc được các cấp khen thưởng."
        ],
        "safety": [
            "Công tác phân loại, đánh giá, công nhận “An toàn về an ninh, trật tự” được thực hiện theo Thông tư số "
            "124/2021/TT-BCA; kết quả có 09 cơ quan được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”."
        ],
        "mediation": [
            "Toàn phường có 15 hòa giải viên ở cơ sở.",
            "6 tháng đầu năm 2025, các tổ hòa giải đã tiếp nhận 06 vụ việc.",
        ],
        "petitions": ["6 tháng đầu năm 2025, đã tiếp nhận 11 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh."],
        "weapons": ["Toàn phường duy trì thực hiện 01 hương ước, quy ước có nội dung bảo đảm an ninh, trật tự."],
    }


def test_an_area_whose_figures_are_zero_or_missing_is_left_out():
    values = {"schemes_active": (Decimal(0), "exact"), "tips_received": (None, "exact")}
    assert _section(PHO_HIEN, "năm 2025", "31/12/2025", values, {}) == {}
