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


class FrameworkState(models.TextChoices):
    """The cycle's budgetary and policy framework: the algemeen directeur drafts it, the
    college sets it by a decision in a meeting (services.framework_*, meeting_subjects)."""

    DRAFT = "ontwerp", _("draft, not set yet")
    SUBMITTED = "voorgelegd", _("submitted to the college, not set yet")
    APPROVED = "vastgesteld", _("set by the college")


# The phases the cycle moves into only with a framework the college set: everything after
# preparation but closing (services.cycle_save). A framework changed later is a draft again;
# the cycle stays in its phase but moves no further until the college sets it anew.
NEEDS_FRAMEWORK = [
    Phase.ADVICES_OPEN,
    Phase.MANAGER_REVIEW,
    Phase.MT_VALIDATION,
    Phase.COLLEGE_DECISION,
    Phase.IMPLEMENTATION,
]

# The cycle's fields (and its targets per policy domain) that make up the framework: a change
# of one of them after the college set it makes it a draft again.
FRAMEWORK_FIELDS = ["target_recurring", "target_one_off", "target_fte", "boundaries"]


class AdviesState(models.TextChoices):
    DRAFT = "ontwerp", _("draft")
    SUBMITTED = "ingediend", _("submitted to the manager")
    WITH_MT = "voorgelegd_mt", _("submitted to the MT")
    VALIDATED = "gevalideerd", _("validated")
    NOT_RETAINED = "niet_weerhouden", _("not retained")
    IN_BUNDLE = "in_bundel", _("included in a bundle")
    READY_FOR_COLLEGE = "klaar_voor_college", _("ready for the college")
    APPROVED = "goedgekeurd", _("approved")
    REJECTED = "afgewezen", _("rejected")
    POSTPONED = "uitgesteld", _("postponed")
    IN_IMPLEMENTATION = "in_uitvoering", _("being implemented")
    REALISED = "gerealiseerd", _("realised")
    STOPPED = "stopgezet", _("stopped")
    WITHDRAWN = "ingetrokken", _("withdrawn")


# States in which the author may still withdraw (before any college decision).
WITHDRAWABLE = [
    AdviesState.DRAFT,
    AdviesState.SUBMITTED,
    AdviesState.WITH_MT,
    AdviesState.VALIDATED,
    AdviesState.IN_BUNDLE,
    AdviesState.READY_FOR_COLLEGE,
]


# An advice the college can decide on: ready, bundled (decided with its bundle) or postponed.
COLLEGE_DECIDABLE = [
    AdviesState.READY_FOR_COLLEGE,
    AdviesState.IN_BUNDLE,
    AdviesState.POSTPONED,
]


class Category(models.TextChoices):
    PERSONNEL = "personeel", _("personnel")
    OPERATING = "werking", _("operating costs")
    INVESTMENT = "investeringen", _("investments")
    REVENUE = "ontvangsten", _("revenue")
    ORGANISATION = "organisatie", _("organisation")


class PriorityLevel(models.TextChoices):
    HIGH = "hoog", _("high")
    MEDIUM = "midden", _("medium")
    LOW = "laag", _("low")


class BundleState(models.TextChoices):
    FORMED = "gevormd", _("formed")
    READY_FOR_COLLEGE = "klaar_voor_college", _("ready for the college")
    APPROVED = "goedgekeurd", _("approved")
    REJECTED = "afgewezen", _("rejected")
    POSTPONED = "uitgesteld", _("postponed")


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
