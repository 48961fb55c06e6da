"""One rule set per membership (issue 16, items 7 and 8): every rule of rules.MEMBER_RULES refuses the same member
through the member service and through the roster import, with the same message; possible duplicates are
confirmed, not silently taken; the import asks the database once per file, whatever its size."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.errors import ValidationFailed
from antq.core.imports import ReadOptions, import_confirm, import_preview
from antq.forces import rules, services
from antq.forces.models import TeamMember
from antq.forces.roster import EXPORTED, RosterImporter, member_cells
from antq.geo.models import Locality
from tests.forces.fixtures import member_data

HEADERS = [c.header for c in EXPORTED]


def sheet_of(*members):
    """The export's layout with these (unsaved) members, as a commune would fill it in."""
    book = openpyxl.Workbook()
    book.active.append(["DANH SÁCH THÀNH VIÊN"])
    book.active.append(HEADERS)
    for member in members:
        book.active.append(list(member_cells(member).values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def preview(actor, commune, data, **answers):
    return import_preview(
        actor=actor,
        importer=RosterImporter,
        file=data,
        filename="ds.xlsx",
        commune=commune,
        options=ReadOptions(answers=tuple(answers.items())),
    )


def _dissolved_team(get):
    commune, officer = get("dong_hung"), get("commune_officer")
    moi = Locality.objects.create(commune=commune, name="Thôn Mới", kind="thon", households=90)
    old = services.team_create(
        actor=officer, commune=commune, name="Tổ cũ", founded_on=dt.date(2024, 7, 1), localities=[moi]
    )
    services.team_dissolve(actor=officer, team=old, on=dt.date(2024, 12, 31), reason="Sáp nhập")
    return {"team": old}


def _active_in_another_commune(get):
    services.member_add(
        actor=get("other_commune_officer"),
        team=get("other_team"),
        **member_data(get("thon_tan_tien"), full_name="Người Khác"),
    )
    return {}


def _namesake(get):
    services.member_add(actor=get("commune_officer"), team=get("team"), **member_data(get("thon_dong")))
    return {"national_id": "033080009999"}  # same name, birth date and locality, another CCCD


TOMORROW = dt.date.today() + dt.timedelta(days=2)
# Each rule of rules.MEMBER_RULES broken by one new member: (what to set up → overrides, overrides of member_data).
BROKEN = {
    "dates": (None, {"decision_number": "15/QĐ-UBND", "decision_date": dt.date(1999, 7, 1)}),
    "national_id": (None, {"national_id": "033180001234"}),  # the fourth digit says female
    "national_id_active": (_active_in_another_commune, {}),
    "team_active": (_dissolved_team, {}),
    "min_age": (None, {"birth_date": dt.date(2010, 1, 1), "national_id": "033210001234"}),
    "max_age": (None, {"birth_date": dt.date(1950, 1, 1), "national_id": "033050001234"}),
    "residence": (None, {"resident_since": dt.date(2024, 6, 1)}),
    "education": (None, {"education": "primary"}),
    "health": (None, {"health_certified": False}),
    "no_prosecution": (None, {"no_prosecution": False}),
    "start_after_founding": (None, {"start_date": dt.date(2024, 7, 1)}),
    "one_leader": (lambda get: get("leader") and {}, {"role": "leader"}),
    "possible_duplicate": (_namesake, {}),
}


def test_every_member_rule_has_a_case_here():
    assert set(BROKEN) == set(rules.MEMBER_RULES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(rules.MEMBER_RULES))
def test_each_member_rule_refuses_alike_in_the_service_and_the_import(request, code, commune_officer, dong_hung):
    setup, overrides = BROKEN[code]
    team = request.getfixturevalue("team")
    thon_dong = request.getfixturevalue("thon_dong")
    overrides = dict(overrides)
    if setup is not None:
        overrides.update(setup(request.getfixturevalue) or {})
    team = overrides.pop("team", team)
    data = member_data(thon_dong, **overrides)
    before = TeamMember.objects.count()

    (problem,) = [p for p in services.member_check(actor=commune_officer, team=team, data=data) if p.code == code]
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(actor=commune_officer, team=team, **data)
    assert services.as_pairs([problem])[0] in refused.value.problems  # the service refuses with that problem

    plan = preview(commune_officer, dong_hung, sheet_of(TeamMember(team=team, **data)))
    assert any(problem.message in error for error in plan.errors), (problem, plan.errors)  # and so does the import
    assert TeamMember.objects.count() == before  # nothing written either way


def test_member_problems_are_all_given_at_once_with_known_codes(db):
    team = type("Team", (), {"status": "active", "founded_on": dt.date(2024, 7, 15), "pk": 1})()
    member = TeamMember(
        team_id=1,
        **member_data(
            None,
            birth_date=dt.date(2010, 1, 1),
            education="primary",
            health_certified=False,
            start_date=dt.date(2024, 7, 1),
        ),
    )
    found = rules.member_problems(
        member, team=team, joining=True, active=rules.ActiveMembers(), today=dt.date(2025, 1, 1)
    )
    codes = [p.code for p in found]
    assert set(codes) <= set(rules.MEMBER_RULES)
    assert {"national_id", "min_age", "education", "health", "start_after_founding"} <= set(codes)


# --- Possible duplicates (item 8) -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_possible_duplicate_is_added_only_when_confirmed(commune_officer, team, thon_dong):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    twin = member_data(thon_dong, full_name="NGUYEN VAN AN", national_id="033080009999")  # typed without accents
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(actor=commune_officer, team=team, **twin)
    assert refused.value.code == "duplicate"  # only a warning left: “Vẫn thêm” lets it through
    ((field, message),) = refused.value.problems
    assert field == "confirm_duplicate" and "Nguyễn Văn An — Tổ bảo vệ ANTT thôn Đông - Tây" in message
    services.member_add(actor=commune_officer, team=team, confirm_duplicate=True, **twin)
    assert TeamMember.objects.filter(team=team).count() == 2


@pytest.mark.django_db
def test_an_ended_membership_or_another_locality_is_no_duplicate(commune_officer, team, thon_dong, thon_tay):
    first = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    services.member_add(actor=commune_officer, team=team, **member_data(thon_tay, national_id="033080009998"))
    services.member_end(actor=commune_officer, member=first, end_date=dt.date(2024, 12, 1), reason="own_request")
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, national_id="033080009999"))


@pytest.mark.django_db
def test_a_member_update_that_makes_a_duplicate_asks_too(commune_officer, team, thon_dong, thon_tay):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    other = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_tay, full_name="Lê Văn Ba", national_id="033080009999")
    )
    with pytest.raises(ValidationFailed) as refused:
        services.member_update(actor=commune_officer, member=other, full_name="Nguyễn Văn An", residence=thon_dong)
    assert refused.value.code == "duplicate"


@pytest.mark.django_db
def test_the_import_flags_duplicates_in_the_file_and_with_active_members(commune_officer, dong_hung, team, thon_dong):
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    an_again = TeamMember(team=team, **member_data(thon_dong, national_id="033080009999"))
    hoa = TeamMember(
        team=team,
        **member_data(thon_dong, full_name="Phạm Thị Hoa", gender="female", national_id="033180005555"),
    )
    hoa_again = TeamMember(
        team=team,
        **member_data(thon_dong, full_name="Phạm Thị Hoa", gender="female", national_id="033180006666"),
    )
    data = sheet_of(an_again, hoa, hoa_again)
    plan = preview(commune_officer, dong_hung, data)
    assert [(r.row.number, len(r.errors)) for r in plan.results] == [(3, 1), (4, 0), (5, 1)]
    assert "Nguyễn Văn An — Tổ bảo vệ ANTT thôn Đông - Tây" in plan.results[0].errors[0]
    assert "cùng họ tên, ngày sinh và nơi cư trú với dòng 4" in plan.results[2].errors[0]
    assert "Vẫn thêm" in plan.results[2].errors[0]
    asked = [q for q in plan.questions if q.key.startswith("dup:")]
    assert [q.rows for q in asked] == [(3,), (5,)]
    confirmed = preview(commune_officer, dong_hung, data, **{q.key: "1" for q in asked})
    assert confirmed.is_valid, confirmed.errors
    import_confirm(actor=commune_officer, plan=confirmed)
    assert TeamMember.objects.filter(team=team).count() == 4


@pytest.mark.django_db
def test_the_import_reads_the_database_a_fixed_number_of_times(commune_officer, dong_hung, team, thon_dong, leader):
    def queries(count):
        members = [
            TeamMember(
                team=team,
                **member_data(thon_dong, full_name=f"Người Thứ {i}", national_id=f"0330800{i:05d}"),
            )
            for i in range(count)
        ]
        data = sheet_of(*members)
        with CaptureQueriesContext(connection) as captured:
            plan = preview(commune_officer, dong_hung, data)
        assert plan.is_valid, plan.errors[:3]
        return len(captured)

    assert queries(2) == queries(40)


# --- Residence: a date or the commune's attestation -------------------------------------------------------------


@pytest.mark.django_db
def test_residence_is_a_date_or_an_attestation_never_neither(commune_officer, team, thon_dong):
    from django.db import IntegrityError, transaction

    from tests.summaries import raw_rows

    attested = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, resident_since=None, residence_verified=True)
    )
    assert attested.resident_since is None
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name="Lê Văn Ba", resident_since=None, national_id="033080009999"),
        )
    assert refused.value.problems == [("resident_since", rules.NO_RESIDENCE)]
    with pytest.raises(ValidationFailed):  # a correction may not leave neither either
        services.member_update(actor=commune_officer, member=attested, residence_verified=False)
    with pytest.raises(IntegrityError), transaction.atomic(), raw_rows("forces"):
        TeamMember.objects.filter(pk=attested.pk).update(residence_verified=False)  # the database refuses too
