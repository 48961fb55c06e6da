"""Members' phones (issue 16 item 5; cases U01 and F10a): the member add and edit pages, a team leader's proposed
phone change, the roster import and the API all store one canonical form through antq.core.phones and refuse
what is not one valid Vietnamese number, with a message naming the field or the row — nothing written then."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from antq.core.errors import ValidationFailed
from antq.core.imports import import_confirm
from antq.forces import services
from antq.forces.models import RosterProposal, SecurityTeam, TeamMember
from antq.forces.roster import COLUMNS
from antq.geo.models import Locality
from tests.forces.fixtures import member_data
from tests.forces.test_roster import preview, row, sheet
from tests.forces.test_views import _edit_post, team_leader_user
from tests.summaries import raw_rows

F10A = Path(__file__).parent.parent / "fixtures" / "F10a_cccd_phone_numbers.xlsx"
GARBAGE = ["abc", "12ab"]  # case U01
DIGITS_ONLY = "Số điện thoại chỉ gồm chữ số 0–9"


def _posted(data):
    return {k: v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for k, v in data.items()}


# --- Member pages (U01) ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("phone", GARBAGE)
def test_member_page_refuses_a_phone_of_letters_and_saves_nothing(client, commune_officer, team, thon_dong, phone):
    client.force_login(commune_officer)
    response = client.post(
        reverse("forces:member_add", args=[team.pk]),
        _posted({**member_data(thon_dong), "residence": thon_dong.pk, "phone": phone}),
    )
    assert response.status_code == 200
    assert DIGITS_ONLY in response.content.decode()
    assert not TeamMember.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("0912345678 - 0987654321", "chỉ ghi một số"),
        ("0123456789", "không có trong kho số Việt Nam"),
        ("098765432", "không có trong kho số Việt Nam"),
    ],
)
def test_member_page_refuses_two_numbers_and_wrong_length_or_prefix(
    client, commune_officer, team, thon_dong, phone, message
):
    client.force_login(commune_officer)
    response = client.post(
        reverse("forces:member_add", args=[team.pk]),
        _posted({**member_data(thon_dong), "residence": thon_dong.pk, "phone": phone}),
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not TeamMember.objects.exists()


@pytest.mark.django_db
def test_member_page_stores_the_canonical_form_and_links_it(client, commune_officer, team, thon_dong):
    client.force_login(commune_officer)
    response = client.post(
        reverse("forces:member_add", args=[team.pk]),
        _posted({**member_data(thon_dong), "residence": thon_dong.pk, "phone": "+84 987 654 321"}),
    )
    assert response.status_code == 302
    member = TeamMember.objects.get()
    assert member.phone == "0987654321"
    page = client.get(reverse("forces:member", args=[member.pk])).content.decode()
    assert '<a href="tel:+84987654321">0987654321</a>' in page


@pytest.mark.django_db
def test_member_edit_page_refuses_garbage_and_stores_a_new_number_canonical(client, commune_officer, leader):
    client.force_login(commune_officer)
    url = reverse("forces:member_edit", args=[leader.pk])
    data = _edit_post(leader, national_id=leader.national_id)
    response = client.post(url, {**data, "phone": "12ab"})
    assert response.status_code == 200 and DIGITS_ONLY in response.content.decode()
    leader.refresh_from_db()
    assert leader.phone == "0912345678"
    assert client.post(url, {**data, "phone": "0221 3123 456"}).status_code == 302
    leader.refresh_from_db()
    assert leader.phone == "02213123456"


@pytest.mark.django_db
def test_province_sees_a_masked_phone_without_a_tel_link(client, province_officer, leader):
    client.force_login(province_officer)
    page = client.get(reverse("forces:member", args=[leader.pk])).content.decode()
    assert "••••••5678" in page and "tel:" not in page


# --- Services ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("phone", [*GARBAGE, "0912345678 - 0987654321", "01662123456", "+1 650 253 0000"])
def test_member_services_refuse_an_invalid_phone_naming_the_field(commune_officer, team, thon_dong, leader, phone):
    with pytest.raises(ValidationFailed) as refused:
        services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, phone=phone))
    assert refused.value.field == "phone" and refused.value.message.startswith("Số điện thoại")
    with pytest.raises(ValidationFailed):
        services.member_update(actor=commune_officer, member=leader, phone=phone)
    assert list(TeamMember.objects.values_list("phone", flat=True)) == ["0912345678"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["+84 987 654 321", "84987654321", "0987.654.321", "0987 654 321"])
def test_member_services_store_every_spelling_as_one_number(commune_officer, team, thon_dong, leader, typed):
    member = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, phone=typed))
    assert TeamMember.objects.get(pk=member.pk).phone == "0987654321"
    services.member_update(actor=commune_officer, member=leader, phone=typed)
    assert TeamMember.objects.get(pk=leader.pk).phone == "0987654321"


@pytest.mark.django_db
def test_a_legacy_phone_the_migration_could_not_read_does_not_block_other_corrections(
    commune_officer, province_officer, leader
):
    with raw_rows("forces"):
        TeamMember.objects.filter(pk=leader.pk).update(phone="0992123456")  # stored shape, not allocated
    leader.refresh_from_db()
    services.member_update(actor=province_officer, member=leader, full_name="Trần Văn Bình Mới")
    assert TeamMember.objects.get(pk=leader.pk).phone == "0992123456"  # kept, for a person to correct
    with pytest.raises(ValidationFailed):
        services.member_update(actor=commune_officer, member=leader, phone="0992123456")


# --- Team leader's proposal (U01) --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("phone", GARBAGE)
def test_team_leader_proposal_page_refuses_a_phone_of_letters(client, team, leader, phone):
    client.force_login(team_leader_user(team))
    response = client.post(
        reverse("forces:my_team"), {"kind": "update", "member": leader.pk, "phone": phone, "reason": "Đổi số"}
    )
    assert response.status_code == 200 and DIGITS_ONLY in response.content.decode()
    assert not RosterProposal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", GARBAGE)
def test_proposal_service_refuses_a_phone_of_letters(team, leader, phone):
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_create(
            actor=team_leader_user(team), team=team, kind="update", member=leader, payload={"phone": phone}
        )
    assert refused.value.field == "phone"
    assert not RosterProposal.objects.exists()


@pytest.mark.django_db
def test_team_leader_proposes_a_number_stored_canonical_and_confirmed_as_such(client, commune_officer, team, leader):
    client.force_login(team_leader_user(team))
    response = client.post(
        reverse("forces:my_team"),
        {"kind": "update", "member": leader.pk, "phone": "+84 977 000 111", "reason": "Đổi số"},
    )
    assert response.status_code == 302
    proposal = RosterProposal.objects.get()
    assert proposal.payload == {"phone": "0977000111"}
    services.proposal_decide(actor=commune_officer, proposal=proposal, confirm=True)
    assert TeamMember.objects.get(pk=leader.pk).phone == "0977000111"


@pytest.mark.django_db
def test_team_leader_page_links_valid_numbers_only(client, team, leader, thon_dong, commune_officer):
    other = services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, full_name="Lê Văn Hai", national_id="033080005555")
    )
    with raw_rows("forces"):
        TeamMember.objects.filter(pk=other.pk).update(phone="0992123456")  # legacy, not allocated
    client.force_login(team_leader_user(team))
    page = client.get(reverse("forces:my_team")).content.decode()
    assert '<a href="tel:+84912345678">0912345678</a>' in page
    assert "0992123456" in page and "tel:+84992123456" not in page


# --- API ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_gives_the_stored_canonical_phone_masked_by_the_policy(client, commune_officer, province_officer, leader):
    services.member_update(actor=commune_officer, member=leader, phone="+84 221 3123 456")
    client.force_login(commune_officer)
    assert client.get(f"/api/v1/forces/members/{leader.pk}").json()["phone"] == "02213123456"
    client.force_login(province_officer)
    assert client.get(f"/api/v1/forces/members/{leader.pk}").json()["phone"] == "•••••••3456"


# --- Roster import: the phone column and case F10a ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("+84 987 654 321", "0987654321"),
        ("0987.654.321", "0987654321"),
        (987654321, "0987654321"),  # a number cell drops the leading 0
        (987654321.0, "0987654321"),
        ("(0221) 3123 456", "02213123456"),
        ("Không có", ""),
        ("không", ""),
        ("-", ""),
        ("--", ""),
        ("x", ""),
        ("N/A", ""),
        ("chưa có", ""),
    ],
)
def test_roster_phone_cell_is_canonical_and_placeholders_mean_no_phone(cell, stored):
    column = next(c for c in COLUMNS if c.key == "phone")
    read = "" if isinstance(cell, str) and column.means_empty(cell) else column.parser(cell)
    assert read == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cell", "message"),
    [("12ab", "chỉ gồm chữ số 0–9"), ("0912345678 / 0987654321", "chỉ ghi một số"), ("0123456789", "kho số")],
)
def test_roster_import_refuses_an_invalid_phone_naming_row_and_column(commune_officer, dong_hung, team, cell, message):
    plan = preview(commune_officer, dong_hung, sheet(row(team, **{"Số điện thoại": cell})))
    assert len(plan.errors) == 1 and plan.errors[0].startswith("Dòng 3, cột “Số điện thoại”: ")
    assert message in plan.errors[0]
    assert TeamMember.objects.count() == 0


@pytest.fixture
def thon_1_team(commune_officer, dong_hung):
    """The team the F10a sheet names, covering Thôn 1 of Xã Đông Hưng."""
    thon_1 = Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon", households=300)
    return services.team_create(
        actor=commune_officer,
        commune=dong_hung,
        name="Tổ bảo vệ ANTT Thôn 1",
        founded_on=dt.date(2024, 7, 15),
        localities=[thon_1],
    )


def _f10a(**cells):
    """The F10a file with some cells changed ({"F4": "034090001122"}), as bytes."""
    book = openpyxl.load_workbook(F10A)
    for ref, value in cells.items():
        book.active[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_case_f10a_as_sent_is_refused_on_rows_2_and_4_and_nothing_is_written(commune_officer, dong_hung, thon_1_team):
    before = (TeamMember.objects.count(), SecurityTeam.objects.count())
    plan = preview(commune_officer, dong_hung, F10A.read_bytes())
    by_row = {result.row.number: result for result in plan.results}
    assert sorted(by_row) == [3, 4, 5, 6]  # STT 1–4 under the title and the header
    # Row 1: CCCD from a number cell with its leading 0, phone from a number cell with its leading 0.
    assert not by_row[3].errors
    assert (by_row[3].row["national_id"], by_row[3].row["phone"]) == ("034185001234", "0912345678")
    # Row 2: a CCCD in scientific notation is refused; its phone "+84 987 654 321" reads as 0987654321.
    assert by_row[4].errors == ["Dòng 4, cột “Số định danh cá nhân / CCCD”: phải gồm đúng 12 chữ số 0–9"]
    assert by_row[4].row["phone"] == "0987654321"
    # Row 3: "Không có" is no phone.
    assert not by_row[5].errors and by_row[5].row.get("phone") in (None, "")  # an empty cell
    # Row 4: two numbers in one cell are refused.
    assert by_row[6].errors == [
        "Dòng 6, cột “Số điện thoại”: chỉ ghi một số (ô đang có hai số trở lên)",
    ]
    with pytest.raises(ValidationFailed):
        import_confirm(actor=commune_officer, plan=plan)
    assert (TeamMember.objects.count(), SecurityTeam.objects.count()) == before


@pytest.mark.django_db
def test_case_f10a_corrected_stores_one_canonical_phone_per_member(commune_officer, dong_hung, thon_1_team):
    data = _f10a(F4="034090001122", J6="0912 345 678")  # row 2's CCCD typed out, row 4 keeps one number
    plan = preview(commune_officer, dong_hung, data)
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)
    stored = dict(TeamMember.objects.values_list("full_name", "phone"))
    assert stored == {
        "Nguyễn Thị Hoa": "0912345678",
        "Lê Văn Nam": "0987654321",
        "Phạm Văn Tú": "",
        "Đỗ Thị Lan": "0912345678",
    }
    assert TeamMember.objects.get(full_name="Nguyễn Thị Hoa").national_id == "034185001234"
