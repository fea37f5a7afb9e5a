from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfsprakennotaConfig(AppConfig):
    """Agreement documents: versions, articles, parties, approval, signatures, PDF."""

    name = "afsprakennota"
    verbose_name = _("Afsprakennota")

    def ready(self):
        from vergaderingen import subjects

        from . import services
        from .models import Afsprakennota

        # The college and the vast bureau approve a nota in their meetings.
        subjects.register(
            Afsprakennota,
            title=str,
            decide=services.body_decision,
            candidates=services.candidates_for,
        )
