from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptimalisatieConfig(AppConfig):
    """Cycles, advices and their workflow, bundles, priorities, implementation."""

    name = "optimalisatie"
    verbose_name = _("Optimisation")

    def ready(self):
        from core import navigation, worklist

        from .worklist import is_mt_member, is_participant, nota_notices, work_items

        navigation.register(
            navigation.NavItem(
                _("Optimisation"), "optimalisatie:cycle-index", order=10, visible=is_participant
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Advices"), "optimalisatie:advies-list", order=11, visible=is_participant
            )
        )
        navigation.register(
            navigation.NavItem(_("MT"), "optimalisatie:mt-queue", order=12, visible=is_mt_member)
        )
        worklist.register(work_items)
        worklist.register_notices(nota_notices)

        from . import meeting_subjects

        meeting_subjects.register()

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="optimalisatie_demo",
        )
