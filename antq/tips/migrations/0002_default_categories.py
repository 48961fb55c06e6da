"""The portal's starting list of categories (issue 19 item 1); provinces may add, rename or retire them."""

from django.db import migrations

CATEGORIES = [
    ("ma-tuy", "Ma túy"),
    ("trom-cap", "Trộm cắp tài sản"),
    ("lua-dao", "Lừa đảo, an ninh mạng"),
    ("co-bac", "Cờ bạc, cá độ"),
    ("bao-luc", "Bạo lực, cố ý gây thương tích"),
    ("trat-tu", "Trật tự công cộng"),
    ("tin-dung-den", "Tín dụng đen, cho vay nặng lãi"),
    ("khac", "Khác"),
]


def add(apps, schema_editor):
    TipCategory = apps.get_model("tips", "TipCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        TipCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})


def remove(apps, schema_editor):
    apps.get_model("tips", "TipCategory").objects.filter(code__in=[c for c, _ in CATEGORIES], tips__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("tips", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
