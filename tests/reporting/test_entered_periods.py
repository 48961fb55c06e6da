"""Entered values across periods (issue 15, item 4): flows add up into every longer period, never twice; stocks
are taken at the period's end; clearing is "no data", distinct from 0; number kinds; ratio parts; unit lifetimes.
Field cases F02, F03 and F05 (../shared/cases/README.md) with their values."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from antq.accounts.models import AuditEntry
from antq.core.errors import ValidationFailed
from antq.core.indicators import INDICATORS, NumberKind
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level, UnitKind
from antq.geo.services import geography_load
from antq.reporting import services
from antq.reporting.models import EnteredValue
from antq.reporting.selectors import child_values, indicator_values
from tests.conftest import _user_with_role, unit
from tests.world import COMMUNE_DONG_HUNG, small_geography

NOV = Period.parse("2026-11")
LONGER = ["2026-11", "2026Q4", "2026H2", "2026"]


@pytest.fixture(autouse=True)
def _entry_open(settings):
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000


@pytest.fixture
def pho_hien(hung_yen):
    """Phường Phố Hiến (11953, Hưng Yên), as in the demo; not part of the small test world."""
    return AdminUnit.objects.create(
        level=Level.COMMUNE,
        code="11953",
        name="Phường Phố Hiến",
        short_name="Phố Hiến",
        kind=UnitKind.PHUONG,
        parent=hung_yen,
        valid_from=dt.date(2025, 7, 1),
    )


@pytest.fixture
def pho_hien_officer(pho_hien):
    return _user_with_role("ca_11953", "commune", "11953")


def enter(actor, unit, values, period=NOV, **kwargs):
    return services.values_enter(actor=actor, unit=unit, period=period, values=values, **kwargs)


def live(actor, unit, code, period):
    return indicator_values(actor=actor, unit=unit, period=Period.parse(period), codes=[code])[code].value


# --- Flows across periods (F05) ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_f05_a_month_counts_in_its_quarter_half_and_year_for_the_commune_and_province(
    pho_hien_officer, province_officer, pho_hien, hung_yen
):
    enter(pho_hien_officer, pho_hien, {"petitions_received": ("4", "exact")})
    for period in LONGER:
        assert live(pho_hien_officer, pho_hien, "petitions_received", period) == Decimal(4), period
        assert live(province_officer, hung_yen, "petitions_received", period) == Decimal(4), period
    year = Period.parse("2026")
    rows = child_values(actor=province_officer, unit=hung_yen, period=year, codes=["petitions_received"])
    assert rows[pho_hien.pk]["petitions_received"] == Decimal(4)
    # A shorter or another period holds nothing of it.
    assert live(province_officer, hung_yen, "petitions_received", "2026Q3") is None
    assert live(province_officer, hung_yen, "petitions_received", "2026-12") is None


@pytest.mark.django_db
def test_months_add_up_in_the_year_and_the_drilldown_lists_them(client, commune_officer, dong_hung):
    enter(commune_officer, dong_hung, {"mediation_cases": ("3", "exact")}, period=Period.parse("2026-10"))
    enter(commune_officer, dong_hung, {"mediation_cases": ("4", "at_least")})
    assert live(commune_officer, dong_hung, "mediation_cases", "2026Q4") == Decimal(7)
    assert live(commune_officer, dong_hung, "mediation_cases", "2026") == Decimal(7)
    client.force_login(commune_officer)
    listed = client.get("/bao-cao/12688/2026/chi-tiet/mediation_cases/").context["entered"]
    assert [(v.period, v.value) for v in listed] == [("2026-10", 3), ("2026-11", 4)]


@pytest.mark.django_db
@pytest.mark.parametrize("longer", ["2026Q4", "2026H2", "2026"])
def test_a_longer_period_beside_an_entered_month_is_refused_naming_the_month(commune_officer, dong_hung, longer):
    enter(commune_officer, dong_hung, {"mediation_cases": ("4", "exact")})
    with pytest.raises(ValidationFailed) as error:
        enter(commune_officer, dong_hung, {"mediation_cases": ("50", "exact")}, period=Period.parse(longer))
    assert error.value.code == "period_overlap" and error.value.field == "mediation_cases"
    assert "tháng 11 năm 2026" in error.value.message
    assert live(commune_officer, dong_hung, "mediation_cases", "2026") == Decimal(4)


@pytest.mark.django_db
def test_a_month_inside_an_entered_year_is_refused_and_other_indicators_are_free(commune_officer, dong_hung):
    enter(commune_officer, dong_hung, {"mediation_cases": ("40", "exact")}, period=Period.parse("2026"))
    with pytest.raises(ValidationFailed) as error:
        enter(commune_officer, dong_hung, {"mediation_cases": ("4", "exact")})
    assert error.value.code == "period_overlap" and "năm 2026" in error.value.message
    enter(commune_officer, dong_hung, {"campaigns": ("1", "exact")})  # another indicator: no clash
    assert live(commune_officer, dong_hung, "campaigns", "2026") == Decimal(1)


@pytest.mark.django_db
def test_a_legacy_wards_half_year_and_its_successors_year_are_not_both_taken(commune_officer, dong_hung):
    old_ward = AdminUnit.objects.get(level=Level.COMMUNE, code="12703", valid_to__isnull=False)  # Xã Đông Sơn
    enter(commune_officer, old_ward, {"mediation_cases": ("5", "exact")}, period=Period.parse("2025Q1"))
    with pytest.raises(ValidationFailed) as error:
        enter(commune_officer, dong_hung, {"mediation_cases": ("9", "exact")}, period=Period.parse("2025"))
    assert error.value.code == "period_overlap" and old_ward.name in error.value.message
    enter(commune_officer, dong_hung, {"mediation_cases": ("9", "exact")}, period=Period.parse("2025H2"))
    assert live(commune_officer, dong_hung, "mediation_cases", "2025") == Decimal(14)


# --- Stocks at the period's end ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stock_is_the_latest_value_at_or_before_the_periods_end(commune_officer, dong_hung):
    enter(commune_officer, dong_hung, {"mediators": ("10", "exact")})
    enter(commune_officer, dong_hung, {"mediators": ("12", "exact")}, period=Period.parse("2026"))
    assert live(commune_officer, dong_hung, "mediators", "2026-11") == Decimal(10)
    assert live(commune_officer, dong_hung, "mediators", "2026Q4") == Decimal(12)  # the year's value, at 31/12
    assert live(commune_officer, dong_hung, "mediators", "2026") == Decimal(12)  # not 22: stocks do not add up
    assert live(commune_officer, dong_hung, "mediators", "2027-01") == Decimal(12)  # carried to a later period
    assert live(commune_officer, dong_hung, "mediators", "2026Q3") is None  # nothing entered by 30/09


@pytest.mark.django_db
def test_a_legacy_units_stock_does_not_outlive_it(commune_officer, province_officer, dong_hung, hung_yen):
    old_ward = AdminUnit.objects.get(level=Level.COMMUNE, code="12703", valid_to__isnull=False)
    enter(commune_officer, old_ward, {"mediators": ("5", "exact")}, period=Period.parse("2024"))
    assert live(province_officer, hung_yen, "mediators", "2025H1") == Decimal(5)
    assert live(province_officer, hung_yen, "mediators", "2026") is None
    enter(commune_officer, dong_hung, {"mediators": ("7", "exact")}, period=Period.parse("2025"))
    assert live(province_officer, hung_yen, "mediators", "2026") == Decimal(7)


# --- Clearing is "no data", 0 stays 0 (F02) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_f02_emptying_a_field_removes_the_value_audited_and_zero_stays_zero(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    url = "/bao-cao/12688/2026-11/nhap/"
    assert client.post(url, {"mediation_cases": "7"}).status_code == 302
    assert live(commune_officer, dong_hung, "mediation_cases", "2026-11") == Decimal(7)
    form = client.get(url).context["form"]
    assert form["mediation_cases"].value() == "7"  # the form shows what is stored, so saving it again keeps it

    assert client.post(url, {"mediation_cases": ""}).status_code == 302
    assert live(commune_officer, dong_hung, "mediation_cases", "2026-11") is None
    assert not EnteredValue.objects.filter(unit=dong_hung, indicator="mediation_cases").exists()
    deleted = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(EnteredValue), action=AuditEntry.Action.DELETE
    )
    assert deleted.actor == commune_officer and "7" in str(deleted.changes)

    assert client.post(url, {"mediation_cases": "0"}).status_code == 302
    assert live(commune_officer, dong_hung, "mediation_cases", "2026-11") == Decimal(0)


@pytest.mark.django_db
def test_values_not_named_by_a_caller_are_kept(commune_officer, dong_hung):
    enter(commune_officer, dong_hung, {"mediation_cases": ("7", "exact")})
    enter(commune_officer, dong_hung, {"campaigns": ("2", "exact")})  # the API or CLI names only what it sets
    assert live(commune_officer, dong_hung, "mediation_cases", "2026-11") == Decimal(7)


# --- Number kinds (F03) -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "typed"),
    [("mediation_cases", "1.5"), ("mediation_cases", "1,5"), ("weapons_handed_in", "2,5")],
)
def test_f03_fractions_of_whole_counts_are_refused_on_the_page_naming_the_field(
    client, commune_officer, dong_hung, field, typed
):
    client.force_login(commune_officer)
    response = client.post("/bao-cao/12688/2026-11/nhap/", {field: typed, "mediators": "2.991"})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert INDICATORS[field].label in errors[0]
    assert not EnteredValue.objects.filter(unit=dong_hung).exists()  # all or nothing


@pytest.mark.django_db
def test_f03_thousands_are_read_as_thousands(client, commune_officer, dong_hung):
    client.force_login(commune_officer)
    assert client.post("/bao-cao/12688/2026-11/nhap/", {"mediators": "2.991"}).status_code == 302
    assert live(commune_officer, dong_hung, "mediators", "2026-11") == Decimal(2991)


@pytest.mark.parametrize(
    ("code", "kind", "accepted", "refused"),
    [
        ("mediation_cases", NumberKind.COUNT, "12", "1,5"),
        ("gift_value_vnd", NumberKind.MONEY, "1.500.000", "1.500,5"),
        ("mediation_success_pct", NumberKind.PERCENT, "94,5", "94,45"),
    ],
)
def test_number_kinds_whole_counts_whole_dong_and_shares_to_one_decimal(code, kind, accepted, refused):
    assert INDICATORS[code].kind == kind
    assert services._parse(accepted, code) > 0
    with pytest.raises(ValidationFailed) as error:
        services._parse(refused, code)
    assert error.value.field == code and INDICATORS[code].label in error.value.message


# --- Ratio parts ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_ratios_numerator_needs_its_denominator(commune_officer, dong_hung):
    with pytest.raises(ValidationFailed) as error:
        enter(commune_officer, dong_hung, {"mediation_cases_successful": ("3", "exact")})
    assert error.value.code == "needs_denominator" and error.value.field == "mediation_cases_successful"
    enter(commune_officer, dong_hung, {"mediation_cases": ("5", "exact"), "mediation_cases_successful": ("3", "exact")})
    with pytest.raises(ValidationFailed) as error:  # clearing the denominator alone would leave it orphaned
        enter(commune_officer, dong_hung, {"mediation_cases": ("", "exact")})
    assert error.value.code == "needs_denominator"
    with pytest.raises(ValidationFailed):  # and greater than it is refused too
        enter(commune_officer, dong_hung, {"mediation_cases_successful": ("6", "exact")})


# --- Unit lifetimes ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_legacy_unit_takes_only_periods_that_ended_before_it_closed(province_officer):
    thai_binh = AdminUnit.objects.get(level=Level.PROVINCE, code="34", valid_to__isnull=False)
    enter(province_officer, thai_binh, {"campaigns": ("3", "exact")}, period=Period.parse("2025H1"))
    for period in ("2025", "2025Q3", "2026-11"):
        with pytest.raises(ValidationFailed) as error:
            enter(province_officer, thai_binh, {"campaigns": ("3", "exact")}, period=Period.parse(period))
        assert error.value.code == "outside_lifetime" and "01/07/2025" in error.value.message


@pytest.mark.django_db
def test_a_current_unit_takes_periods_from_its_start_and_baselines(client, pho_hien_officer, pho_hien):
    pho_hien.valid_from = dt.date(2026, 3, 1)  # say the ward was formed later, by a new arrangement
    pho_hien.save(update_fields=["valid_from"])
    with pytest.raises(ValidationFailed) as error:
        enter(pho_hien_officer, pho_hien, {"campaigns": ("1", "exact")}, period=Period.parse("2026-02"))
    assert error.value.code == "outside_lifetime" and "01/03/2026" in error.value.message
    enter(pho_hien_officer, pho_hien, {"campaigns": ("1", "exact")}, period=Period.parse("2026Q1"))  # its first
    enter(pho_hien_officer, pho_hien, {"campaigns": ("2", "exact")}, period=Period.parse("2024"))  # a baseline
    client.force_login(pho_hien_officer)  # the page goes through the same service
    response = client.post("/bao-cao/11953/2025Q4/nhap/", {"campaigns": "1"})
    assert response.status_code == 200 and "01/03/2026" in response.content.decode()


@pytest.mark.django_db
def test_the_entry_form_shows_every_problem_at_once(client, commune_officer):
    """ "1.5" and "2,5" together: both refused, each on its field (only the first was shown)."""
    client.force_login(commune_officer)
    response = client.post(
        "/bao-cao/12688/2026-11/nhap/",
        {
            "mediation_cases": "1.5",
            "mediation_cases_q": "exact",
            "weapons_handed_in": "2,5",
            "weapons_handed_in_q": "exact",
        },
    )
    errors = response.context["form"].errors
    assert set(errors) >= {"mediation_cases", "weapons_handed_in"}, errors
    assert EnteredValue.objects.count() == 0


@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is SQLite's in-memory shared cache, whose table locks do not wait; a SQLite file "
    "serialises writers by the IMMEDIATE transactions the settings ask for",
)
def test_two_saves_at_once_cannot_both_pass_the_overlap_rule(transactional_db):
    """Two officers (or two tabs) saving November and Q4 at the same moment: one wins, the other is refused."""
    rows, links = small_geography()  # a transactional test starts from a flushed database: the world is rebuilt
    geography_load(rows=rows, links=links)
    dong_hung = unit(COMMUNE_DONG_HUNG)
    commune_officer = _user_with_role("ca_12688", "commune", COMMUNE_DONG_HUNG)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(period: str, value: str) -> None:
        barrier.wait()
        try:
            enter(commune_officer, dong_hung, {"weapons_handed_in": (value, "exact")}, period=Period.parse(period))
            outcomes.append("saved")
        except ValidationFailed as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in (("2026-11", "1"), ("2026Q4", "2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["period_overlap", "saved"], outcomes
    assert EnteredValue.objects.filter(indicator="weapons_handed_in").count() == 1


@pytest.mark.django_db
def test_a_period_that_has_not_begun_takes_no_values(commune_officer, dong_hung):
    """Entered figures are facts: 2027's tips on 1/12/2026 were accepted and counted (found by the tester)."""
    next_year = Period.parse(str(dt.date.today().year + 1))
    with pytest.raises(ValidationFailed) as refused:
        enter(commune_officer, dong_hung, {"mediation_cases": ("3", "exact")}, period=next_year)
    assert refused.value.code == "not_started" and EnteredValue.objects.count() == 0
