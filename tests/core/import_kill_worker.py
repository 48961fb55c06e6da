"""The worker of tests/core/test_import_kill.py (run as a separate process, never collected by pytest).

Against the file database in DATABASE_URL: previews and stores a sheet of ROWS localities for the commune officer,
then confirms it through the web flow's steps (plan_take, import_confirm). The audit write is held open after
its first batch — rows and audit entries written, the transaction not committed — and "WRITING" is printed, so
the test can SIGKILL the process mid-write.
"""

import os
import sys
import time

import django


def main() -> None:
    django.setup()
    from antq.accounts.models import AuditEntry, User
    from antq.core import imports, ports
    from antq.geo.imports import LocalityImporter
    from antq.geo.models import AdminUnit, Locality
    from tests.sheets import localities_xlsx

    rows = int(os.environ["KILL_TEST_ROWS"])
    actor = User.objects.get(username=os.environ["KILL_TEST_USER"])
    commune = AdminUnit.objects.get(code="12688", valid_to__isnull=True)
    data = localities_xlsx(*([f"Thôn số {n}", "Thôn", 100 + n % 50, 400] for n in range(rows)))
    plan = imports.import_preview(
        actor=actor, importer=LocalityImporter, file=data, filename="thon.xlsx", commune=commune
    )
    token = imports.plan_store(plan)
    print("STORED", token, flush=True)

    write_audit = ports.audit_objects  # the importer's audit port (filled by accounts)

    def held_audit(**kwargs):
        write_audit(**kwargs)
        written = Locality.objects.filter(commune=commune).count()  # seen inside the open transaction
        print("WRITING", written, AuditEntry.objects.count(), flush=True)
        time.sleep(60)  # killed here: inside the transaction, after the bulk insert and the audit rows

    ports.audit_objects = held_audit
    imports.import_confirm(actor=actor, plan=imports.plan_take(token, actor=actor))
    print("COMMITTED", flush=True)  # never reached when the test kills us


if __name__ == "__main__":
    sys.exit(main())
