"""`manage.py export_report`: the same documents from the command line, scoped to --as."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from antq.core.periods import Period
from antq.documents import services
from antq.reporting import services as reporting_services
from antq.reporting.selectors import missing_children
from tests.documents.helpers import docx_text, flat, pdf_text


def export(tmp_path, name, *args):
    out = tmp_path / name
    stdout = io.StringIO()
    call_command("export_report", *args, "--out", str(out), stdout=stdout)
    return out.read_bytes(), stdout.getvalue()


@pytest.mark.django_db
def test_docx_from_live_values_says_they_are_not_approved(tmp_path, province_officer, report_data):
    data, said = export(tmp_path, "r.docx", "--unit", "33", "--period", "2025", "--format", "docx", "--as", "pv05_33")
    text = docx_text(data)
    assert "Số liệu chưa được phê duyệt" in text and "số liệu chưa được phê duyệt" in said
    assert "đạt tỷ lệ 86,2%" in flat(text) and "CÔNG AN TỈNH HƯNG YÊN" in text.splitlines()


@pytest.mark.django_db
def test_unit_by_name_and_pdf_and_xlsx(tmp_path, commune_officer, report_data):
    args = ("--unit", "Xã Đông Hưng, Hưng Yên", "--period", "2025", "--as", "ca_12688")
    pdf, _ = export(tmp_path, "r.pdf", *args, "--format", "pdf")
    text = pdf_text(pdf)
    assert "CÔNG AN XÃ ĐÔNG HƯNG" in text and "03 tổ hòa giải ở cơ sở với 15 hòa giải viên" in text
    xlsx, _ = export(tmp_path, "r.xlsx", *args, "--format", "xlsx")
    summary = {r[1]: r for r in openpyxl.load_workbook(io.BytesIO(xlsx))["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["mediation_cases"][4] == 40


@pytest.mark.django_db
def test_default_user_is_a_ministry_officer_and_scope_applies(tmp_path, ministry_officer, other_commune_officer):
    data, _ = export(tmp_path, "r.docx", "--unit", "33", "--period", "2025", "--format", "docx")
    assert "CÔNG AN TỈNH HƯNG YÊN" in docx_text(data)
    with pytest.raises(CommandError):
        export(tmp_path, "x.docx", "--unit", "12688", "--period", "2025", "--format", "docx", "--as", "ca_12583")
    with pytest.raises(CommandError):
        export(tmp_path, "x.docx", "--unit", "33", "--period", "2025-07", "--format", "docx")


@pytest.mark.django_db
def test_issued_document_is_written_as_issued(
    tmp_path, province_officer, ministry_officer, commune_officer, province_report, hung_yen, dong_hung
):
    y2025 = Period.parse("2025")
    reasons = {child.code: "Chưa gửi" for child, _ in missing_children(hung_yen, y2025)}  # communes not approved
    for actor, status in ((province_officer, "submitted"), (ministry_officer, "approved")):
        reporting_services.submission_transition(
            actor=actor, unit=hung_yen, period=y2025, to_status=status, missing_reasons=reasons
        )
    services.document_update(
        actor=province_officer,
        document=province_report,
        shortcomings="Hạn chế.",
        directions="Nhiệm vụ.",
        signer_name="Nguyễn Văn Hùng",
    )
    services.document_finalise(
        actor=province_officer, document=province_report, number="12", issued_on=dt.date(2026, 1, 5)
    )
    reporting_services.values_enter(
        actor=commune_officer, unit=dong_hung, period=y2025, values={"mediation_cases": ("80", "exact")}
    )
    data, said = export(tmp_path, "r.docx", "--unit", "33", "--period", "2025", "--format", "docx", "--as", "pv05_33")
    text = flat(docx_text(data))
    assert "Số: 12/BC-CAT-PV05" in text and "65 vụ việc" in text and "số liệu đã phê duyệt" in said
