"""National-scale measurements inside a database built by `seed_national` (called by bench/run.py with
DATABASE_URL set; never part of the test suite).

For the nation (PostgreSQL only) and one province, it times ANTQ's whole indicator set for a year
(`reporting.selectors.indicator_values`, as dashboards, documents and the API call it) against the floor: one
hand-written SQL aggregate per indicator over the same registry rows, run back to back. It checks that both give
the same figures, then reports median and p95 of each and the ratio of the medians, the slowest floor queries and
ANTQ's queries by time (the profile). With --http it also serves the app (`manage.py runserver`) and times the
national and province dashboards through HTTP.

Usage: python bench/national.py ENGINE [--repeat 20] [--province 33] [--year 2025] [--http] [--nation]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from bench.stats import p95  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from antq.accounts.models import RoleAssignment, User  # noqa: E402
from antq.core.indicators import INDICATORS, entered  # noqa: E402
from antq.core.periods import Period  # noqa: E402
from antq.geo.models import AdminUnit, Level  # noqa: E402
from antq.reporting.selectors import indicator_values  # noqa: E402

OUTREACH = {  # code: (kinds, summed column or None to count)
    "outreach_sessions": (["session"], None),
    "outreach_attendees": (["session"], "attendees"),
    "news_items": (["news", "broadcast", "social_post"], None),
    "reportages": (["reportage"], None),
    "banners": (["banners"], "count"),
    "contests": (["contest"], None),
    "contest_participants": (["contest"], "participants"),
    "exemplary_stories": (["story"], None),
    "gift_visits": (["visit"], None),
    "gift_recipients": (["visit"], "recipients"),
    "gift_value_vnd": (["visit"], "value_vnd"),
}


def floor_queries(period: Period, province: int | None) -> dict[str, tuple[str, list[Any]]]:
    """{code: (sql, params)}: the plainest SQL that gives each figure, for the nation or one province."""
    day, start, end = period.end, period.start, period.end
    months = [dt.date(day.year, m, 15) for m in range(1, 13) if start <= dt.date(day.year, m, 15) <= end]
    in_commune = "" if province is None else " AND c.parent_id = %s"  # rows of a commune `c`
    # Rows recorded by a unit `u`: the province's own and its communes' (listed by a subquery, so that the
    # database reads each unit's rows by the unit index rather than scanning the table).
    in_unit = "" if province is None else " AND u.id IN (SELECT id FROM geo_adminunit WHERE id = %s OR parent_id = %s)"
    p1: list[Any] = [] if province is None else [province]
    p2: list[Any] = [] if province is None else [province, province]
    sites = (
        " FROM schemes_schemesite s JOIN schemes_scheme sc ON sc.id = s.scheme_id"
        " JOIN geo_adminunit c ON c.id = s.commune_id WHERE s.started_on <= %s"
        " AND (s.ended_on IS NULL OR s.ended_on >= %s) AND NOT EXISTS (SELECT 1 FROM schemes_sitesuspension x"
        " WHERE x.site_id = s.id AND x.started_on <= %s AND (x.ended_on IS NULL OR x.ended_on >= %s))" + in_commune
    )
    site_params = [day, day, day, day, *p1]

    def recognised(level: str) -> str:
        return (
            " AND EXISTS (SELECT 1 FROM schemes_siterecognition r WHERE r.site_id = s.id"
            f" AND r.level = '{level}' AND r.decision_date <= %s)"
        )

    members = (
        " FROM forces_teammember m JOIN forces_securityteam t ON t.id = m.team_id"
        " JOIN geo_adminunit c ON c.id = t.commune_id WHERE m.start_date <= %s"
        " AND (m.end_date IS NULL OR m.end_date >= %s)" + in_commune
    )
    days = ", ".join(["(%s)"] * len(months))
    queries: dict[str, tuple[str, list[Any]]] = {
        "scheme_sites_active": ("SELECT COUNT(*)" + sites, site_params),
        "schemes_active": ("SELECT COUNT(DISTINCT s.scheme_id)" + sites, site_params),
        "scheme_types_active": ("SELECT COUNT(DISTINCT sc.scheme_type_id)" + sites, site_params),
        "scheme_sites_exemplary_province": (
            "SELECT COUNT(*)" + sites + recognised("province") + " AND NOT" + recognised("ministry")[4:],
            [*site_params, day, day],
        ),
        "scheme_sites_exemplary_ministry": ("SELECT COUNT(*)" + sites + recognised("ministry"), [*site_params, day]),
        "exemplars": (
            "SELECT COUNT(*) FROM schemes_exemplar e WHERE (e.decision_date BETWEEN %s AND %s"
            " OR (e.decision_date IS NULL AND e.year = %s))" + ("" if province is None else " AND e.province_id = %s"),
            [start, end, day.year, *p1],
        ),
        "security_teams_active": (
            "SELECT COUNT(*) FROM forces_securityteam t JOIN geo_adminunit c ON c.id = t.commune_id"
            " WHERE t.founded_on <= %s AND (t.dissolved_on IS NULL OR t.dissolved_on >= %s)" + in_commune,
            [day, day, *p1],
        ),
        "security_team_members_active": ("SELECT COUNT(*)" + members, [day, day, *p1]),
        "security_team_members_trained": (
            "SELECT COUNT(*)" + members + " AND EXISTS (SELECT 1 FROM forces_training tr WHERE tr.member_id = m.id"
            " AND tr.passed = %s AND tr.start_date <= %s)",
            [day, day, *p1, True, day],
        ),
        # Fixed monthly rates (every rate the benchmark data has); coefficient rates would add a base-salary join.
        "security_team_support_vnd": (
            f"WITH d(day) AS (VALUES {days}) SELECT SUM(r.amount_vnd) FROM forces_teammember m"
            " JOIN forces_securityteam t ON t.id = m.team_id JOIN geo_adminunit c ON c.id = t.commune_id CROSS JOIN d"
            " JOIN forces_supportrate r ON r.province_id = c.parent_id AND r.role = m.role"
            " AND r.valid_from <= d.day AND (r.valid_to IS NULL OR r.valid_to >= d.day)"
            " WHERE m.start_date <= d.day AND (m.end_date IS NULL OR m.end_date >= d.day)" + in_commune,
            [*months, *p1],
        ),
        "festivals_held": (
            "SELECT COUNT(*) FROM activities_festival f WHERE f.status = 'held' AND f.held_on BETWEEN %s AND %s"
            + ("" if province is None else " AND f.province_id = %s"),
            [start, end, *p1],
        ),
        "festival_pilots": (
            "SELECT COUNT(*) FROM activities_festival f WHERE f.status = 'held' AND f.is_pilot = %s"
            " AND f.held_on BETWEEN %s AND %s" + ("" if province is None else " AND f.province_id = %s"),
            [True, start, end, *p1],
        ),
        "medal_proposals": (
            "SELECT COUNT(*) FROM activities_awardproposal a JOIN activities_awardform f ON f.id = a.form_id"
            " JOIN geo_adminunit u ON u.id = a.proposing_unit_id WHERE f.is_medal = %s"
            " AND a.submitted_on BETWEEN %s AND %s" + in_unit,
            [True, start, end, *p2],
        ),
    }
    for code, kind in (("awards_total", None), ("awards_collective", "collective"), ("awards_individual", "person")):
        queries[code] = (
            "SELECT COUNT(*) FROM activities_award a JOIN geo_adminunit u ON u.id = a.unit_id"
            " WHERE a.decision_date BETWEEN %s AND %s" + (" AND a.nominee_kind = %s" if kind else "") + in_unit,
            [start, end, *([kind] if kind else []), *p2],
        )
    for code, (kinds, column) in OUTREACH.items():
        measure = "COUNT(*)" if column is None else f"SUM(o.{column})"
        marks = ", ".join(["%s"] * len(kinds))
        queries[code] = (
            f"SELECT {measure} FROM activities_outreachactivity o JOIN geo_adminunit u ON u.id = o.unit_id"
            f" WHERE o.kind IN ({marks}) AND o.date BETWEEN %s AND %s" + in_unit,
            [*kinds, start, end, *p2],
        )
    for indicator in entered():
        queries[indicator.code] = (
            "SELECT SUM(v.value) FROM reporting_enteredvalue v JOIN geo_adminunit u ON u.id = v.unit_id"
            " WHERE v.period = %s AND v.indicator = %s" + in_unit,
            [period.code, indicator.code, *p2],
        )
    return queries


def run_floor(queries: dict[str, tuple[str, list[Any]]], timings: dict[str, list[float]]) -> dict[str, Any]:
    values = {}
    with connection.cursor() as cursor:
        for code, (sql, params) in queries.items():
            started = time.perf_counter()
            cursor.execute(sql, params)
            values[code] = cursor.fetchone()[0]
            timings.setdefault(code, []).append(time.perf_counter() - started)
    return values


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def same(a: Any, b: Any) -> bool:
    return (a or 0) == (b or 0) or Decimal(a or 0) == Decimal(b or 0)


def compare(label: str, engine: str, actor: Any, unit: AdminUnit, period: Period, province: int | None, n: int) -> None:
    queries = floor_queries(period, province)
    floor_times: dict[str, list[float]] = {}
    antq, floor = [], []
    values = indicator_values(actor=actor, unit=unit, period=period)  # warm up
    floor_values = run_floor(queries, {})
    wrong = [c for c in queries if not same(values[c].value, floor_values[c])]
    for _ in range(n):
        started = time.perf_counter()
        indicator_values(actor=actor, unit=unit, period=period)
        antq.append(time.perf_counter() - started)
        started = time.perf_counter()
        run_floor(queries, floor_times)
        floor.append(time.perf_counter() - started)
    a, f = statistics.median(antq), statistics.median(floor)
    print(
        f"[{engine}] {label} indicator set {period.code} ({len(INDICATORS)} indicators, {len(queries)} floor queries):"
        f" ANTQ median {ms(a)}, p95 {ms(p95(antq))}; floor median {ms(f)}, p95 {ms(p95(floor))};"
        f" ratio {a / f:.2f}× (n={n})"
    )
    print(
        "    figures equal to the floor's: "
        + ("all" if not wrong else f"NO — {', '.join(f'{c} {values[c].value} ≠ {floor_values[c]}' for c in wrong)}")
    )
    slow = sorted(((statistics.median(t), c) for c, t in floor_times.items()), reverse=True)[:6]
    print("    slowest floor queries: " + "; ".join(f"{c} {ms(t)}" for t, c in slow))
    with CaptureQueriesContext(connection) as captured:
        indicator_values(actor=actor, unit=unit, period=period)
    spent = sum(float(q["time"]) for q in captured.captured_queries)
    top = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]
    print(
        f"    ANTQ profile: {len(captured.captured_queries)} queries, {ms(spent)} in the database; slowest: "
        + "; ".join(f"{ms(float(q['time']))} {q['sql'][:70]}…" for q in top)
    )


def http_dashboards(engine: str, pages: list[tuple[str, Any, str]], n: int) -> None:
    from django.conf import settings
    from django.test import Client

    port = "8765"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=dict(os.environ, ALLOWED_HOSTS="127.0.0.1,testserver"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for label, user, path in pages:
            client = Client()
            client.force_login(user)  # a database session the server reads too
            cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

            def get(path: str = path, cookie: str = cookie) -> None:
                request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    assert response.status == 200, (path, response.status)
                    response.read()

            get()
            samples = []
            for _ in range(n):
                started = time.perf_counter()
                get()
                samples.append(time.perf_counter() - started)
            print(
                f"[{engine}] {label} dashboard {path} over HTTP: median {ms(statistics.median(samples))},"
                f" p95 {ms(p95(samples))} (n={n})"
            )
    finally:
        server.terminate()
        server.wait()


def bench_user(username: str, role: str, unit: AdminUnit) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": username})
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--province", default="33")
    parser.add_argument("--year", default="2025")
    parser.add_argument("--nation", action="store_true", help="also the national set (PostgreSQL)")
    parser.add_argument("--http", action="store_true", help="also the dashboards through HTTP")
    args = parser.parse_args()
    period = Period.parse(args.year)
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    province = AdminUnit.objects.get(level=Level.PROVINCE, code=args.province, valid_to__isnull=True)
    ministry = bench_user("bench_bo", "ministry", nation)
    officer = bench_user(f"bench_pv05_{province.code}", "province", province)
    if args.nation:
        compare("national", args.engine, ministry, nation, period, None, args.repeat)
    compare(
        f"province {province.code} ({province.name})", args.engine, officer, province, period, province.pk, args.repeat
    )
    if args.http:
        pages = [(f"province {province.code}", officer, f"/bao-cao/{province.code}/{period.code}/")]
        if args.nation:
            pages.insert(0, ("national", ministry, f"/bao-cao/VN/{period.code}/"))
        http_dashboards(args.engine, pages, args.repeat)


main()
