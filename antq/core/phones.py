"""Vietnamese phone numbers: one validator and one stored form for every path (forms, services, team-leader
proposals, imports, the API, the data migrations and `manage.py check_phones`).

In: what people type or what a sheet holds — "+84 987 654 321", "84987654321", "0987.654.321", "0987 654 321",
"(024) 3825 1234", full-width digits, a number cell that lost its leading 0 (987654321).
Out: the canonical form — the national format of the `phonenumbers` library (Google's libphonenumber metadata)
with its spaces removed: a mobile is `0xxxxxxxxx` (10 digits), a landline `02xxxxxxxxx` (11 digits: 0, the area
code after Thông tư 22/2014/TT-BTTTT, the subscriber number). Empty stays empty.

Refused, with a Vietnamese reason (`PhoneInvalid`): letters ("abc", "12ab", "0987 654 321 ext 2" — the library
would read letters as keypad digits, so they are refused before it sees them), other scripts' digits and
superscripts (as `antq.core.text.ascii_digits`), two numbers in one cell ("0912345678 - 0987654321"), numbers the
numbering plan does not have (wrong length or prefix, the 11-digit 01x mobiles renumbered in 2018), foreign
numbers, and hotlines (1800 / 1900…) which are nobody's own phone. Nothing is guessed: a value the library does
not read as one valid Vietnamese subscriber number is refused, never repaired.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import phonenumbers
from django import forms
from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Left, Length, Replace
from django.db.models.lookups import Exact, In

from antq.core.errors import ValidationFailed

REGION = "VN"
MAX_INPUT = 40  # longer than any spelling of one number ("+84 (0) 221 3123 456" is 20 characters)
# Number types that belong to a person or a household; hotlines, VoIP and short codes do not.
_SUBSCRIBER_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
_SERVICE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)
# One number as people write it: digits with spaces, dots, hyphens or brackets between them, "+" only in front.
_ONE_NUMBER = re.compile(r"\+?[0-9 .()\-]+")
# What people put between two numbers in one cell: " - ", "/", ",", ";", "&", a line break, "và", "hoặc".
_BETWEEN_NUMBERS = re.compile(r"\s+[-–—]\s+|[/,;&|\n]|\s+(?:và|hoặc|or)\s+", re.IGNORECASE)
# The stored form: 0 then 9 (mobile) or 10 (landline) digits.
_CANONICAL = re.compile(r"0[0-9]{9,10}")
# Digits alone, as usually typed: 0 and a national number (not 00…), or a number cell's national number.
_PLAIN = re.compile(r"0[1-9][0-9]{8,9}|[1-9][0-9]{8,9}")
_COUNTRY_CODE = 84
_NOT_DIGIT = re.compile(r"[^0-9]")
_MIN_DIGITS = 7  # fewer digits between separators are part of one number ("(024) 3825 - 1234")

CHARACTERS = "chỉ gồm chữ số 0–9 (có thể có dấu cách, dấu chấm, gạch ngang, ngoặc, dấu + ở đầu)"
SEVERAL = "chỉ ghi một số (ô đang có hai số trở lên)"
TOO_LONG = "quá dài"
FOREIGN = "phải là số Việt Nam (mã +84)"
SERVICE = "là số tổng đài (1800, 1900…), không phải số điện thoại của một người"
OLD_MOBILE = "đầu số di động 11 chữ số (01x) đã chuyển sang 10 chữ số từ năm 2018 — ghi số mới"
NUMBERING_PLAN = (
    "không có trong kho số Việt Nam ({digits} chữ số): di động có 10 chữ số, bắt đầu bằng 03, 05, 07, 08, 09; "
    "cố định có 11 chữ số, bắt đầu bằng 02 và mã vùng"
)


class PhoneInvalid(ValidationFailed, ValueError):
    """A phone number that is not one valid Vietnamese subscriber number. `reason` is the Vietnamese fragment
    without the subject ("chỉ gồm chữ số 0–9 …"), for a cell message that already names the column; `message`
    is the whole sentence ("Số điện thoại chỉ gồm chữ số 0–9 …."), for forms and services."""

    code = "invalid_phone"

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(f"Số điện thoại {reason}.", field=field)
        self.reason = reason


def _text(value: object) -> str:
    """The value as text, NFKC-normalised so full-width "０９１２" reads "0912". A number cell's 912345678.0 is
    912345678. Superscripts and circled digits are kept as typed (NFKC would make them 0–9) so they are refused."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value)
    if any(unicodedata.category(ch) == "No" for ch in raw):
        return raw.strip()
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    """The library's reading of one number, or None when it cannot read one."""
    try:
        return phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None


def _subscriber(number: phonenumbers.PhoneNumber | None) -> str | None:
    """The canonical form of a number the library reads as a valid Vietnamese subscriber number, or None."""
    # +84 is Vietnam's alone, so the country code says the region.
    if number is None or number.extension or number.country_code != _COUNTRY_CODE:
        return None
    if phonenumbers.number_type(number) not in _SUBSCRIBER_TYPES:
        return None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(national.split())
    return digits if _CANONICAL.fullmatch(digits) else None


def phone_canonical(value: object, *, field: str | None = None) -> str:
    """One phone number in its canonical form ("" for empty); raises PhoneInvalid (a ValidationFailed naming
    `field`, and a ValueError) with the Vietnamese reason when it is not one valid Vietnamese number.
    Idempotent: phone_canonical(phone_canonical(x)) == phone_canonical(x)."""
    text = _text(value)
    if not text:
        return ""
    if len(text) > MAX_INPUT:
        raise PhoneInvalid(TOO_LONG, field=field)
    parts = _BETWEEN_NUMBERS.split(text)
    if len(parts) > 1 and sum(len(_NOT_DIGIT.sub("", part)) >= _MIN_DIGITS for part in parts) > 1:
        raise PhoneInvalid(SEVERAL, field=field)
    if not text.isascii() or not _ONE_NUMBER.fullmatch(text):
        raise PhoneInvalid(CHARACTERS, field=field)
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        raise PhoneInvalid(CHARACTERS, field=field)
    if _PLAIN.fullmatch(text):
        # Fast path for the usual spelling (0912345678, or 912345678 from a number cell), skipping the parser
        # (most of the cost on a 10,000-row roster): the reading `phonenumbers.parse` gives whenever it is valid
        # (tests/core/test_phones.py and test_fuzz.py check); anything else goes through the parser below.
        national = int(text[1:] if text[0] == "0" else text)
        plain = _subscriber(phonenumbers.PhoneNumber(country_code=_COUNTRY_CODE, national_number=national))
        if plain is not None:
            return plain
    number = _parse(text)
    canonical = _subscriber(number)
    if canonical is not None:
        return canonical
    if number is not None and phonenumbers.is_valid_number(number):
        if phonenumbers.region_code_for_number(number) != REGION:
            raise PhoneInvalid(FOREIGN, field=field)
        if phonenumbers.number_type(number) in _SERVICE_TYPES:
            raise PhoneInvalid(SERVICE, field=field)
    elif text.startswith("+") and not text.startswith("+84"):
        raise PhoneInvalid(FOREIGN, field=field)
    if len(digits) >= 18:  # "0912345678 0987654321": two numbers side by side
        raise PhoneInvalid(SEVERAL, field=field)
    if len(digits) == 11 and digits.startswith("01"):
        raise PhoneInvalid(OLD_MOBILE, field=field)
    raise PhoneInvalid(NUMBERING_PLAN.format(digits=len(digits)), field=field)


def phone_is_valid(stored: object) -> bool:
    """Whether a stored value is a valid number in canonical form (what gets a tel: link; what
    `check_phones` does not list). Masked values ("••••••5678") and legacy text are not."""
    text = "" if stored is None else str(stored)
    if not _CANONICAL.fullmatch(text):
        return False
    try:
        return phone_canonical(text) == text
    except PhoneInvalid:
        return False


def tel_uri(stored: object) -> str:
    """ "tel:+84987654321" (RFC 3966, international form) for a valid stored number, else ""."""
    if not phone_is_valid(stored):
        return ""
    return "tel:+84" + str(stored)[1:]


def without_ascii_digits(field: str) -> Func:
    """`field` with every character 0–9 removed: plain REPLACE, exact on SQLite and PostgreSQL alike (no REGEXP
    function needed on SQLite, no collation-dependent character ranges on PostgreSQL)."""
    expression: Func | F = F(field)
    for digit in "0123456789":
        expression = Replace(expression, Value(digit), Value(""))
    return expression  # type: ignore[return-value]


def canonical_phone_q(field: str) -> Q:
    """Database check of the stored shape: empty, or 0 followed by ASCII digits, 10 or 11 characters in all.
    (Validity against the numbering plan is the validator's; the plan changes, the shape does not.)"""
    return Q(**{field: ""}) | (
        Q(Exact(Left(field, 1), "0")) & Q(In(Length(field), [10, 11])) & Q(Exact(without_ascii_digits(field), ""))
    )


class PhoneField(forms.CharField):
    """A form field for one phone number: cleans to the canonical form, or shows the validator's reason next to
    the field. Accepts up to MAX_INPUT characters typed, so "+84 (0) 987 654 321" is not cut short."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", MAX_INPUT)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        try:
            return phone_canonical(text)
        except PhoneInvalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


def stored_phones_rewrite(queryset: QuerySet[Any], field: str) -> tuple[int, list[tuple[Any, str]]]:
    """Rewrite `field` of the rows of `queryset` to the canonical form where `phone_canonical` reads it (the data
    migrations, on historical models). Returns (rows rewritten, [(pk, reason)] of the rows it cannot
    read, which are left as they are — never guessed). Rows already in the canonical shape are not read: either
    they are canonical or they are a number the plan does not have, which `check_phones` lists."""
    rewritten, unreadable = 0, []
    rows = queryset.exclude(canonical_phone_q(field)).values_list("pk", field)
    for pk, value in rows.iterator():
        try:
            canonical = phone_canonical(value)
        except PhoneInvalid as exc:
            unreadable.append((pk, exc.reason))
            continue
        queryset.filter(pk=pk).update(**{field: canonical})
        rewritten += 1
    return rewritten, unreadable


@functools.cache
def _mobile_prefix_valid(prefix: str) -> bool:
    # Vietnam's mobile ranges are prefixes of at most four digits (0992… is not allocated, 0991… is).
    return phone_is_valid(f"{prefix}123456")


def demo_mobile(digits: int) -> str:
    """A made-up, valid mobile number for demo data from 8 random digits (10000000–99999999): 09 and the digits,
    or 03 and the digits where 09… is not in the numbering plan (0992…), so a seeder's random stream is unchanged."""
    phone = f"09{digits:08d}"
    return phone if _mobile_prefix_valid(phone[:4]) else f"03{digits:08d}"
