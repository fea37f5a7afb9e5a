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
        from core import navigation, worklist
        from core.figures import counted

        from . import access, services, subjects
        from .models import Meeting
        from .worklist import notices, work_items

        navigation.register(
            navigation.NavItem(
                _("Meetings"), "vergaderingen:meeting-list", order=20, visible=access.sits_in_a_body
            )
        )

        # A minutes item decides the previous meeting's minutes.
        subjects.register(Meeting, title=str, decide=services.approve_minutes_of)
        worklist.register(work_items)
        worklist.register_notices(notices)
        # Publishing a decision list changes the public list (core.kept); which meeting wrote
        # it does not matter, so its writes are not checked by key (None).
        counted(Meeting, key=lambda m: None, stamps=lambda m: [("decision-list",)])

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="vergaderingen_demo",
        )
