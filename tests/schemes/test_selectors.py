"""Reads start from the actor's scope: who sees which schemes, sites and examples; the evaluation flag; spread."""

import datetime as dt

import pytest

from antq.core.errors import NotFoundOrOutOfScope
from antq.schemes import selectors, services
from antq.schemes.selectors import SiteFilters
from tests.schemes.fixtures import recognise


def pks(rows):
    return {row.pk for row in rows}


@pytest.mark.django_db
def test_sites_are_read_by_the_units_officers_and_viewers_only(
    dong_site,
    tan_site,
    hg_site,
    commune_officer,
    other_commune_officer,
    province_officer,
    other_province_officer,
    ministry_officer,
    viewer,
    no_role_user,
):
    assert pks(selectors.sites_for(commune_officer)) == {dong_site.pk}
    assert pks(selectors.sites_for(other_commune_officer)) == {tan_site.pk}
    assert pks(selectors.sites_for(province_officer)) == {dong_site.pk, tan_site.pk}
    assert pks(selectors.sites_for(viewer)) == {dong_site.pk, tan_site.pk}
    assert pks(selectors.sites_for(other_province_officer)) == {hg_site.pk}
    assert pks(selectors.sites_for(ministry_officer)) == {dong_site.pk, tan_site.pk, hg_site.pk}
    assert pks(selectors.sites_for(no_role_user)) == set()
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.get_site_for(other_commune_officer, dong_site.pk)
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.get_site_for(commune_officer, 999_999)


@pytest.mark.django_db
def test_team_leaders_have_no_access_to_schemes(team_leader, dong_site, dong_scheme):
    assert pks(selectors.sites_for(team_leader)) == set()
    assert pks(selectors.schemes_for(team_leader)) == set()


@pytest.mark.django_db
def test_schemes_of_the_province_are_read_by_its_communes_not_other_provinces(
    dong_scheme, province_scheme, hg_scheme, other_commune_officer, other_province_officer, no_role_user
):
    # A neighbouring commune reads Đông Hưng's scheme (to replicate it), without reading its sites.
    assert pks(selectors.schemes_for(other_commune_officer)) == {dong_scheme.pk, province_scheme.pk}
    assert pks(selectors.schemes_for(other_province_officer)) == {hg_scheme.pk}
    assert pks(selectors.schemes_for(no_role_user)) == set()
    with pytest.raises(NotFoundOrOutOfScope):
        selectors.get_scheme_for(other_province_officer, dong_scheme.pk)


@pytest.mark.django_db
def test_a_recognised_scheme_is_read_everywhere(dong_site, province_officer, other_province_officer):
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 1, 1))
    assert dong_site.scheme_id in pks(selectors.schemes_for(other_province_officer))
    # The site itself stays in its province's scope.
    assert dong_site.pk not in pks(selectors.sites_for(other_province_officer))


@pytest.mark.django_db
def test_schemes_per_unit_count_running_sites_in_scope(
    dong_site, tan_site, province_scheme, dong_scheme, province_officer, commune_officer, hung_yen, dong_hung
):
    by_province = {
        s.pk: (s.site_count, s.commune_count) for s in selectors.schemes_for(province_officer, unit=hung_yen)
    }
    assert by_province == {province_scheme.pk: (1, 1), dong_scheme.pk: (1, 1)}
    # A commune's list: schemes it started or that run there.
    assert pks(selectors.schemes_for(commune_officer, unit=dong_hung)) == {dong_scheme.pk}


@pytest.mark.django_db
def test_province_types_are_read_in_their_province(province_officer, other_province_officer, hung_yen):
    own = services.scheme_type_create(
        actor=province_officer, name="Cụm liên kết ANTT", field="residential", province=hung_yen
    )
    assert own.pk in pks(selectors.scheme_types_for(province_officer))
    assert own.pk not in pks(selectors.scheme_types_for(other_province_officer))
    assert selectors.scheme_types_for(other_province_officer).count() == 20


@pytest.mark.django_db
def test_exemplars_are_read_in_scope(dong_exemplar, commune_officer, other_commune_officer, viewer, province_officer):
    assert pks(selectors.exemplars_for(commune_officer)) == {dong_exemplar.pk}
    assert pks(selectors.exemplars_for(viewer)) == {dong_exemplar.pk}
    assert pks(selectors.exemplars_for(other_commune_officer)) == set()
    assert selectors.sees_contact(commune_officer, dong_exemplar) == "full"
    assert selectors.sees_contact(province_officer, dong_exemplar) == "masked"
    assert selectors.sees_contact(viewer, dong_exemplar) is None


# --- Evaluation flag -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sites_without_an_evaluation_in_12_months_are_flagged(
    commune_officer, dong_scheme, dong_hung, thon_nam, thon_bac, truong_dong_hung
):
    today = dt.date(2025, 11, 20)

    def site(start, **place):
        kind = "locality" if "locality" in place else ("establishment" if "establishment" in place else "commune")
        return services.site_create(
            actor=commune_officer, scheme=dong_scheme, commune=dong_hung, place_kind=kind, started_on=start, **place
        )

    evaluated_lately = site(dt.date(2021, 1, 1), locality=thon_nam)
    services.evaluation_record(
        actor=commune_officer,
        site=evaluated_lately,
        evaluated_on=dt.date(2024, 11, 20),  # exactly 12 months: still in time
        assessor="Công an xã",
        rating="good",
    )
    evaluated_long_ago = site(dt.date(2021, 1, 1), locality=thon_bac)
    services.evaluation_record(
        actor=commune_officer,
        site=evaluated_long_ago,
        evaluated_on=dt.date(2024, 11, 19),
        assessor="Công an xã",
        rating="weak",
    )
    never_evaluated = site(dt.date(2022, 1, 1))
    too_new = site(dt.date(2025, 6, 1), establishment=truong_dong_hung)

    flagged = selectors.sites_for(commune_officer, filters=SiteFilters(overdue=True), today=today)
    assert pks(flagged) == {evaluated_long_ago.pk, never_evaluated.pk}
    rows = {s.pk: s for s in selectors.sites_for(commune_officer)}
    assert [selectors.is_overdue(rows[s.pk], today) for s in (evaluated_lately, too_new)] == [False, False]
    assert rows[evaluated_long_ago.pk].latest_rating == "weak"
    # Ended sites are never due.
    services.site_end(actor=commune_officer, site=never_evaluated, on=dt.date(2025, 1, 31), reason="Dừng")
    flagged = selectors.sites_for(commune_officer, filters=SiteFilters(overdue=True), today=today)
    assert pks(flagged) == {evaluated_long_ago.pk}


@pytest.mark.django_db
def test_filters_by_rating_recognition_status_type_and_field(
    commune_officer, province_officer, dong_site, tan_site, province_scheme
):
    services.evaluation_record(
        actor=commune_officer, site=dong_site, evaluated_on=dt.date(2025, 3, 1), assessor="BCĐ", rating="average"
    )
    recognise(
        actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 1, 1), confirm_weak=True
    )

    def chosen(**filters):
        return pks(selectors.sites_for(province_officer, filters=SiteFilters(**filters)))

    assert chosen(rating="average") == {dong_site.pk}
    assert chosen(rating="none") == {tan_site.pk}
    assert chosen(recognition="province") == {dong_site.pk}
    assert chosen(scheme_type=province_scheme.scheme_type_id) == {tan_site.pk}
    assert chosen(field="residential") == {dong_site.pk, tan_site.pk}
    assert chosen(lead_organisation="youth") == {dong_site.pk}
    assert chosen(status="suspended") == set()


# --- Spread ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_spread_counts_direct_and_indirect_replicas_in_scope(
    province_officer, commune_officer, other_commune_officer, dong_site, tan_tien, dong_hung, thon_bac, thon_trung
):
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2023, 1, 1))
    first = services.site_create(
        actor=other_commune_officer,
        scheme=dong_site.scheme,
        commune=tan_tien,
        place_kind="locality",
        locality=thon_trung,
        started_on=dt.date(2024, 1, 1),
        replicated_from=dong_site,
    )
    second = services.site_create(
        actor=commune_officer,
        scheme=dong_site.scheme,
        commune=dong_hung,
        place_kind="locality",
        locality=thon_bac,
        started_on=dt.date(2024, 6, 1),
        replicated_from=dong_site,
    )
    third = services.site_create(
        actor=other_commune_officer,
        scheme=dong_site.scheme,
        commune=tan_tien,
        place_kind="commune",
        started_on=dt.date(2025, 1, 1),
        replicated_from=first,  # a replica of a replica
    )
    spread = selectors.spread_of(province_officer, [dong_site])[dong_site.pk]
    assert (spread.replicas, spread.communes, spread.provinces) == (3, 2, 1)
    assert pks(selectors.replicas_of(province_officer, dong_site)) == {first.pk, second.pk, third.pk}
    # The commune officer of Đông Hưng sees only the replica in their commune.
    assert pks(selectors.replicas_of(commune_officer, dong_site)) == {second.pk}
    services.site_end(actor=other_commune_officer, site=third, on=dt.date(2025, 6, 1), reason="Dừng")
    assert selectors.spread_of(province_officer, [dong_site])[dong_site.pk].replicas == 2
