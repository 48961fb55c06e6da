"""Large imports confirmed as background jobs (antq/core/imports/background.py; issue 18, item 2): above
ANTQ_IMPORT_JOB_ROWS the confirm starts a job (run at once, in-process, by the tests' immediate backend — or held
in the queue where a test needs it queued), which checks the preview again and writes all or nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction

from antq.accounts.models import RoleAssignment
from antq.core import jobs, ports
from antq.core.errors import ValidationFailed
from antq.core.imports import background
from antq.core.imports import importer as importer_module
from antq.core.models import Job, JobStatus
from antq.geo.models import Locality
from tests.sheets import localities_xlsx

URL = "/dia-ban/xa/12688/nhap/thon/"
LIST_URL = "/dia-ban/xa/12688/"
ROWS = 12


def _file(rows=ROWS, first=0):
    data = localities_xlsx(*([f"Thôn số {n}", "Thôn", 100 + n, 400] for n in range(first, first + rows)))
    return SimpleUploadedFile("thon.xlsx", data)


@pytest.fixture
def small_threshold(settings):
    settings.ANTQ_IMPORT_JOB_ROWS = 5


@pytest.fixture
def held(monkeypatch):
    """Jobs stay queued (no worker takes them) until the test runs them with `run`."""
    monkeypatch.setattr(jobs, "_enqueue", lambda job: None)


def run(job):
    jobs.job_run.call(job.pk)
    job.refresh_from_db()
    return job


def _preview(client, rows=ROWS):
    response = client.post(URL, {"step": "upload", "file": _file(rows)})
    assert response.status_code == 200 and response.context["plan"].is_valid
    return response


def _confirm(client, token):
    return client.post(URL, {"step": "confirm", "token": token})


def _imported(commune):
    return Locality.objects.filter(commune=commune, name__startswith="Thôn số").count()


@pytest.mark.django_db
def test_large_import_runs_as_a_job_reports_progress_and_writes_every_row(
    client, commune_officer, dong_hung, small_threshold, monkeypatch
):
    reports = []
    real_progress_for = jobs._progress_for

    def spy(job):
        progress = real_progress_for(job)

        def report(done, total, text=""):
            reports.append((done, total, text))
            progress(done, total, text)

        return report

    monkeypatch.setattr(jobs, "_progress_for", spy)
    monkeypatch.setattr(importer_module, "PROGRESS_ROWS", 5)
    client.force_login(commune_officer)
    preview = _preview(client)
    assert "công việc chạy nền" in preview.content.decode()  # the preview says what confirming will do

    response = _confirm(client, preview.context["token"])

    job = Job.objects.get(owner=commune_officer, kind="import")
    assert response.status_code == 302 and response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.status == JobStatus.DONE and job.once_key == preview.context["token"]
    assert _imported(dong_hung) == ROWS
    assert [text for _done, _total, text in reports] == [
        "Đang kiểm tra lại dòng 0/12",
        "Đang kiểm tra lại dòng 5/12",
        "Đang kiểm tra lại dòng 10/12",
        "Đang kiểm tra lại dòng 12/12",
        "Đang ghi 12 dòng vào cơ sở dữ liệu (tất cả hoặc không dòng nào)",
        "Đang ghi 12 dòng vào cơ sở dữ liệu (tất cả hoặc không dòng nào)",  # inside the transaction, last
    ]
    assert {total for _done, total, _text in reports} == {24}  # checking is the first half, writing the second
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Đã xong" in page and "Đã nhập: 12 mới, 0 cập nhật, 0 giữ nguyên." in page
    assert f'href="{LIST_URL}"' in page and "/tai-ve/" not in page
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404  # a link, not a file
    assert not default_storage.exists(f"imports/{job.once_key}.upload")  # the upload is used once


@pytest.mark.django_db
def test_small_import_stays_synchronous(client, commune_officer, dong_hung, small_threshold):
    client.force_login(commune_officer)
    preview = _preview(client, rows=5)
    assert "công việc chạy nền" not in preview.content.decode()
    response = _confirm(client, preview.context["token"])
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert _imported(dong_hung) == 5 and not Job.objects.exists()


@pytest.mark.django_db
def test_a_write_failing_midway_writes_nothing_and_the_job_page_says_why(
    client, commune_officer, dong_hung, small_threshold, monkeypatch
):
    def audit_refuses(**kwargs):  # after the bulk insert, inside the transaction
        raise ValidationFailed("Không ghi được nhật ký; chưa nhập dòng nào.")

    monkeypatch.setattr(ports, "audit_objects", audit_refuses)
    client.force_login(commune_officer)
    job = Job.objects.get(pk=_job_pk(_confirm(client, _preview(client).context["token"])))
    assert (job.status, job.error) == (JobStatus.FAILED, "Không ghi được nhật ký; chưa nhập dòng nào.")
    assert _imported(dong_hung) == 0
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Không thành công: Không ghi được nhật ký; chưa nhập dòng nào." in page


def _job_pk(response):
    assert response.status_code == 302 and response["Location"].startswith("/cong-viec/")
    return int(response["Location"].strip("/").split("/")[-1])


@pytest.mark.django_db
def test_data_changed_since_the_preview_fails_the_job_and_writes_nothing(
    client, commune_officer, dong_hung, small_threshold, held
):
    client.force_login(commune_officer)
    job = Job.objects.get(pk=_job_pk(_confirm(client, _preview(client).context["token"])))
    assert job.status == JobStatus.QUEUED
    # Meanwhile someone saves one of the file's localities by hand: the plan is no longer what was previewed.
    Locality.objects.create(commune=dong_hung, name="Thôn số 3", kind="thon", households=1, population=1)
    job = run(job)
    assert job.status == JobStatus.FAILED and "Dữ liệu đã thay đổi từ lúc xem trước" in job.error
    assert _imported(dong_hung) == 1
    assert "Không thành công: Dữ liệu đã thay đổi" in client.get(f"/cong-viec/{job.pk}/").content.decode()


@pytest.mark.django_db
def test_an_upload_changed_on_disk_is_refused_by_the_job(client, commune_officer, dong_hung, small_threshold, held):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    job = Job.objects.get(pk=_job_pk(_confirm(client, token)))
    path = f"imports/{token}.upload"
    default_storage.delete(path)
    default_storage.save(path, _file(rows=ROWS, first=100))  # same size of file, other rows
    job = run(job)
    assert job.status == JobStatus.FAILED and "Tệp đã tải lên không còn như lúc xem trước" in job.error
    assert _imported(dong_hung) == 0


@pytest.mark.django_db
def test_a_preview_superseded_or_cancelled_after_the_click_is_refused_by_the_job(
    client, commune_officer, dong_hung, small_threshold, held
):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    superseded = Job.objects.get(pk=_job_pk(_confirm(client, token)))
    client.post(URL, {"step": "options", "token": token, "include_hidden": "1"})  # "Xem trước lại"
    token = _preview(client).context["token"]
    cancelled = Job.objects.get(pk=_job_pk(_confirm(client, token)))
    client.post(URL, {"step": "cancel", "token": token})
    for job in (superseded, cancelled):
        job = run(job)
        assert job.status == JobStatus.FAILED
        assert job.error == "Không tìm thấy tệp đã tải lên, hoặc đã quá hạn; hãy tải tệp lên lại."
    assert _imported(dong_hung) == 0


@pytest.mark.django_db
def test_a_user_who_lost_the_commune_meanwhile_imports_nothing(
    client, commune_officer, dong_hung, small_threshold, held
):
    client.force_login(commune_officer)
    job = Job.objects.get(pk=_job_pk(_confirm(client, _preview(client).context["token"])))
    RoleAssignment.objects.filter(user=commune_officer).delete()
    job = run(job)
    assert (job.status, job.error) == (JobStatus.FAILED, "Không tìm thấy đơn vị.")
    assert _imported(dong_hung) == 0


@pytest.mark.django_db
def test_a_second_confirm_while_queued_leads_to_the_same_job_and_imports_once(
    client, commune_officer, dong_hung, small_threshold, held
):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    first, second = _job_pk(_confirm(client, token)), _job_pk(_confirm(client, token))
    assert first == second and Job.objects.filter(kind="import").count() == 1
    job = run(Job.objects.get(pk=first))
    assert job.status == JobStatus.DONE and _imported(dong_hung) == ROWS
    third = _confirm(client, token)  # after the job: the upload is gone, as after a synchronous confirm
    assert third.status_code == 410
    assert _imported(dong_hung) == ROWS and Job.objects.filter(kind="import").count() == 1


@pytest.mark.django_db
def test_the_database_refuses_two_jobs_with_one_once_key(commune_officer):
    fields = {"owner": commune_officer, "kind": "import", "label": "Thử", "func_path": "x.y"}
    Job.objects.create(**fields, once_key="a" * 32)
    Job.objects.create(**fields)  # no key: any number
    Job.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(**fields, once_key="a" * 32)


@pytest.mark.django_db
def test_another_users_token_cannot_start_a_job(client, commune_officer, other_commune_officer, small_threshold):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    client.force_login(other_commune_officer)
    assert _confirm(client, token).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_failed_as_stale_before_its_write_stops_and_writes_nothing(
    client, commune_officer, dong_hung, small_threshold, monkeypatch
):
    load = background.plan_load

    def stale_meanwhile(*args, **kwargs):  # a stale check fails the job while it checks the file
        plan = load(*args, **kwargs)
        Job.objects.filter(kind="import").update(status=JobStatus.FAILED, error=jobs.STALE)
        return plan

    monkeypatch.setattr(background, "plan_load", stale_meanwhile)
    client.force_login(commune_officer)
    job = Job.objects.get(pk=_job_pk(_confirm(client, _preview(client).context["token"])))
    assert (job.status, job.error) == (JobStatus.FAILED, jobs.STALE)  # not overwritten by the run
    assert _imported(dong_hung) == 0  # never "failed" on the page with the rows written behind it


@pytest.mark.django_db
def test_an_import_job_interrupted_by_a_restart_is_retried_with_its_upload_and_imports_once(
    client, commune_officer, dong_hung, small_threshold, held, monkeypatch
):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    job = Job.objects.get(pk=_job_pk(_confirm(client, token)))
    # A worker took it and was killed mid-write: the database rolled the write back, the row still says running.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    assert default_storage.exists(f"imports/{token}.upload")  # kept until a run ends, for the retry
    monkeypatch.undo()  # the worker starts again: jobs run
    call_command("jobs_recover")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert _imported(dong_hung) == ROWS
    assert f'href="{LIST_URL}"' in client.get("/cong-viec/").content.decode()  # the list links to the import too


@pytest.mark.django_db
def test_an_account_disabled_before_the_job_runs_imports_nothing(
    client, commune_officer, dong_hung, small_threshold, held
):
    client.force_login(commune_officer)
    token = _preview(client).context["token"]
    job = Job.objects.get(pk=_job_pk(_confirm(client, token)))
    type(commune_officer).objects.filter(pk=commune_officer.pk).update(is_active=False)
    job = run(job)
    assert (job.status, job.error) == (JobStatus.FAILED, "Tài khoản đã bị khóa; dữ liệu chưa được nhập.")
    assert _imported(dong_hung) == 0 and not default_storage.exists(f"imports/{token}.upload")
