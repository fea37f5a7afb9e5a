from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People, bodies (organen), mandates, departments, roles and login.

    accounts imports no other app of ours: core registers its navigation sections and audits
    its imports (through accounts.signals).
    """

    name = "accounts"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib import messages
        from django.contrib.auth.signals import user_logged_out

        def say_goodbye(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "_messages"):
                messages.info(request, _("You have logged out."))

        user_logged_out.connect(say_goodbye, weak=False, dispatch_uid="accounts_logged_out_message")
