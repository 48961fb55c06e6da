"""Management commands run `--as` a user, and refuse a unit outside that user's scope exactly as the web and the
API do (tester's report, item 2): "Không tìm thấy đơn vị.", a non-zero exit, nothing printed or written."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

NOT_FOUND = "Không tìm thấy đơn vị."


def _indicators(unit: str, username: str) -> str:
    out = StringIO()
    call_command("indicators", unit=unit, period="2025", username=username, format="table", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("unit", ["33", "Hưng Yên", "12583", "Tân Tiến, Hưng Yên", "00694", "08", "VN"])
def test_indicators_refuses_a_unit_outside_the_commune_officers_scope(commune_officer, unit):
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("indicators", unit=unit, period="2025", username="ca_12688", format="table", stdout=out)
    assert str(error.value) == NOT_FOUND and out.getvalue() == ""


@pytest.mark.django_db
def test_indicators_answers_units_in_scope(commune_officer, province_officer, ministry_officer):
    assert _indicators("VN", "bo_v05").splitlines()[0].endswith("— năm 2025")
    assert _indicators("12688", "ca_12688").startswith("Xã Đông Hưng, Tỉnh Hưng Yên — năm 2025")
    assert _indicators("33", "pv05_33").startswith("Tỉnh Hưng Yên — năm 2025")
    assert _indicators("Đông Hưng, Hưng Yên", "pv05_33").startswith("Xã Đông Hưng")
    with pytest.raises(CommandError) as error:
        _indicators("00694", "pv05_33")  # a commune of another province
    assert str(error.value) == NOT_FOUND
    with pytest.raises(CommandError) as error:
        _indicators("VN", "pv05_33")
    assert str(error.value) == NOT_FOUND


@pytest.mark.django_db
@pytest.mark.parametrize(("unit", "username"), [("33", "ca_12688"), ("12688", "ca_12583"), ("08", "pv05_33")])
def test_export_report_refuses_a_unit_outside_scope_as_not_found(
    tmp_path, commune_officer, other_commune_officer, province_officer, unit, username
):
    out = tmp_path / "r.docx"
    with pytest.raises(CommandError) as error:
        call_command(
            "export_report",
            *("--unit", unit, "--period", "2025", "--format", "docx", "--out", str(out), "--as", username),
            stdout=StringIO(),
        )
    assert str(error.value) == NOT_FOUND and not out.exists()
