from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BeheerAdminSite(admin.AdminSite):
    """Django's admin, opened to functioneel beheerders as well as staff."""

    site_header = _("Organisation management")
    site_title = _("Organisation management")
    index_title = _("Management of the organisation")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or user.has_perm("accounts.manage_organisation"))

    def admin_view(self, view, cacheable=False):
        """A logged-in person without access gets "not found" at once, never a redirect to a
        login page they already passed."""
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        """One login page for the whole app: ours, with its lock-out after failures."""
        if request.user.is_authenticated:
            raise Http404  # logged in, but no access to the admin: it does not exist for them
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        return redirect_to_login(next_url, settings.LOGIN_URL)
