"""The national catalogue of scheme types (loại mô hình) most provinces report (data only; reversible).

Names follow the provincial reports and Hướng dẫn 22/HD-BCA-V05; each type has a field (lĩnh vực). The list is
frozen here on purpose: a later change to the catalogue is a new migration, not an edit of this one.
"""

import unicodedata

from django.db import migrations

# (code, name, field, description)
NATIONAL_TYPES = [
    ("tu-phong-tu-quan-tu-bao-ve", "Tự phòng, tự quản, tự bảo vệ", "residential",
     "Khu dân cư tự phòng ngừa, tự quản lý, tự bảo vệ về an ninh, trật tự."),
    ("camera-an-ninh", "Camera an ninh", "residential",
     "Lắp đặt, khai thác camera giám sát an ninh, trật tự tại khu dân cư, tuyến đường."),
    ("cong-truong-an-toan-giao-thong", "Cổng trường an toàn giao thông", "road_safety",
     "Bảo đảm trật tự, an toàn giao thông khu vực cổng trường học."),
    ("khu-dan-cu-an-toan-antt-pccc", "Khu dân cư an toàn về ANTT và PCCC", "fire_safety",
     "Khu dân cư bảo đảm an ninh, trật tự và phòng cháy, chữa cháy."),
    ("dong-ho-an-toan", "Dòng họ an toàn", "residential",
     "Dòng họ an toàn, đoàn kết, không có con cháu vi phạm pháp luật."),
    ("lang-chai-binh-yen", "Làng chài bình yên", "residential",
     "Cộng đồng ngư dân, tàu thuyền tự quản, giúp nhau bảo đảm an ninh, trật tự."),
    ("to-lien-gia-tu-quan", "Tổ liên gia tự quản", "residential",
     "Các hộ liền kề liên kết tự quản về an ninh, trật tự."),
    ("hai-quan-hai-tich-cuc", "Hai quản, hai tích cực", "residential",
     "Gia đình, đoàn thể quản lý, giáo dục con em, hội viên; tích cực tố giác tội phạm, tham gia bảo vệ ANTT."),
    ("to-lien-gia-an-toan-pccc", "Tổ liên gia an toàn phòng cháy, chữa cháy", "fire_safety",
     "Các hộ liền kề tự trang bị phương tiện, hỗ trợ nhau phòng cháy, chữa cháy."),
    ("diem-chua-chay-cong-cong", "Điểm chữa cháy công cộng", "fire_safety",
     "Điểm bố trí phương tiện chữa cháy dùng chung tại khu dân cư."),
    ("truong-hoc-an-toan-antt", "Trường học an toàn về ANTT", "school",
     "Nhà trường phối hợp bảo đảm an ninh, trật tự trong và ngoài trường học."),
    ("doanh-nghiep-an-toan-antt", "Doanh nghiệp an toàn về ANTT", "enterprise",
     "Doanh nghiệp tự bảo vệ, bảo đảm an ninh, trật tự nội bộ."),
    ("co-quan-an-toan-antt", "Cơ quan an toàn về ANTT", "agency",
     "Cơ quan tự bảo vệ, bảo đảm an ninh, trật tự nội bộ."),
    ("giao-xu-binh-yen", "Giáo xứ, xứ đạo bình yên", "religious",
     "Cơ sở tôn giáo phối hợp giữ gìn an ninh, trật tự."),
    ("khu-dan-cu-khong-ma-tuy", "Khu dân cư không ma túy", "drugs",
     "Khu dân cư không có tội phạm, tệ nạn ma túy."),
    ("cau-lac-bo-phong-chong-ma-tuy", "Câu lạc bộ phòng, chống ma túy", "drugs",
     "Đoàn thể tuyên truyền, cảm hóa, giúp đỡ người nghiện ma túy."),
    ("nhom-zalo-an-ninh-trat-tu", "Nhóm Zalo an ninh trật tự", "cyber",
     "Nhóm mạng xã hội tiếp nhận tin báo, tuyên truyền phòng ngừa lừa đảo trên không gian mạng."),
    ("tuyen-duong-tu-quan-atgt", "Tuyến đường tự quản về an toàn giao thông", "road_safety",
     "Đoạn đường do đoàn thể, khu dân cư tự quản về trật tự, an toàn giao thông."),
    ("giup-do-nguoi-lam-loi", "Giúp đỡ người lầm lỗi tái hòa nhập cộng đồng", "reintegration",
     "Quản lý, giáo dục, giúp đỡ người chấp hành xong án phạt tù, được đặc xá tái hòa nhập."),
    ("hom-thu-to-giac-toi-pham", "Hòm thư tố giác tội phạm", "residential",
     "Hòm thư tiếp nhận tin báo, tố giác tội phạm tại khu dân cư."),
]


def _fold(text):
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "d").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def add_types(apps, schema_editor):
    SchemeType = apps.get_model("schemes", "SchemeType")
    existing = set(SchemeType.objects.filter(province__isnull=True).values_list("code", flat=True))
    SchemeType.objects.bulk_create(
        SchemeType(code=code, name=name, folded_name=_fold(name), field=field, description=description)
        for code, name, field, description in NATIONAL_TYPES
        if code not in existing
    )


def remove_types(apps, schema_editor):
    SchemeType = apps.get_model("schemes", "SchemeType")
    SchemeType.objects.filter(province__isnull=True, code__in=[row[0] for row in NATIONAL_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("schemes", "0001_initial")]

    operations = [migrations.RunPython(add_types, remove_types)]
