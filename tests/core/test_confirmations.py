"""Irreversible actions are confirmed one way everywhere (issue 17 item 4): a required checkbox in the form
(templates/core/confirm.html) and a refusal without it in the view (antq.core.web.require_confirmed) — delete,
submit, approve, issue. Reports' submit and approve: tests/reporting/test_workflow_feedback.py; outreach delete:
tests/activities/test_views.py::test_edit_and_delete."""

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.activities.models import Award
from antq.core.periods import Period
from antq.documents import services as document_services
from antq.documents.models import ReportDocument
from antq.reporting import services as reporting_services

CHECKBOX = 'name="confirm" value="1" required'


@pytest.mark.django_db
def test_an_award_decision_is_not_recorded_unconfirmed(client, province_officer, submitted_proposal):
    client.force_login(province_officer)
    url = reverse("activities:proposal_transition", args=[submitted_proposal.pk])
    page = client.get(reverse("activities:proposal", args=[submitted_proposal.pk])).content.decode()
    assert page.count(CHECKBOX) == 1  # approve; returning is not irreversible
    refused = client.post(url, {"to_status": "approved"}, follow=True).content.decode()
    assert "Cần đánh dấu ô xác nhận để duyệt đề nghị khen thưởng" in refused
    submitted_proposal.refresh_from_db()
    assert submitted_proposal.status == "submitted"
    client.post(url, {"to_status": "approved", "confirm": "1"})
    decision = {"to_status": "decided", "decision_number": "7/QĐ-CAT", "signer": "Giám đốc"}
    decision["decision_date"] = timezone.localdate().strftime("%d/%m/%Y")
    client.post(url, decision)
    assert not Award.objects.exists()
    done = client.post(url, decision | {"confirm": "1"}, follow=True).content.decode()
    assert Award.objects.count() == 1
    assert "Đã ghi quyết định khen thưởng" in done


@pytest.mark.django_db
def test_a_document_is_not_issued_unconfirmed(
    client, settings, commune_officer, province_officer, dong_hung, commune_report
):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    y2025 = Period.parse("2025")
    for actor, status in ((commune_officer, "submitted"), (province_officer, "approved")):
        reporting_services.submission_transition(actor=actor, unit=dong_hung, period=y2025, to_status=status)
    document_services.document_update(
        actor=commune_officer, document=commune_report, shortcomings="Hạn chế.", directions="Nhiệm vụ.", signer_name="A"
    )
    client.force_login(commune_officer)
    url = reverse("documents:finalise", args=[commune_report.pk])
    assert CHECKBOX in client.get(url).content.decode()
    refused = client.post(url, {"number": "7", "issued_on": "05/01/2026"})
    assert refused.status_code == 200
    assert "Cần đánh dấu ô xác nhận để phát hành báo cáo" in refused.content.decode()
    assert ReportDocument.objects.get(pk=commune_report.pk).status != "final"
    assert client.post(url, {"number": "7", "issued_on": "05/01/2026", "confirm": "1"}).status_code == 302
    assert ReportDocument.objects.get(pk=commune_report.pk).status == "final"
