"""Every form's number fields say "too large / too small" in plain Vietnamese with the bound written the
Vietnamese way — not Django's "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 9223372036854775807 ." (issue 19)."""

from django import forms

from antq.core.forms import vi_number


class _Form(forms.Form):
    attendees = forms.IntegerField(min_value=0, max_value=9223372036854775807)
    share = forms.DecimalField(min_value=0, max_value=100)


def test_number_bounds_read_as_vietnamese():
    form = _Form({"attendees": "99999999999999999999", "share": "-1"})
    assert not form.is_valid()
    assert form.errors["attendees"] == ["Giá trị quá lớn: tối đa 9.223.372.036.854.775.807."]
    assert form.errors["share"] == ["Giá trị quá nhỏ: tối thiểu 0."]


def test_vi_number_groups_thousands_with_dots():
    assert (vi_number(2991), vi_number(94.5)) == ("2.991", "94,5")
