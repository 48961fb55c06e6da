"""Stored phone numbers in one canonical form (issue 16): TeamMember.phone spelled "+84 987 654 321",
"84987654321", "0987.654.321" or "0987 654 321" becomes 0987654321 — where antq.core.phones.phone_canonical (the
`phonenumbers` library) reads one valid Vietnamese number. A value it cannot read is left as it is, never
guessed; `python manage.py check_phones` lists it. Data only; the next migration adds the database check.
The phone a team leader proposes (RosterProposal.payload) is rewritten the same way.

Not reversible in data (the old spellings are not kept): backwards it changes nothing."""

from django.db import migrations

from antq.core.phones import PhoneInvalid, phone_canonical, stored_phones_rewrite


def _proposals(apps):
    """Pending and decided team-leader proposals keep the proposed phone in their payload: the same rewrite."""
    RosterProposal = apps.get_model("forces", "RosterProposal")
    for proposal in RosterProposal.objects.filter(payload__has_key="phone").iterator():
        try:
            canonical = phone_canonical(proposal.payload["phone"])
        except PhoneInvalid:
            continue  # left as typed; `check_phones` lists it, and confirming it runs the validator again
        if canonical != proposal.payload["phone"]:
            RosterProposal.objects.filter(pk=proposal.pk).update(payload={**proposal.payload, "phone": canonical})


def canonicalise(apps, schema_editor):
    TeamMember = apps.get_model("forces", "TeamMember")
    stored_phones_rewrite(TeamMember._base_manager.all(), "phone")
    _proposals(apps)


class Migration(migrations.Migration):
    dependencies = [("forces", "0004_member_national_id_ascii")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
