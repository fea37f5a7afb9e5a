from django.contrib import admin

from accounts.admin import FunctioneelBeheerMixin  # core may use accounts, not the reverse

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    """Read-only: the trail can be searched and filtered, never edited."""

    list_display = ["at", "actor_name", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "reason"]
    date_hierarchy = "at"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
