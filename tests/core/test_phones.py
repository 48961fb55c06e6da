"""Phone numbers (issue 16 item 5, cases F10a and U01): one validator, antq.core.phones.phone_canonical on the
`phonenumbers` library, stores one canonical form and refuses what is not one valid Vietnamese number — here the
validator itself, its form field, the display filter, the exemplar and account paths, `check_phones` and the data
migrations. The forces paths (member pages, proposals, roster import, API) are in tests/forces/test_phones.py."""

from __future__ import annotations

import importlib

import phonenumbers
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template

from antq.accounts import services as account_services
from antq.accounts.forms import UserCreateForm
from antq.accounts.models import User
from antq.core import phones
from antq.core.errors import ValidationFailed
from antq.core.phones import PhoneField, PhoneInvalid, phone_canonical, phone_is_valid, tel_uri
from antq.core.templatetags.antq import phone_link
from antq.forces import services as forces_services
from antq.forces.models import RosterProposal, TeamMember
from antq.geo.models import AdminUnit
from antq.geo.services import geography_load
from antq.schemes import exemplars
from antq.schemes.forms import ExemplarForm
from antq.schemes.models import Exemplar
from tests.forces.fixtures import member_data
from tests.summaries import raw_rows
from tests.world import small_geography

# --- The validator -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "+84 987 654 321",
        "84987654321",
        "0987.654.321",
        "0987 654 321",
        "0987-654-321",
        "0987654321",
        "098 765 4321",
        "+84 (0) 987 654 321",
        "0084 987 654 321",
        "987654321",  # a number cell that lost its leading 0
        987654321,
        987654321.0,
        "０９８７６５４３２１",  # full-width digits (NFKC)
        " 0987654321 ",
    ],
)
def test_the_spellings_of_one_mobile_number_are_one_stored_number(typed):
    assert phone_canonical(typed) == "0987654321"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(0221) 3123 456", "02213123456"),  # Hưng Yên landline with its area code
        ("0221.3123456", "02213123456"),
        ("+84 221 3123 456", "02213123456"),
        ("(024) 3825 1234", "02438251234"),  # Hà Nội
        ("024-3825-1234", "02438251234"),
        ("(024) 3825 - 1234", "02438251234"),  # a hyphen inside one number is not a second number
        ("028 3829 1234", "02838291234"),  # Hồ Chí Minh City
        ("0912345678", "0912345678"),
        ("0356 123 456", "0356123456"),
        ("070 123 4567", "0701234567"),
        ("0812345678", "0812345678"),
        ("0561234567", "0561234567"),
    ],
)
def test_landlines_keep_their_area_code_and_mobiles_are_ten_digits(typed, stored):
    assert phone_canonical(typed) == stored
    assert phone_is_valid(stored)


def test_the_canonical_form_is_the_library_national_format_without_spaces():
    """The brief's definition, checked against the library for a mobile and a landline."""
    for text, national in (("0987654321", "0987 654 321"), ("02213123456", "0221 3123 456")):
        number = phonenumbers.parse(text, "VN")
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) == national
        assert phone_canonical(text) == national.replace(" ", "")


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_stays_empty(empty):
    assert phone_canonical(empty) == ""


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", phones.CHARACTERS),
        ("12ab", phones.CHARACTERS),
        ("Không có", phones.CHARACTERS),  # a placeholder is the import's business, not a form's
        ("0912ABCDEF", phones.CHARACTERS),  # the library would read keypad letters as digits
        ("SĐT: 0987654321", phones.CHARACTERS),
        ("tel:+84987654321", phones.CHARACTERS),
        ("0987654321 ext 12", phones.CHARACTERS),
        ("٠٩١٢٣٤٥٦٧٨", phones.CHARACTERS),  # Arabic-Indic digits: refused, as for the CCCD
        ("091234567²", phones.CHARACTERS),  # a superscript, which NFKC would turn into 2
        ("0912+345678", phones.CHARACTERS),
        ("-", phones.CHARACTERS),
        ("0912345678 - 0987654321", phones.SEVERAL),
        ("0912 345 678 - 0987 654 321", phones.SEVERAL),
        ("0912345678/0987654321", phones.SEVERAL),
        ("0912345678; 0987654321", phones.SEVERAL),
        ("0912345678, 0221 3123 456", phones.SEVERAL),
        ("0912345678 hoặc 0987654321", phones.SEVERAL),
        ("0912345678 0987654321", phones.SEVERAL),
        ("01662123456", phones.OLD_MOBILE),  # the 11-digit 016x mobiles became 03x in 2018
        ("+1 650 253 0000", phones.FOREIGN),
        ("+44 20 7946 0958", phones.FOREIGN),
        ("1900 1234", phones.SERVICE),
        ("1800 1234", phones.SERVICE),
        ("9" * 41, phones.TOO_LONG),
    ],
)
def test_what_is_not_one_vietnamese_number_is_refused_with_its_reason(typed, reason):
    with pytest.raises(PhoneInvalid) as refused:
        phone_canonical(typed, field="phone")
    assert refused.value.reason == reason
    assert refused.value.message == f"Số điện thoại {reason}."
    assert refused.value.field == "phone"
    assert isinstance(refused.value, ValidationFailed) and isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    "typed",
    [
        "098765432",  # 9 digits with the 0: one short
        "09876543210",  # one too many
        "0123456789",  # no 012 mobile range
        "0241234567",  # a landline without all its digits
        "022131234567",
        "0992123456",  # 0992 is not allocated
        "0672012345",  # VoIP: not a person's phone
        "0",
        "113",  # the police's short number
    ],
)
def test_wrong_length_or_prefix_is_refused_naming_the_numbering_plan(typed):
    with pytest.raises(PhoneInvalid) as refused:
        phone_canonical(typed)
    assert "không có trong kho số Việt Nam" in refused.value.message
    assert "di động có 10 chữ số" in refused.value.message


def test_the_fast_path_reads_digits_as_the_library_does():
    for text in ("0912345678", "912345678", "02213123456", "2213123456", "843123456", "0992123456", "8491234567"):
        number = phonenumbers.parse(text, "VN")
        expected = None
        if phonenumbers.is_valid_number(number):
            expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")
        try:
            got = phone_canonical(text)
        except PhoneInvalid:
            got = None
        assert got == expected, text


def test_tel_links_only_for_valid_stored_numbers():
    assert tel_uri("0987654321") == "tel:+84987654321"
    assert tel_uri("02213123456") == "tel:+842213123456"
    for not_dialable in ("", "••••••4321", "0992123456", "abc", "+84987654321", None):
        assert tel_uri(not_dialable) == ""
    assert phone_link("0987654321") == '<a href="tel:+84987654321">0987654321</a>'
    assert phone_link("••••••4321") == "••••••4321"
    page = Template("{% load antq %}{{ v|phone_link }}").render(Context({"v": "<b>12ab</b>"}))
    assert page == "&lt;b&gt;12ab&lt;/b&gt;"  # legacy text escaped, never a link


def test_demo_numbers_are_valid():
    assert phones.demo_mobile(12345678) == "0912345678"
    assert phones.demo_mobile(92123456) == "0392123456"  # 0992… is not allocated
    assert all(phone_is_valid(phones.demo_mobile(n)) for n in range(10_000_000, 100_000_000, 999_983))


# --- The form field ------------------------------------------------------------------------------------------------


def test_phone_field_cleans_to_the_canonical_form_or_names_the_reason():
    field = PhoneField(label="Số điện thoại")
    assert field.clean("+84 987 654 321") == "0987654321"
    assert field.clean("") == ""
    with pytest.raises(Exception, match="chỉ gồm chữ số 0–9"):
        field.clean("12ab")
    assert field.widget.attrs["inputmode"] == "tel"


# --- Advanced examples' contact phone and accounts' phone ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["abc", "12ab", "0912345678 - 0987654321", "0123456789"])
def test_exemplar_contact_phone_is_refused_by_form_and_service(commune_officer, dong_exemplar, bad):
    form = ExemplarForm(
        {"kind": "person", "name": "A", "year": 2025, "achievements": "x", "recognition_level": "commune"}
        | {"contact_phone": bad}
    )
    assert not form.is_valid() and form.errors["contact_phone"][0].startswith("Số điện thoại")
    with pytest.raises(ValidationFailed) as refused:
        exemplars.exemplar_update(actor=commune_officer, exemplar=dong_exemplar, contact_phone=bad)
    assert refused.value.field == "contact_phone"
    assert Exemplar.objects.get(pk=dong_exemplar.pk).contact_phone == "0912345678"


@pytest.mark.django_db
def test_exemplar_contact_phone_is_stored_canonical_from_the_page(client, commune_officer, media_root):
    client.force_login(commune_officer)
    data = {"kind": "person", "name": "Trần Văn Long", "year": 2025, "achievements": "Tích cực."}
    data |= {"recognition_level": "commune", "contact_phone": "+84 987 654 321"}
    assert client.post("/mo-hinh/xa/12688/dien-hinh/them/", data).status_code == 302
    exemplar = Exemplar.objects.get()
    assert exemplar.contact_phone == "0987654321"
    page = client.get(f"/mo-hinh/dien-hinh/{exemplar.pk}/").content.decode()
    assert '<a href="tel:+84987654321">0987654321</a>' in page


@pytest.mark.django_db
def test_account_phone_is_stored_canonical_and_refused_when_invalid(province_officer, dong_hung):
    user, _password = account_services.user_create(
        actor=province_officer, username="ca_moi", full_name="Ngô Văn Mới", home_unit=dong_hung, phone="0221.3123456"
    )
    assert User.objects.get(pk=user.pk).phone == "02213123456"
    with pytest.raises(ValidationFailed) as refused:
        account_services.user_create(
            actor=province_officer, username="ca_hai", full_name="Hai", home_unit=dong_hung, phone="12ab"
        )
    assert refused.value.field == "phone" and "Số điện thoại" in refused.value.message
    assert not User.objects.filter(username="ca_hai").exists()
    form = UserCreateForm({"username": "ca_ba", "full_name": "Ba", "phone": "abc"}, units=AdminUnit.objects.none())
    assert not form.is_valid() and form.errors["phone"][0].startswith("Số điện thoại chỉ gồm chữ số 0–9")


# --- The database check and `check_phones` -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("stored", ["+84987654321", "0987 654 321", "987654321", "12ab", "098765432१", "0" * 12])
def test_the_database_refuses_a_phone_not_in_the_canonical_shape(commune_officer, dong_exemplar, stored):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=commune_officer.pk).update(phone=stored)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exemplar.objects.filter(pk=dong_exemplar.pk).update(contact_phone=stored)


@pytest.mark.django_db
def test_check_phones_lists_stored_numbers_that_are_not_valid_masked_and_fails(
    capsys, commune_officer, team, leader, dong_exemplar
):
    call_command("check_phones")
    assert "Mọi số điện thoại đã lưu đều hợp lệ" in capsys.readouterr().out
    with raw_rows("forces"):
        TeamMember.objects.filter(pk=leader.pk).update(phone="0992123456")  # the right shape, not allocated
    RosterProposal.objects.create(
        team=team, kind="update", member=leader, payload={"phone": "12ab"}, proposed_by=commune_officer
    )
    with pytest.raises(CommandError) as failed:
        call_command("check_phones")
    out = capsys.readouterr().out
    assert failed.value.returncode == 1
    assert f"Thành viên Tổ bảo vệ ANTT #{leader.pk} · Xã Đông Hưng (12688) · ••••••3456" in out
    assert "không có trong kho số Việt Nam" in out
    assert "Đề nghị của Tổ trưởng" in out and "chỉ gồm chữ số 0–9" in out
    assert "0992123456" not in out and "12ab" not in out  # masked: the record is enough to find it


def test_data_migrations_import_the_one_validator():
    for name in (
        "antq.forces.migrations.0005_member_phone_canonical_data",
        "antq.schemes.migrations.0003_exemplar_contact_phone_canonical_data",
        "antq.accounts.migrations.0002_user_phone_canonical_data",
    ):
        assert importlib.import_module(name).stored_phones_rewrite is phones.stored_phones_rewrite


@pytest.fixture
def flushed_world(transactional_db):
    """The small geography again: a transactional test that ran before this one flushed the database."""
    if not AdminUnit.objects.filter(code="12688", valid_to__isnull=True).exists():
        rows, links = small_geography()
        geography_load(rows=rows, links=links)


# Every app available, as in tests/api/test_tokens.py, so that PostgreSQL's flush truncates auditlog's table too.
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_migrations_rewrite_readable_phones_leave_the_rest_and_add_the_check_only_when_all_fit(
    flushed_world, capsys, commune_officer, team, thon_dong
):
    from django.db.migrations.executor import MigrationExecutor

    leader = forces_services.member_add(actor=commune_officer, team=team, **member_data(thon_dong))
    other = forces_services.member_add(
        actor=commune_officer, team=team, **member_data(thon_dong, full_name="Lê Văn Hai", national_id="033080005555")
    )
    proposal = forces_services.proposal_create(
        actor=commune_officer, team=team, kind="update", member=leader, payload={"phone": "0977000111"}
    )
    before = [("forces", "0004_member_national_id_ascii"), ("accounts", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("forces", "TeamMember").objects.filter(pk=leader.pk).update(phone="+84 987 654 321")
    old.get_model("forces", "TeamMember").objects.filter(pk=other.pk).update(phone="0912 hoặc 0987")
    old.get_model("forces", "RosterProposal").objects.filter(pk=proposal.pk).update(payload={"phone": "+84977000111"})
    old.get_model("accounts", "User").objects.filter(pk=commune_officer.pk).update(phone="84 221 3123 456")

    with pytest.raises(CommandError):  # before migrating, the command lists both
        call_command("check_phones")
    assert capsys.readouterr().out.count("Thành viên Tổ bảo vệ ANTT #") == 2

    step = [("forces", "0005_member_phone_canonical_data"), ("accounts", "0003_user_phone_canonical")]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(step)
    # Only the phone column: today's model has columns later migrations add (forces 0008).
    phones = TeamMember.objects.values_list("phone", flat=True)
    assert phones.get(pk=leader.pk) == "0987654321"
    assert phones.get(pk=other.pk) == "0912 hoặc 0987"  # left as it was, not guessed
    assert RosterProposal.objects.get(pk=proposal.pk).payload == {"phone": "0977000111"}
    assert User.objects.get(pk=commune_officer.pk).phone == "02213123456"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    with pytest.raises(RuntimeError, match="check_phones"):  # the check cannot hold over the value left
        executor.migrate([("forces", "0006_member_phone_canonical")])

    with raw_rows("forces"):
        TeamMember.objects.filter(pk=other.pk).update(phone="")  # a person corrects it (here: no phone)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    with pytest.raises(IntegrityError), transaction.atomic(), raw_rows("forces"):
        TeamMember.objects.filter(pk=other.pk).update(phone="0987 654 321")
