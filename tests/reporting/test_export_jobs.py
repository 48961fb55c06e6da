"""The drill-down's XLSX export (province and national lists run long) as a background job: the page's button starts
it with the page's filters, the job's page offers the same file the direct export gives; scoped like the page."""

import io

import pytest
from openpyxl import load_workbook

from antq.core.models import Job, JobStatus
from antq.reporting import exports
from tests.reporting.test_drilldown_find import EXPORT, SESSIONS, sessions  # noqa: F401 - the fixture

EXPORT_JOB = SESSIONS + "tao-tep.xlsx"


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


@pytest.mark.django_db
def test_province_export_runs_as_a_job_with_the_pages_filters(client, province_officer, sessions, monkeypatch):  # noqa: F811
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    client.force_login(province_officer)
    page = client.get(SESSIONS.format(unit="33"), {"don_vi": "12688"}).content.decode()
    assert 'action="/bao-cao/33/2025/chi-tiet/outreach_sessions/tao-tep.xlsx?don_vi=12688"' in page

    started = client.post(EXPORT_JOB.format(unit="33") + "?don_vi=12688")
    job = Job.objects.get(owner=province_officer)
    assert started.status_code == 302 and started["Location"] == f"/cong-viec/{job.pk}/"
    assert (job.status, job.kind, job.unit.code) == (JobStatus.DONE, "drilldown_xlsx", "33")
    assert job.result_name == "chi-tiet-outreach_sessions-33-2025.xlsx"
    assert (job.progress_done, job.progress_total) == (4, 4)  # one report per row here (PROGRESS_EVERY = 1)

    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    from_job = _rows(b"".join(download.streaming_content))
    direct = _rows(client.get(EXPORT.format(unit="33"), {"don_vi": "12688"}).content)
    assert from_job == direct and len(from_job) == 1 + 4  # Đông Hưng's four sessions only


@pytest.mark.django_db
def test_export_job_is_refused_like_the_page(client, viewer, commune_officer, province_officer, sessions):  # noqa: F811
    client.force_login(viewer)  # figures only, never the records
    assert client.post(EXPORT_JOB.format(unit="33")).status_code == 404
    client.force_login(commune_officer)
    assert client.post(EXPORT_JOB.format(unit="12583")).status_code == 404
    client.force_login(province_officer)
    refused = client.post(EXPORT_JOB.format(unit="33") + "?tu_ngay=31/02/2025")
    assert refused.status_code == 400 and "Ngày từ: ngày không hợp lệ" in refused.content.decode()
    assert not Job.objects.exists()
