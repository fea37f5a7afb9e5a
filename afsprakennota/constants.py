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


# Articles nest three levels deep: 1., 2. … then a., b. … then i., ii. …
MAX_DEPTH = 3
