from django.contrib import admin

from accounts.admin import FunctioneelBeheerMixin

from .models import BodySettings, Substitute


@admin.register(BodySettings)
class BodySettingsAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    """Per body: how a tie is decided, the publication deadline of the decision list, and
    whether it decides in this app or in the official decision system."""

    list_display = ["orgaan", "decides_in", "tie_rejects", "publication_days"]


@admin.register(Substitute)
class SubstituteAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    """Who stands in for a body's chair (the waarnemend burgemeester), per period."""

    list_display = ["orgaan", "user", "start", "end", "note"]
    list_filter = ["orgaan"]
    autocomplete_fields = ["user"]
