"""Organisation management in Django's admin, for functioneel beheerders and staff.

A functioneel beheerder (permission accounts.manage_organisation) manages people, bodies,
mandates, domains, clusters and departments, but can never hand out permissions or staff
rights: only a superuser can.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.forms import UserCreationForm as DjangoUserCreationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .constants import MANAGE_ORGANISATION, PORTFOLIO_ORGAAN_TYPES
from .csv_import import date_outside_window
from .models import Beleidsdomein, Bestuur, Cluster, Dienst, Mandate, Orgaan, Term, User


class FunctioneelBeheerMixin:
    """Full access for functioneel beheerders, on top of Django's model permissions."""

    def _beheerder(self, request):
        return request.user.is_active and request.user.has_perm(MANAGE_ORGANISATION)

    def has_module_permission(self, request):
        return self._beheerder(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._beheerder(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._beheerder(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._beheerder(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._beheerder(request) or super().has_delete_permission(request, obj)


class ActiveOnFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("lopend", _("running")), ("beeindigd", _("ended"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "lopend":
            return queryset.active_on(today)
        if self.value() == "beeindigd":
            return queryset.filter(Q(end__lt=today) | Q(start__gt=today))
        return queryset


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["user", "orgaan", "function", "start", "end", "domains"]

    # the person using the admin (set by MandateAdmin and MandateInline)
    request_user = None

    def clean(self):
        cleaned = super().clean()
        user, by = cleaned.get("user") or getattr(self.instance, "user", None), self.request_user
        if by is not None and user is not None and user.pk == by.pk and not by.is_superuser:
            raise ValidationError(
                _(
                    "You cannot give yourself a mandate or change your own: another "
                    "functioneel beheerder or a superuser must do it."
                )
            )
        for name in ("start", "end"):
            reason = date_outside_window(cleaned.get(name))
            if reason:
                self.add_error(name, reason)
        orgaan, domains = cleaned.get("orgaan"), cleaned.get("domains")
        if orgaan and domains and orgaan.type not in PORTFOLIO_ORGAAN_TYPES:
            raise ValidationError({"domains": _("Only a seat in the college has policy domains.")})
        return cleaned


class MandateInline(FunctioneelBeheerMixin, admin.StackedInline):
    model = Mandate
    form = MandateForm
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("MandateForm", (formset.form,), {"request_user": request.user})
        return formset


class UserCreationForm(DjangoUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "job_title")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(FunctioneelBeheerMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["full_name", "email", "job_title", "is_active"]
    list_filter = ["is_active", "mandates__orgaan", "mandates__function"]
    search_fields = ["full_name", "email", "job_title"]
    ordering = ["full_name"]
    inlines = [MandateInline]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "job_title", "password1", "password2"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = [
            (None, {"fields": ("email", "password")}),
            (_("Personal details"), {"fields": ("full_name", "job_title")}),
            (_("Access"), {"fields": ("is_active", "oidc_subject")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        ]
        if request.user.is_superuser:
            fieldsets[2] = (
                _("Access"),
                {
                    "fields": (
                        "is_active",
                        "oidc_subject",
                        "is_staff",
                        "is_superuser",
                        "groups",
                        "user_permissions",
                    )
                },
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return ("last_login", "date_joined") if obj else ()

    def _privileged(self, obj):
        return obj is not None and (
            obj.is_superuser
            or obj.is_staff
            or obj.user_permissions.exists()
            or obj.groups.filter(permissions__isnull=False).exists()
        )

    def has_change_permission(self, request, obj=None):
        """Only a superuser may change (or set the password of) a privileged account."""
        if self._privileged(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._privileged(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Bestuur)
class BestuurAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "plaats", "address", "email", "phone", "website", "logo"]}),
        (
            _("Legal entities"),
            {"fields": ["gemeente_name", "gemeente_kbo", "ocmw_name", "ocmw_kbo"]},
        ),
    ]

    def has_add_permission(self, request, *args):
        return not Bestuur.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    list_display = ["__str__", "start", "end"]


@admin.register(Orgaan)
class OrgaanAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    list_display = ["name", "type", "entity"]
    list_filter = ["entity"]
    search_fields = ["name"]
    inlines = [MandateInline]


@admin.register(Mandate)
class MandateAdmin(FunctioneelBeheerMixin, SimpleHistoryAdmin):
    form = MandateForm
    list_display = ["user", "orgaan", "function", "start", "end"]
    list_filter = [ActiveOnFilter, "orgaan", "function"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user", "orgaan"]
    date_hierarchy = "start"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type("MandateForm", (form,), {"request_user": request.user})


@admin.register(Beleidsdomein)
class BeleidsdomeinAdmin(FunctioneelBeheerMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


def _refusing_self(form_class, request, field: str):
    """The form, refusing to make the person using the admin the `field` (head of a
    department, manager of a cluster): no one hands themselves a position."""

    def clean(self):
        cleaned = form_class.clean(self)
        person = cleaned.get(field)
        by = request.user
        if person is not None and person.pk == by.pk and not by.is_superuser:
            self.add_error(
                field,
                _(
                    "You cannot give yourself this position: another functioneel beheerder "
                    "or a superuser must do it."
                ),
            )
        return cleaned

    return type(form_class.__name__, (form_class,), {"clean": clean})


class DienstInline(FunctioneelBeheerMixin, admin.StackedInline):
    model = Dienst
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _refusing_self(formset.form, request, "head")
        return formset


@admin.register(Cluster)
class ClusterAdmin(FunctioneelBeheerMixin, SimpleHistoryAdmin):
    list_display = ["name", "manager"]
    search_fields = ["name", "manager__full_name"]
    list_select_related = ["manager"]
    inlines = [DienstInline]

    def get_form(self, request, obj=None, **kwargs):
        return _refusing_self(super().get_form(request, obj, **kwargs), request, "manager")


@admin.register(Dienst)
class DienstAdmin(FunctioneelBeheerMixin, SimpleHistoryAdmin):
    list_display = ["name", "cluster", "domain", "head"]
    list_filter = ["cluster", "domain"]
    search_fields = ["name", "head__full_name"]
    list_select_related = ["cluster", "domain", "head"]

    def get_form(self, request, obj=None, **kwargs):
        return _refusing_self(super().get_form(request, obj, **kwargs), request, "head")
