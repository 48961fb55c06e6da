"""Team and member services: rules, database constraints, history, scope, audit."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from antq.forces import selectors, services
from antq.forces.forms import TeamForm
from antq.forces.models import Evaluation, TeamCoverage, TeamMember
from antq.geo.models import Locality
from antq.geo.selectors import localities_of
from tests.forces.fixtures import member_data
from tests.summaries import raw_rows


@pytest.mark.django_db
def test_team_covers_localities_and_a_locality_has_one_active_team(commune_officer, team, dong_hung, thon_dong):
    assert {c.locality.name for c in team.coverages.all()} == {"Thôn Đông", "Thôn Tây"}
    with pytest.raises(ValidationFailed) as error:
        services.team_create(
            actor=commune_officer,
            commune=dong_hung,
            name="Tổ khác",
            founded_on=dt.date(2024, 8, 1),
            localities=[thon_dong],
        )
    assert "Thôn Đông đã do" in error.value.message


@pytest.mark.django_db
def test_new_team_form_offers_never_covered_and_formerly_covered_localities_only(
    commune_officer, team, dong_hung, thon_dong, thon_tay
):
    never = Locality.objects.create(commune=dong_hung, name="Thôn Mới", kind="thon", households=90)
    services.team_set_localities(actor=commune_officer, team=team, localities=[thon_dong], on=dt.date(2025, 1, 1))
    form = TeamForm(localities=localities_of(dong_hung), actor=commune_officer, commune=dong_hung)
    assert set(form.fields["localities"].queryset) == {never, thon_tay}  # thon_tay's coverage ended


@pytest.mark.django_db
def test_new_team_page_offers_a_locality_that_was_never_covered(client, commune_officer, team, dong_hung):
    never = Locality.objects.create(commune=dong_hung, name="Thôn Chưa Có Tổ", kind="thon", households=90)
    client.force_login(commune_officer)
    response = client.get("/luc-luong/xa/12688/them-to/")
    assert response.status_code == 200
    assert set(response.context["form"].fields["localities"].queryset) == {never}


@pytest.mark.django_db
def test_database_allows_one_active_team_per_locality(team, thon_dong):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamCoverage.objects.create(team=team, locality=thon_dong, valid_from=dt.date(2025, 1, 1))


@pytest.mark.django_db
def test_member_added_when_eligible_and_audited(commune_officer, team, thon_dong):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    assert member.pk and member.sort_key
    entry = AuditEntry.objects.get(object_pk=str(member.pk), action=0, content_type__model="teammember")
    assert entry.actor == commune_officer
    assert entry.changes["national_id"][1] == "••••••••1234"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"birth_date": dt.date(2008, 1, 1), "national_id": "033208001234"}, "birth_date"),
        ({"resident_since": dt.date(2024, 3, 1)}, "resident_since"),
        ({"education": "primary"}, "education"),
        ({"health_certified": False}, "health_certified"),
        ({"no_prosecution": False}, "no_prosecution"),
        ({"national_id": "033180001234"}, "national_id"),
        ({"national_id": "12345"}, "national_id"),
    ],
)
def test_member_rules_are_checked_with_the_field_named(commune_officer, team, thon_dong, overrides, field):
    with pytest.raises(ValidationFailed) as error:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, **overrides))
    assert error.value.field == field
    assert TeamMember.objects.count() == 0


@pytest.mark.django_db
def test_over_seventy_needs_the_chairmans_decision(commune_officer, team, thon_dong):
    old = {"birth_date": dt.date(1950, 1, 1), "national_id": "033050001234"}
    with pytest.raises(ValidationFailed):
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, **old))
    member = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, age_exception_decision="05/QĐ-UBND", **old)
    )
    assert member.pk


@pytest.mark.django_db
def test_one_active_leader_per_team(commune_officer, team, leader, thon_dong):
    with pytest.raises(ValidationFailed) as error:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, role="leader"))
    assert error.value.field == "role"


@pytest.mark.django_db
def test_database_allows_one_active_leader(team, leader):
    second = TeamMember(
        **{**member_data(leader.residence, national_id="033080009999", role="leader"), "team": team, "sort_key": "x"}
    )
    with pytest.raises(IntegrityError), transaction.atomic(), raw_rows("forces"):
        second.save()


@pytest.mark.django_db
def test_duplicate_cccd_is_refused_without_saying_where(
    commune_officer, other_commune_officer, team, other_team, thon_dong, thon_tan_tien
):
    services.member_add(actor=other_commune_officer, team=other_team, **member_data(thon_tan_tien))
    with pytest.raises(ValidationFailed) as error:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    assert error.value.message == services.NEUTRAL_DUPLICATE
    assert "Tân" not in error.value.message and "12583" not in error.value.message


@pytest.mark.django_db
def test_ending_keeps_the_record_and_frees_the_cccd(commune_officer, team, thon_dong):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    services.member_end(actor=commune_officer, member=member, end_date=dt.date(2025, 3, 1), reason="moved")
    member.refresh_from_db()
    assert (member.end_date, member.end_reason) == (dt.date(2025, 3, 1), "moved")
    again = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, start_date=dt.date(2025, 6, 1))
    )
    assert TeamMember.objects.filter(national_id="033080001234").count() == 2
    assert selectors.service_years(again.national_id, on=dt.date(2025, 12, 31)) == pytest.approx(1.2, abs=0.1)


@pytest.mark.django_db
def test_team_without_leader_and_wrong_size_are_flagged(commune_officer, province_officer, team, thon_dong, hung_yen):
    services.size_rule_set(actor=province_officer, province=hung_yen, members=3, source="NQ 05/2024/NQ-HĐND")
    services.size_rule_set(
        actor=province_officer,
        province=hung_yen,
        members=4,
        households_from=350,
        locality_kind="thon",
        source="NQ 05/2024/NQ-HĐND",
    )
    services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    row = selectors.teams_for(commune_officer).get(pk=team.pk)
    warnings = {w.code: w.message for w in selectors.team_warnings([row])[team.pk]}
    assert set(warnings) == {"no_leader", "size"}
    assert "Có 1 thành viên" in warnings["size"] and "4 thành viên" in warnings["size"]  # 400 households → 4
    assert "NQ 05/2024/NQ-HĐND" in warnings["size"]


@pytest.mark.django_db
def test_dissolving_ends_memberships_and_coverage(commune_officer, team, leader):
    services.team_dissolve(actor=commune_officer, team=team, on=dt.date(2025, 5, 1), reason="Sáp nhập thôn")
    leader.refresh_from_db()
    assert leader.end_reason == "team_dissolved"
    assert not TeamCoverage.objects.filter(team=team, valid_to__isnull=True).exists()


@pytest.mark.django_db
def test_other_commune_officer_cannot_touch_the_team(other_commune_officer, team, thon_dong, viewer):
    for actor in (other_commune_officer, viewer):
        with pytest.raises(NotFoundOrOutOfScope):
            services.member_add(actor=actor, team=team, **member_data(thon_dong))


@pytest.mark.django_db
def test_members_under_nine_months_are_not_rated(commune_officer, team, thon_dong):
    member = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, start_date=dt.date(2025, 5, 1))
    )
    with pytest.raises(ValidationFailed) as error:
        services.evaluation_record(actor=commune_officer, member=member, year=2025, rating="good")
    assert "dưới 9 tháng" in error.value.message


@pytest.mark.django_db
def test_excellent_quota_rolls_back_the_rating(commune_officer, team, thon_dong):
    people = [
        services.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=f"Người {i}", national_id=f"03308000{i:04d}"),
        )
        for i in range(6)
    ]
    for person in people[:5]:
        services.evaluation_record(actor=commune_officer, member=person, year=2025, rating="good")
    # 1 excellent with 4 good left: 20% of 4 is 0.8, so not even one is allowed; the change is rolled back.
    with pytest.raises(ValidationFailed):
        services.evaluation_record(actor=commune_officer, member=people[0], year=2025, rating="excellent")
    assert Evaluation.objects.get(member=people[0]).rating == "good"
    services.evaluation_record(actor=commune_officer, member=people[5], year=2025, rating="good")
    services.evaluation_record(actor=commune_officer, member=people[0], year=2025, rating="excellent")  # 1 ≤ 20% of 5


@pytest.mark.django_db
def test_proposal_by_team_leader_confirmed_by_commune(commune_officer, team, leader, thon_dong):
    from tests.forces.test_views import team_leader_user

    tl = team_leader_user(team)
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    proposal = services.proposal_create(
        actor=tl, team=team, kind="update", member=member, payload={"phone": "0987654321"}, reason="Đổi số"
    )
    services.proposal_decide(actor=commune_officer, proposal=proposal, confirm=True)
    member.refresh_from_db()
    assert member.phone == "0987654321"
    with pytest.raises(NotFoundOrOutOfScope):
        services.proposal_decide(actor=tl, proposal=proposal, confirm=True)
