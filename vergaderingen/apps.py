from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VergaderingenConfig(AppConfig):
    """Meetings of a body: agenda, attendance, recusal, votes, decisions, minutes.

    Generic: it decides any subject put on an agenda and never imports optimalisatie or
    afsprakennota (see docs/architecture.md).
    """

    name = "vergaderingen"
    verbose_name = _("Meetings")

    def ready(self):
        from accounts.roles import roles_of
        from core import navigation

        def sits_in_a_body(user):
            return any(h.orgaan for h in roles_of(user))

        navigation.register(
            navigation.NavItem(
                _("Meetings"), "vergaderingen:meeting-list", order=20, visible=sits_in_a_body
            )
        )

        from core import worklist

        from . import services, subjects
        from .models import Meeting
        from .worklist import work_items

        # A minutes item decides the previous meeting's minutes.
        subjects.register(Meeting, title=str, decide=services.approve_minutes_of)
        worklist.register(work_items)

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="vergaderingen_demo",
        )
