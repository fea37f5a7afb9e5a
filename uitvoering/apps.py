from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UitvoeringConfig(AppConfig):
    """Implementation of approved advices: plans, actions, realised savings, reminders and
    the results and progress reports for the college."""

    name = "uitvoering"
    verbose_name = _("Implementation")

    def ready(self):
        from core import navigation, worklist
        from optimalisatie.worklist import is_participant

        from . import meeting_subjects
        from .reminders import work_items

        navigation.register(
            navigation.NavItem(
                _("Implementation"), "uitvoering:index", order=13, visible=is_participant
            )
        )
        worklist.register(work_items)
        meeting_subjects.register()

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="uitvoering_demo",
        )
