"""What every app's forms share: every error shown in one pass, and fields that apply only to some kinds.

- `add_problems` puts a service's or a rule function's (field, message) problems on a form, each on its field.
- `RuleChecked` runs the app's pure rule functions (`rules.py`) in the form's own `clean()`, on whatever parsed,
  so one POST shows the fields' own errors and the rules' errors together — not one more error per submit.
- `depends` declares fields that apply only to some values of another field (an outreach kind's measures, a
  site's place). Without JavaScript every field is shown; the server ignores the fields that do not apply to the
  submitted value: they are not required, their input is not checked, and their value is emptied — a value
  typed and then hidden is never saved. `antq/static/antq/dependent-fields.js` hides them in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from antq.core.errors import Problem


def add_problems(
    form: forms.BaseForm, problems: Sequence[Problem], *, code: str | None = None, skip: Iterable[str] = ()
) -> None:
    """Put each (field, message) on `form`: on its field when the form has it, else above the form. A problem
    about a field in `skip` (its input failed to parse: its own message already says why) is left out, and so
    is a message the form already shows. The form need not have been validated (or even bound): a refusal of an
    action without input still lands on it, where Django's `add_error` alone would fail for want of
    `cleaned_data`."""
    skipped = set(skip)
    form.errors  # noqa: B018 — runs the form's validation once, if it has not run
    if not hasattr(form, "cleaned_data"):  # an unbound form validates nothing and keeps no cleaned_data
        form.cleaned_data = {}
    for field, message in problems:
        target = field if field in form.fields else None
        if target in skipped:
            continue
        shown = [str(error) for error in form.errors.get(target or NON_FIELD_ERRORS, ())]
        if message in shown:
            continue
        form.add_error(target, ValidationError(message, code=code))


class RuleChecked:
    """A form mixin: `rule_problems(values)` returns the problems the app's rules find in the values that parsed
    (a field whose input failed is absent from `values`); `clean()` shows them with the fields' own errors.
    It also applies `depends` (fields that do not apply to the submitted kind are emptied first)."""

    dependents: dict[str, tuple[str, frozenset[str]]]

    def rule_problems(self, values: dict[str, Any]) -> list[Problem]:
        return []

    def clean(self) -> dict[str, Any]:
        values: dict[str, Any] = super().clean()  # type: ignore[misc]
        form: forms.BaseForm = self  # type: ignore[assignment]
        dropped = drop_inapplicable(form, values)
        failed = set(form.errors) - dropped
        add_problems(form, self.rule_problems({k: v for k, v in values.items() if k not in failed}), skip=failed)
        return values

    @property
    def dropped(self) -> set[str]:
        """The fields emptied because they do not apply (an edit saves them empty, clearing a stored value)."""
        return set(getattr(self, "_dropped", ()))


def depends(
    form: forms.BaseForm,
    controller: str,
    shown_for: Mapping[str, Iterable[Any]],
    *,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Declare that each field of `shown_for` applies only when `controller` has one of the given values.

    The field is made optional (the rules say which fields a kind requires), its help says when it applies (from
    `labels`, value → label; default: the controller's own choices), and its widget carries `data-depends-on` /
    `data-shown-for` for the script that hides it."""
    registry: dict[str, tuple[str, frozenset[str]]] = getattr(form, "dependents", None) or {}
    control = form.fields[controller]
    if labels is None:
        # A plain choice field's own labels (never a model choice field's: listing them would query).
        choices = () if isinstance(control, forms.ModelChoiceField) else getattr(control, "choices", ())
        labels = {str(value): str(label) for value, label in choices}
    for name, values in shown_for.items():
        if name not in form.fields:
            continue
        keys = frozenset(str(value) for value in values)
        registry[name] = (controller, keys)
        field = form.fields[name]
        field.required = False
        field.widget.attrs["data-depends-on"] = controller
        field.widget.attrs["data-shown-for"] = " ".join(sorted(keys))
        names = [labels[key] for key in sorted(keys) if key in labels]
        if names:
            note = f"Chỉ dùng khi “{control.label}” là: {'; '.join(names)}."
            field.help_text = f"{field.help_text} {note}" if field.help_text else note
    form.dependents = registry  # type: ignore[attr-defined]


def controller_key(value: Any) -> str | None:
    """The submitted value of a controlling field as compared with `shown_for` (a model's pk as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def drop_inapplicable(form: forms.BaseForm, values: dict[str, Any]) -> set[str]:
    """Empty the fields that do not apply to the submitted value of their controller, and forget their input's
    errors. Nothing is dropped while the controller itself has no valid value (the user must choose first)."""
    dropped: set[str] = set()
    for name, (controller, keys) in (getattr(form, "dependents", None) or {}).items():
        key = controller_key(values.get(controller))
        if key is None or key in keys or name not in form.fields:  # a field a role's view removed stays as stored
            continue
        form.errors.pop(name, None)  # type: ignore[attr-defined]
        values[name] = form.fields[name].to_python(None)
        dropped.add(name)
    form._dropped = dropped  # type: ignore[attr-defined]
    return dropped


class _NumberMessage(str):
    """A message whose numeric parameters are written the Vietnamese way when Django fills them in
    (`ValidationError` does `message % params`): "9.223.372.036.854.775.807", not "9223372036854775807"."""

    def __mod__(self, params: Any) -> str:
        if isinstance(params, Mapping):
            params = {k: vi_number(v) if isinstance(v, int | float) else v for k, v in params.items()}
        return str.__mod__(str(self), params)


def vi_number(value: int | float) -> str:
    """2991 → "2.991"; 94.5 → "94,5"."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


NUMBER_MESSAGES = {
    "max_value": _NumberMessage("Giá trị quá lớn: tối đa %(limit_value)s."),
    "min_value": _NumberMessage("Giá trị quá nhỏ: tối thiểu %(limit_value)s."),
}


def install_number_messages() -> None:
    """Every number field of every form says "too large / too small" in plain Vietnamese with the bound written
    the Vietnamese way, instead of Django's "Đảm bảo giá trị này là nhỏ hơn hoặc bằng với 9223372036854775807 ."
    (a field's own `error_messages` still win). Called once from CoreConfig.ready()."""
    for field_class in (forms.IntegerField, forms.DecimalField, forms.FloatField):
        field_class.default_error_messages = {**field_class.default_error_messages, **NUMBER_MESSAGES}
