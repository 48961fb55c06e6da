"""Dissolving a team and ending a membership are irreversible: the form carries the confirmation box and the view
refuses without it (antq.core.web.require_confirmed); a team is never dissolved on a day still to come (the
rule rules.dissolve_problems, shared by the service and the form)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.core.errors import ValidationFailed
from antq.forces import rules, services
from antq.forces.models import SecurityTeam, TeamMember, TeamStatus

CHECKBOX = 'name="confirm" value="1" required'


def test_the_dissolve_rule_refuses_a_day_to_come_and_a_day_before_founding():
    founded, today = dt.date(2024, 7, 15), dt.date(2025, 6, 1)
    assert rules.dissolve_problems(on=today, reason="Sáp nhập", founded_on=founded, today=today) == []
    future = rules.dissolve_problems(on=dt.date(2099, 1, 1), reason="Sáp nhập", founded_on=founded, today=today)
    assert [(p.field, p.message) for p in future] == [
        ("dissolved_on", "Ngày giải thể 01/01/2099 chưa tới; chỉ ghi nhận Tổ đã giải thể.")
    ]
    early = rules.dissolve_problems(on=dt.date(2024, 1, 1), reason=" ", founded_on=founded, today=today)
    assert [p.field for p in early] == ["dissolution_reason", "dissolved_on"]


@pytest.mark.django_db
def test_the_service_does_not_dissolve_a_team_on_a_day_to_come(commune_officer, team, leader):
    with pytest.raises(ValidationFailed, match="chưa tới"):
        services.team_dissolve(actor=commune_officer, team=team, on=dt.date(2099, 1, 1), reason="Sáp nhập")
    assert SecurityTeam.objects.get(pk=team.pk).status == TeamStatus.ACTIVE
    assert TeamMember.objects.get(pk=leader.pk).end_date is None


@pytest.mark.django_db
def test_dissolving_a_team_asks_for_confirmation_and_a_past_day(client, commune_officer, team, leader):
    client.force_login(commune_officer)
    assert CHECKBOX in client.get(reverse("forces:team", args=[team.pk])).content.decode()
    url = reverse("forces:team_dissolve", args=[team.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    unconfirmed = client.post(url, {"on": today, "reason": "Sáp nhập"}, follow=True).content.decode()
    assert "Cần đánh dấu ô xác nhận để giải thể Tổ" in unconfirmed
    future = client.post(url, {"on": "01/01/2099", "reason": "Sáp nhập", "confirm": "1"}, follow=True)
    assert "Ngày giải thể 01/01/2099 chưa tới" in future.content.decode()
    assert SecurityTeam.objects.get(pk=team.pk).status == TeamStatus.ACTIVE
    assert TeamMember.objects.get(pk=leader.pk).end_date is None
    done = client.post(url, {"on": today, "reason": "Sáp nhập", "confirm": "1"}, follow=True).content.decode()
    assert "Đã giải thể Tổ." in done
    assert SecurityTeam.objects.get(pk=team.pk).status == TeamStatus.DISSOLVED
    assert TeamMember.objects.get(pk=leader.pk).end_date == timezone.localdate()


@pytest.mark.django_db
def test_ending_a_membership_asks_for_confirmation(client, commune_officer, leader):
    client.force_login(commune_officer)
    assert CHECKBOX in client.get(reverse("forces:member", args=[leader.pk])).content.decode()
    url = reverse("forces:member_action", args=[leader.pk, "end"])
    data = {"end_date": timezone.localdate().strftime("%d/%m/%Y"), "reason": "own_request", "note": ""}
    refused = client.post(url, data, follow=True).content.decode()
    assert "Cần đánh dấu ô xác nhận để cho thôi tham gia" in refused
    assert TeamMember.objects.get(pk=leader.pk).end_date is None
    client.post(url, data | {"confirm": "1"})
    assert TeamMember.objects.get(pk=leader.pk).end_date == timezone.localdate()


@pytest.mark.django_db
def test_the_proposal_forms_selects_both_say_choose(client, team, leader):
    """Both selects of the team leader's proposal form show the same empty choice, not Django's "---------"."""
    from tests.forces.test_views import team_leader_user

    client.force_login(team_leader_user(team))
    page = client.get(reverse("forces:my_team")).content.decode()
    assert page.count('<option value="" selected>— chọn —</option>') == 2
    assert "---------" not in page
