"""Vietnamese formats: dates dd/mm/yyyy in and out, numbers 2.991 and 94,5."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import formats, translation


class DayForm(forms.Form):
    day = forms.DateField()


def test_date_input_is_day_first():
    with translation.override("vi"):
        form = DayForm(data={"day": "05/01/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2026, 1, 5)


def test_invalid_date_is_rejected_in_vietnamese():
    with translation.override("vi"):
        form = DayForm(data={"day": "31/02/2026"})
        assert not form.is_valid()
        assert "Nhập ngày hợp lệ" in str(form.errors["day"]) or "ngày" in str(form.errors["day"]).lower()


def test_dates_and_numbers_are_shown_the_vietnamese_way():
    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2026"
        rendered = Template("{% load humanize %}{{ d }}|{{ n }}|{{ x }}|{{ n|intcomma }}").render(
            Context({"d": dt.date(2026, 1, 5), "n": 2991, "x": Decimal("94.5")})
        )
        assert rendered == "05/01/2026|2.991|94,5|2.991"
