"""A figure too large to store is called too large, not "not a number" (tester, issue 19)."""

import pytest

from antq.core.errors import ValidationFailed
from tests.reporting.test_values import _entry_open, enter  # noqa: F401 - the autouse fixture opens entry


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["99999999999999999999", "9" * 40, "99.999.999.999.999.999"])
def test_a_too_large_figure_is_called_too_large(commune_officer, dong_hung, typed):
    with pytest.raises(ValidationFailed) as error:
        enter(commune_officer, dong_hung, {"tips_received": (typed, "exact")})
    assert "số quá lớn (tối đa 9.999.999.999.999.999)" in error.value.message
    assert "không phải là số" not in error.value.message
