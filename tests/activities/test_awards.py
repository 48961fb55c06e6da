"""Award proposals: each transition only by the right role, illegal ones refused, every step recorded, an Award on
decision; the medal's rules (once per person, years of service for leaders / men / women, hardship double)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from antq.activities import awards
from antq.activities.models import Award, AwardTransition, ProposalStatus
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.forces.models import TeamMember
from tests.activities.fixtures import MAN, WOMAN, decide, proposal_data
from tests.summaries import raw_rows


def move(actor, proposal, to, **extra):
    return awards.proposal_transition(actor=actor, proposal=proposal, to_status=to, **extra)


# --- Creating and editing ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_officer_drafts_for_own_commune_only(commune_officer, tan_tien, hung_yen, award_forms, draft_proposal):
    assert (draft_proposal.status, draft_proposal.nominee_name) == ("draft", "Trần Văn Bình")
    with pytest.raises(NotFoundOrOutOfScope):
        awards.proposal_create(actor=commune_officer, unit=tan_tien, **proposal_data(award_forms))
    with pytest.raises(NotFoundOrOutOfScope):
        awards.proposal_create(actor=commune_officer, unit=hung_yen, **proposal_data(award_forms))


@pytest.mark.django_db
def test_province_officer_drafts_for_the_province_not_for_a_commune(province_officer, hung_yen, dong_hung, award_forms):
    own = awards.proposal_create(actor=province_officer, unit=hung_yen, **proposal_data(award_forms))
    assert own.proposing_unit == hung_yen
    with pytest.raises(PermissionDenied):
        awards.proposal_create(actor=province_officer, unit=dong_hung, **proposal_data(award_forms))


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["viewer", "no_role_user", "other_province_officer"])
def test_viewers_and_strangers_cannot_propose(request, actor, dong_hung, award_forms):
    with pytest.raises(NotFoundOrOutOfScope):
        awards.proposal_create(actor=request.getfixturevalue(actor), unit=dong_hung, **proposal_data(award_forms))


@pytest.mark.django_db
def test_a_collective_needs_its_name_and_gets_the_proposing_unit(commune_officer, dong_hung, award_forms):
    with pytest.raises(ValidationFailed) as refused:
        awards.proposal_create(
            actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, person={}, nominee_kind="collective")
        )
    assert refused.value.field == "collective_name"
    collective = awards.proposal_create(
        actor=commune_officer,
        unit=dong_hung,
        **proposal_data(award_forms, person=MAN, nominee_kind="collective", collective_name="Tổ bảo vệ ANTT thôn 1"),
    )
    assert (collective.collective_unit, collective.full_name, collective.national_id) == (dong_hung, "", "")


@pytest.mark.django_db
def test_a_wrong_cccd_is_refused(commune_officer, dong_hung, award_forms):
    with pytest.raises(ValidationFailed) as refused:
        awards.proposal_create(
            actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, national_id="033080000111")
        )
    assert refused.value.field == "national_id" and "năm sinh" in refused.value.message


@pytest.mark.django_db
def test_a_linked_member_lends_their_identity(commune_officer, dong_hung, award_forms, leader):
    proposal = awards.proposal_create(
        actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, person={"member": leader})
    )
    assert (proposal.full_name, proposal.national_id, proposal.gender) == (
        leader.full_name,
        leader.national_id,
        leader.gender,
    )


@pytest.mark.django_db
def test_the_medal_is_for_individuals_with_a_cccd(commune_officer, dong_hung, award_forms):
    with pytest.raises(ValidationFailed) as refused:
        awards.proposal_create(
            actor=commune_officer,
            unit=dong_hung,
            **proposal_data(award_forms, "ky-niem-chuong", nominee_kind="collective", collective_name="Tổ 1"),
        )
    assert refused.value.field == "nominee_kind"
    with pytest.raises(ValidationFailed) as refused:
        awards.proposal_create(
            actor=commune_officer,
            unit=dong_hung,
            **proposal_data(award_forms, "ky-niem-chuong", national_id="", medal_basis="leader"),
        )
    assert refused.value.field == "national_id"


@pytest.mark.django_db
def test_only_draft_or_returned_proposals_are_edited(commune_officer, submitted_proposal):
    with pytest.raises(ValidationFailed):
        awards.proposal_update(actor=commune_officer, proposal=submitted_proposal, achievements="Khác")


# --- Transitions ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_whole_way_records_who_when_why_and_makes_an_award(
    commune_officer, province_officer, draft_proposal, hung_yen
):
    move(commune_officer, draft_proposal, "submitted")
    move(province_officer, draft_proposal, "returned", reason="Bổ sung thành tích")
    awards.proposal_update(actor=commune_officer, proposal=draft_proposal, achievements="Thành tích đã bổ sung.")
    move(commune_officer, draft_proposal, "submitted", reason="Đã bổ sung")
    move(province_officer, draft_proposal, "approved")
    decide(province_officer, draft_proposal, number="45/QĐ-CAT")
    steps = list(AwardTransition.objects.filter(proposal=draft_proposal).values_list("from_status", "to_status"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "approved"),
        ("approved", "decided"),
    ]
    returned = AwardTransition.objects.get(proposal=draft_proposal, to_status="returned")
    assert (returned.actor, returned.reason) == (province_officer, "Bổ sung thành tích")
    assert returned.at is not None and timezone.is_aware(returned.at)
    award = Award.objects.get(proposal=draft_proposal)
    assert (award.name, award.decision_number, award.unit_id, award.nominee_kind, award.is_medal) == (
        "Trần Văn Bình",
        "45/QĐ-CAT",
        draft_proposal.proposing_unit_id,
        "person",
        False,
    )
    draft_proposal.refresh_from_db()
    assert (draft_proposal.status, draft_proposal.submitted_on) == ("decided", timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "to", "actor"),
    [
        ("draft_proposal", "submitted", "province_officer"),  # the commune submits its own
        ("submitted_proposal", "approved", "commune_officer"),
        ("submitted_proposal", "returned", "commune_officer"),
        ("approved_proposal", "decided", "commune_officer"),
    ],
)
def test_a_step_by_the_wrong_role_is_refused(request, fixture, to, actor):
    proposal = request.getfixturevalue(fixture)
    before, steps = proposal.status, proposal.transitions.count()
    with pytest.raises(PermissionDenied) as refused:
        move(request.getfixturevalue(actor), proposal, to, reason="x", **_decision())
    assert "Bước này do" in refused.value.message
    proposal.refresh_from_db()
    assert (proposal.status, proposal.transitions.count()) == (before, steps)


def _decision():
    return {"decision_number": "1/QĐ", "decision_date": timezone.localdate(), "signer": "Giám đốc"}


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["other_commune_officer", "other_province_officer", "viewer", "no_role_user"])
def test_out_of_scope_or_viewer_gets_not_found(request, actor, submitted_proposal):
    with pytest.raises(NotFoundOrOutOfScope):
        move(request.getfixturevalue(actor), submitted_proposal, "approved")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "to"),
    [
        ("draft_proposal", "approved"),
        ("draft_proposal", "decided"),
        ("submitted_proposal", "decided"),
        ("submitted_proposal", "draft"),
        ("approved_proposal", "submitted"),
        ("decided_award", "submitted"),
        ("decided_award", "returned"),
    ],
)
def test_illegal_transitions_are_refused_in_vietnamese(request, ministry_officer, fixture, to):
    found = request.getfixturevalue(fixture)
    proposal = found.proposal if isinstance(found, Award) else found
    with pytest.raises(ValidationFailed) as refused:
        move(ministry_officer, proposal, to, reason="x", **_decision())
    assert refused.value.code == "illegal_transition"
    assert refused.value.message.startswith("Không thể chuyển đề nghị từ")


@pytest.mark.django_db
def test_the_ministry_neither_submits_nor_approves_a_communes_proposal(
    ministry_officer, commune_officer, draft_proposal, dong_hung, award_forms
):
    with pytest.raises(PermissionDenied):
        move(ministry_officer, draft_proposal, "submitted")
    with pytest.raises(PermissionDenied):
        awards.proposal_create(actor=ministry_officer, unit=dong_hung, **proposal_data(award_forms))
    move(commune_officer, draft_proposal, "submitted")
    for to in ("approved", "returned"):
        with pytest.raises(PermissionDenied):
            move(ministry_officer, draft_proposal, to, reason="x")
    assert awards.allowed_transitions(ministry_officer, draft_proposal) == []


@pytest.mark.django_db
def test_the_ministry_approves_the_provinces_own_proposal_and_may_record_a_decision(
    province_officer, ministry_officer, hung_yen, award_forms, approved_proposal
):
    own = awards.proposal_create(actor=province_officer, unit=hung_yen, **proposal_data(award_forms))
    move(province_officer, own, "submitted")
    with pytest.raises(PermissionDenied):
        move(province_officer, own, "approved")  # not its own proposal
    move(ministry_officer, own, "approved")
    decide(ministry_officer, own)
    decide(ministry_officer, approved_proposal)  # the Minister's Bằng khen / the medal for a commune's nominee
    assert Award.objects.count() == 2


@pytest.fixture
def commune_and_province_officer(commune_officer, hung_yen):
    """The commune 12688 officer who also holds the province 33 role."""
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=commune_officer, role="province", unit=hung_yen)
    return commune_officer


@pytest.mark.django_db
def test_nobody_approves_returns_or_decides_their_own_proposal(
    commune_and_province_officer, province_officer, draft_proposal
):
    both = commune_and_province_officer
    move(both, draft_proposal, "submitted")
    for to in ("approved", "returned"):
        with pytest.raises(PermissionDenied) as refused:
            move(both, draft_proposal, to, reason="x")
        assert refused.value.code == "own_submission"
    assert awards.allowed_transitions(both, draft_proposal) == []
    move(province_officer, draft_proposal, "approved")
    with pytest.raises(PermissionDenied):
        decide(both, draft_proposal)
    assert decide(province_officer, draft_proposal).status == "decided"


@pytest.mark.django_db
@pytest.mark.parametrize("step", sorted(awards.TRANSITIONS))
def test_each_steps_roles_come_from_the_table(step, monkeypatch, request):
    """Change the table and the service follows: no role is decided anywhere else."""
    from antq.activities.models import AwardProposal

    frm, to = step
    proposal = request.getfixturevalue("draft_proposal")
    AwardProposal.objects.filter(pk=proposal.pk).update(status=frm, submitted_on=timezone.localdate())
    proposal.refresh_from_db()
    ministry = request.getfixturevalue("ministry_officer")
    assert awards.may_transition(ministry, proposal, to) == ("ministry" in awards.TRANSITIONS[step]["commune"])
    monkeypatch.setitem(awards.TRANSITIONS, step, {"commune": frozenset({"ministry"})})
    assert awards.may_transition(ministry, proposal, to)
    for other in ("commune_officer", "province_officer"):
        assert not awards.may_transition(request.getfixturevalue(other), proposal, to)


@pytest.mark.django_db
def test_returning_needs_a_reason_and_deciding_needs_the_decision(province_officer, submitted_proposal):
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, submitted_proposal, "returned", reason="  ")
    assert refused.value.field == "reason"
    move(province_officer, submitted_proposal, "approved")
    with pytest.raises(ValidationFailed) as refused:
        move(province_officer, submitted_proposal, "decided", decision_date=timezone.localdate(), signer="GĐ")
    assert refused.value.field == "decision_number"
    assert not Award.objects.exists()


# --- The medal ----------------------------------------------------------------------------------------------------


def medal(actor, unit, forms, person=MAN, **extra):
    return awards.proposal_create(actor=actor, unit=unit, **proposal_data(forms, "ky-niem-chuong", person, **extra))


@pytest.mark.django_db
def test_a_leader_with_ten_years_is_submitted_and_with_less_is_blocked_with_the_reason(
    commune_officer, dong_hung, award_forms
):
    short = medal(commune_officer, dong_hung, award_forms, medal_basis="leader", prior_years=Decimal("9.5"))
    with pytest.raises(ValidationFailed) as refused:
        move(commune_officer, short, "submitted")
    assert "Chưa đủ số năm: 9,5 năm; lãnh đạo, chỉ đạo phong trào cần từ 10 năm" in refused.value.message
    short.refresh_from_db()
    assert short.status == "draft" and not short.transitions.exists()
    awards.proposal_update(actor=commune_officer, proposal=short, prior_years=Decimal(10))
    assert move(commune_officer, short, "submitted").status == "submitted"


@pytest.mark.django_db
def test_the_check_shows_counted_and_required_years(medal_draft):
    check = awards.medal_check(medal_draft, on=timezone.localdate())
    assert (check.eligible, check.counted_years, check.required_years) == (True, Decimal("12.0"), Decimal(10))


def _stint(team, person, start, end, hardship=False):
    """A past membership in the registry (entered directly: it predates the team's founding in ANTQ)."""
    with raw_rows("forces"):
        return _past_member(team, person, start, end, hardship)


def _past_member(team, person, start, end, hardship):
    return TeamMember.objects.create(
        team=team,
        full_name=person["full_name"],
        sort_key="x",
        birth_date=person["birth_date"],
        gender=person["gender"],
        national_id=person["national_id"],
        education="upper_secondary",
        residence=team.coverages.first().locality,
        resident_since=dt.date(2000, 1, 1),
        start_date=start,
        end_date=end,
        end_reason="own_request",
        hardship_area=hardship,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "registry_end", "prior", "eligible"),
    [
        (MAN, dt.date(2015, 12, 31), 3, False),  # 11 + 3 = 14 < 15
        (MAN, dt.date(2015, 12, 31), 4, True),  # 11 + 4 = 15
        (WOMAN, dt.date(2015, 12, 31), 0, True),  # women: 11 ≥ 10
        (WOMAN, dt.date(2012, 12, 31), 1, False),  # 8 + 1 = 9 < 10
    ],
)
def test_team_members_need_15_years_for_men_and_10_for_women(
    commune_officer, dong_hung, award_forms, team, person, registry_end, prior, eligible
):
    _stint(team, person, dt.date(2005, 1, 1), registry_end)
    proposal = medal(
        commune_officer, dong_hung, award_forms, person, medal_basis="team_member", prior_years=Decimal(prior)
    )
    check = awards.medal_check(proposal, on=timezone.localdate())
    assert check.eligible is eligible, check.problems
    if eligible:
        move(commune_officer, proposal, "submitted")
    else:
        with pytest.raises(ValidationFailed) as refused:
            move(commune_officer, proposal, "submitted")
        assert "thành viên Tổ bảo vệ ANTT" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(("hardship", "eligible"), [(False, False), (True, True)])
def test_hardship_years_in_the_registry_count_double(commune_officer, dong_hung, award_forms, team, hardship, eligible):
    _stint(team, MAN, dt.date(2015, 1, 1), dt.date(2019, 12, 31), hardship=hardship)  # 5 years
    proposal = medal(commune_officer, dong_hung, award_forms, medal_basis="team_member", prior_years=Decimal("5.5"))
    check = awards.medal_check(proposal, on=timezone.localdate())
    assert check.registry_years == (Decimal("10.00") if hardship else Decimal("5.00"))
    assert check.eligible is eligible


@pytest.mark.django_db
def test_entered_hardship_years_count_double(commune_officer, dong_hung, award_forms):
    proposal = medal(
        commune_officer,
        dong_hung,
        award_forms,
        medal_basis="leader",
        prior_years=Decimal(8),
        prior_hardship_years=Decimal(2),
    )
    assert awards.medal_check(proposal, on=timezone.localdate()).counted_years == Decimal("10.0")
    with pytest.raises(ValidationFailed) as refused:
        awards.proposal_update(actor=commune_officer, proposal=proposal, prior_hardship_years=Decimal(9))
    assert refused.value.field == "prior_hardship_years"


@pytest.mark.django_db
def test_the_medal_is_given_once_per_person(
    commune_officer, province_officer, ministry_officer, dong_hung, award_forms
):
    first = medal(commune_officer, dong_hung, award_forms, medal_basis="leader", prior_years=Decimal(15))
    second = medal(commune_officer, dong_hung, award_forms, medal_basis="leader", prior_years=Decimal(15))
    move(commune_officer, first, "submitted")
    with pytest.raises(ValidationFailed) as refused:  # already proposed in another file
        move(commune_officer, second, "submitted")
    assert "đang được đề nghị" in refused.value.message
    move(province_officer, first, "approved")
    decide(ministry_officer, first, number="999/QĐ-BCA")
    with pytest.raises(ValidationFailed) as refused:
        move(commune_officer, second, "submitted")
    assert "Quyết định số 999/QĐ-BCA" in refused.value.message and "chỉ tặng một lần" in refused.value.message
    check = awards.medal_check(second, on=timezone.localdate())
    assert not check.eligible


@pytest.mark.django_db
def test_deciding_a_second_medal_for_a_person_is_refused(
    commune_officer, province_officer, other_commune_officer, dong_hung, tan_tien, award_forms
):
    first = medal(commune_officer, dong_hung, award_forms, medal_basis="leader", prior_years=Decimal(15))
    move(commune_officer, first, "submitted")
    move(province_officer, first, "approved")
    # A second file that got through before the first was decided (e.g. submitted in another commune first).
    second = medal(other_commune_officer, tan_tien, award_forms, medal_basis="leader", prior_years=Decimal(15))
    second.status, second.submitted_on = ProposalStatus.APPROVED, timezone.localdate()
    second.save(update_fields=["status", "submitted_on"])
    decide(province_officer, first)
    with pytest.raises(ValidationFailed) as refused:
        decide(province_officer, second)
    assert "chỉ tặng một lần" in refused.value.message
    assert Award.objects.filter(is_medal=True).count() == 1


@pytest.mark.django_db
def test_the_database_holds_once_per_person(decided_award, award_forms):
    medal_form = award_forms["ky-niem-chuong"]
    Award.objects.filter(pk=decided_award.pk).update(is_medal=True, form=medal_form)
    proposal = decided_award.proposal
    proposal.pk = None
    proposal.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            proposal=proposal,
            unit=decided_award.unit,
            form=medal_form,
            is_medal=True,
            nominee_kind="person",
            name=decided_award.name,
            national_id=decided_award.national_id,
            decision_number="2/QĐ",
            decision_date=dt.date(2025, 8, 19),
            signer="Bộ trưởng",
        )


@pytest.mark.django_db
def test_a_nominee_cccd_typed_in_full_width_digits_is_stored_as_ascii_and_other_scripts_are_refused(
    commune_officer, dong_hung, award_forms
):
    full_width = {**MAN, "national_id": "０３３０７５０００１１１"}
    proposal = awards.proposal_create(
        actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, person=full_width)
    )
    assert proposal.national_id == "033075000111"
    arabic_indic = {**MAN, "national_id": "٠٣٣٠٧٥٠٠٠١١١"}
    with pytest.raises(ValidationFailed) as caught:
        awards.proposal_create(actor=commune_officer, unit=dong_hung, **proposal_data(award_forms, person=arabic_indic))
    assert caught.value.field == "national_id"
