from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VergaderingenConfig(AppConfig):
    """Meetings of a body: agenda, attendance, recusal, votes, decisions, minutes.

    Generic: it decides any subject put on an agenda and never imports optimalisatie or
    afsprakennota (see docs/architecture.md).
    """

    name = "vergaderingen"
    verbose_name = _("Meetings")
