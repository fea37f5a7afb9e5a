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


class MeetingState(models.TextChoices):
    GEPLAND = "gepland", _("planned")
    AGENDA_VASTGELEGD = "agenda_vastgelegd", _("agenda fixed")
    GEOPEND = "geopend", _("open")
    GESLOTEN = "gesloten", _("closed")
    NOTULEN_GOEDGEKEURD = "notulen_goedgekeurd", _("minutes approved")


class Presence(models.TextChoices):
    AANWEZIG = "aanwezig", _("present")
    VERONTSCHULDIGD = "verontschuldigd", _("excused")
    AFWEZIG = "afwezig", _("absent")


class VoteState(models.TextChoices):
    OPEN = "open", _("open")
    GESLOTEN = "gesloten", _("closed")
