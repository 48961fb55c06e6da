"""Documents fixtures: a hand-built Hưng Yên (33) for 2025 whose figures the tests state as literals.

Forces (built through antq.forces.services):
- Xã Đông Hưng (12688), "Tổ bảo vệ ANTT thôn Đông - Tây": Trần Văn Bình (Tổ trưởng, 2024), Lê Thị Cúc (Tổ phó,
  2024), Phạm Văn Dũng and Nguyễn Thị Hoa (Tổ viên from 01/03/2025); Vũ Văn Giang (Tổ viên 2024, left 30/06/2025
  at his own request).
- Xã Tân Tiến (12583), "Tổ bảo vệ ANTT thôn Tân": Đỗ Văn Khánh (Tổ trưởng, 2024), Hoàng Thị Lan and Bùi Văn Minh
  (Tổ viên from 01/02/2025).
  → on 31/12/2025: 02 teams, 07 members (31/12/2024: 02 teams, 04 members → "tăng 75%"); trained: Bình, Cúc,
  Dũng, Khánh, Lan → 05, 71,4%.
Entered values (through antq.reporting.services.values_enter), 2025:
- Đông Hưng: 3 mediation teams, 15 mediators, 40 cases, 36 successful; 12 petitions received, 12 resolved;
  8 tips; 10 residential areas assessed, 9 safe.
- Tân Tiến: 2 teams, 10 mediators, 25 cases, 20 successful; 5 tips; 8 areas assessed, 8 safe; 4 campaigns with
  "trên" 59.500 participants.
- Hưng Yên's own department: 2 campaigns.
  → province: 05 tổ hòa giải, 25 hòa giải viên, 65 vụ việc, 56 thành, 86,2%; 12/12 đơn (100%); 13 tin báo;
  17/18 khu dân cư (94,4%); 06 đợt phát động, trên 59.500 lượt người.
- 2024 baseline: Đông Hưng 50 mediation cases → "65 vụ việc (tăng 30% so với năm 2024)".
No schemes, outreach, festival, awards or weapons: those areas must not appear.
"""

from __future__ import annotations

import datetime as dt

import pytest

from antq.core.periods import Period
from antq.documents import services as document_services
from antq.forces import services as forces_services
from antq.reporting import services as reporting_services
from tests.forces.fixtures import member_data

Y2024, Y2025 = Period.parse("2024"), Period.parse("2025")


def _member(actor, team, residence, **data):
    return forces_services.member_add(actor=actor, team=team, **member_data(residence, **data))


def _train(actor, member):
    forces_services.training_record(
        actor=actor,
        member=member,
        course="Bồi dưỡng nghiệp vụ bảo vệ ANTT ở cơ sở",
        start_date=dt.date(2025, 4, 10),
        end_date=dt.date(2025, 4, 12),
        hours=24,
    )


@pytest.fixture
def report_members(commune_officer, other_commune_officer, team, leader, other_team, thon_dong, thon_tan_tien):
    """The nine memberships described above, keyed by given name."""
    people = {"Bình": leader}
    people["Cúc"] = _member(
        commune_officer,
        team,
        thon_dong,
        full_name="Lê Thị Cúc",
        gender="female",
        birth_date=dt.date(1982, 2, 10),
        national_id="033182000222",
        role="deputy",
    )
    people["Dũng"] = _member(
        commune_officer,
        team,
        thon_dong,
        full_name="Phạm Văn Dũng",
        birth_date=dt.date(1990, 6, 1),
        national_id="033090000333",
        start_date=dt.date(2025, 3, 1),
    )
    people["Hoa"] = _member(
        commune_officer,
        team,
        thon_dong,
        full_name="Nguyễn Thị Hoa",
        gender="female",
        birth_date=dt.date(1995, 9, 9),
        national_id="033195000444",
        start_date=dt.date(2025, 3, 1),
    )
    people["Giang"] = _member(
        commune_officer,
        team,
        thon_dong,
        full_name="Vũ Văn Giang",
        birth_date=dt.date(1968, 1, 20),
        national_id="033068000555",
    )
    forces_services.member_end(
        actor=commune_officer, member=people["Giang"], end_date=dt.date(2025, 6, 30), reason="own_request"
    )
    people["Khánh"] = _member(
        other_commune_officer,
        other_team,
        thon_tan_tien,
        full_name="Đỗ Văn Khánh",
        birth_date=dt.date(1970, 4, 4),
        national_id="033070000666",
        role="leader",
    )
    people["Lan"] = _member(
        other_commune_officer,
        other_team,
        thon_tan_tien,
        full_name="Hoàng Thị Lan",
        gender="female",
        birth_date=dt.date(1988, 12, 12),
        national_id="033188000777",
        start_date=dt.date(2025, 2, 1),
    )
    people["Minh"] = _member(
        other_commune_officer,
        other_team,
        thon_tan_tien,
        full_name="Bùi Văn Minh",
        birth_date=dt.date(1992, 7, 7),
        national_id="033092000888",
        start_date=dt.date(2025, 2, 1),
    )
    for name in ("Bình", "Cúc", "Dũng"):
        _train(commune_officer, people[name])
    for name in ("Khánh", "Lan"):
        _train(other_commune_officer, people[name])
    return people


@pytest.fixture
def report_data(
    settings, report_members, commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, hung_yen
):
    """Hưng Yên's hand-built 2025 (and 2024 baseline) figures; see the module docstring."""
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000  # 2025 values may be entered whatever today's date is

    def enter(actor, unit, values, period=Y2025):
        reporting_services.values_enter(
            actor=actor, unit=unit, period=period, values={code: (str(v), q) for code, (v, q) in values.items()}
        )

    exact = "exact"
    enter(
        commune_officer,
        dong_hung,
        {
            "mediation_teams": (3, exact),
            "mediators": (15, exact),
            "mediation_cases": (40, exact),
            "mediation_cases_successful": (36, exact),
            "petitions_received": (12, exact),
            "petitions_resolved": (12, exact),
            "tips_received": (8, exact),
            "residential_areas_assessed": (10, exact),
            "residential_areas_safe": (9, exact),
        },
    )
    enter(
        other_commune_officer,
        tan_tien,
        {
            "mediation_teams": (2, exact),
            "mediators": (10, exact),
            "mediation_cases": (25, exact),
            "mediation_cases_successful": (20, exact),
            "tips_received": (5, exact),
            "residential_areas_assessed": (8, exact),
            "residential_areas_safe": (8, exact),
            "campaigns": (4, exact),
            "campaign_participants": (59500, "at_least"),
        },
    )
    enter(province_officer, hung_yen, {"campaigns": (2, exact)})
    enter(commune_officer, dong_hung, {"mediation_cases": (50, exact)}, period=Y2024)
    return report_members


@pytest.fixture
def province_report(report_data, province_officer, hung_yen):
    """Hưng Yên's draft Báo cáo tổng kết 2025 (live figures: nothing approved yet)."""
    return document_services.document_create(actor=province_officer, unit=hung_yen, period=Y2025)


@pytest.fixture
def commune_report(commune_officer, dong_hung, team):
    """Xã Đông Hưng's draft report for 2025 (route and scope tests)."""
    return document_services.document_create(actor=commune_officer, unit=dong_hung, period=Y2025)
