"""Activity lists open on the current reporting year, with the years to choose from and "Tất cả" (issue 17 item 6);
the reporting year follows the data cut-off (ANTQ_YEAR_END)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from antq.activities import services
from antq.activities.models import Award
from antq.activities.rules import festival_year_in
from antq.core.periods import reporting_year
from tests.activities.fixtures import activity_data, decide


def _list(client, name, code, **query):
    return client.get(reverse(f"activities:{name}", args=[code]), query)


@pytest.fixture
def this_and_last_year(commune_officer, dong_hung):
    """A session today (the current reporting year) and one on 10/03 of the year before."""
    today = timezone.localdate()
    current = services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(date=today))
    earlier = services.activity_record(
        actor=commune_officer, unit=dong_hung, **activity_data(date=dt.date(reporting_year() - 1, 3, 10))
    )
    return current, earlier


@pytest.mark.parametrize(
    ("cut_off", "day", "year"),
    [
        ((12, 31), dt.date(2026, 12, 1), 2026),
        ((12, 14), dt.date(2026, 12, 14), 2026),
        ((12, 14), dt.date(2026, 12, 20), 2027),
        ((6, 30), dt.date(2026, 6, 30), 2026),
        ((6, 30), dt.date(2026, 12, 1), 2027),
    ],
)
def test_the_reporting_year_follows_the_cut_off(settings, cut_off, day, year):
    settings.ANTQ_YEAR_END = cut_off
    assert reporting_year(day) == year


@pytest.mark.parametrize(("cut_off", "festival"), [((12, 31), 2026), ((12, 14), 2026), ((6, 30), 2025)])
def test_the_festival_a_reporting_year_counts(settings, cut_off, festival):
    """19/8/2025 falls in reporting year 2026 when the year ends on 30/6 (01/7/2025 – 30/6/2026)."""
    settings.ANTQ_YEAR_END = cut_off
    assert festival_year_in(2026) == festival


@pytest.mark.django_db
def test_outreach_list_opens_on_the_current_reporting_year(client, commune_officer, this_and_last_year):
    current, earlier = this_and_last_year
    client.force_login(commune_officer)
    page = _list(client, "outreach_list", "12688")
    assert [a.pk for a in page.context["page"]] == [current.pk]
    body = page.content.decode()
    assert f'<option value="{reporting_year()}" selected>Năm {reporting_year()}</option>' in body
    assert '<option value="">Tất cả</option>' in body
    everything = _list(client, "outreach_list", "12688", year="")
    assert [a.pk for a in everything.context["page"]] == [current.pk, earlier.pk]
    last_year = _list(client, "outreach_list", "12688", year=reporting_year() - 1)
    assert [a.pk for a in last_year.context["page"]] == [earlier.pk]


@pytest.mark.django_db
def test_a_year_is_the_reporting_year_under_a_cut_off(client, settings, commune_officer, dong_hung):
    """With the year ending on 14/12, a session on 20/12/2024 belongs to 2025, as the indicators count it."""
    settings.ANTQ_YEAR_END = (12, 14)
    late = services.activity_record(actor=commune_officer, unit=dong_hung, **activity_data(date=dt.date(2024, 12, 20)))
    client.force_login(commune_officer)
    assert [a.pk for a in _list(client, "outreach_list", "12688", year=2025).context["page"]] == [late.pk]
    assert list(_list(client, "outreach_list", "12688", year=2024).context["page"]) == []


@pytest.mark.django_db
def test_a_year_not_offered_is_refused_in_vietnamese(client, commune_officer, this_and_last_year):
    client.force_login(commune_officer)
    page = _list(client, "outreach_list", "12688", year="2026-Y")
    assert page.status_code == 200
    assert page.context["filters"].errors["year"]


@pytest.mark.django_db
def test_proposals_open_on_the_current_year_with_all_years_offered(client, province_officer, draft_proposal):
    """The fixture's proposal is for 2025: listed under "Tất cả" and under 2025, not under this year by default."""
    client.force_login(province_officer)
    by_default = _list(client, "proposal_list", "33")
    assert list(by_default.context["page"]) == []  # this year is after 2025
    assert f'<option value="{reporting_year()}" selected>Năm {reporting_year()}</option>' in by_default.content.decode()
    assert [p.pk for p in _list(client, "proposal_list", "33", nam="").context["page"]] == [draft_proposal.pk]
    assert [p.pk for p in _list(client, "proposal_list", "33", nam=2025).context["page"]] == [draft_proposal.pk]


@pytest.mark.django_db
def test_awards_open_on_the_current_year_and_offer_all(client, province_officer, approved_proposal):
    decide(province_officer, approved_proposal)
    # Decided last year (the workflow dates a decision after today's submission, so the row is moved back).
    Award.objects.filter(proposal=approved_proposal).update(decision_date=dt.date(reporting_year() - 1, 5, 4))
    client.force_login(province_officer)
    by_default = _list(client, "award_list", "33")
    assert list(by_default.context["page"]) == []
    assert '<a href="?nam=">Tất cả</a>' in by_default.content.decode()
    everything = _list(client, "award_list", "33", nam="")
    assert len(everything.context["page"]) == 1
    assert "(tất cả các năm)" in everything.content.decode()
