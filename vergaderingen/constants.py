from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionOutcome(models.TextChoices):
    APPROVED = "goedgekeurd", _("approved")
    REJECTED = "afgewezen", _("rejected")
    POSTPONED = "uitgesteld", _("postponed")


class BallotChoice(models.TextChoices):
    YES = "ja", _("yes")
    NO = "nee", _("no")
    ABSTAIN = "onthouding", _("abstention")


class MeetingState(models.TextChoices):
    PLANNED = "gepland", _("planned")
    AGENDA_FIXED = "agenda_vastgelegd", _("agenda fixed")
    OPEN = "geopend", _("open")
    CLOSED = "gesloten", _("closed")
    MINUTES_APPROVED = "notulen_goedgekeurd", _("minutes approved")


class Presence(models.TextChoices):
    PRESENT = "aanwezig", _("present")
    EXCUSED = "verontschuldigd", _("excused")
    ABSENT = "afwezig", _("absent")


class VoteState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "gesloten", _("closed")
