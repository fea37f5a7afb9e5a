from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.constants import OrgaanType
from accounts.models import Orgaan
from core.files import sniff
from core.forms import SaneDateField, SaneDateTimeField, with_sane_dates

from .constants import (
    MOTIVATION_MAX_LENGTH,
    PROPOSAL_MAX_LENGTH,
    PUBLIC_TEXT_MAX_LENGTH,
    REFERENCE_NUMBER_MAX_LENGTH,
    URGENCY_MAX_LENGTH,
    BallotChoice,
    DecisionOutcome,
    ItemKind,
    Presence,
)
from .models import ItemProposal, Meeting

MEETING_BODIES = [
    OrgaanType.COLLEGE,
    OrgaanType.VAST_BUREAU,
    OrgaanType.MANAGEMENTTEAM,
    OrgaanType.BCSD,
]


@with_sane_dates  # a meeting dated 0001-01-01 broke every list of meetings
class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["orgaan", "starts_at", "place", "secretary", "results_after_closing"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, secretaries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgaan"].queryset = Orgaan.objects.filter(type__in=MEETING_BODIES)
        self.fields["secretary"].queryset = secretaries
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

    def clean_orgaan(self):
        from .access import decides_elsewhere

        orgaan = self.cleaned_data["orgaan"]
        if orgaan is not None and decides_elsewhere(orgaan):
            raise forms.ValidationError(
                _(
                    "%(body)s decides in the official decision system: its meetings are held "
                    "there. Record its decisions on its page, linked from the list of meetings."
                )
                % {"body": orgaan}
            )
        return orgaan


class FreeItemForm(forms.Form):
    title = forms.CharField(label=_("Title of the item"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind of item"),
        choices=ItemKind.choices,
        initial=ItemKind.GENERAL,
        help_text=_("Staff matters and designations of a person are always voted on secretly."),
    )
    concerns_person = forms.BooleanField(
        label=_("Concerns a person (any vote on it is secret)"), required=False
    )


class UrgentItemForm(FreeItemForm):
    urgency = forms.CharField(
        label=_("Why it cannot wait for a next meeting"),
        max_length=URGENCY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The minutes record this justification."),
    )


@with_sane_dates
class RescheduleForm(forms.Form):
    starts_at = SaneDateTimeField(
        label=_("New date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = ItemProposal
        fields = ["orgaan", "title", "kind", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orgaan"].queryset = Orgaan.objects.filter(pk__in=[o.pk for o in bodies])
        self.fields["orgaan"].empty_label = None
        self.fields["explanation"].max_length = PROPOSAL_MAX_LENGTH
        self.fields["explanation"].widget.attrs["maxlength"] = PROPOSAL_MAX_LENGTH


class ProposalRefuseForm(forms.Form):
    answer = forms.CharField(
        label=_("Why it is not put on an agenda"),
        max_length=PROPOSAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=BallotChoice.choices, widget=forms.RadioSelect
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, required=False)
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_text = forms.CharField(
        label=_("Public text for the decision list"),
        required=False,
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short description without personal data."),
    )


class AttendanceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)


@with_sane_dates
class ReferenceForm(forms.Form):
    """A decision of the official decision system, recorded by its reference."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reference_date = SaneDateField(
        label=_("Date of the meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )
    reference_number = forms.CharField(
        label=_("Number of the decision"),
        max_length=REFERENCE_NUMBER_MAX_LENGTH,
        help_text=_("As the official decision system numbers it, for example 2026_CBS_00123."),
    )
    reference_url = forms.URLField(
        label=_("Public address of the decision"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The decision's LBLOD address (https://…) or its page in the municipality's "
            "raadpleegomgeving."
        ),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    extract = forms.FileField(
        label=_("Signed extract (PDF, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_extract(self):
        upload = self.cleaned_data.get("extract")
        if upload:
            sniff(upload, ["pdf"])
        return upload or None


class ReferenceCorrectForm(ReferenceForm):
    """A correction of the reference: the outcome stays what the body decided."""

    reason = forms.CharField(
        label=_("Why this correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["outcome"]
        self.fields["extract"].label = _("Another signed extract (PDF, optional)")
