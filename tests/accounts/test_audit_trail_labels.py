"""The audit trail names changed fields in Vietnamese, not by their code names (issue 17: never English)."""

import pytest


@pytest.mark.django_db
def test_the_trail_shows_field_labels_not_code_names(client, province_officer, commune_officer):
    client.force_login(province_officer)
    body = client.get("/tai-khoan/nhat-ky/").content.decode()
    assert "phải đổi mật khẩu: – → không" in body, body
    for code_name in ("must_change_password", "home_unit:", "created_by", "None →"):
        assert code_name not in body
