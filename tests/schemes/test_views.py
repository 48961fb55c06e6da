"""Scheme pages: lists with filters and constant query counts, the site page and its actions, who sees contact
data, the photo, replication, export."""

import datetime as dt
import io
import itertools

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from antq.schemes import services
from antq.schemes.models import Exemplar, SchemeSite, SchemeType
from tests.conftest import unit
from tests.schemes.fixtures import PNG, evaluated, recognise, scheme_type
from tests.schemes.helpers import make_exemplars, make_schemes, make_sites

_numbers = itertools.count(1)


def body(response) -> str:
    return response.content.decode()


# --- Query counts: the same at 1 and 50 rows on every list page ------------------------------------------------


def _sites_of(get, n):
    make_sites(get("dong_scheme"), get("dong_hung"), n)


def _recognised(get, n):
    make_sites(get("dong_scheme"), get("dong_hung"), n, recognition="province")


def _replicas(get, n):
    make_sites(
        get("dong_scheme"), get("dong_hung"), n, replicated_from=get("dong_site"), started_on=dt.date(2023, 1, 1)
    )


def _schemes(get, n):
    schemes = make_schemes(get("dong_hung"), scheme_type("dong-ho-an-toan"), n)
    for scheme in schemes:
        make_sites(scheme, get("dong_hung"), 1)


def _exemplars(get, n):
    make_exemplars(get("dong_hung"), n)


def _evaluations(get, n):
    from antq.schemes.models import SiteEvaluation

    site = get("dong_site")
    first = site.evaluations.count()
    SiteEvaluation.objects.bulk_create(
        SiteEvaluation(
            site=site, evaluated_on=dt.date(2021, 4, 1) + dt.timedelta(days=first + i), assessor="BCĐ", rating="good"
        )
        for i in range(n)
    )


def _types(get, n):
    for _ in range(n):
        services.scheme_type_create(
            actor=get("province_officer"), name=f"Loại riêng {next(_numbers)}", field="other", province=get("hung_yen")
        )


LIST_PAGES = {
    "commune sites": ("commune_officer", lambda get: "/mo-hinh/xa/12688/", _sites_of),
    "province sites": ("province_officer", lambda get: "/mo-hinh/tinh/33/?status=active", _sites_of),
    "commune schemes": ("commune_officer", lambda get: "/mo-hinh/xa/12688/mo-hinh/", _schemes),
    "province schemes": ("viewer", lambda get: "/mo-hinh/tinh/33/mo-hinh/", _schemes),
    "commune exemplars": ("commune_officer", lambda get: "/mo-hinh/xa/12688/dien-hinh/", _exemplars),
    "province exemplars": ("province_officer", lambda get: "/mo-hinh/tinh/33/dien-hinh/", _exemplars),
    "province spread": ("province_officer", lambda get: "/mo-hinh/tinh/33/nhan-rong/", _recognised),
    "scheme sites": ("commune_officer", lambda get: f"/mo-hinh/mo-hinh/{get('dong_scheme').pk}/", _sites_of),
    "site spread": ("commune_officer", lambda get: f"/mo-hinh/diem/{get('dong_site').pk}/nhan-rong/", _replicas),
    "catalogue": ("province_officer", lambda get: "/mo-hinh/", _types),
    "export": ("commune_officer", lambda get: "/mo-hinh/xa/12688/xuat/", _sites_of),
    "api sites": ("commune_officer", lambda get: "/api/v1/schemes/sites?commune=12688", _sites_of),
    "api schemes": ("province_officer", lambda get: "/api/v1/schemes/schemes?province=33", _schemes),
    "api exemplars": ("viewer", lambda get: "/api/v1/schemes/exemplars", _exemplars),
    "api types": ("province_officer", lambda get: "/api/v1/schemes/types", _types),
    "api evaluations": (
        "viewer",
        lambda get: f"/api/v1/schemes/sites/{get('dong_site').pk}/evaluations",
        _evaluations,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(LIST_PAGES))
def test_list_query_count_does_not_grow_with_rows(
    page, request, client, dong_site, django_assert_max_num_queries, media_root
):
    user, url, add_rows = LIST_PAGES[page]
    get = request.getfixturevalue
    client.force_login(get(user))
    add_rows(get, 1)
    with django_assert_max_num_queries(40) as one:
        assert client.get(url(get)).status_code == 200
    add_rows(get, 49)
    with django_assert_max_num_queries(40) as fifty:
        assert client.get(url(get)).status_code == 200
    assert len(one.captured_queries) == len(fifty.captured_queries), page


@pytest.mark.django_db
def test_site_list_pages_by_50_and_keeps_filters_in_page_links(client, commune_officer, dong_scheme, dong_hung):
    make_sites(dong_scheme, dong_hung, 60)
    client.force_login(commune_officer)
    response = client.get("/mo-hinh/xa/12688/", {"status": "active"})
    assert len(response.context["page"]) == 50 and response.context["page"].paginator.count == 60
    assert "?status=active&amp;page=2" in body(response)


# --- Lists and filters -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_page_shows_figures_and_filters(client, commune_officer, province_officer, dong_site, dong_hung):
    lately = dt.date.today() - dt.timedelta(days=30)
    services.evaluation_record(
        actor=commune_officer, site=dong_site, evaluated_on=lately, assessor="Công an xã", rating="fair"
    )
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 6, 1))
    client.force_login(commune_officer)
    response = client.get("/mo-hinh/xa/12688/")
    text = body(response)
    assert "Đang duy trì 1 loại mô hình, 1 mô hình, với 1 điểm mô hình" in text
    assert "1 điểm được Công an tỉnh ghi nhận" in text
    assert "Thôn Nam" in text and "Khá" in text and lately.strftime("%d/%m/%Y") in text
    assert "Thêm điểm mô hình" in text
    assert list(client.get("/mo-hinh/xa/12688/", {"recognition": "ministry"}).context["page"]) == []
    assert list(client.get("/mo-hinh/xa/12688/", {"overdue": "on"}).context["page"]) == []
    assert len(client.get("/mo-hinh/xa/12688/", {"rating": "fair"}).context["page"]) == 1


@pytest.mark.django_db
def test_province_page_filters_by_commune(client, province_officer, dong_site, tan_site, tan_tien):
    client.force_login(province_officer)
    response = client.get("/mo-hinh/tinh/33/", {"commune": tan_tien.pk})
    assert [s.pk for s in response.context["page"]] == [tan_site.pk]


@pytest.mark.django_db
def test_viewer_reads_sites_and_schemes_but_sees_no_write_controls(client, viewer, dong_site):
    client.force_login(viewer)
    listing = body(client.get("/mo-hinh/xa/12688/"))
    assert "Thôn Nam" in listing and "Thêm điểm mô hình" not in listing and "Nhập từ bảng tính" not in listing
    page = client.get(f"/mo-hinh/diem/{dong_site.pk}/")
    assert page.status_code == 200
    text = body(page)
    assert "Ghi kết quả đánh giá" not in text and "Dừng hoạt động</summary>" not in text
    assert "Nhật ký thay đổi" not in text  # the audit trail names officers: officers only
    assert client.post(f"/mo-hinh/diem/{dong_site.pk}/suspend/", {"on": "01/05/2025", "reason": "x"}).status_code == 404


# --- The site page and its actions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_site_page_shows_evaluations_recognition_and_history(client, commune_officer, province_officer, dong_site):
    services.evaluation_record(
        actor=commune_officer, site=dong_site, evaluated_on=dt.date(2025, 4, 1), assessor="BCĐ xã", rating="good"
    )
    services.site_suspend(actor=commune_officer, site=dong_site, on=dt.date(2025, 5, 1), reason="Thiếu kinh phí")
    services.site_resume(actor=commune_officer, site=dong_site, on=dt.date(2025, 6, 1))
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2025, 7, 1))
    client.force_login(commune_officer)
    text = body(client.get(f"/mo-hinh/diem/{dong_site.pk}/"))
    for expected in (
        "01/04/2025: Đánh giá: Tốt",
        "01/05/2025: Tạm dừng: Thiếu kinh phí",
        "01/06/2025: Hoạt động trở lại",
        "01/03/2021: Bắt đầu hoạt động",
        "Công an tỉnh ghi nhận",
        "Nhật ký thay đổi",
    ):
        assert expected in text, expected
    # A commune officer has no recognition form: that is the province's.
    assert "Ghi nhận là mô hình tiêu biểu" not in text


@pytest.mark.django_db
def test_recognition_by_the_wrong_role_is_refused_with_a_message(client, commune_officer, dong_site):
    client.force_login(commune_officer)
    response = client.post(
        f"/mo-hinh/diem/{dong_site.pk}/recognise/", {"level": "province", "decision_date": "01/06/2025"}, follow=True
    )
    assert "PV05" in body(response)
    dong_site.refresh_from_db()
    assert dong_site.recognition == "none"


@pytest.mark.django_db
def test_province_officer_recognises_from_the_site_page(client, province_officer, dong_site):
    evaluated(province_officer, dong_site)
    client.force_login(province_officer)
    page = body(client.get(f"/mo-hinh/diem/{dong_site.pk}/"))
    assert "Ghi nhận là mô hình tiêu biểu" in page
    response = client.post(
        f"/mo-hinh/diem/{dong_site.pk}/recognise/",
        {"level": "ministry", "decision_number": "321/V05-P3", "decision_date": "10/09/2025"},
    )
    assert response.status_code == 302
    dong_site.refresh_from_db()
    assert (dong_site.recognition, dong_site.recognition_decision) == ("ministry", "321/V05-P3")


@pytest.mark.django_db
def test_unknown_action_is_404(client, commune_officer, dong_site):
    client.force_login(commune_officer)
    assert client.post(f"/mo-hinh/diem/{dong_site.pk}/delete/").status_code == 404


@pytest.mark.django_db
def test_site_form_creates_a_site_with_teams(client, commune_officer, dong_scheme, thon_bac, team):
    client.force_login(commune_officer)
    response = client.post(
        "/mo-hinh/xa/12688/them-diem/",
        {
            "scheme": dong_scheme.pk,
            "place_kind": "locality",
            "locality": thon_bac.pk,
            "started_on": "01/02/2024",
            "households": "80",
            "teams": [team.pk],
        },
    )
    site = SchemeSite.objects.get(locality=thon_bac)
    assert response.status_code == 302 and response.url == f"/mo-hinh/diem/{site.pk}/"
    assert list(site.teams.all()) == [team] and site.households == 80


@pytest.mark.django_db
def test_site_form_shows_the_rule_that_failed(client, commune_officer, dong_scheme, thon_bac):
    client.force_login(commune_officer)
    response = client.post(
        "/mo-hinh/xa/12688/them-diem/",
        {"scheme": dong_scheme.pk, "place_kind": "locality", "locality": thon_bac.pk, "started_on": "01/02/2019"},
    )
    assert response.status_code == 200 and "trước ngày ra mắt mô hình" in body(response)


@pytest.mark.django_db
def test_replicate_button_prefills_the_source(client, province_officer, other_commune_officer, dong_site):
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 1, 1))
    client.force_login(other_commune_officer)
    form = client.get(f"/mo-hinh/xa/12583/them-diem/?nhan-rong={dong_site.pk}").context["form"]
    assert form.initial["replicated_from"] == dong_site.pk and form.initial["scheme"] == dong_site.scheme_id


@pytest.mark.django_db
def test_spread_page_lists_replicas_by_commune(
    client, province_officer, other_commune_officer, dong_site, tan_tien, thon_trung
):
    recognise(actor=province_officer, site=dong_site, level="province", decision_date=dt.date(2024, 1, 1))
    services.site_create(
        actor=other_commune_officer,
        scheme=dong_site.scheme,
        commune=tan_tien,
        place_kind="locality",
        locality=thon_trung,
        started_on=dt.date(2025, 2, 1),
        replicated_from=dong_site,
    )
    client.force_login(province_officer)
    overview = client.get("/mo-hinh/tinh/33/nhan-rong/")
    (row,) = overview.context["page"]
    assert (row.pk, row.spread.replicas, row.spread.communes) == (dong_site.pk, 1, 1)
    detail = client.get(f"/mo-hinh/diem/{dong_site.pk}/nhan-rong/")
    assert [r["commune__name"] for r in detail.context["by_commune"]] == ["Xã Tân Tiến"]


# --- Advanced examples -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "phone", "address"),
    [
        ("commune_officer", "0912345678", True),
        ("province_officer", "••••••5678", False),
        ("viewer", None, False),
    ],
)
def test_exemplar_names_are_public_contact_data_is_not(client, request, dong_exemplar, user, phone, address):
    client.force_login(request.getfixturevalue(user))
    text = body(client.get(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/"))
    assert "Nguyễn Văn Thành" in text
    if phone:
        assert phone in text
    assert "0912345678" not in text or phone == "0912345678"
    assert ("Thôn Nam, xã Đông Hưng" in text) is address
    listing = body(
        client.get("/mo-hinh/tinh/33/dien-hinh/" if user != "commune_officer" else "/mo-hinh/xa/12688/dien-hinh/")
    )
    assert "Nguyễn Văn Thành" in listing and "5678" not in listing


@pytest.mark.django_db
def test_exemplar_photo_is_served_with_its_checked_type(client, viewer, dong_exemplar):
    client.force_login(viewer)
    response = client.get(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/anh/")
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.django_db
def test_exemplar_form_refuses_a_disguised_file(client, commune_officer, media_root):
    client.force_login(commune_officer)
    data = {
        "kind": "person",
        "name": "Trần Văn Long",
        "year": 2025,
        "achievements": "Tích cực.",
        "recognition_level": "commune",
        "photo": SimpleUploadedFile("anh.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/jpeg"),
    }
    response = client.post("/mo-hinh/xa/12688/dien-hinh/them/", data)
    assert response.status_code == 200 and "JPEG hoặc PNG" in body(response)
    assert not Exemplar.objects.exists()
    data["photo"] = SimpleUploadedFile("anh.bin", PNG, content_type="application/octet-stream")
    assert client.post("/mo-hinh/xa/12688/dien-hinh/them/", data).status_code == 302
    assert Exemplar.objects.get().photo_type == "image/png"


@pytest.mark.django_db
def test_exemplar_edit_removes_the_photo(client, commune_officer, dong_exemplar):
    client.force_login(commune_officer)
    data = {
        "kind": "person",
        "name": "Nguyễn Văn Thành",
        "year": 2025,
        "achievements": "Cập nhật thành tích.",
        "recognition_level": "province",
        "remove_photo": "on",
    }
    assert client.post(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/sua/", data).status_code == 302
    dong_exemplar.refresh_from_db()
    assert not dong_exemplar.photo and dong_exemplar.achievements == "Cập nhật thành tích."
    assert client.get(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/anh/").status_code == 404


# --- Catalogue and schemes -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_lists_national_and_own_province_types(client, province_officer, hung_yen, dong_site):
    services.scheme_type_create(
        actor=province_officer, name="Cụm liên kết ANTT", field="residential", province=hung_yen
    )
    client.force_login(province_officer)
    response = client.get("/mo-hinh/")
    text = body(response)
    assert response.context["page"].paginator.count == 21
    assert "Riêng Tỉnh Hưng Yên" in text and "Dòng họ an toàn" in text and "+ Thêm loại mô hình" in text
    camera = next(t for t in response.context["page"] if t.code == "camera-an-ninh")
    assert camera.site_count == 1


@pytest.mark.django_db
def test_province_officer_adds_a_type_through_the_form(client, province_officer, hung_yen):
    client.force_login(province_officer)
    response = client.post("/mo-hinh/loai/them/", {"name": "Chợ an toàn", "field": "other", "province": hung_yen.pk})
    assert response.status_code == 302
    assert SchemeType.objects.get(name="Chợ an toàn").province == hung_yen


@pytest.mark.django_db
def test_scheme_form_and_edit(client, commune_officer, other_commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        "/mo-hinh/xa/12688/them-mo-hinh/",
        {
            "name": "Dòng họ an toàn xã Đông Hưng",
            "scheme_type": scheme_type("dong-ho-an-toan").pk,
            "lead_organisation": "front",
            "started_on": "15/03/2021",
        },
    )
    assert response.status_code == 302
    scheme = unit("12688").schemes_started.get()
    edit = client.post(
        f"/mo-hinh/mo-hinh/{scheme.pk}/sua/",
        {"name": scheme.name, "lead_organisation": "veterans", "started_on": "15/03/2021", "description": ""},
    )
    assert edit.status_code == 302
    scheme.refresh_from_db()
    assert scheme.lead_organisation == "veterans"


# --- Export ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_pages_link_to_schemes_for_readers_only(client, commune_officer, team_leader):
    client.force_login(commune_officer)
    assert "/mo-hinh/xa/12688/" in body(client.get("/dia-ban/xa/12688/"))
    client.force_login(team_leader)
    assert "/mo-hinh/xa/12688/" not in body(client.get("/dia-ban/xa/12688/"))


@pytest.mark.django_db
def test_export_has_the_import_columns_then_the_rest(client, commune_officer, dong_site):
    services.site_update(actor=commune_officer, site=dong_site, results="=HYPERLINK(1)")
    client.force_login(commune_officer)
    response = client.get("/mo-hinh/xa/12688/xuat/")
    assert response["Content-Disposition"] == 'attachment; filename="diem-mo-hinh-12688.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == (
        "Tên mô hình",
        "Nơi thực hiện",
        "Thôn, tổ dân phố",
        "Cơ quan, doanh nghiệp, cơ sở giáo dục",
        "Ngày bắt đầu hoạt động",
    )
    assert rows[2][0] == "Camera an ninh xã Đông Hưng" and rows[2][2] == "Thôn Nam"
    assert rows[2][4].date() == dt.date(2021, 3, 1) and rows[2][5] == 120
    assert rows[2][7] == "=HYPERLINK(1)"  # text, not a formula


@pytest.mark.django_db
def test_province_exemplar_edit_form_shows_contact_masked_and_keeps_it(client, province_officer, dong_exemplar):
    client.force_login(province_officer)
    response = client.get(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/sua/")
    text = body(response)
    assert "0912345678" not in text and "Thôn Nam, xã Đông Hưng" not in text
    assert "••••••5678" in text  # read-only, masked
    assert not {"contact_phone", "contact_address"} & set(response.context["form"].fields)
    data = {
        "kind": "person",
        "name": "Nguyễn Văn Thành",
        "year": 2025,
        "achievements": "Cập nhật thành tích.",
        "recognition_level": "province",
        "contact_phone": "",  # a forged post cannot erase or replace what the province may not see
        "contact_address": "",
    }
    assert client.post(f"/mo-hinh/dien-hinh/{dong_exemplar.pk}/sua/", data).status_code == 302
    dong_exemplar.refresh_from_db()
    assert dong_exemplar.achievements == "Cập nhật thành tích."
    assert (dong_exemplar.contact_phone, dong_exemplar.contact_address) == ("0912345678", "Thôn Nam, xã Đông Hưng")


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "99999999999999999999999", "abc"])
def test_exemplar_list_ignores_a_garbage_year_filter(client, commune_officer, dong_exemplar, year):
    client.force_login(commune_officer)
    response = client.get("/mo-hinh/xa/12688/dien-hinh/", {"year": year})
    assert response.status_code == 200 and "Nguyễn Văn Thành" in body(response)
