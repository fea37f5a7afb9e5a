from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.constants import Function, OrgaanType


class DecisionOutcome(models.TextChoices):
    APPROVED = "goedgekeurd", _("approved")
    REJECTED = "afgewezen", _("rejected")
    POSTPONED = "uitgesteld", _("postponed")


class DecisionSystem(models.TextChoices):
    """Where a body decides."""

    APP = "toepassing", _("in this application's meetings")
    OFFICIAL = "officieel", _("in the official decision system (Gelinkt Notuleren, Notula, Cipal…)")


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
    # A secret vote in which a member who then declared a conflict of interest had voted:
    # their ballot cannot be taken out (nobody knows it), so the vote is held again.
    ANNULLED = "vervallen", _("annulled")


class ItemKind(models.TextChoices):
    """What an item is about; the kinds about a person are always voted on secretly."""

    GENERAL = "algemeen", _("general matter")
    STAFF = "personeel", _("individual staff matter (appointment, promotion, discipline)")
    DESIGNATION = "aanduiding", _("designation or nomination of a person")


PERSON_KINDS = (ItemKind.STAFF, ItemKind.DESIGNATION)


class ProposalState(models.TextChoices):
    PROPOSED = "voorgesteld", _("proposed")
    ACCEPTED = "aanvaard", _("put on an agenda")
    REFUSED = "geweigerd", _("not accepted")


# Who chairs a body's meetings: the burgemeester the college, the algemeen directeur the MT,
# the voorzitter any other body.
CHAIR_FUNCTION: dict[str, str] = {
    OrgaanType.COLLEGE: Function.BURGEMEESTER,
    OrgaanType.MANAGEMENTTEAM: Function.ALGEMEEN_DIRECTEUR,
}

# Who stands in for an absent or recused chair when no substitute is designated: nobody by
# default (the functioneel beheerder designates the waarnemend burgemeester per term).
# Who stands in for an absent secretary of a body's meetings: the adjunct-algemeen directeur.
SECRETARY_SUBSTITUTE_FUNCTION = Function.ADJUNCT_ALGEMEEN_DIRECTEUR

# Only these bodies publish a decision list (DLB: college and vast bureau).
PUBLISHING_BODIES = (OrgaanType.COLLEGE, OrgaanType.VAST_BUREAU)

# How long the texts of a meeting may be: the forms' maxlength, and the services refuse a
# longer text with a message (the text stays in the form). The minutes of a long meeting run
# to some thirty pages; a decision's motivation and its public text to a few paragraphs.
MINUTES_MAX_LENGTH = 100_000
MOTIVATION_MAX_LENGTH = 5_000
PUBLIC_TEXT_MAX_LENGTH = 2_000
URGENCY_MAX_LENGTH = 2_000
PROPOSAL_MAX_LENGTH = 5_000
REFERENCE_NUMBER_MAX_LENGTH = 100
