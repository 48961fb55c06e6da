"""`python manage.py seed_demo --province 33 --seed 1`: deterministic demo data for one province.

Runs every app's registered seeder (antq.core.extensions.SEEDERS) in order with one seeded random generator,
so the same seed gives the same data. Prints the demo logins.
"""

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from antq.core.errors import ANTQError
from antq.core.extensions import SEEDERS
from antq.geo.models import Level, Locality
from antq.geo.selectors import unit_resolve


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu cho một tỉnh (xác định theo --seed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--province", required=True, help="Mã hoặc tên tỉnh, ví dụ 33 hoặc “Hưng Yên”.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="Bỏ qua nếu tỉnh đã có dữ liệu mẫu.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            province = unit_resolve(options["province"], level=Level.PROVINCE)
        except ANTQError as exc:
            raise CommandError(exc.message) from exc
        if options["if_empty"] and Locality.objects.filter(commune__parent=province).exists():
            self.stdout.write(f"{province.name} đã có dữ liệu mẫu; bỏ qua (xóa var/demo.sqlite3 để tạo lại).")
            return
        rng = random.Random(options["seed"])
        started = time.perf_counter()
        for seeder in SEEDERS:
            step = time.perf_counter()
            with transaction.atomic():
                seeder.run(province=province, rng=rng, stdout=self.stdout)
            self.stdout.write(f"  · {seeder.name}: {time.perf_counter() - step:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Xong dữ liệu mẫu {province.name} trong {time.perf_counter() - started:.1f} s.")
        )
