"""Ending a scheme site is irreversible (an ended site never runs again, unlike a suspension): the form carries the
confirmation box, the view refuses without it, and the last day cannot be one still to come."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.core.errors import ValidationFailed
from antq.schemes import services
from antq.schemes.models import SchemeSite, SiteStatus

CHECKBOX = 'name="confirm" value="1" required'


@pytest.mark.django_db
def test_ending_a_site_asks_for_confirmation(client, commune_officer, dong_site):
    client.force_login(commune_officer)
    assert CHECKBOX in client.get(reverse("schemes:site", args=[dong_site.pk])).content.decode()
    url = reverse("schemes:site_action", args=[dong_site.pk, "end"])
    data = {"on": timezone.localdate().strftime("%d/%m/%Y"), "reason": "Sáp nhập thôn"}
    refused = client.post(url, data, follow=True).content.decode()
    assert "Cần đánh dấu ô xác nhận để dừng hoạt động điểm mô hình" in refused
    assert SchemeSite.objects.get(pk=dong_site.pk).status == SiteStatus.ACTIVE
    client.post(url, data | {"confirm": "1"})
    assert SchemeSite.objects.get(pk=dong_site.pk).status == SiteStatus.ENDED


@pytest.mark.django_db
def test_a_site_does_not_end_on_a_day_to_come(commune_officer, dong_site):
    with pytest.raises(ValidationFailed, match="chưa đến"):
        services.site_end(actor=commune_officer, site=dong_site, on=dt.date(2099, 1, 1), reason="Sáp nhập thôn")
    assert SchemeSite.objects.get(pk=dong_site.pk).status == SiteStatus.ACTIVE
