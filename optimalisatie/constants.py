from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The phases of an optimisation cycle, in order; each has a deadline on the cycle."""

    PREPARATION = "voorbereiding", _("preparation")
    ADVICES_OPEN = "adviezen", _("advices open")
    MANAGER_REVIEW = "managerreview", _("manager review")
    MT_VALIDATION = "mtvalidatie", _("MT validation")
    COLLEGE_DECISION = "collegebesluit", _("college decision")
    IMPLEMENTATION = "uitvoering", _("implementation")
    CLOSED = "afgesloten", _("closed")


class AdviesState(models.TextChoices):
    ONTWERP = "ontwerp", _("draft")
    INGEDIEND = "ingediend", _("submitted to the manager")
    VOORGELEGD_MT = "voorgelegd_mt", _("submitted to the MT")
    GEVALIDEERD = "gevalideerd", _("validated")
    NIET_WEERHOUDEN = "niet_weerhouden", _("not retained")
    IN_BUNDEL = "in_bundel", _("included in a bundle")
    KLAAR_VOOR_COLLEGE = "klaar_voor_college", _("ready for the college")
    GOEDGEKEURD = "goedgekeurd", _("approved")
    AFGEWEZEN = "afgewezen", _("rejected")
    UITGESTELD = "uitgesteld", _("postponed")
    IN_UITVOERING = "in_uitvoering", _("being implemented")
    GEREALISEERD = "gerealiseerd", _("realised")
    STOPGEZET = "stopgezet", _("stopped")
    INGETROKKEN = "ingetrokken", _("withdrawn")


# States in which the author may still withdraw (before any college decision).
WITHDRAWABLE = [
    AdviesState.ONTWERP,
    AdviesState.INGEDIEND,
    AdviesState.VOORGELEGD_MT,
    AdviesState.GEVALIDEERD,
    AdviesState.IN_BUNDEL,
    AdviesState.KLAAR_VOOR_COLLEGE,
]


# An advice the college can decide on: ready, bundled (decided with its bundle) or postponed.
COLLEGE_DECIDABLE = [
    AdviesState.KLAAR_VOOR_COLLEGE,
    AdviesState.IN_BUNDEL,
    AdviesState.UITGESTELD,
]


class Category(models.TextChoices):
    PERSONNEL = "personeel", _("personnel")
    OPERATING = "werking", _("operating costs")
    INVESTMENT = "investeringen", _("investments")
    REVENUE = "ontvangsten", _("revenue")
    ORGANISATION = "organisatie", _("organisation")


class PriorityLevel(models.TextChoices):
    HOOG = "hoog", _("high")
    MIDDEN = "midden", _("medium")
    LAAG = "laag", _("low")


class BundleState(models.TextChoices):
    GEVORMD = "gevormd", _("formed")
    KLAAR_VOOR_COLLEGE = "klaar_voor_college", _("ready for the college")
    GOEDGEKEURD = "goedgekeurd", _("approved")
    AFGEWEZEN = "afgewezen", _("rejected")
    UITGESTELD = "uitgesteld", _("postponed")


# Attachments: what a municipality's staff actually send, and at most 20 MB a file.
ATTACHMENT_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "csv",
    "txt",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
]
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# The fields of an advice that a version freezes and a diff compares, in form order.
VERSIONED_FIELDS = [
    "title",
    "current_situation",
    "proposal",
    "substantiation",
    "category",
    "savings_one_off",
    "savings_recurring",
    "fte_impact",
    "investment_cost",
    "start_year",
    "impact_citizens",
    "impact_staff",
    "impact_other_departments",
    "risks",
    "reversible",
]
