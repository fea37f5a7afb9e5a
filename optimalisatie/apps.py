from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptimalisatieConfig(AppConfig):
    """Cycles, advices and their workflow, bundles, priorities, implementation."""

    name = "optimalisatie"
    verbose_name = _("Optimisation")

    def ready(self):
        from . import personal_data

        personal_data.register()
        from core import calendar

        from . import calendar_events

        calendar.register(calendar_events.events)
        from core import navigation, worklist

        from .access import is_mt, is_participant
        from .worklist import nota_notices, work_items

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
            navigation.NavItem(_("MT"), "optimalisatie:mt-queue", order=12, visible=is_mt)
        )
        worklist.register(work_items)
        worklist.register_notices(nota_notices)

        from . import meeting_subjects

        meeting_subjects.register()
        register_counted()

        from afsprakennota import links

        from .selectors import nota_cycles

        links.register(nota_cycles)

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="optimalisatie_demo",
        )


def register_counted():
    """The cycle's figures (the dashboard, Mijn werk, the results) are kept under the cycle's
    stamp (core.kept) and count its advices, bundles, target, standpoints and priorities:
    whatever writes them announces it with core.figures.figures_changed."""
    from core.figures import counted

    from . import summary
    from .models import Advies, Bundle, Cycle, Priority, Standpunt

    counted(Cycle, key=lambda c: ("cycle", c.pk), stamps=lambda c: [("cycle", c.pk)])
    counted(
        Advies,
        key=lambda a: ("cycle", a.cycle_id),
        stamps=lambda a: [("cycle", a.cycle_id)],
        refresh=summary.refresh_advies,  # the dashboard's summary table
        # an advice's call covers its standpoints and priorities too
        announces=lambda a: [("cycle", a.cycle_id), ("advies", a.pk)],
    )
    counted(
        Bundle,
        key=lambda b: ("cycle", b.cycle_id),
        stamps=lambda b: [("cycle", b.cycle_id)],
        refresh=summary.refresh_bundle,
    )
    for model in (Standpunt, Priority):
        counted(
            model,
            key=lambda s: ("advies", s.advies_id),
            stamps=lambda s: [("cycle", s.advies.cycle_id)],
        )
