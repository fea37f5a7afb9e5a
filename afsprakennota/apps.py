from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfsprakennotaConfig(AppConfig):
    """Agreement documents: versions, articles, parties, approval, signatures, PDF (later)."""

    name = "afsprakennota"
    verbose_name = _("Afsprakennota")
