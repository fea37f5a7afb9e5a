from django.db import models
from django.utils.translation import gettext_lazy as _

from optimalisatie.constants import AdviesState


class PlanState(models.TextChoices):
    CONCEPT = "concept", _("draft")
    INGEDIEND = "ingediend", _("waiting for the manager's approval")
    GOEDGEKEURD = "goedgekeurd", _("approved")


class ActionStatus(models.TextChoices):
    GEPLAND = "gepland", _("planned")
    BEZIG = "bezig", _("in progress")
    KLAAR = "klaar", _("done")
    GEBLOKKEERD = "geblokkeerd", _("blocked")


class Health(models.TextChoices):
    OP_SCHEMA = "op_schema", _("on schedule")
    VERTRAAGD = "vertraagd", _("delayed")
    RISICO = "risico", _("at risk")


class SavingState(models.TextChoices):
    INGEDIEND = "ingediend", _("waiting for validation")
    GEVALIDEERD = "gevalideerd", _("validated")
    TERUGGESTUURD = "teruggestuurd", _("sent back")


class ReportOutcome(models.TextChoices):
    OPEN = "", _("not yet discussed")
    KENNIS_GENOMEN = "kennis_genomen", _("noted by the college")
    AFGEWEZEN = "afgewezen", _("not accepted by the college")


# An advice the college approved, on its way to (or past) its savings.
APPROVED_STATES = [
    AdviesState.GOEDGEKEURD,
    AdviesState.IN_UITVOERING,
    AdviesState.GEREALISEERD,
    AdviesState.STOPGEZET,
]
# While the plan is made or carried out, the diensthoofd can still stop the advice.
RUNNING_STATES = [AdviesState.GOEDGEKEURD, AdviesState.IN_UITVOERING]
# Realised savings are recorded while implementing and after (recurring savings go on).
RECORDING_STATES = [AdviesState.IN_UITVOERING, AdviesState.GEREALISEERD]

# An open action more than this many days overdue puts the advice at risk.
RISK_AFTER_DAYS = 30
# Owners are reminded of actions due within this many days, and of overdue ones.
REMIND_WITHIN_DAYS = 7
