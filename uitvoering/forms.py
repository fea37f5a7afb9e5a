"""The implementation's forms. Amounts are typed as people type them ("42.500", "€ 3.500,00",
core.forms.MoneyField), whole numbers (a weight, a year) in text inputs with a numeric
keyboard, every date in 2000–2100 (core.forms.with_sane_dates); a refusal is a Dutch message at
the field, with the input kept."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.files import safe_name, sniff
from core.forms import MoneyField, with_sane_dates
from optimalisatie.constants import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES

from .constants import ActionStatus, Health
from .models import Action, ExpectedSaving, Milestone, Plan, RealisedSaving

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WholeNumberField(forms.IntegerField):
    """A whole number in a text input with a numeric keyboard (a number input's behaviour
    depends on the browser's language): digits only, in `min_value`..`max_value`, and one
    Dutch `message` for whatever is not."""

    message = ""
    range: tuple[int, int] = (0, 0)

    def __init__(self, **kwargs):
        kwargs["min_value"], kwargs["max_value"] = self.range
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        message = self.message
        kwargs["error_messages"] = dict.fromkeys(("invalid", "min_value", "max_value"), message)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        if not text.isdigit():  # not "2.5", "1.000" or "twee"
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no min/max/step: not a number input


class WeightField(WholeNumberField):
    message = _("The weight is a whole number from 1 to 100.")
    range = (1, 100)


class YearField(WholeNumberField):
    message = _("Enter a calendar year, such as 2027.")
    range = (2000, 2100)


@with_sane_dates
class ActionForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = ["title", "owner", "start", "due", "weight"]
        widgets = {"start": DATE, "due": DATE}
        field_classes = {"weight": WeightField}

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


@with_sane_dates
class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "date"]
        widgets = {"date": DATE}


class ExpectedSavingForm(forms.ModelForm):
    class Meta:
        model = ExpectedSaving
        fields = ["year", "amount"]
        field_classes = {"year": YearField, "amount": MoneyField}


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
    """A step of the plan (or ending the advice), with a reason where it needs one, labelled
    by what it is the reason for: the page never shows two boxes both called "Reason"."""

    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, reason_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_label:
            self.fields["reason"].label = reason_label


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
    """Realised savings with evidence. A file kept from a refused attempt (core.uploads) comes
    in as `kept_file`: it counts as the evidence unless a new file is chosen."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RealisedSaving
        fields = ["year", "amount", "note", "evidence"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"year": YearField, "amount": MoneyField}

    def __init__(self, *args, kept_file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_file = kept_file
        self.evidence_type = ""
        self.fields["evidence"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in ATTACHMENT_EXTENSIONS
        )
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload or upload == self.initial.get("evidence"):
            return upload  # nothing new (or the file already saved)
        if getattr(upload, "size", 0) > ATTACHMENT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        # an ELF binary or an HTML page named .pdf is refused, and so is an empty file
        self.evidence_type = sniff(upload, ATTACHMENT_EXTENSIONS)
        upload.name = safe_name(upload.name)
        return upload

    def new_evidence(self):
        """The file chosen now (or kept from before) and accepted, if any: what a refused
        form keeps, and what a saved one stores."""
        upload = self.cleaned_data.get("evidence") if hasattr(self, "cleaned_data") else None
        if "evidence" in self.errors or not upload or upload == self.initial.get("evidence"):
            return None
        return upload

    def clean(self):
        data = super().clean()
        if (
            self.kept_file is not None
            and "evidence" not in self.errors
            and data.get("evidence") in (None, False, self.initial.get("evidence"))
        ):
            data["evidence"] = self.kept_file
        no_evidence = not (data.get("note") or "").strip() and not data.get("evidence")
        if no_evidence and "evidence" not in self.errors:
            self.add_error(
                "note", _("Add evidence: a note on how you established the amount, or a file.")
            )
        return data


class DecideSavingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for sending back"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
