"""Stored CCCDs as ASCII digits: rewrite any written with other digits (full-width "０３３…", Arabic-Indic, or a
superscript the old `\\d` / `isdigit` checks let through) to 0–9, so the one-active-membership constraint and the
check constraint added next compare like with like. Data only; the next migration adds the constraint."""

import unicodedata

from django.db import migrations


def _ascii(value):
    """The same number in 0–9, or None. Old rows were accepted as digits, so each character has a digit value."""
    text = "".join(unicodedata.normalize("NFKC", value or "").split())
    digits = [unicodedata.digit(ch, None) for ch in text]
    if len(digits) != 12 or None in digits:
        return None
    return "".join(str(d) for d in digits)


def normalise(apps, schema_editor):
    TeamMember = apps.get_model("forces", "TeamMember")
    rows = TeamMember.objects.exclude(national_id__regex=r"\A[0-9]{12}\Z").values_list("pk", "national_id", "end_date")
    problems = []
    for pk, national_id, end_date in rows.iterator():
        fixed = _ascii(national_id)
        if fixed is None:
            problems.append(f"member #{pk}: CCCD is not 12 digits")
            continue
        if end_date is None and TeamMember.objects.filter(national_id=fixed, end_date__isnull=True).exists():
            problems.append(f"member #{pk}: same CCCD as another active member")
            continue
        TeamMember.objects.filter(pk=pk).update(national_id=fixed)
    if problems:
        # The check constraint cannot be added over these rows; they need a person to decide, not a guess.
        raise RuntimeError("Fix these rows by hand, then migrate again: " + "; ".join(problems))


class Migration(migrations.Migration):
    dependencies = [("forces", "0002_stock_change")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True)]
