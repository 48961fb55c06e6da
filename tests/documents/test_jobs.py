"""The document download journey through a background job: the page's button starts a job, its page shows the
progress then the file — the same file the direct download gives."""

import pytest

from antq.core.jobs import job_start
from antq.core.models import Job, JobStatus
from tests.documents.helpers import docx_text, flat


@pytest.mark.django_db
def test_document_download_runs_as_a_job_and_its_page_offers_the_file(client, commune_officer, commune_report):
    client.force_login(commune_officer)
    detail = client.get(f"/van-ban/bao-cao/{commune_report.pk}/").content.decode()
    assert f'action="/van-ban/bao-cao/{commune_report.pk}/tao-tep.docx"' in detail

    started = client.post(f"/van-ban/bao-cao/{commune_report.pk}/tao-tep.docx")
    job = Job.objects.get(owner=commune_officer)
    assert started.status_code == 302 and started["Location"] == f"/cong-viec/{job.pk}/"
    assert (job.status, job.kind, job.unit, job.progress_text) == (
        JobStatus.DONE,
        "document_docx",
        commune_report.unit,
        "Đã tạo xong",
    )

    page = client.get(started["Location"]).content.decode()
    assert "Đã xong" in page and "bao-cao-12688-2025.docx" in page
    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    data = b"".join(download.streaming_content)
    direct = client.get(f"/van-ban/bao-cao/{commune_report.pk}/tai-ve.docx").content
    assert flat(docx_text(data)) == flat(docx_text(direct))


@pytest.mark.django_db
def test_document_job_is_refused_out_of_scope_and_for_an_unknown_format(
    client, commune_officer, other_commune_officer, commune_report
):
    client.force_login(other_commune_officer)
    assert client.post(f"/van-ban/bao-cao/{commune_report.pk}/tao-tep.pdf").status_code == 404
    client.force_login(commune_officer)
    assert client.post(f"/van-ban/bao-cao/{commune_report.pk}/tao-tep.odt").status_code == 404
    assert client.get(f"/van-ban/bao-cao/{commune_report.pk}/tao-tep.pdf").status_code == 405
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_document_job_checks_scope_again_when_it_runs(other_commune_officer, commune_report):
    # A job's function fetches the document through its owner's scope (a role ended meanwhile, say): a clear reason.
    job = job_start(
        actor=other_commune_officer,
        unit=None,
        kind="document_pdf",
        label="Tệp PDF",
        func_path="antq.documents.services.document_file_job",
        kwargs={"document_id": commune_report.pk, "fmt": "pdf"},
    )
    assert (job.status, job.error, job.result.name) == (JobStatus.FAILED, "Không tìm thấy văn bản.", "")
