"""A report submission can be withdrawn: its confirmation refusal says so, not "không hoàn tác được" (issue 19)."""

import pytest


@pytest.mark.django_db
def test_submitting_without_the_box_says_the_report_can_be_withdrawn(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post("/bao-cao/12688/2025-03/chuyen/", {"to": "submitted", "from": "draft"}, follow=True)
    text = response.content.decode()
    assert (
        "Cần đánh dấu ô xác nhận để gửi báo cáo lên cấp trên. Có thể rút lại báo cáo cho đến khi cấp trên xử lý."
        in text
    )
    assert "không hoàn tác được" not in text
