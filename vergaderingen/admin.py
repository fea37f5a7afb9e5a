from django.contrib import admin

from accounts.admin import FunctioneelBeheerMixin

from .models import BodySettings


@admin.register(BodySettings)
class BodySettingsAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    """Per body: how a tie is decided, and the publication deadline of the decision list."""

    list_display = ["orgaan", "tie_rejects", "publication_days"]
