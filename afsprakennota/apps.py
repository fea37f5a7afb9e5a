from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfsprakennotaConfig(AppConfig):
    """Agreement documents: versions, articles, parties, approval, signatures, PDF."""

    name = "afsprakennota"
    verbose_name = _("Afsprakennota")

    def ready(self):
        from . import personal_data

        personal_data.register()
        from django.urls import reverse

        from core import navigation, worklist
        from vergaderingen import subjects

        from . import access, checks, selectors, services  # noqa: F401 - checks registers itself
        from . import worklist as nota_worklist
        from .models import Afsprakennota

        # The college and the vast bureau approve a nota in their meetings.
        subjects.register(
            Afsprakennota,
            title=str,
            decide=services.body_decision,
            candidates=selectors.candidates_for,
            url=lambda nota: reverse("afsprakennota:detail", args=[nota.pk]),
            draft=selectors.draft_decision,
            redated=services.approval_redated,
        )
        navigation.register(
            navigation.NavItem(
                _("Afsprakennota"),
                "afsprakennota:index",
                order=30,
                visible=access.may_use,
            )
        )
        worklist.register(nota_worklist.work_items)
        worklist.register_notices(nota_worklist.term_notices)

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="afsprakennota_demo",
        )
