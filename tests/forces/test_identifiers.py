"""Identifiers are ASCII digits (issue 14, item 4; case U01): a CCCD or phone number typed with full-width digits is
stored as 0–9, so it meets the one-active-membership rule; other scripts' digits, superscripts and letters are
refused with a message naming the field — in the service, the forms, the roster import and the database. (Phones
are also canonical since issue 16: tests/core/test_phones.py, tests/forces/test_phones.py.)"""

import datetime as dt
import importlib

import pytest
from django.db import IntegrityError, transaction

from antq.core.errors import ValidationFailed
from antq.core.imports import import_confirm
from antq.forces import rules, services
from antq.forces.forms import MemberForm, ProposalForm
from antq.forces.models import RosterProposal, TeamMember
from antq.geo.selectors import localities_of
from tests.forces.fixtures import member_data
from tests.forces.test_roster import preview, row, sheet
from tests.summaries import raw_rows

ASCII = "033080001234"
FULL_WIDTH = "033080００１２３４"
ARABIC_INDIC = "٠٣٣٠٨٠٠٠١٢٣٤"
SUPERSCRIPT = "03308000123⁴"
OTHER_SCRIPTS = [ARABIC_INDIC, SUPERSCRIPT, "033080001234".replace("4", "४")]  # Devanagari 4


# --- The rules ------------------------------------------------------------------------------------------------


def test_full_width_cccd_is_cleaned_to_ascii_digits():
    assert rules.national_id_clean(FULL_WIDTH) == ASCII
    assert rules.national_id_clean(" 0330 8000 1234 ") == ASCII
    assert rules.national_id_problem(rules.national_id_clean(FULL_WIDTH)) is None


@pytest.mark.parametrize("national_id", OTHER_SCRIPTS)
def test_other_scripts_digits_in_a_cccd_are_refused_naming_the_field(national_id):
    cleaned = rules.national_id_clean(national_id)
    assert not cleaned.isascii()
    assert rules.national_id_problem(cleaned) == "Số CCCD phải gồm đúng 12 chữ số 0–9."


# Phone numbers: one validator for every app, tested in tests/core/test_phones.py; here only the paths.


# --- Service ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_full_width_cccd_is_stored_ascii_and_blocks_a_second_active_membership_elsewhere(
    commune_officer, other_commune_officer, team, other_team, thon_dong, thon_tan_tien
):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, national_id=FULL_WIDTH))
    member.refresh_from_db()
    assert member.national_id == ASCII
    for spelling in (ASCII, FULL_WIDTH):
        with pytest.raises(ValidationFailed) as refused:
            services.member_add(
                actor=other_commune_officer, team=other_team, **member_data(thon_tan_tien, national_id=spelling)
            )
        assert (refused.value.field, refused.value.message) == ("national_id", services.NEUTRAL_DUPLICATE)
    assert TeamMember.objects.filter(end_date__isnull=True).count() == 1


@pytest.mark.django_db
def test_full_width_cccd_in_an_update_is_stored_ascii(commune_officer, team, thon_dong):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, national_id="033080009999"))
    services.member_update(actor=commune_officer, member=member, national_id=FULL_WIDTH, phone="０９１２３４５６７８")
    member.refresh_from_db()
    assert (member.national_id, member.phone) == (ASCII, "0912345678")


@pytest.mark.django_db
@pytest.mark.parametrize("national_id", OTHER_SCRIPTS)
def test_service_refuses_other_scripts_digits_in_a_cccd(commune_officer, team, thon_dong, national_id):
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, national_id=national_id))
    assert refused.value.field == "national_id" and "Số CCCD" in refused.value.message
    assert not TeamMember.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["abc", "12ab", "٠٩١٢٣٤٥٦٧٨", "091234567²"])
def test_service_refuses_a_phone_that_is_not_digits(commune_officer, team, thon_dong, phone):
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, phone=phone))
    assert refused.value.field == "phone" and "Số điện thoại" in refused.value.message
    assert not TeamMember.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["abc", "12ab", "٠٩١٢٣٤٥٦٧٨"])
def test_team_leader_phone_proposal_with_garbage_is_refused(commune_officer, team, leader, phone):
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_create(
            actor=commune_officer, team=team, kind="update", member=leader, payload={"phone": phone}
        )
    assert refused.value.field == "phone"
    assert not RosterProposal.objects.exists()


@pytest.mark.django_db
def test_team_leader_phone_proposal_is_stored_canonical(commune_officer, team, leader):
    proposal = services.proposal_create(
        actor=commune_officer, team=team, kind="update", member=leader, payload={"phone": "０９７７ ０００ １１１"}
    )
    assert proposal.payload == {"phone": "0977000111"}


# --- Forms and pages --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_form_cleans_full_width_cccd_and_names_the_field_for_other_digits(commune_officer, team, thon_dong):
    data = {**member_data(thon_dong), "residence": thon_dong.pk, "national_id": FULL_WIDTH}
    where = {"localities": localities_of(team.commune), "actor": commune_officer, "team": team}
    form = MemberForm(data, **where)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["national_id"] == ASCII
    form = MemberForm({**data, "national_id": ARABIC_INDIC, "phone": "12ab"}, **where)
    assert not form.is_valid()
    assert form.errors["national_id"] == ["Số CCCD phải gồm đúng 12 chữ số 0–9."]
    assert form.errors["phone"][0].startswith("Số điện thoại chỉ gồm chữ số 0–9")


@pytest.mark.django_db
def test_member_page_stores_full_width_cccd_as_ascii_then_refuses_it_in_another_commune(
    client, commune_officer, other_commune_officer, team, other_team, thon_dong, thon_tan_tien
):
    def post(team, residence):
        data = {**member_data(residence), "residence": residence.pk, "national_id": FULL_WIDTH}
        data = {k: v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for k, v in data.items()}
        return client.post(f"/luc-luong/to/{team.pk}/them-thanh-vien/", data)

    client.force_login(commune_officer)
    assert post(team, thon_dong).status_code == 302
    assert TeamMember.objects.get().national_id == ASCII
    client.force_login(other_commune_officer)
    response = post(other_team, thon_tan_tien)
    assert response.status_code == 200
    assert services.NEUTRAL_DUPLICATE in response.content.decode()
    assert TeamMember.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["abc", "12ab"])
def test_member_page_refuses_a_phone_that_is_not_digits(client, commune_officer, team, thon_dong, phone):
    data = {**member_data(thon_dong), "residence": thon_dong.pk, "phone": phone}
    data = {k: v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for k, v in data.items()}
    client.force_login(commune_officer)
    response = client.post(f"/luc-luong/to/{team.pk}/them-thanh-vien/", data)
    assert response.status_code == 200 and "Số điện thoại chỉ gồm chữ số 0–9" in response.content.decode()
    assert not TeamMember.objects.exists()


@pytest.mark.django_db
def test_team_leader_proposal_form_refuses_a_phone_that_is_not_digits(team, leader):
    form = ProposalForm(
        {"kind": "update", "member": leader.pk, "phone": "12ab", "reason": "Đổi số"}, members=team.members.all()
    )
    assert not form.is_valid() and "phone" in form.errors
    form = ProposalForm(
        {"kind": "update", "member": leader.pk, "phone": "０９７７０００１１１", "reason": "Đổi số"},
        members=team.members.all(),
    )
    assert form.is_valid() and form.cleaned_data["phone"] == "0977000111"


# --- Roster import ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_roster_import_stores_full_width_cccd_as_ascii_and_it_blocks_another_commune(
    commune_officer, other_commune_officer, dong_hung, team, other_team, thon_tan_tien
):
    full_width = "033185００４３２１"
    plan = preview(commune_officer, dong_hung, sheet(row(team, **{"Số định danh cá nhân / CCCD": full_width})))
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)
    assert TeamMember.objects.get().national_id == "033185004321"
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(
            actor=other_commune_officer,
            team=other_team,
            **member_data(thon_tan_tien, national_id="033185004321", gender="female", birth_date=dt.date(1985, 9, 2)),
        )
    assert refused.value.message == services.NEUTRAL_DUPLICATE


@pytest.mark.django_db
def test_roster_import_refuses_full_width_spelling_of_a_cccd_active_in_another_commune(
    commune_officer, other_commune_officer, dong_hung, team, other_team, thon_tan_tien
):
    services.member_add(
        actor=other_commune_officer,
        team=other_team,
        **member_data(thon_tan_tien, national_id="033185004321", gender="female", birth_date=dt.date(1985, 9, 2)),
    )
    plan = preview(
        commune_officer, dong_hung, sheet(row(team, **{"Số định danh cá nhân / CCCD": "033185００４３２１"}))
    )
    assert any(services.NEUTRAL_DUPLICATE in e for e in plan.errors), plan.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Số định danh cá nhân / CCCD", "٠٣٣١٨٥٠٠٤٣٢١"),
        ("Số định danh cá nhân / CCCD", "03318500432¹"),
        ("Số điện thoại", "12ab"),
        ("Số điện thoại", "٠٩٨٨١٢٣٤٥٦"),
    ],
)
def test_roster_import_refuses_identifiers_that_are_not_ascii_digits(commune_officer, dong_hung, team, column, value):
    plan = preview(commune_officer, dong_hung, sheet(row(team, **{column: value})))
    assert not plan.is_valid
    assert any("Dòng 3" in e and column in e and "0–9" in e for e in plan.errors), plan.errors


# --- Database ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [FULL_WIDTH, ARABIC_INDIC, "03308000123", "03308000123a", "03308000123 "])
def test_database_refuses_a_stored_cccd_that_is_not_12_ascii_digits(commune_officer, team, thon_dong, stored):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    with pytest.raises(IntegrityError), transaction.atomic(), raw_rows("forces"):
        TeamMember.objects.filter(pk=member.pk).update(national_id=stored)


def test_data_migration_maps_legacy_digits_to_ascii_and_leaves_unreadable_ones():
    migration = importlib.import_module("antq.forces.migrations.0003_national_id_ascii_digits")
    assert migration._ascii(FULL_WIDTH) == ASCII
    assert migration._ascii(ARABIC_INDIC) == ASCII
    assert migration._ascii(SUPERSCRIPT) == ASCII
    assert migration._ascii("03308000123") is None
    assert migration._ascii("03308000123a") is None


# --- Other forms that take these identifiers ----------------------------------------------------------------


@pytest.mark.django_db
def test_award_nominee_form_cleans_full_width_cccd_and_refuses_other_digits():
    from antq.activities.forms import ProposalForm as AwardProposalForm
    from antq.geo.models import AdminUnit

    def national_id_after(value):
        form = AwardProposalForm(
            {"national_id": value}, members=TeamMember.objects.none(), units=AdminUnit.objects.none()
        )
        form.is_valid()
        return form.cleaned_data.get("national_id"), form.errors.get("national_id")

    assert national_id_after(FULL_WIDTH) == (ASCII, None)
    assert national_id_after("") == ("", None)  # optional: collectives and non-medal awards have none
    assert national_id_after(ARABIC_INDIC) == (None, ["Số CCCD phải gồm đúng 12 chữ số 0–9."])


@pytest.mark.parametrize(("phone", "error"), [("０９１２３４５６７８", False), ("12ab", True), ("٠٩١٢٣٤٥٦٧٨", True)])
def test_exemplar_form_contact_phone_follows_the_phone_rule(phone, error):
    from antq.schemes.forms import ExemplarForm

    form = ExemplarForm({"contact_phone": phone})
    form.is_valid()
    assert ("contact_phone" in form.errors) is error
    if not error:
        assert form.cleaned_data["contact_phone"] == "0912345678"
