from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: the page frame, navigation, start page, formatting, error pages."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import navigation

        navigation.register(navigation.NavItem(_("My work"), "core:mijn-werk", order=0))
