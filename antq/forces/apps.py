from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "antq.forces"
    label = "forces"
    verbose_name = "Lực lượng bảo vệ ANTT ở cơ sở"
    url_prefix = "luc-luong/"  # its pages (antq/urls.py includes every app that declares one)

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from antq.forces import models

        # Personal fields are masked in the trail (Luật BVDLCN 91/2025/QH15: minimal exposure).
        auditlog.register(models.SecurityTeam, exclude_fields=["folded_name", "sort_key"])
        auditlog.register(
            models.TeamMember, exclude_fields=["sort_key"], mask_fields=["national_id", "phone", "birth_date"]
        )
        auditlog.register(models.TeamCoverage)
        auditlog.register(models.Training)
        auditlog.register(models.SupportRate)
        auditlog.register(models.EquipmentIssue)
        auditlog.register(models.Evaluation)
        auditlog.register(models.TeamSizeRule)
        # The payload is JSON: only its personal keys are masked, so the trail still says what was proposed.
        auditlog.register(
            models.RosterProposal, mask_fields=["payload"], mask_callable="antq.accounts.audit.mask_payload"
        )
