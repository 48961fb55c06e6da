"""`python manage.py seed_national --seed 1`: a synthetic nation at the national plan's volume, for benchmarks.

Every app's registered national seeder (antq.core.extensions.NATIONAL_SEEDERS) bulk-loads its rows for every
current province and commune (run `load_geography` first), each in one transaction; the same seed gives the same
rows. Prints the row counts. Refuses a database that already holds localities (demo or real data).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from antq.core.bulk import NationalContext
from antq.core.extensions import NATIONAL_SEEDERS
from antq.core.templatetags.antq import vn
from antq.geo.models import AdminUnit, Level, Locality


class Command(BaseCommand):
    help = "Tạo dữ liệu tổng hợp quy mô toàn quốc (34 tỉnh, 3.321 xã) để đo hiệu năng."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--first-year", type=int, default=2021, help="Năm đầu của dữ liệu hoạt động (5 năm).")
        parser.add_argument("--years", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        if Locality.objects.exists():
            raise CommandError("Cơ sở dữ liệu đã có thôn, tổ dân phố: seed_national chỉ chạy trên CSDL mới.")
        first = options["first_year"]
        current = AdminUnit.objects.filter(valid_to__isnull=True).order_by("code")
        context = NationalContext(
            seed=options["seed"],
            years=range(first, first + options["years"]),
            stdout=self.stdout,
            provinces=current.filter(level=Level.PROVINCE).values_list("pk", "code"),
            communes=current.filter(level=Level.COMMUNE).values_list("pk", "parent_id", "code", "kind"),
        )
        if not context.communes:
            raise CommandError("Chưa có danh mục đơn vị hành chính: chạy `manage.py load_geography` trước.")
        started = time.perf_counter()
        counts: dict[str, int] = {}
        for seeder in NATIONAL_SEEDERS:
            step = time.perf_counter()
            with transaction.atomic():
                written = seeder.run(context)
            counts |= written
            self.stdout.write(f"  · {seeder.name}: {time.perf_counter() - step:.1f} s")
        # Fresh statistics (and, on PostgreSQL, visibility maps) for the planner; VACUUM cannot run in a transaction.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        width = max(len(label) for label in counts)
        for label, number in counts.items():
            self.stdout.write(f"{label:<{width}}  {vn(number):>12}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong dữ liệu toàn quốc: {len(context.provinces)} tỉnh, {vn(len(context.communes))} xã, "
                f"{vn(sum(counts.values()))} dòng trong {time.perf_counter() - started:.0f} s."
            )
        )
