"""Mẫu 05–08 of Thông tư 14/2024/TT-BCA printed from the registry: the fixture's members, the layout, the CCCD
policy, the audit, the scope, and a query count that does not grow with the roster."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope
from antq.documents.team_forms import team_form_docx
from antq.forces import services as forces_services
from tests.documents.helpers import docx_text, flat
from tests.forces.fixtures import member_data

SINCE = dt.date(2025, 1, 1)


def form_text(actor, key, commune, team=None, since=None):
    return docx_text(team_form_docx(actor=actor, key=key, commune=commune, team=team, since=since))


@pytest.mark.django_db
def test_form_05_lists_the_teams_members_proposed_as_to_vien(commune_officer, dong_hung, team, report_members):
    text = form_text(commune_officer, "05", dong_hung, team)
    lines = text.splitlines()
    for line in [
        "Mẫu số 05",
        "UBND XÃ ĐÔNG HƯNG",
        "CÔNG AN XÃ ĐÔNG HƯNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "DANH SÁCH",
        "Đề nghị công nhận Tổ viên Tổ bảo vệ an ninh, trật tự",
        "Phạm Văn Dũng",
        "Nguyễn Thị Hoa",
        "01/06/1990",
        "033090000333",
        "Thôn Đông",
        "TRƯỞNG CÔNG AN XÃ",
    ]:
        assert line in lines, line
    assert "Trần Văn Bình" not in text  # the leader is on Mẫu 06
    assert "Vũ Văn Giang" not in text  # left in 2025
    assert "Đông Hưng, ngày      tháng      năm" in text


@pytest.mark.django_db
def test_form_06_lists_leader_and_deputy(commune_officer, dong_hung, team, report_members):
    lines = form_text(commune_officer, "06", dong_hung, team).splitlines()
    # The title in two even lines (layout.balanced_lines).
    assert "Giới thiệu đề nghị công nhận Tổ trưởng," in lines and "Tổ phó Tổ bảo vệ an ninh, trật tự" in lines
    assert lines.index("Trần Văn Bình") < lines.index("Lê Thị Cúc")  # the leader first
    assert "Tổ trưởng" in lines and "Tổ phó" in lines
    assert "Phạm Văn Dũng" not in lines


@pytest.mark.django_db
def test_form_07_reports_the_members_who_left(commune_officer, dong_hung, report_members):
    text = form_text(commune_officer, "07", dong_hung, since=SINCE)
    lines = text.splitlines()
    assert "BÁO CÁO" in lines and "Số:       /BC-CAX" in lines
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Đông Hưng." in lines
    assert "Vũ Văn Giang" in lines and "Tự nguyện xin thôi" in lines and "30/06/2025" in lines
    assert "đối với 01 người có tên sau" in flat(text)
    assert "Phạm Văn Dũng" not in lines


@pytest.mark.django_db
def test_form_08_decisions_establish_recognise_terminate_dissolve(
    commune_officer, other_commune_officer, dong_hung, tan_tien, team, other_team, report_members
):
    establish = form_text(commune_officer, "08-thanh-lap", dong_hung, team)
    lines = establish.splitlines()
    for line in [
        "Mẫu số 08",
        "ỦY BAN NHÂN DÂN\nXÃ ĐÔNG HƯNG",
        "Số:       /QĐ-UBND",
        "QUYẾT ĐỊNH",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐÔNG HƯNG",
        "QUYẾT ĐỊNH:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Văn Bình",
        "Lê Thị Cúc",
        "Phạm Văn Dũng",
        "Nguyễn Thị Hoa",
    ]:
        assert line in establish if "\n" in line else line in lines, line
    assert "Điều 1. Thành lập Tổ bảo vệ ANTT thôn Đông - Tây và công nhận 04 ông (bà)" in flat(establish)
    assert "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024" in establish
    assert "Vũ Văn Giang" not in establish

    recognise = flat(form_text(commune_officer, "08-cong-nhan", dong_hung, team))
    assert "Điều 1. Công nhận 04 ông (bà) có tên sau là thành viên Tổ bảo vệ ANTT thôn Đông - Tây" in recognise

    terminate = form_text(commune_officer, "08-thoi", dong_hung, since=SINCE)
    assert "Vũ Văn Giang" in terminate.splitlines() and "Trần Văn Bình" not in terminate

    forces_services.team_dissolve(
        actor=other_commune_officer, team=other_team, on=dt.date(2025, 10, 1), reason="Sáp nhập thôn"
    )
    dissolve = flat(form_text(other_commune_officer, "08-giai-the", tan_tien, since=SINCE))
    assert (
        "Điều 1. Giải thể Tổ bảo vệ ANTT thôn Tân, địa bàn Thôn Tân, kể từ ngày 01/10/2025. Lý do: Sáp nhập thôn."
        in dissolve
    )


@pytest.mark.django_db
def test_commune_forms_group_members_by_team(commune_officer, province_officer, dong_hung, team, report_members):
    text = form_text(commune_officer, "08-cong-nhan", dong_hung)
    assert "1. Tổ bảo vệ ANTT thôn Đông - Tây (địa bàn: Thôn Đông, Thôn Tây) — 4 người" in text.splitlines()


@pytest.mark.django_db
def test_province_officers_get_the_cccd_masked_and_each_print_is_audited(
    commune_officer, province_officer, dong_hung, team, report_members
):
    lines = form_text(province_officer, "05", dong_hung, team).splitlines()
    assert "••••••••0333" in lines and "033090000333" not in lines
    form_text(commune_officer, "06", dong_hung, team)
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, additional_data__field__startswith="tt14_mau_")
    assert sorted((e.actor.username, e.additional_data["field"], e.additional_data.get("masked")) for e in entries) == [
        ("ca_12688", "tt14_mau_06", None),  # the commune's full print
        ("pv05_33", "tt14_mau_05", True),  # a masked print: audited, but not recorded as a full view
    ]


@pytest.mark.django_db
def test_forms_are_for_officers_of_the_commune_only(
    viewer, other_commune_officer, other_province_officer, dong_hung, team, report_members
):
    for actor in (viewer, other_commune_officer, other_province_officer):
        with pytest.raises(NotFoundOrOutOfScope):
            team_form_docx(actor=actor, key="05", commune=dong_hung, team=team)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_roster(commune_officer, dong_hung, team, thon_dong, report_members):
    def count():
        with CaptureQueriesContext(connection) as captured:
            team_form_docx(actor=commune_officer, key="08-cong-nhan", commune=dong_hung)
        return len(captured)

    count()  # warm the content-type cache the audit entry uses
    before = count()
    for number in range(3):
        forces_services.member_add(
            actor=commune_officer,
            team=team,
            **member_data(thon_dong, full_name=f"Thành viên {number}", national_id=f"03308000700{number}"),
        )
    assert count() == before


@pytest.mark.django_db
def test_commune_wide_prints_reach_the_province_audit_trail(commune_officer, dong_hung, hung_yen, report_members):
    """A print for the whole commune (no team) used to be logged with no unit, so the province never saw it."""
    form_text(commune_officer, "05", dong_hung)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS, additional_data__field="tt14_mau_05")
    assert (entry.unit, entry.province) == (dong_hung, hung_yen)
