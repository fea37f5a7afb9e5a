from django.db import models
from django.utils.translation import gettext_lazy as _


class Entity(models.TextChoices):
    """The two legal entities of one integrated administration."""

    GEMEENTE = "gemeente", _("municipality (gemeente)")
    OCMW = "ocmw", _("OCMW")


class OrgaanType(models.TextChoices):
    """In the order pages list them: executive bodies first, then the councils."""

    COLLEGE = "college", _("college of mayor and aldermen")
    VAST_BUREAU = "vast_bureau", _("vast bureau")
    BCSD = "bcsd", _("special committee for social services (BCSD)")
    MANAGEMENTTEAM = "managementteam", _("management team")
    GEMEENTERAAD = "gemeenteraad", _("municipal council")
    RAAD_MAATSCHAPPELIJK_WELZIJN = "rmw", _("council for social welfare")


# The legal entity each type of body belongs to.
ORGAAN_ENTITY = {
    OrgaanType.GEMEENTERAAD: Entity.GEMEENTE,
    OrgaanType.COLLEGE: Entity.GEMEENTE,
    OrgaanType.VAST_BUREAU: Entity.OCMW,
    OrgaanType.BCSD: Entity.OCMW,
    OrgaanType.MANAGEMENTTEAM: Entity.GEMEENTE,
    OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN: Entity.OCMW,
}


# The name a body gets when it is first created: data, in Dutch, changeable in the admin.
ORGAAN_DEFAULT_NAME = {
    OrgaanType.GEMEENTERAAD: "Gemeenteraad",
    OrgaanType.COLLEGE: "College van burgemeester en schepenen",
    OrgaanType.VAST_BUREAU: "Vast bureau",
    OrgaanType.BCSD: "Bijzonder comité voor de sociale dienst",
    OrgaanType.MANAGEMENTTEAM: "Managementteam",
    OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN: "Raad voor maatschappelijk welzijn",
}


class Function(models.TextChoices):
    BURGEMEESTER = "burgemeester", _("mayor (burgemeester)")
    SCHEPEN = "schepen", _("alderman (schepen)")
    VOORZITTER = "voorzitter", _("chair (voorzitter)")
    LID = "lid", _("member")
    ALGEMEEN_DIRECTEUR = "algemeen_directeur", _("chief executive (algemeen directeur)")
    ADJUNCT_ALGEMEEN_DIRECTEUR = "adjunct_algemeen_directeur", _("deputy chief executive")
    FINANCIEEL_DIRECTEUR = "financieel_directeur", _("financial director")
    MANAGER = "manager", _("manager")


# Which functions a seat in each type of body can have.
ALLOWED_FUNCTIONS = {
    OrgaanType.GEMEENTERAAD: {Function.VOORZITTER, Function.LID},
    OrgaanType.COLLEGE: {Function.BURGEMEESTER, Function.SCHEPEN},
    OrgaanType.VAST_BUREAU: {Function.VOORZITTER, Function.LID},
    OrgaanType.BCSD: {Function.VOORZITTER, Function.LID},
    OrgaanType.MANAGEMENTTEAM: {
        Function.ALGEMEEN_DIRECTEUR,
        Function.ADJUNCT_ALGEMEEN_DIRECTEUR,
        Function.FINANCIEEL_DIRECTEUR,
        Function.MANAGER,
        Function.LID,
    },
    OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN: {Function.VOORZITTER, Function.LID},
}

# Functions one person at a time holds in a body.
SINGLE_SEAT_FUNCTIONS = {
    Function.BURGEMEESTER,
    Function.VOORZITTER,
    Function.ALGEMEEN_DIRECTEUR,
    Function.ADJUNCT_ALGEMEEN_DIRECTEUR,
    Function.FINANCIEEL_DIRECTEUR,
}

# Only a seat in the college carries a portfolio of policy domains.
PORTFOLIO_ORGAAN_TYPES = {OrgaanType.COLLEGE}


class Role(models.TextChoices):
    """What a person may do in the app, derived from mandates and positions (accounts.roles)."""

    BURGEMEESTER = "burgemeester", _("mayor")
    SCHEPEN = "schepen", _("alderman")
    VOORZITTER_VAST_BUREAU = "voorzitter_vast_bureau", _("chair of the vast bureau")
    LID_VAST_BUREAU = "lid_vast_bureau", _("member of the vast bureau")
    VOORZITTER_BCSD = "voorzitter_bcsd", _("chair of the BCSD")
    LID_BCSD = "lid_bcsd", _("member of the BCSD")
    VOORZITTER_GEMEENTERAAD = "voorzitter_gemeenteraad", _("chair of the municipal council")
    GEMEENTERAADSLID = "gemeenteraadslid", _("member of the municipal council")
    VOORZITTER_RMW = "voorzitter_rmw", _("chair of the council for social welfare")
    LID_RMW = "lid_rmw", _("member of the council for social welfare")
    ALGEMEEN_DIRECTEUR = "algemeen_directeur", _("chief executive (algemeen directeur)")
    ADJUNCT_ALGEMEEN_DIRECTEUR = "adjunct_algemeen_directeur", _("deputy chief executive")
    FINANCIEEL_DIRECTEUR = "financieel_directeur", _("financial director")
    MANAGER = "manager", _("manager")
    LID_MT = "lid_mt", _("member of the management team")
    DIENSTHOOFD = "diensthoofd", _("head of department (diensthoofd)")


# The role a mandate gives, by (type of body, function).
MANDATE_ROLE = {
    (OrgaanType.COLLEGE, Function.BURGEMEESTER): Role.BURGEMEESTER,
    (OrgaanType.COLLEGE, Function.SCHEPEN): Role.SCHEPEN,
    (OrgaanType.VAST_BUREAU, Function.VOORZITTER): Role.VOORZITTER_VAST_BUREAU,
    (OrgaanType.VAST_BUREAU, Function.LID): Role.LID_VAST_BUREAU,
    (OrgaanType.BCSD, Function.VOORZITTER): Role.VOORZITTER_BCSD,
    (OrgaanType.BCSD, Function.LID): Role.LID_BCSD,
    (OrgaanType.GEMEENTERAAD, Function.VOORZITTER): Role.VOORZITTER_GEMEENTERAAD,
    (OrgaanType.GEMEENTERAAD, Function.LID): Role.GEMEENTERAADSLID,
    (OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN, Function.VOORZITTER): Role.VOORZITTER_RMW,
    (OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN, Function.LID): Role.LID_RMW,
    (OrgaanType.MANAGEMENTTEAM, Function.ALGEMEEN_DIRECTEUR): Role.ALGEMEEN_DIRECTEUR,
    (
        OrgaanType.MANAGEMENTTEAM,
        Function.ADJUNCT_ALGEMEEN_DIRECTEUR,
    ): Role.ADJUNCT_ALGEMEEN_DIRECTEUR,
    (OrgaanType.MANAGEMENTTEAM, Function.FINANCIEEL_DIRECTEUR): Role.FINANCIEEL_DIRECTEUR,
    (OrgaanType.MANAGEMENTTEAM, Function.MANAGER): Role.MANAGER,
    (OrgaanType.MANAGEMENTTEAM, Function.LID): Role.LID_MT,
}

# The permission that makes someone a functioneel beheerder (organisation management).
MANAGE_ORGANISATION = "accounts.manage_organisation"


class MailFrequency(models.TextChoices):
    IMMEDIATE = "direct", _("immediately, one e-mail per notification")
    DIGEST = "dagelijks", _("once a day, in a digest")
