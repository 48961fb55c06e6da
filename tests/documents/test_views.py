"""Pages: lists, drafting, editing, finalising and downloads through the browser's eyes; viewers; query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.periods import Period
from antq.documents import services
from antq.documents.models import ReportDocument
from antq.reporting import services as reporting_services
from tests.documents.helpers import docx_text, flat


@pytest.mark.django_db
def test_index_lists_own_documents_and_is_404_without_a_role(client, commune_officer, no_role_user, commune_report):
    client.force_login(commune_officer)
    response = client.get("/van-ban/")
    assert response.status_code == 200
    assert commune_report.subject in response.content.decode()
    client.force_login(no_role_user)
    assert client.get("/van-ban/").status_code == 404


@pytest.mark.django_db
def test_unit_page_offers_drafting_to_the_units_own_officers_only(client, commune_officer, province_officer):
    client.force_login(commune_officer)
    assert "Lập dự thảo" in client.get("/van-ban/12688/").content.decode()
    client.force_login(province_officer)
    page = client.get("/van-ban/12688/").content.decode()
    assert "Lập dự thảo" not in page  # the province reads a commune's reports; the commune writes them
    assert "Lập dự thảo" in client.get("/van-ban/33/").content.decode()
    assert client.post("/van-ban/12688/tao/", {"period": "2025"}).status_code == 404


@pytest.mark.django_db
def test_draft_edit_and_download(client, commune_officer, dong_hung, team):
    client.force_login(commune_officer)
    response = client.post("/van-ban/12688/tao/", {"period": "2025"})
    document = ReportDocument.objects.get(unit=dong_hung, period="2025")
    assert response.status_code == 302 and response["Location"] == f"/van-ban/bao-cao/{document.pk}/"
    again = client.post("/van-ban/12688/tao/", {"period": "2025"})  # the same period: back to the existing draft
    assert again["Location"] == f"/van-ban/bao-cao/{document.pk}/"

    page = client.get(f"/van-ban/bao-cao/{document.pk}/").content.decode()
    assert "BÁO CÁO" in page and "CÔNG AN XÃ ĐÔNG HƯNG" in page
    assert "data-progress" in page and "Đang tạo…" in page and "documents/progress.js" in page

    form = client.get(f"/van-ban/bao-cao/{document.pk}/sua/").context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["shortcomings"] = "Công tác nắm tình hình ở một số thôn còn hạn chế."
    assert client.post(f"/van-ban/bao-cao/{document.pk}/sua/", data).status_code == 302
    download = client.get(f"/van-ban/bao-cao/{document.pk}/tai-ve.docx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert 'filename="bao-cao-12688-2025.docx"' in download["Content-Disposition"]
    assert "Công tác nắm tình hình ở một số thôn còn hạn chế." in docx_text(download.content)
    assert client.get(f"/van-ban/bao-cao/{document.pk}/tai-ve.pdf")["Content-Type"] == "application/pdf"
    assert client.get(f"/van-ban/bao-cao/{document.pk}/tai-ve.xlsx").status_code == 200
    assert client.get(f"/van-ban/bao-cao/{document.pk}/tai-ve.odt").status_code == 404


@pytest.mark.django_db
def test_finalise_page_explains_why_it_cannot_issue_unapproved_figures(client, commune_officer, commune_report):
    client.force_login(commune_officer)
    response = client.post(
        f"/van-ban/bao-cao/{commune_report.pk}/phat-hanh/", {"number": "7", "issued_on": "05/01/2026", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Trước khi phát hành cần nhập" in response.content.decode()


@pytest.mark.django_db
def test_finalise_through_the_page_then_viewers_download_it(
    client, settings, commune_officer, province_officer, viewer, dong_hung, commune_report
):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    y2025 = Period.parse("2025")
    reporting_services.values_enter(
        actor=commune_officer, unit=dong_hung, period=y2025, values={"tips_received": ("8", "exact")}
    )
    for actor, status in ((commune_officer, "submitted"), (province_officer, "approved")):
        reporting_services.submission_transition(actor=actor, unit=dong_hung, period=y2025, to_status=status)
    services.document_update(
        actor=commune_officer,
        document=commune_report,
        shortcomings="Hạn chế.",
        directions="Nhiệm vụ.",
        signer_name="Lê Văn Tâm",
    )
    client.force_login(viewer)
    assert client.get(f"/van-ban/bao-cao/{commune_report.pk}/").status_code == 404  # a draft: officers only
    client.force_login(commune_officer)
    response = client.post(
        f"/van-ban/bao-cao/{commune_report.pk}/phat-hanh/", {"number": "7", "issued_on": "05/01/2026", "confirm": "1"}
    )
    assert response.status_code == 302
    final = ReportDocument.objects.get(pk=commune_report.pk)
    assert (final.status, final.number, final.issued_on) == ("final", "7", dt.date(2026, 1, 5))
    assert client.get(f"/van-ban/bao-cao/{final.pk}/sua/").status_code == 302  # locked: back to the page
    client.force_login(viewer)
    assert client.get(f"/van-ban/bao-cao/{final.pk}/").status_code == 200
    text = flat(docx_text(client.get(f"/van-ban/bao-cao/{final.pk}/tai-ve.docx").content))
    assert "Số: 7/BC-CAX" in text and "Đông Hưng, ngày 05 tháng 01 năm 2026" in text
    assert "Quần chúng nhân dân đã cung cấp 08 tin báo, tố giác tội phạm" in text
    assert client.get(f"/van-ban/bao-cao/{final.pk}/sua/").status_code == 404


@pytest.mark.django_db
def test_team_leaders_never_reach_the_forms(client, team_leader, team):
    client.force_login(team_leader)
    assert client.get(f"/van-ban/to/{team.pk}/mau-05.docx").status_code == 404
    assert client.get("/van-ban/xa/12688/mau-to/").status_code == 404


@pytest.mark.django_db
def test_team_forms_page_and_unknown_form(client, commune_officer, team):
    client.force_login(commune_officer)
    page = client.get("/van-ban/xa/12688/mau-to/").content.decode()
    assert team.name in page and f"/van-ban/to/{team.pk}/mau-08-thanh-lap.docx" in page
    assert client.get(f"/van-ban/to/{team.pk}/mau-99.docx").status_code == 404
    response = client.get(f"/van-ban/to/{team.pk}/mau-05.docx")
    assert response.status_code == 200 and 'filename="mau-05-to-' in response["Content-Disposition"]


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_documents(client, province_officer, commune_officer, dong_hung):
    client.force_login(province_officer)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.document_create(actor=commune_officer, unit=dong_hung, period=Period.parse("2025"))
    before = (count("/van-ban/"), count("/van-ban/12688/"))
    for code in ("2025H1", "2024", "2024H2"):
        services.document_create(actor=commune_officer, unit=dong_hung, period=Period.parse(code))
    assert (count("/van-ban/"), count("/van-ban/12688/")) == before
