"""Time to generate a province's annual report (issue 10: under 3 s). Reports figures; asserts nothing.

Run against a database holding the Hưng Yên demo (`make demo` builds var/demo.sqlite3; `make bench` builds
var/bench.sqlite3), e.g.:
    DATABASE_URL=sqlite:///$PWD/var/demo.sqlite3 ANTQ_ALLOW_INSECURE_KEY=1 .venv/bin/python bench/documents.py
Options: --unit 33 --period 2025 --repeat 5. Measured, each after one warm-up run:
- content: figures (live or approved), baseline, sentences, per-commune tables and chart data — what drafting,
  "Cập nhật số liệu" and finalising compute;
- docx / pdf / xlsx: rendering from stored content — what a download costs;
- report request: content + the slower of DOCX and PDF (drafting, then downloading the PDF). The XLSX of a draft
  also computes every figure by child unit at download (one computation per commune for figures whose registry
  has no `per_child`), so it is reported on its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root, when run as bench/documents.py

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from antq.accounts.models import Role, User  # noqa: E402
from antq.core.periods import Period  # noqa: E402
from antq.documents import services  # noqa: E402
from antq.geo.selectors import unit_resolve  # noqa: E402


def measure(call, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    call()  # warm up (imports, font and template caches)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="33")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    unit, period = unit_resolve(args.unit), Period.parse(args.period)
    actor = (
        User.objects.filter(assignments__role=Role.PROVINCE, assignments__unit=unit).first()
        or User.objects.filter(assignments__role=Role.MINISTRY).first()
    )
    if actor is None:
        sys.exit("No province or ministry user: load the demo first (make demo).")
    document = services.document_new(actor=actor, unit=unit, period=period)
    rows = len(document.content["children"])
    print(
        f"{unit.name}, {period.label}: {len(document.content['areas'])} areas, {rows} child units, "
        f"{connection.vendor}, {os.cpu_count()} cores"
    )
    content, _ = measure(lambda: services.document_new(actor=actor, unit=unit, period=period), args.repeat)
    print(f"content (figures, sentences, tables): median {content:.2f} s")
    worst = 0.0
    for fmt in ("docx", "pdf", "xlsx"):
        median, slowest = measure(lambda fmt=fmt: services.document_render(document, fmt, actor=actor), args.repeat)
        size = len(services.document_render(document, fmt, actor=actor)[0])
        if fmt != "xlsx":
            worst = max(worst, median)
        print(f"{fmt}: median {median:.2f} s, max {slowest:.2f} s ({size / 1024:.0f} KiB)")
    verdict = "under" if content + worst < 3 else "OVER"
    print(f"report request (content + slower of DOCX/PDF): {content + worst:.2f} s — {verdict} the 3 s goal")
    print("(the XLSX of a draft computes every figure by child unit at download; finalising freezes them)")


if __name__ == "__main__":
    main()
