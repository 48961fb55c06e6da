"""The standard forms of commendation of the movement (domain brief §7); more can be added as AwardForm rows."""

from django.db import migrations

STANDARD_FORMS = [
    ("bang-khen-bo-truong", "Bằng khen của Bộ trưởng Bộ Công an", False, False, 10),
    ("bang-khen-chu-tich-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", False, False, 20),
    ("giay-khen-giam-doc", "Giấy khen của Giám đốc Công an tỉnh", False, False, 30),
    ("ky-niem-chuong", "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", True, True, 40),
]


def add_forms(apps, schema_editor):
    AwardForm = apps.get_model("activities", "AwardForm")
    for code, name, is_medal, individuals_only, order in STANDARD_FORMS:
        AwardForm.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_medal": is_medal, "individuals_only": individuals_only, "order": order},
        )


def remove_forms(apps, schema_editor):
    AwardForm = apps.get_model("activities", "AwardForm")
    AwardForm.objects.filter(code__in=[row[0] for row in STANDARD_FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_forms, remove_forms)]
