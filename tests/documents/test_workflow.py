"""Draft → edit → regenerate (the edits stay) → finalise (approved figures, number, date, locked); audited; scoped."""

import datetime as dt
import io

import pytest
from docx import Document

from antq.accounts.models import AuditEntry
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.periods import Period
from antq.documents import selectors, services
from antq.documents.models import ReportDocument
from antq.forces import services as forces_services
from antq.reporting import services as reporting_services
from antq.reporting.selectors import missing_children
from tests.documents.helpers import docx_text, flat
from tests.forces.fixtures import member_data

Y2025 = Period.parse("2025")
SHORTCOMINGS = "Một số xã chưa duy trì thường xuyên hoạt động của Tổ bảo vệ an ninh, trật tự."
DIRECTIONS = "Tiếp tục củng cố, kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở."


def text_of(document):
    return flat(docx_text(services.document_render(document, "docx")[0]))


def write_parts(actor, document, **extra):
    return services.document_update(
        actor=actor,
        document=document,
        shortcomings=SHORTCOMINGS,
        directions=DIRECTIONS,
        signer_prefix="KT.",
        signer_authority="Trưởng phòng",
        signer_title="Phó Trưởng phòng",
        signer_name="Nguyễn Văn Hùng",
        **extra,
    )


def approve_province_2025(province_officer, ministry_officer, hung_yen):
    reasons = {child.code: "Chưa gửi" for child, _ in missing_children(hung_yen, Y2025)}  # communes not approved
    for actor, status in ((province_officer, "submitted"), (ministry_officer, "approved")):
        reporting_services.submission_transition(
            actor=actor, unit=hung_yen, period=Y2025, to_status=status, missing_reasons=reasons
        )


def add_member(commune_officer, team, thon_dong):
    """A new member from 01/05/2025 (so 08 members on 31/12/2025) — a change after the fact."""
    forces_services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Đinh Văn Quang",
            birth_date=dt.date(1985, 8, 8),
            national_id="033085000999",
            start_date=dt.date(2025, 5, 1),
        ),
    )


@pytest.mark.django_db
def test_edits_survive_regeneration(province_officer, commune_officer, province_report, team, thon_dong):
    write_parts(province_officer, province_report)
    assert "07 thành viên" in text_of(ReportDocument.objects.get(pk=province_report.pk))
    add_member(commune_officer, team, thon_dong)
    regenerated = services.document_regenerate(actor=province_officer, document=province_report)
    text = text_of(regenerated)
    assert "08 thành viên (tăng 100%)" in text  # new figures…
    assert SHORTCOMINGS in text and DIRECTIONS in text  # …and the officer's text as written
    assert "KT. TRƯỞNG PHÒNG" in text and "PHÓ TRƯỞNG PHÒNG" in text and "Nguyễn Văn Hùng" in text


@pytest.mark.django_db
def test_finalise_refuses_without_an_approved_snapshot(province_officer, province_report):
    write_parts(province_officer, province_report)
    with pytest.raises(ValidationFailed) as error:
        services.document_finalise(
            actor=province_officer, document=province_report, number="12", issued_on=dt.date(2026, 1, 5)
        )
    assert error.value.code == "not_approved"
    assert "chưa được Bộ Công an (V05) phê duyệt" in error.value.message
    assert ReportDocument.objects.get(pk=province_report.pk).status == "draft"


@pytest.mark.django_db
def test_finalise_asks_for_the_signer_and_the_written_parts(province_officer, ministry_officer, province_report):
    approve_province_2025(province_officer, ministry_officer, province_report.unit)
    with pytest.raises(ValidationFailed) as error:
        services.document_finalise(
            actor=province_officer, document=province_report, number="12", issued_on=dt.date(2026, 1, 5)
        )
    assert error.value.code == "incomplete"
    assert "họ và tên người ký" in error.value.message and "Tồn tại, hạn chế" in error.value.message


@pytest.mark.django_db
def test_final_report_prints_the_approved_snapshot_and_never_changes(
    province_officer, ministry_officer, commune_officer, province_report, hung_yen, dong_hung, team, thon_dong
):
    approve_province_2025(province_officer, ministry_officer, hung_yen)
    # After approval, live figures move: a commune corrects a value. The report prints the approved 65, not 70.
    reporting_services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"mediation_cases": ("45", "exact")}
    )
    write_parts(province_officer, province_report)
    final = services.document_finalise(
        actor=province_officer, document=province_report, number="12", issued_on=dt.date(2026, 1, 5)
    )
    assert final.content["source"] == "approved" and final.content["children_complete"]  # every figure frozen
    data = services.document_render(ReportDocument.objects.get(pk=final.pk), "docx")[0]
    text = flat(docx_text(data))
    assert "Số: 12/BC-CAT-PV05" in text
    assert "Hưng Yên, ngày 05 tháng 01 năm 2026" in text
    assert "đã tiếp nhận 65 vụ việc (tăng 30% so với năm 2024)" in text
    assert "07 thành viên (tăng 75%)" in text
    section = Document(io.BytesIO(data)).sections[0]
    assert not "".join(p.text for p in section.footer.paragraphs)  # approved: no "chưa được phê duyệt" footer
    # Xã Đông Hưng's own report is not approved: its appendix row shows its live 45, marked.
    assert "Xã Đông Hưng (*)" in text and "(*) Số liệu chưa được phê duyệt." in text
    assert "(Kèm theo Báo cáo số 12/BC-CAT-PV05 ngày 05/01/2026 của Công an tỉnh Hưng Yên)" in text

    # Records change after issue: a new member, another correction. The issued report stays as it was.
    add_member(commune_officer, team, thon_dong)
    reporting_services.values_enter(
        actor=commune_officer, unit=dong_hung, period=Y2025, values={"mediation_cases": ("80", "exact")}
    )
    again = ReportDocument.objects.get(pk=final.pk)
    assert text_of(again) == text
    with pytest.raises(ValidationFailed):
        services.document_regenerate(actor=province_officer, document=again)
    with pytest.raises(ValidationFailed):
        services.document_update(actor=province_officer, document=again, shortcomings="Sửa sau khi ban hành")


@pytest.mark.django_db
def test_every_step_is_audited(province_officer, ministry_officer, province_report, hung_yen):
    approve_province_2025(province_officer, ministry_officer, hung_yen)
    write_parts(province_officer, province_report)
    services.document_regenerate(actor=province_officer, document=province_report)
    services.document_finalise(
        actor=province_officer, document=province_report, number="3", issued_on=dt.date(2026, 1, 5)
    )
    entries = AuditEntry.objects.filter(
        content_type__model="reportdocument", object_pk=str(province_report.pk)
    ).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [0, 1, 1, 1]  # created, edited, regenerated, finalised
    assert {e.actor_id for e in entries} == {province_officer.pk}
    assert all(e.province_id == hung_yen.pk for e in entries)
    assert "content" not in (entries.last().changes or {})
    assert entries.last().changes["status"] == ["draft", "final"]


@pytest.mark.django_db
def test_only_officers_of_the_units_own_level_write(
    province_officer, commune_officer, other_commune_officer, viewer, dong_hung, hung_yen, commune_report
):
    with pytest.raises(NotFoundOrOutOfScope):  # the province reads a commune's report but does not write it
        services.document_update(actor=province_officer, document=commune_report, shortcomings="…")
    with pytest.raises(NotFoundOrOutOfScope):
        services.document_create(actor=commune_officer, unit=hung_yen, period=Y2025)
    with pytest.raises(NotFoundOrOutOfScope):
        services.document_regenerate(actor=other_commune_officer, document=commune_report)
    with pytest.raises(NotFoundOrOutOfScope):
        services.document_create(actor=viewer, unit=hung_yen, period=Y2025)
    assert selectors.documents_for(province_officer).filter(pk=commune_report.pk).exists()
    assert not selectors.documents_for(other_commune_officer).filter(pk=commune_report.pk).exists()


@pytest.mark.django_db
def test_viewers_see_final_documents_only(
    province_officer, ministry_officer, viewer, province_report, commune_report, hung_yen
):
    assert not selectors.documents_for(viewer).exists()  # drafts stay with the officers
    approve_province_2025(province_officer, ministry_officer, hung_yen)
    write_parts(province_officer, province_report)
    services.document_finalise(
        actor=province_officer, document=province_report, number="12", issued_on=dt.date(2026, 1, 5)
    )
    assert list(selectors.documents_for(viewer)) == [province_report]


@pytest.mark.django_db
def test_one_report_per_unit_and_period_and_no_monthly_report(commune_officer, dong_hung, commune_report):
    with pytest.raises(ValidationFailed) as error:
        services.document_create(actor=commune_officer, unit=dong_hung, period=Y2025)
    assert error.value.code == "exists"
    with pytest.raises(ValidationFailed):
        services.document_create(actor=commune_officer, unit=dong_hung, period=Period.parse("2025-07"))


# --- Who may issue: the transition table, from the unit's own grant --------------------------------------------


@pytest.mark.django_db
def test_only_the_units_own_officers_issue_its_report(
    province_officer, ministry_officer, commune_officer, province_report, commune_report
):
    approve_province_2025(province_officer, ministry_officer, province_report.unit)
    write_parts(province_officer, province_report)
    issue = {"number": "12", "issued_on": dt.date(2026, 1, 5)}
    with pytest.raises(PermissionDenied):  # the Ministry sees the province's draft but does not issue it
        services.document_finalise(actor=ministry_officer, document=province_report, **issue)
    with pytest.raises(PermissionDenied):  # nor does the province issue a commune's
        services.document_finalise(actor=province_officer, document=commune_report, **issue)
    with pytest.raises(NotFoundOrOutOfScope):  # a commune does not even see the province's draft
        services.document_finalise(actor=commune_officer, document=province_report, **issue)
    assert services.document_finalise(actor=province_officer, document=province_report, **issue).status == "final"


@pytest.mark.django_db
def test_the_issuing_role_comes_from_the_table(monkeypatch, province_officer, ministry_officer, province_report):
    monkeypatch.setitem(services.TRANSITIONS, ("draft", "final"), {"province": "ministry"})
    issue = {"number": "12", "issued_on": dt.date(2026, 1, 5)}
    with pytest.raises(PermissionDenied):
        services.document_finalise(actor=province_officer, document=province_report, **issue)
    with pytest.raises(ValidationFailed) as error:  # past the role check, stopped by the missing parts
        services.document_finalise(actor=ministry_officer, document=province_report, **issue)
    assert error.value.code == "incomplete"
