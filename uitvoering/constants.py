from django.db import models
from django.utils.translation import gettext_lazy as _

from optimalisatie.constants import AdviesState


class PlanState(models.TextChoices):
    DRAFT = "concept", _("draft")
    SUBMITTED = "ingediend", _("waiting for the manager's approval")
    APPROVED = "goedgekeurd", _("approved")


class ActionStatus(models.TextChoices):
    PLANNED = "gepland", _("planned")
    IN_PROGRESS = "bezig", _("in progress")
    DONE = "klaar", _("done")
    BLOCKED = "geblokkeerd", _("blocked")


class Health(models.TextChoices):
    ON_SCHEDULE = "op_schema", _("on schedule")
    DELAYED = "vertraagd", _("delayed")
    AT_RISK = "risico", _("at risk")


class SavingState(models.TextChoices):
    SUBMITTED = "ingediend", _("waiting for validation")
    VALIDATED = "gevalideerd", _("validated")
    SENT_BACK = "teruggestuurd", _("sent back")


class ReportOutcome(models.TextChoices):
    OPEN = "", _("not yet discussed")
    NOTED = "kennis_genomen", _("noted by the college")
    REJECTED = "afgewezen", _("not accepted by the college")


# An advice the college approved, on its way to (or past) its savings.
APPROVED_STATES = [
    AdviesState.APPROVED,
    AdviesState.IN_IMPLEMENTATION,
    AdviesState.REALISED,
    AdviesState.STOPPED,
]
# While the plan is made or carried out, the diensthoofd can still stop the advice.
RUNNING_STATES = [AdviesState.APPROVED, AdviesState.IN_IMPLEMENTATION]
# Realised savings are recorded while implementing and after (recurring savings go on).
RECORDING_STATES = [AdviesState.IN_IMPLEMENTATION, AdviesState.REALISED]

# An open action more than this many days overdue puts the advice at risk.
RISK_AFTER_DAYS = 30
# Owners are reminded of actions due within this many days, and of overdue ones.
REMIND_WITHIN_DAYS = 7
