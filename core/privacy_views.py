"""The personal-data export (core.personal_data): a person asks for their own; the
functioneel beheerder asks for anyone's, on that person's request. Built by the worker, then
downloaded from the export's page by whoever asked."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import exports, personal_data
from .audit import audit_record


class PersonForm(forms.Form):
    """For the functioneel beheerder: whose data, and why (the request, for the audit)."""

    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=None)
    reason = forms.CharField(
        label=gettext_lazy("Request (who asked, when, how)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.order_by("full_name")


@transaction.atomic  # the export and its audit row together, or neither
def _request(request, person, reason=""):
    export = exports.request_export(
        owner=request.user,
        kind=personal_data.KIND,
        params={"person": person.pk, "back": reverse("core:personal-data")},
        title=_("Personal data of %(name)s") % {"name": person.full_name},
        filename=f"persoonsgegevens-{person.pk}.zip",
    )
    audit_record(
        actor=request.user,
        action="personal-data.export",
        target=person,
        reason=reason,
        data={"export": export.pk},
    )
    return redirect("core:export", export.pk)


@require_http_methods(["GET", "POST"])
def personal_data_page(request):
    manages = personal_data.may_manage(request.user)
    form = PersonForm(request.POST or None, prefix="persoon") if manages else None
    if request.method == "POST":
        if request.POST.get("wie") == "ander":
            if form is None:
                raise PermissionDenied
            if form.is_valid():
                return _request(
                    request, form.cleaned_data["person"], form.cleaned_data["reason"].strip()
                )
        else:
            return _request(request, request.user)
    return render(
        request,
        "core/personal_data.html",
        {"form": form, "parts": [name for name, _rows in personal_data.PARTS]},
        status=400 if request.method == "POST" else 200,
    )
