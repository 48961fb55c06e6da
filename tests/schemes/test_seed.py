"""The demo seeder on the test world's province 33 (4 communes): the report's exemplary counts, with or without
security teams, deterministic for a seed, and skipped when the province already has sites."""

import io
import random

import pytest

from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.geo.seed import seed_geography
from antq.schemes.models import Exemplar, SchemeSite, SiteRecognition
from antq.schemes.seed import seed_schemes


def _figures(actor, province):
    year = Period.parse("2025")
    codes = ("scheme_types_active", "scheme_sites_exemplary_province", "scheme_sites_exemplary_ministry", "exemplars")
    return {code: INDICATORS[code].compute(actor, province, year) for code in codes}


@pytest.mark.django_db
def test_demo_matches_the_reports_shape_without_teams(hung_yen, ministry_officer):
    out = io.StringIO()
    seed_geography(province=hung_yen, rng=random.Random(1), stdout=out)
    seed_schemes(province=hung_yen, rng=random.Random(1), stdout=out)
    figures = _figures(ministry_officer, hung_yen)
    assert figures["scheme_sites_exemplary_ministry"] == 12 and figures["scheme_sites_exemplary_province"] == 29
    assert figures["scheme_types_active"] <= 15 and 68 <= figures["exemplars"] <= 82
    assert not SchemeSite.teams.through.objects.exists()
    assert SchemeSite.objects.filter(replicated_from__isnull=False).exists()
    # Every replica copies an exemplary site of the same type that started earlier.
    for replica in SchemeSite.objects.filter(replicated_from__isnull=False).select_related(
        "scheme", "replicated_from__scheme"
    ):
        source = replica.replicated_from
        assert source.recognition != "none" and source.started_on < replica.started_on
        assert source.scheme.scheme_type_id == replica.scheme.scheme_type_id
    seed_schemes(province=hung_yen, rng=random.Random(1), stdout=out)
    assert "bỏ qua" in out.getvalue()


@pytest.mark.django_db
def test_demo_links_sites_to_the_teams_of_their_localities(hung_yen):
    from antq.forces.seed import seed_forces

    out = io.StringIO()
    seed_geography(province=hung_yen, rng=random.Random(2), stdout=out)
    seed_forces(province=hung_yen, rng=random.Random(2), stdout=out)
    seed_schemes(province=hung_yen, rng=random.Random(2), stdout=out)
    linked = SchemeSite.objects.filter(teams__isnull=False).select_related("locality").prefetch_related("teams")
    assert linked.exists()
    for site in linked[:20]:
        assert all(team.commune_id == site.commune_id for team in site.teams.all())


@pytest.mark.django_db
def test_demo_is_deterministic_for_a_seed(hung_yen):
    def snapshot():
        sites = list(
            SchemeSite.objects.order_by("pk").values_list(
                "scheme__name", "locality__name", "establishment__name", "started_on", "status", "recognition"
            )
        )
        return sites, list(Exemplar.objects.order_by("pk").values_list("name", "unit__code", "decision_date"))

    seed_geography(province=hung_yen, rng=random.Random(3), stdout=io.StringIO())
    seed_schemes(province=hung_yen, rng=random.Random(3), stdout=io.StringIO())
    first = snapshot()
    for model in (SiteRecognition, Exemplar):
        model.objects.all().delete()
    SchemeSite.teams.through.objects.all().delete()
    from antq.schemes.models import Scheme, SchemeType, SiteEvaluation, SiteSuspension

    SiteEvaluation.objects.all().delete()
    SiteSuspension.objects.all().delete()
    SchemeSite.objects.update(replicated_from=None)
    SchemeSite.objects.all().delete()
    Scheme.objects.all().delete()
    SchemeType.objects.filter(province__isnull=False).delete()
    seed_schemes(province=hung_yen, rng=random.Random(3), stdout=io.StringIO())
    assert snapshot() == first
