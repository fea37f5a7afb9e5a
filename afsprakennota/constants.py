from django.db import models
from django.utils.translation import gettext_lazy as _


class NotaKind(models.TextChoices):
    DECREE = "decreet", _("the decree's afsprakennota (art. 171 §2 DLB)")
    OPTIMISATION = "optimalisatie", _("afsprakennota for an optimisation exercise")


class NotaState(models.TextChoices):
    CONCEPT = "concept", _("draft")
    IN_BESPREKING = "in_bespreking", _("under discussion")
    TER_GOEDKEURING = "ter_goedkeuring", _("submitted for approval")
    GOEDGEKEURD = "goedgekeurd", _("approved")
    ONDERTEKEND = "ondertekend", _("signed")
    VERVANGEN = "vervangen", _("replaced")


# Articles nest three levels deep: 1., 2. … then a., b. … then i., ii. …
MAX_DEPTH = 3
