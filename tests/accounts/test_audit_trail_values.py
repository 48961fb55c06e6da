"""The audit trail reads as Vietnamese for the Ministry: object types, actions, choice values, foreign keys, dates,
indicator codes; a filter that does not read is refused with a message naming its field (tester, issue 17)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from antq.accounts.models import AuditEntry
from antq.forces.models import SecurityTeam, TeamCoverage, TeamMember
from antq.reporting.models import EnteredValue
from antq.schemes.models import SchemeSite


def _entry(model, changes, pk=1):
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=str(pk),
        object_id=pk,
        object_repr="x",
        action=AuditEntry.Action.UPDATE,
        changes=changes,
    )


@pytest.mark.django_db
def test_the_trail_shows_values_as_a_user_reads_them(client, ministry_officer, dong_hung):
    _entry(TeamCoverage, {"valid_to": ["None", "2026-12-01"], "team": ["None", "987654"]})
    _entry(EnteredValue, {"unit": ["None", str(dong_hung.pk)], "indicator": ["None", "residential_areas_assessed"]})
    _entry(EnteredValue, {"qualifier": ["None", "exact"], "period_start": ["None", "2025-01-01"]}, pk=2)
    _entry(SecurityTeam, {"status": ["active", "dissolved"]})
    _entry(TeamMember, {"end_reason": ["", "team_dissolved"]})
    _entry(SchemeSite, {"recognition": ["none", "province"]})
    client.force_login(ministry_officer)
    body = client.get("/tai-khoan/nhat-ky/").content.decode()

    assert "hiệu lực đến: – → 01/12/2026" in body
    assert "tổ: – → #987654" in body  # the team is gone: its id
    assert f"đơn vị: – → {dong_hung}" in body  # the unit still exists: its name
    assert "chỉ tiêu: – → Khu dân cư được đánh giá" in body
    assert "mức độ: – → chính xác" in body
    assert "ngày đầu kỳ: – → 01/01/2025" in body
    assert "trạng thái: Đang hoạt động → Đã giải thể" in body
    assert "– → Tổ giải thể" in body
    assert "Chưa được ghi nhận → Công an tỉnh ghi nhận" in body
    assert "Địa bàn phụ trách của tổ" in body  # the object-type filter (was "team coverage")
    for raw in (
        "team coverage",
        "2026-12-01",
        "residential_areas_assessed",
        "→ exact",
        "team_dissolved",
        "active → dissolved",
        "none → province",
        ">create<",
        ">access<",
        "valid to",
        "period start",
    ):
        assert raw not in body, raw


@pytest.mark.django_db
def test_the_action_filter_offers_vietnamese_labels(client, ministry_officer):
    client.force_login(ministry_officer)
    body = client.get("/tai-khoan/nhat-ky/").content.decode()
    assert "Truy cập dữ liệu cá nhân" in body and "Tạo mới" in body


@pytest.mark.django_db
def test_an_unreadable_date_filter_is_refused_with_its_field_named(client, ministry_officer):
    _entry(TeamCoverage, {"valid_to": ["None", "2026-12-01"]})
    client.force_login(ministry_officer)
    response = client.get("/tai-khoan/nhat-ky/", {"date_from": "99/99/9999"})
    body = response.content.decode()
    assert "Từ ngày: nhập ngày dạng dd/mm/yyyy." in body
    assert list(response.context["page"]) == []


@pytest.mark.django_db
def test_a_new_users_reverse_relations_are_not_shown_as_code(ministry_officer):
    from antq.accounts.models import User

    entry = _entry(User, {"username": ["None", "ca_moi"], "assignments": ["None", "accounts.RoleAssignment.None"]})
    labels = [label for label, _, _ in entry.change_rows]
    assert "assignments" not in " ".join(labels) and len(labels) == 1
    assert "RoleAssignment" not in str(entry.change_rows)
