"""`python manage.py load_geography`: fill provinces, communes, legacy units and the old→new mapping."""

from typing import Any

from django.core.management.base import BaseCommand

from antq.geo.models import AdminUnit, Level
from antq.geo.services import geography_load


class Command(BaseCommand):
    help = "Nạp bản đồ hành chính (34 tỉnh, 3.321 xã) và bảng chuyển đổi cũ → mới từ gói vietnam-provinces."

    def handle(self, *args: Any, **options: Any) -> None:
        result = geography_load()
        current = AdminUnit.objects.filter(valid_to__isnull=True)
        self.stdout.write(
            f"{result}. Hiện hành: {current.filter(level=Level.PROVINCE).count()} tỉnh, "
            f"{current.filter(level=Level.COMMUNE).count()} xã/phường/đặc khu."
        )
