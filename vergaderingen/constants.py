from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionOutcome(models.TextChoices):
    GOEDGEKEURD = "goedgekeurd", _("approved")
    AFGEWEZEN = "afgewezen", _("rejected")
    UITGESTELD = "uitgesteld", _("postponed")


class BallotChoice(models.TextChoices):
    JA = "ja", _("yes")
    NEE = "nee", _("no")
    ONTHOUDING = "onthouding", _("abstention")
