"""Fixtures of core's own tables: a finished background job (tests/core/route_cases.py)."""

import pytest

from antq.core import jobs


def write_text(*, actor, unit, progress, text: str) -> jobs.JobFile:
    """A job function for the tests: reports two steps and returns `text` as a file."""
    progress(1, 2, "Bước một")
    progress(2, 2, "Bước hai")
    return jobs.JobFile(data=text.encode(), filename="ket-qua.txt", content_type="text/plain")


@pytest.fixture
def commune_job(commune_officer, dong_hung):
    """A job commune 12688's officer ran to the end (immediate backend)."""
    return jobs.job_start(
        actor=commune_officer,
        unit=dong_hung,
        kind="test",
        label="Tệp thử",
        func_path="tests.core.fixtures.write_text",
        kwargs={"text": "xin chào"},
    )
