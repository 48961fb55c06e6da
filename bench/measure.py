"""Measurements run inside one benchmark database (called by bench/run.py with DATABASE_URL set)."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root, when run as bench/measure.py

import django

django.setup()

from django.test import Client  # noqa: E402

from antq.accounts.models import User  # noqa: E402
from antq.forces.models import SecurityTeam, TeamMember  # noqa: E402
from antq.geo.models import AdminUnit, Level, Locality  # noqa: E402
from bench.stats import p95  # noqa: E402

ENGINE, REPEAT = sys.argv[1], int(sys.argv[2])


def timed(label: str, call, repeat: int = REPEAT) -> None:  # type: ignore[no-untyped-def]
    call()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"[{ENGINE}] {label}: median {statistics.median(samples):.1f} ms, p95 {p95(samples):.1f} ms (n={repeat})")


def pages() -> None:
    client = Client()
    client.force_login(User.objects.get(username="pv05_33"))

    def get(path: str):  # type: ignore[no-untyped-def]
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    teams = SecurityTeam.objects.filter(commune__parent__code="33").count()
    timed(f"province team overview /luc-luong/tinh/33/ ({teams} teams)", get("/luc-luong/tinh/33/"))
    busiest = (
        AdminUnit.objects.filter(level=Level.COMMUNE, parent__code="33", valid_to__isnull=True)
        .order_by("-security_teams")
        .first()
    )
    timed(f"commune team list /luc-luong/xa/{busiest.code}/", get(f"/luc-luong/xa/{busiest.code}/"))
    timed("province dashboard /bao-cao/33/2025/", get("/bao-cao/33/2025/"))
    timed("indicators API /api/v1/indicators?unit=33&period=2025", get("/api/v1/indicators?unit=33&period=2025"))


def roster_import() -> None:
    """A 10,000-member roster for one commune (fresh teams and localities), previewed through the machinery."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    from antq.core.imports import import_preview
    from antq.forces.roster import COLUMNS, RosterImporter
    from antq.forces.services import team_create

    officer = User.objects.get(username="ca_12688")
    commune = AdminUnit.objects.get(level=Level.COMMUNE, code="12688", valid_to__isnull=True)
    localities = [
        Locality.objects.create(commune=commune, name=f"Khu bench {i}", kind="khu_dan_cu", households=300)
        for i in range(100)
    ]
    teams = [
        team_create(
            actor=officer,
            commune=commune,
            name=f"Tổ bench {i}",
            founded_on=dt.date(2024, 7, 1),
            localities=[localities[i]],
        )
        for i in range(100)
    ]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH THÀNH VIÊN"])
    columns = [c for c in COLUMNS if c.offered]  # the template's layout, whatever its order
    sheet.append([c.header for c in columns])
    for i in range(10_000):
        team = teams[i // 100]
        year = 1960 + i % 40
        cells = {
            "team": team.name,
            "full_name": f"Nguyễn Văn Thử {i}",
            "birth_date": f"15/03/{year}",
            "gender": "Nam",
            "national_id": f"0960{year % 100:02d}{i:06d}",
            "ethnicity": "Kinh",
            "education": "THPT",
            "residence": localities[i // 100].name,
            "phone": f"09{i:08d}",
            "role": "Tổ trưởng" if i % 100 == 0 else "Tổ viên",
            "decision": "1/QĐ-UBND ngày 01/07/2024",
            "start_date": "05/07/2024",
            "resident_since": "01/01/2000",
            "health_certified": "Có",
            "no_prosecution": "Có",
        }
        sheet.append([cells.get(c.key, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    start = time.perf_counter()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    bare = time.perf_counter() - start
    start = time.perf_counter()
    plan = import_preview(actor=officer, importer=RosterImporter, file=data, filename="bench.xlsx", commune=commune)
    full = time.perf_counter() - start
    # Memory in a second run: tracemalloc slows Python down, so it must not be on while timing.
    tracemalloc.start()
    import_preview(actor=officer, importer=RosterImporter, file=data, filename="bench.xlsx", commune=commune)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert plan.is_valid, plan.errors[:3]
    print(
        f"[{ENGINE}] roster import preview: {len(plan.results)} rows ({len(rows) - 2} in the sheet) in {full:.2f} s, "
        f"peak Python memory {peak / 2**20:.0f} MiB; calamine bare read {bare:.2f} s; ratio {full / bare:.1f}×"
    )
    assert TeamMember.objects.filter(team__in=teams).count() == 0  # the preview wrote nothing


pages()
roster_import()
