from django.db import models
from django.utils.translation import gettext_lazy as _


class NotaKind(models.TextChoices):
    DECREE = "decreet", _("the decree's afsprakennota (art. 171 §2 DLB)")
    OPTIMISATION = "optimalisatie", _("afsprakennota for an optimisation exercise")


class NotaState(models.TextChoices):
    DRAFT = "concept", _("draft")
    IN_DISCUSSION = "in_bespreking", _("under discussion")
    FOR_APPROVAL = "ter_goedkeuring", _("submitted for approval")
    APPROVED = "goedgekeurd", _("approved")
    SIGNED = "ondertekend", _("signed")
    REPLACED = "vervangen", _("replaced")


# A nota is in progress until it is signed (or replaced): a term has at most one decree nota
# in progress (a database constraint on Afsprakennota).
IN_PROGRESS_STATES = [
    NotaState.DRAFT,
    NotaState.IN_DISCUSSION,
    NotaState.FOR_APPROVAL,
    NotaState.APPROVED,
]

# Whether the BCSD, a party to the decree's nota, approves it in its own meeting too (art. 171
# §2 DLB; DOMAIN.md: a setting, on by default). An installation sets AFSPRAKENNOTA_BCSD_APPROVES.
BCSD_APPROVES_SETTING = "AFSPRAKENNOTA_BCSD_APPROVES"
BCSD_APPROVES_DEFAULT = True


# Articles nest three levels deep: 1., 2. … then a., b. … then i., ii. …
MAX_DEPTH = 3


# The steps the algemeen directeur and the MT take on the nota page: the key names the URL and
# the audit code ("nota.<key>"), the value is the transition it runs.
OPEN_DISCUSSION = "open-discussion"
SUBMIT_FOR_APPROVAL = "submit-for-approval"
BACK_TO_DISCUSSION = "back-to-discussion"
STEPS = {
    OPEN_DISCUSSION: "open_discussion",
    SUBMIT_FOR_APPROVAL: "submit_for_approval",
    BACK_TO_DISCUSSION: "back_to_discussion",
}


class TermStatus(models.TextChoices):
    """Where a term of office stands with its decree nota (best nota first)."""

    MISSING = "ontbreekt", _("missing")
    DRAFTING = "in_opmaak", _("being drawn up")
    FOR_APPROVAL = "ter_goedkeuring", _("submitted for approval")
    APPROVED = "goedgekeurd", _("approved, awaiting signatures")
    SIGNED = "ondertekend", _("signed")
