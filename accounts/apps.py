from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People, bodies (organen), mandates, departments, roles and login."""

    name = "accounts"
    verbose_name = _("Organisation")

    def ready(self):
        from core import navigation

        from .constants import MANAGE_ORGANISATION

        def can_manage(user):
            return user.is_staff or user.has_perm(MANAGE_ORGANISATION)

        navigation.register(navigation.NavItem(_("Organisation"), "accounts:organisatie", order=90))
        navigation.register(
            navigation.NavItem(
                _("Import"), "accounts:organisatie-import", order=95, visible=can_manage
            )
        )
        navigation.register(
            navigation.NavItem(_("Management"), "admin:index", order=99, visible=can_manage)
        )

        from django.contrib import messages
        from django.contrib.auth.signals import user_logged_out

        def say_goodbye(sender, request, user, **kwargs):
            if request is not None:
                messages.info(request, _("You have logged out."))

        user_logged_out.connect(say_goodbye, weak=False, dispatch_uid="accounts_logged_out_message")
