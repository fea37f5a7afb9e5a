from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UitvoeringConfig(AppConfig):
    """Implementation of approved advices: plans, actions, realised savings, reminders and
    the results and progress reports for the college."""

    name = "uitvoering"
    verbose_name = _("Implementation")

    def ready(self):
        from . import personal_data

        personal_data.register()
        from core import calendar

        from . import calendar_events

        calendar.register(calendar_events.events)
        from core import navigation, worklist
        from optimalisatie.access import is_participant

        from . import meeting_subjects
        from .reminders import work_items

        navigation.register(
            navigation.NavItem(
                _("Implementation"), "uitvoering:index", order=13, visible=is_participant
            )
        )
        worklist.register(work_items)
        meeting_subjects.register()
        register_counted()
        register_links()

        from core import exports

        from .reports import build_results_xlsx

        exports.register("results-xlsx", build_results_xlsx)

        from accounts.signals import demo_loaded

        from . import demo

        demo_loaded.connect(
            lambda sender, stdout=None, **kwargs: demo.load(stdout),
            weak=False,
            dispatch_uid="uitvoering_demo",
        )


def register_counted():
    """What counts in kept and stored figures (core.figures): a plan and what it holds. Writing
    one calls figures_changed(plan), which recomputes the plan's stored figures
    (progress.refresh_figures) and its department's results summary (uitvoering.summary), and
    raises its cycle's stamp; an approved advice refreshes its department's summary too."""
    from core.figures import also_refresh, counted
    from optimalisatie.models import Advies

    from . import summary
    from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving
    from .progress import refresh_figures

    def cycle_of(plan):
        return plan.advies.cycle_id

    def plan_and_summary(plan):
        refresh_figures(plan)
        summary.refresh_plan(plan)

    counted(
        Plan,
        key=lambda plan: ("plan", plan.pk),
        stamps=lambda plan: [("cycle", cycle_of(plan))],
        refresh=plan_and_summary,
        announces=lambda plan: [("plan", plan.pk), ("cycle", cycle_of(plan))],
    )
    for model in (Action, Milestone, ExpectedSaving, RealisedSaving):
        counted(
            model,
            key=lambda obj: ("plan", obj.plan_id),
            stamps=lambda obj: [("cycle", cycle_of(obj.plan))],
            refresh=lambda obj: plan_and_summary(obj.plan),
        )
    # the results' summary table counts approved advices (uitvoering.summary)
    also_refresh(Advies, summary.refresh_advies)


def implementation_links(advies):
    """The advice's page links to its implementation once the college approved it."""
    from django.urls import reverse

    from .constants import APPROVED_STATES

    if advies.state not in APPROVED_STATES:
        return []
    url = reverse("uitvoering:plan", args=[advies.pk])
    return [(_("Implementation: plan, progress and savings"), url)]


def results_links(cycle):
    """The cycle's page links to its results."""
    from django.urls import reverse

    return [(_("Results"), reverse("uitvoering:results", args=[cycle.pk]))]


def register_links():
    """The pages of the implementation, linked from the optimisation's (optimalisatie.links)."""
    from optimalisatie import links

    links.register_advies(implementation_links)
    links.register_cycle(results_links)
