from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from optimalisatie.constants import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES

from .constants import ActionStatus, Health
from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = ["title", "owner", "start", "due", "weight"]
        widgets = {"start": DATE, "due": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("full_name")
        self.fields["owner"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.job_title})" if u.job_title else u.full_name
        )
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean(self):
        data = super().clean()
        start, due = data.get("start"), data.get("due")
        if start and due and due < start:
            self.add_error("due", _("The due date cannot be before the start date."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "date"]
        widgets = {"date": DATE}


class ExpectedSavingForm(forms.ModelForm):
    class Meta:
        model = ExpectedSaving
        fields = ["year", "amount"]


class BaseExpectedSavingFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        years = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year in years:
                form.add_error("year", _("This year is already in the list."))
            elif year:
                years.append(year)


ExpectedSavingFormSet = inlineformset_factory(
    Plan,
    ExpectedSaving,
    form=ExpectedSavingForm,
    formset=BaseExpectedSavingFormSet,
    extra=2,
    can_delete=True,
)


class StepForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    blocked_reason = forms.CharField(
        label=_("Why it is blocked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HealthForm(forms.Form):
    health = forms.ChoiceField(
        label=_("Health"),
        choices=[("", _("as derived from the actions"))] + list(Health.choices),
        required=False,
    )
    motivation = forms.CharField(
        label=_("Motivation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RealisedSavingForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RealisedSaving
        fields = ["year", "amount", "note", "evidence"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].validators = [
            FileExtensionValidator(
                ATTACHMENT_EXTENSIONS,
                message=_("This is not an accepted type. Use PDF, an office document or an image."),
            )
        ]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and getattr(upload, "size", 0) > ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("note") or "").strip() and not data.get("evidence"):
            self.add_error(
                "note",
                _("Add evidence: a note on how you established the amount, or a file."),
            )
        return data


class DecideSavingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending back"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
