from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import Beleidsdomein, Dienst
from core.forms import FteField, MoneyField, with_sane_dates

from .attachments import check_attachment
from .constants import (
    VERSIONED_FIELDS,
    AdviesState,
    Category,
    Phase,
    PriorityLevel,
)
from .models import (
    Advies,
    Beleidsnota,
    Bundle,
    Cycle,
    DomainTarget,
    Priority,
    SchepenInput,
    Standpunt,
)

NEGATIVE = _("Enter zero or a positive amount: savings and costs cannot be negative.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once; each checked for what it is and its size (check_attachment),
    with a Dutch message. The files that passed are `passed`, also when another one failed:
    a refused form keeps them (core.uploads)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.passed = []

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        errors, self.passed = [], []
        for upload in files:
            try:
                check_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                self.passed.append(upload)
        if errors:
            raise ValidationError(errors)
        return list(files)


MONEY_FIELDS = ["savings_one_off", "savings_recurring", "investment_cost"]


class AdviesForm(forms.ModelForm):
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=_(
            "PDF, office documents or images, at most 20 MB each. Attachments that "
            "are already saved stay."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Advies
        fields = ["dienst", *VERSIONED_FIELDS]
        field_classes = {
            **dict.fromkeys(MONEY_FIELDS, MoneyField),
            "fte_impact": FteField,
        }
        help_texts = {
            "savings_recurring": _("For instance 42.500 or 42.500,00."),
            "fte_impact": _("In full-time equivalents, for instance 0,5."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "current_situation",
                "proposal",
                "substantiation",
                "impact_citizens",
                "impact_staff",
                "impact_other_departments",
                "risks",
            ]
        }

    def __init__(self, *args, diensten=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dienst"].queryset = diensten if diensten is not None else Dienst.objects.none()
        if self.instance.pk:
            self.fields["dienst"].disabled = True
            self.fields["lock_version"].initial = self.instance.lock_version
        year = self.fields["start_year"]
        year.validators += [
            MinValueValidator(2000, _("Enter a year from 2000 to 2100.")),
            MaxValueValidator(2100, _("Enter a year from 2000 to 2100.")),
        ]
        year.widget.attrs.update({"min": "2000", "max": "2100"})

    def clean(self):
        cleaned = super().clean()
        for name in MONEY_FIELDS:
            value = cleaned.get(name)
            if value is not None and value < 0 and name not in self.errors:
                self.add_error(name, NEGATIVE)
        return cleaned

    def passed_uploads(self) -> list:
        """The new files that passed their own checks (to keep when the form is refused)."""
        return list(self.fields["attachments"].passed)


class StepForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


ANCHOR_CHOICES = [("", _("the advice as a whole"))] + [
    (name, Advies._meta.get_field(name).verbose_name)
    for name in [
        "title",
        "current_situation",
        "proposal",
        "substantiation",
        "savings_recurring",
        "savings_one_off",
        "fte_impact",
        "impact_citizens",
        "impact_staff",
        "risks",
    ]
]


class ThreadForm(forms.Form):
    anchor = forms.ChoiceField(label=_("About"), choices=ANCHOR_CHOICES, required=False)
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        help_text=_(
            "Markdown: **bold**, *italic*, lists. Mention someone with @ and their full name."
        ),
    )


class ThreadShareForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the college should read this thread"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say why the college should read this thread.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000
    )


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )


class StandpuntForm(forms.ModelForm):
    class Meta:
        model = Standpunt
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["level", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 3})}


class BundleForm(forms.ModelForm):
    adviezen = forms.ModelMultipleChoiceField(
        label=_("Advices to combine"),
        queryset=Advies.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Validated advices of at least two departments."),
    )

    class Meta:
        model = Bundle
        fields = ["title", "summary", "rationale"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, adviezen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviezen"].queryset = adviezen
        self.fields["adviezen"].label_from_instance = lambda a: f"{a.title} ({a.dienst})"

    def clean_adviezen(self):
        chosen = self.cleaned_data["adviezen"]
        if len({a.dienst_id for a in chosen}) < 2:
            raise ValidationError(
                _(
                    "Choose validated advices of at least two departments: a "
                    "bundle lifts proposals above one department."
                )
            )
        return chosen


@with_sane_dates
class CycleForm(forms.ModelForm):
    # The phase the cycle moves to: services.cycle_save applies it by the cycle's transition
    # (the field is protected), so it is not one of the form's model fields.
    phase = forms.ChoiceField(
        label=capfirst(Cycle._meta.get_field("phase").verbose_name), choices=Phase.choices
    )
    field_order = ["title", "term", "phase"]

    class Meta:
        model = Cycle
        fields = [
            "title",
            "term",
            "preparation_until",
            "advices_until",
            "manager_review_until",
            "mt_validation_until",
            "college_decision_until",
            "implementation_until",
            "target_recurring",
            "target_one_off",
            "target_fte",
            "boundaries",
        ]
        field_classes = {
            "target_recurring": MoneyField,
            "target_one_off": MoneyField,
            "target_fte": FteField,
        }
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in [
                "preparation_until",
                "advices_until",
                "manager_review_until",
                "mt_validation_until",
                "college_decision_until",
                "implementation_until",
            ]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("phase", self.instance.phase)

    def clean(self):
        cleaned = super().clean()
        order = [
            "preparation_until",
            "advices_until",
            "manager_review_until",
            "mt_validation_until",
            "college_decision_until",
            "implementation_until",
        ]
        dates = [(name, cleaned.get(name)) for name in order]
        for (_earlier, first), (later, second) in zip(dates, dates[1:], strict=False):
            if first and second and second < first:
                self.add_error(later, _("This deadline comes before the previous phase's."))
        return cleaned


class BeleidsnotaForm(forms.ModelForm):
    class Meta:
        model = Beleidsnota
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class SchepenInputForm(forms.ModelForm):
    class Meta:
        model = SchepenInput
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


SORTS = {
    "-updated_at": _("last changed"),
    "-savings_recurring": _("recurring savings, highest first"),
    "savings_recurring": _("recurring savings, lowest first"),
    "-created_at": _("newest"),
    "created_at": _("oldest"),
}


class QuickSelect(forms.Select):
    """A single select written in Python instead of a template per option (Django's
    select.html includes select_option.html and attrs.html for each): the same HTML, but the
    department filter has an option per department (300 in a large city), which made it the
    slowest part of the advice list. Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"'
            f"{' selected' if str(key) in selected else ''}>{escape(str(label))}</option>"
            for key, label in self.choices
        )
        # As django/forms/widgets/attrs.html: in order, True as a bare name, False left out.
        final_attrs = "".join(
            f" {key}" if value is True else f' {key}="{escape(str(value))}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, mark_safe(final_attrs), mark_safe(options)
        )


class NameChoices(BaseChoiceIterator):
    """The empty choice and the (pk, name) pairs of a queryset, read once, when first used."""

    def __init__(self, queryset, empty_label):
        self.queryset = queryset
        self.empty_label = empty_label
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = [("", self.empty_label), *self.queryset.values_list("pk", "name")]
        return iter(self.choices)


# A search longer than this is no search (and would make the list's address too long).
SEARCH_MAX = 200


class AdviesFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("all"))] + AdviesState.choices,
        widget=QuickSelect,
    )
    dienst = forms.ModelChoiceField(
        label=_("Department"),
        required=False,
        queryset=Dienst.objects.all(),
        empty_label=_("all"),
        widget=QuickSelect,
    )
    domain = forms.ModelChoiceField(
        label=_("Policy domain"),
        required=False,
        queryset=Beleidsdomein.objects.all(),
        empty_label=_("all"),
        widget=QuickSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("all"))] + Category.choices,
        widget=QuickSelect,
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("all"))] + PriorityLevel.choices,
        widget=QuickSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=list(SORTS.items()), widget=QuickSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options as (pk, name) pairs, read when the form is shown (not for an export):
        # one plain query each, no model instances and no server-side cursor as with
        # ModelChoiceIterator. A chosen value is still checked against the field's queryset.
        for name in ("dienst", "domain"):
            field = self.fields[name]
            field.choices = NameChoices(field.queryset, field.empty_label)


class DomainTargetForm(forms.ModelForm):
    class Meta:
        model = DomainTarget
        fields = ["domain", "target_recurring"]
        field_classes = {"target_recurring": MoneyField}
        labels = {
            "domain": _("Policy domain"),
            "target_recurring": _("Target for this domain (€ per year)"),
        }


DomainTargetFormSet = forms.inlineformset_factory(
    Cycle,
    DomainTarget,
    form=DomainTargetForm,
    extra=2,
    can_delete=True,
    max_num=50,
)
