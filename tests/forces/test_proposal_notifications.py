"""A team leader's roster proposal tells the commune officers, and the decision tells the team leader back, with
the officer's note when refused (issue 17 item 4)."""

import pytest
from django.urls import reverse

from antq.accounts.models import Notification
from antq.core.errors import ValidationFailed
from antq.forces import services
from antq.forces.models import ProposalStatus


def _propose(team_leader, team, leader):
    return services.proposal_create(
        actor=team_leader, team=team, kind="end", member=leader, payload={}, reason="Chuyển đi nơi khác"
    )


@pytest.mark.django_db
def test_a_proposal_tells_the_communes_officers_and_nobody_else(
    team_leader, team, leader, commune_officer, other_commune_officer, province_officer
):
    proposal = _propose(team_leader, team, leader)
    told = Notification.objects.get(user=commune_officer)
    assert told.text == (f"Đề nghị cho thôi tham gia Trần Văn Bình: {team_leader} ({team.name}) đề nghị, chờ xác nhận.")
    assert told.url == reverse("forces:team", args=[proposal.team_id])
    assert set(Notification.objects.values_list("user_id", flat=True)) == {commune_officer.pk}


@pytest.mark.django_db
def test_a_refusal_tells_the_team_leader_with_the_note(team_leader, team, leader, commune_officer):
    proposal = _propose(team_leader, team, leader)
    services.proposal_decide(actor=commune_officer, proposal=proposal, confirm=False, note="Chưa có đơn xin thôi")
    told = Notification.objects.get(user=team_leader)
    assert told.text == (
        f"Đề nghị cho thôi tham gia Trần Văn Bình ({team.name}) bị Công an xã từ chối: Chưa có đơn xin thôi"
    )
    assert told.url == reverse("forces:my_team")


@pytest.mark.django_db
def test_a_confirmation_tells_the_team_leader_too(team_leader, team, leader, commune_officer):
    proposal = _propose(team_leader, team, leader)
    services.proposal_decide(actor=commune_officer, proposal=proposal, confirm=True)
    told = Notification.objects.get(user=team_leader)
    assert told.text == f"Đề nghị cho thôi tham gia Trần Văn Bình ({team.name}) đã được Công an xã xác nhận."


@pytest.mark.django_db
def test_a_note_too_long_is_refused_and_nobody_is_told(team_leader, team, leader, commune_officer):
    proposal = _propose(team_leader, team, leader)
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_decide(actor=commune_officer, proposal=proposal, confirm=False, note="x" * 251)
    assert refused.value.field == "note"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not Notification.objects.filter(user=team_leader).exists()


@pytest.mark.django_db
def test_the_officer_refuses_with_a_note_on_the_page_and_the_leader_reads_it(
    client, team_leader, team, leader, commune_officer
):
    proposal = _propose(team_leader, team, leader)
    client.force_login(commune_officer)
    team_page = client.get(reverse("forces:team", args=[team.pk])).content.decode()
    assert 'name="note"' in team_page
    client.post(
        reverse("forces:proposal_decide", args=[proposal.pk]), {"decision": "reject", "note": "Chưa có đơn xin thôi"}
    )
    client.force_login(team_leader)
    assert "Ý kiến của Công an xã: Chưa có đơn xin thôi" in client.get(reverse("forces:my_team")).content.decode()
    notices = client.get(reverse("reporting:notifications")).content.decode()
    assert "bị Công an xã từ chối: Chưa có đơn xin thôi" in notices


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_a_proposal_decided_twice_is_refused_with_a_message(
    client, team_leader, team, leader, commune_officer, decision
):
    """A replayed decision (the same form posted again) shows "Đề nghị đã được xử lý." and changes nothing —
    it was a 500 (the view handed run_service an unvalidated form)."""
    proposal = _propose(team_leader, team, leader)
    client.force_login(commune_officer)
    url = reverse("forces:proposal_decide", args=[proposal.pk])
    client.post(url, {"decision": decision, "note": ""})
    proposal.refresh_from_db()
    decided = (proposal.status, proposal.decided_at)
    other = "reject" if decision == "confirm" else "confirm"
    for again in (decision, other):
        response = client.post(url, {"decision": again, "note": "lần hai"}, follow=True)
        assert response.status_code == 200
        assert "Đề nghị đã được xử lý." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_at, proposal.decision_note) == (*decided, "")
    assert Notification.objects.filter(user=team_leader).count() == 1


def test_a_refusal_lands_on_a_form_that_was_never_validated():
    """add_problems (run_service's way of showing a refusal) works on any form, validated, bound or not."""
    from django import forms

    from antq.core.forms import add_problems

    class Form(forms.Form):
        note = forms.CharField(required=False)

    for form in (Form(), Form({"note": "x"})):
        add_problems(form, [(None, "Đề nghị đã được xử lý."), ("note", "Quá dài.")])
        assert form.errors == {"__all__": ["Đề nghị đã được xử lý."], "note": ["Quá dài."]}
