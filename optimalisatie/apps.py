from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OptimalisatieConfig(AppConfig):
    """Cycles, advices and their workflow, bundles, priorities, implementation (later issues)."""

    name = "optimalisatie"
    verbose_name = _("Optimisation")
