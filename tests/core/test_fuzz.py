"""Fuzz every parser of user input (Hypothesis): each returns a value or raises its typed, clear error — never
another exception — within a fixed time per example.

Parsers: periods (URLs, forms, API, CLI), dates (import cells, form fields in the `vi` formats, the documents'
"tu-ngay" filter), numbers (import counts with Vietnamese thousands, entered indicator values "2.991" / "94,5"),
identifiers (ascii_digits, CCCD and phone cells, the phone validator antq.core.phones), query-string ids
(query_int, the API's Id type) and unit names (unit_resolve over the test world's geography). Derandomised and
bounded so that the whole file stays well under a minute in CI; the crafted cases from the probe (issue 14) are
always tried first (`@example`).
"""

from __future__ import annotations

import datetime as dt
import re
import time

import phonenumbers
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from antq.api.filters import MAX_ID, Id
from antq.core import phones
from antq.core.errors import ANTQError, ValidationFailed
from antq.core.imports.cells import CellError, parse_count, parse_date
from antq.core.periods import MAX_RANGE_YEARS, MIN_YEAR, Period, max_year
from antq.core.phones import PhoneInvalid, phone_canonical, phone_is_valid
from antq.core.text import ascii_digits
from antq.core.web import query_int
from antq.documents.views import _since
from antq.forces.roster import parse_national_id, parse_phone
from antq.geo.selectors import unit_resolve
from antq.reporting.services import _parse

# Each example must answer within this time (the probe found a period that never answered).
DEADLINE = dt.timedelta(milliseconds=200)
FUZZ = settings(max_examples=300, deadline=DEADLINE, derandomize=True, database=None)
FUZZ_DB = settings(
    max_examples=60,
    deadline=DEADLINE,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # read-only lookups on the session's geography
)

# The probe's crafted inputs, and their kin: bounds, other scripts' digits, superscripts, overflow, control chars.
CRAFTED = [
    "1900..9998",
    "1900..9999",
    "２０２５",
    "2025Q٣",
    "99999999999999999999999",
    "²",
    "٢٠٢٥",
    "2025H1",
    "2013..2023",
    "2025-07",
    "2025-13",
    "0000",
    "-1",
    "1_000",
    "\x00",
    "",
    " ",
    "9" * 5000,
]
# Text that looks like what these parsers expect, so that examples reach past the first check.
DIGITS = st.sampled_from([*list("0123456789"), "٣", "２", "²", "①", "٠", "९", "𝟘"])
PERIOD_LIKE = st.one_of(
    st.text(),
    st.builds(
        lambda y, sep, tail: f"{y}{sep}{tail}",
        st.text(DIGITS, min_size=1, max_size=6),
        st.sampled_from(["", "H", "Q", "-", "..", "h", "q", "Ｑ", "．．"]),
        st.text(DIGITS, max_size=6),
    ),
)
NUMBER_LIKE = st.one_of(
    st.text(),
    st.text(st.sampled_from([*list("0123456789.,- "), "٣", "２", "²"]), max_size=30),
    st.sampled_from(["NaN", "sNaN", "Infinity", "-Infinity", "1e999999999", "1E-999999999", "2.991", "94,5"]),
)
DATE_LIKE = st.one_of(
    st.text(),
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.text(DIGITS, min_size=1, max_size=3),
        st.text(DIGITS, min_size=1, max_size=3),
        st.text(DIGITS, min_size=1, max_size=6),
        st.sampled_from(["/", "-", ".", " "]),
    ),
)


@pytest.fixture(autouse=True, scope="module")
def _phone_metadata_loaded():
    """phonenumbers loads a region's metadata on its first number from there (the US file alone takes a quarter
    of a second on a busy machine): loaded once here, so no example's deadline pays for a lazy import."""
    phonenumbers.PhoneMetadata.load_all()


def _within_deadline(call, *args):
    """Run one parse and fail if it took longer than the deadline (a second guard beside Hypothesis's own)."""
    started = time.monotonic()
    try:
        return call(*args)
    finally:
        assert time.monotonic() - started < DEADLINE.total_seconds() * 5


# --- Periods ------------------------------------------------------------------------------------------------


@FUZZ
@given(PERIOD_LIKE)
@example("1900..9998")
@example("1900..9999")
@example("２０２５")
@example("2025Q٣")
@example("99999999999999999999999")
@example("²")
@example("2025" * 10_000)
def test_period_parse_gives_a_bounded_period_or_a_vietnamese_error(text):
    try:
        period = _within_deadline(Period.parse, text)
    except ValidationFailed as exc:
        assert exc.field == "period" and exc.message
        return
    assert MIN_YEAR <= period.year <= max_year()
    start, end = period.bounds  # computable, and short enough to compute figures for
    assert start <= end
    assert (end - start).days <= 366 * MAX_RANGE_YEARS
    assert Period.parse(str(period)) == period  # the canonical notation round-trips


def test_crafted_periods_answer_as_the_issue_asks():
    assert str(Period.parse("２０２５")) == "2025"
    for text in ["1900..9998", "1900..9999", "2025Q٣", "99999999999999999999999", "²"]:
        with pytest.raises(ValidationFailed):
            Period.parse(text)


# --- Dates --------------------------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(DATE_LIKE, st.integers(), st.floats(allow_nan=True), st.dates(), st.booleans()))
@example("31/02/2025")
@example("٣١/١٢/٢٠٢٥")
@example("00/00/0000")
@example(float("nan"))
@example(float("inf"))
@example(99999999999999999999999)
def test_import_date_cell_gives_a_date_or_a_cell_error(value):
    try:
        result = _within_deadline(parse_date, value)
    except CellError as exc:
        assert str(exc)
        return
    assert isinstance(result, dt.date)


@FUZZ
@given(DATE_LIKE)
@example("31/02/2025")
@example("٣١/١٢/٢٠٢٥")
@example("01/01/0000")
@example("29/02/99999")
def test_form_date_field_in_vietnamese_formats_gives_a_date_or_a_validation_error(text):
    field = forms.DateField()
    with translation.override("vi"):
        try:
            result = _within_deadline(field.clean, text)
        except ValidationError as exc:
            assert exc.messages
            return
    assert isinstance(result, dt.date)


@FUZZ
@given(DATE_LIKE)
@example("٣١/١٢/٢٠٢٥")
@example("99/99/9999")
def test_documents_since_filter_gives_a_date_or_none(text):
    request = RequestFactory().get("/", {"tu-ngay": text})
    result = _within_deadline(_since, request)
    assert result is None or isinstance(result, dt.date)


# --- Numbers ------------------------------------------------------------------------------------------------


@FUZZ
@given(st.one_of(NUMBER_LIKE, st.integers(), st.floats(allow_nan=True), st.booleans()))
@example("2.991")
@example("1 234")
@example("99999999999999999999999")
@example("9" * 5000)
@example("٣")
@example(float("nan"))
@example(float("inf"))
def test_import_count_cell_gives_a_non_negative_int_or_a_cell_error(value):
    try:
        result = _within_deadline(parse_count, value)
    except CellError as exc:
        assert str(exc)
        return
    assert isinstance(result, int) and result >= 0


@pytest.mark.django_db
@FUZZ
@given(NUMBER_LIKE)
@example("2.991")
@example("94,5")
@example("NaN")
@example("sNaN")
@example("Infinity")
@example("1e999999999")
@example("²")
def test_entered_indicator_value_gives_a_non_negative_number_or_a_vietnamese_error(text):
    try:
        result = _within_deadline(_parse, text, "residential_areas_assessed")
    except ValidationFailed as exc:
        assert exc.message
        return
    assert result.is_finite() and result >= 0


# --- Identifiers and query-string ids -----------------------------------------------------------------------


@FUZZ
@given(st.one_of(st.text(), st.text(DIGITS, max_size=30), st.integers(), st.none()))
@example("２０２５")
@example("²")
@example("٣")
@example("99999999999999999999999")
def test_ascii_digits_gives_ascii_digits_or_none(value):
    result = _within_deadline(ascii_digits, value)
    assert result is None or (result.isascii() and result.isdigit() and result)


@FUZZ
@given(st.one_of(st.text(), st.text(DIGITS, max_size=30)))
@example("99999999999999999999999")
@example("²")
@example("２")
@example("0")
@example("-1")
def test_query_int_gives_a_63_bit_positive_id_or_none(text):
    request = RequestFactory().get("/", {"team": text})
    result = _within_deadline(query_int, request, "team")
    assert result is None or 0 < result <= MAX_ID


ID = TypeAdapter(Id)


@FUZZ
@given(st.one_of(st.text(), st.text(DIGITS, max_size=30)))
@example("99999999999999999999999")
@example("²")
@example("٣")
@example("1_000")
@example(" +5 ")
def test_api_id_gives_a_63_bit_positive_id_or_a_validation_error(text):
    try:
        result = _within_deadline(ID.validate_python, text)
    except PydanticValidationError:
        return  # django-ninja answers it as a 400 `invalid` naming the parameter (tests/api/test_bad_input.py)
    assert 1 <= result <= MAX_ID


@FUZZ
@given(st.one_of(st.text(), st.text(DIGITS, min_size=11, max_size=13)))
@example("０３３０７５５３４２２９")
@example("033075５３４２２９")
@example("03307553422٩")
@example("²33075534229")
def test_national_id_cell_gives_twelve_ascii_digits_or_a_cell_error(text):
    try:
        result = _within_deadline(parse_national_id, text)
    except CellError as exc:
        assert str(exc)
        return
    assert len(result) == 12 and result.isascii() and result.isdigit()


PHONE_LIKE = st.one_of(
    st.text(),
    st.text(st.sampled_from([*list("0123456789 .-()+/,;"), "٣", "２", "²", "x"]), max_size=30),
    st.builds(
        lambda prefix, digits: prefix + digits,
        st.sampled_from(["", "0", "+84", "84", "0084", "+84 (0) ", "02", "09", "03", "01", "+1 "]),
        st.text(st.sampled_from(list("0123456789")), min_size=6, max_size=12),
    ),
)


@FUZZ
@given(PHONE_LIKE)
@example("0912.345.678")
@example("09１２345678")
@example("٠٩١٢٣٤٥٦٧٨")
@example("Không có")
@example("0912 345 678 - 0987 654 321")
def test_phone_cell_gives_a_canonical_number_or_a_cell_error(text):
    try:
        result = _within_deadline(parse_phone, text)
    except CellError as exc:
        assert str(exc)
        return
    assert result == "" or phone_is_valid(result)


@FUZZ
@given(PHONE_LIKE)
@example("+84 987 654 321")
@example("84987654321")
@example("0912ABCDEF")
@example("0987654321;0912345678")
@example("9" * 5000)
def test_phone_validator_gives_one_canonical_number_or_its_reason(text):
    """Anything typed: one valid number in the canonical shape, which the validator gives back unchanged and the
    library reads as the same number; or PhoneInvalid with a Vietnamese reason — never another exception."""
    try:
        result = _within_deadline(phone_canonical, text)
    except PhoneInvalid as exc:
        assert exc.message.startswith("Số điện thoại ") and exc.reason
        return
    if not text.strip():
        assert result == ""
        return
    assert re.fullmatch(r"0[0-9]{9,10}", result) and phone_is_valid(result)
    assert phone_canonical(result) == result
    number = phonenumbers.parse(result, "VN")
    assert phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == "VN"
    typed = phonenumbers.parse(phones._text(text), "VN")  # what was typed is that very number
    assert (typed.country_code, typed.national_number, typed.extension) == (84, number.national_number, None)


@FUZZ
@given(st.text(st.sampled_from(list("0123456789")), min_size=9, max_size=11))
def test_phone_validator_reads_plain_digits_as_the_library_does(digits):
    """The fast path for plain digits gives what `phonenumbers.parse` + national format give."""
    number = phonenumbers.parse(digits, "VN")
    expected = None
    if phonenumbers.number_type(number) in phones._SUBSCRIBER_TYPES and number.country_code == 84:
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")
    try:
        got = phone_canonical(digits)
    except PhoneInvalid:
        got = None
    assert got == expected


# --- Unit names (the test world's geography) ----------------------------------------------------------------


@pytest.mark.django_db
@FUZZ_DB
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(DIGITS, min_size=1, max_size=6),
        st.sampled_from(["Đông Hưng", "Xã Đông Hưng, Hưng Yên", "Tân Tiến", "HƯNG YÊN", "vn", ", ,", ","]),
    )
)
@example("12688")
@example("１２６８８")
@example("٣٣")
@example("²")
@example("99999999999999999999999")
@example("x" * 5000)
@example("\x00")
@example("12688\x00")
def test_unit_resolve_gives_a_unit_or_a_clear_error(text):
    try:
        unit = _within_deadline(unit_resolve, text)
    except ANTQError as exc:
        assert exc.message
        return
    assert unit.valid_to is None


@pytest.mark.django_db
def test_unit_codes_read_full_width_digits_and_refuse_other_scripts():
    from antq.core.errors import NotFoundOrOutOfScope

    assert unit_resolve("１２６８８").code == "12688"
    for text in ["٣٣", "²", "99999999999999999999999"]:
        with pytest.raises(NotFoundOrOutOfScope):
            unit_resolve(text)
