from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from .constants import MANAGE_ORGANISATION, OrgaanType
from .csv_import import COLUMNS, organisation_import
from .forms import OrganisationImportForm, ThrottledPasswordResetForm
from .models import Bestuur, Cluster, Dienst, Mandate, Orgaan
from .roles import college_mandates_with_domains


@login_not_required
@require_http_methods(["GET", "HEAD"])
@cache_control(public=True, max_age=24 * 60 * 60)
def logo(request):
    """The organisation's logo (set in Beheer), from the storage (local disk or object storage)
    through the app, so pages keep a Content-Security-Policy of their own origin. Public: the
    login page shows it. The page links it with its name, so a new logo is a new address."""
    bestuur = Bestuur.load()
    kind = bestuur.logo_type
    if not kind:
        raise Http404
    try:
        handle = bestuur.logo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, content_type=kind)


def organisatie(request):
    """Read-only overview: bodies with their current members, clusters, schepen portfolios."""
    today = timezone.localdate()
    function_order = {
        value: i for i, (value, _label) in enumerate(Mandate._meta.get_field("function").choices)
    }
    organen = list(
        Orgaan.objects.prefetch_related(
            Prefetch(
                "mandates",
                queryset=Mandate.objects.active_on(today)
                .filter(user__is_active=True)
                .select_related("user")
                .order_by("user__full_name"),
                to_attr="current_mandates",
            )
        )
    )
    type_order = {value: i for i, value in enumerate(OrgaanType.values)}
    organen.sort(key=lambda orgaan: type_order[orgaan.type])
    for orgaan in organen:
        orgaan.current_mandates.sort(key=lambda m: function_order[m.function])
    clusters = Cluster.objects.select_related("manager").prefetch_related(
        Prefetch("diensten", queryset=Dienst.objects.select_related("head", "domain"))
    )
    return render(
        request,
        "accounts/organisatie.html",
        {
            "organen": organen,
            "clusters": clusters,
            "portfolios": college_mandates_with_domains(today),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def organisatie_import(request):
    """Functioneel beheerders import people, departments or mandates from a CSV file."""
    if not request.user.has_perm(MANAGE_ORGANISATION):
        raise Http404  # a page the others may not see
    result = None
    if request.method == "POST":
        form = OrganisationImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = organisation_import(
                kind=form.cleaned_data["kind"],
                data=form.cleaned_data["file"].read(),
                by=request.user,
            )
            if result.ok:
                messages.success(
                    request,
                    _("Import done: %(created)d added, %(updated)d updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("accounts:organisation-import")
    else:
        form = OrganisationImportForm()
    return render(
        request,
        "accounts/organisatie_import.html",
        {"form": form, "result": result, "columns": COLUMNS},
    )


def lockout(request, original_response=None, credentials=None):
    """What django-axes shows after too many failed logins: a Dutch page, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with the requests throttled per address and per IP address."""

    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password also lifts a lock-out for that address: the page promised it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email.lower())
        return response


def _gone_unless(setting: str):
    """A view that answers 404 while the setting is off."""

    def decorate(view):
        from functools import wraps

        from django.conf import settings
        from django.http import Http404

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not getattr(settings, setting):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorate


# password views are gone when the installation logs in by single sign-on only, and the
# single sign-on views where it is not configured
password_login_only = _gone_unless("PASSWORD_LOGIN")
sso_only = _gone_unless("OIDC_ENABLED")
