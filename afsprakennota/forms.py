from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Term
from core.forms import with_sane_dates

from .constants import NotaKind
from .models import Afsprakennota, Article

MAX_UPLOAD = 20 * 1024 * 1024
TOO_LONG = _(
    "The text is longer than 200,000 characters (it has %(show_value)s): import the document "
    "as a file, or paste it in parts."
)


class NewNotaForm(forms.Form):
    """The decree's nota for a term of office (an exercise's nota is drawn up from the
    exercise's page)."""

    term = forms.ModelChoiceField(
        label=_("Term of office"),
        queryset=Term.objects.order_by("-start"),
        error_messages={"required": _("Choose the term of office this nota is for.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Term.objects.current()
        if current:
            self.fields["term"].initial = current.pk


class NewNotaStartForm(NewNotaForm):
    """The term, and how the decree's nota starts: from the template, blank, a copy of an
    earlier decree nota, pasted text or an imported .docx or .odt (both lead to the preview,
    afsprakennota.importing). The page posts it as multipart/form-data."""

    START_CHOICES = [
        ("template", _("From the template")),
        ("blank", _("Blank")),
        ("copy", _("A copy of a previous nota")),
        ("paste", _("Paste the text of a memo")),
        ("import", _("Import a file (.docx or .odt)")),
    ]
    start = forms.ChoiceField(
        label=_("Start"),
        choices=START_CHOICES,
        initial="template",
        widget=forms.RadioSelect,
        required=False,
    )
    source = forms.ModelChoiceField(
        label=_("Previous nota"),
        queryset=Afsprakennota.objects.none(),
        required=False,
    )
    text = forms.CharField(
        label=_("Text of the memo"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=200_000,
        error_messages={"max_length": TOO_LONG},
        help_text=_(
            "As copied from Word, a PDF or an e-mail: the header (Datum:, Aan: …), the "
            "introduction, articles 1., sub-articles a., items i. and bullets."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A Word (.docx) or OpenDocument (.odt) document, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # the term, with the current one first
        # a decree nota starts from an earlier decree nota (an exercise's nota is another kind)
        self.fields["source"].queryset = Afsprakennota.objects.filter(
            kind=NotaKind.DECREE
        ).order_by("-created_at")
        # the server counts the text, not the browser (which would cut a long paste silently
        # and count a line break as one character where two arrive)
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.fields["source"].label_from_instance = lambda nota: (
            f"{nota.onderwerp} ({nota.get_state_display()}, {nota.created_at:%d/%m/%Y})"
        )
        self.parsed = None

    def clean(self):
        from .importing import MAX_BYTES, ImportRefused, parse_document, parse_text

        data = super().clean()
        start = data.get("start") or "template"
        data["start"] = start
        if start == "copy" and not data.get("source"):
            self.add_error("source", _("Choose the nota to copy."))
        if start == "paste" and "text" not in self.errors:
            if not (data.get("text") or "").strip():
                self.add_error("text", _("Paste the text of the memo."))
            else:
                self.parsed = parse_text(data["text"])
        if start == "import" and "file" not in self.errors:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose the file to import."))
            elif upload.size > MAX_BYTES:
                self.add_error("file", _("The file is larger than 10 MB."))
            else:
                try:
                    self.parsed = parse_document(upload.read())
                except ImportRefused as refused:
                    self.add_error("file", refused.message)
        return data


class ImportPreviewForm(forms.Form):
    """The normalized text of a pasted or imported memo, to correct before the nota is made."""

    term = forms.ModelChoiceField(queryset=Term.objects.all(), widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text of the memo"),
        widget=forms.Textarea(attrs={"rows": 30}),
        max_length=200_000,
        error_messages={"required": _("Paste the text of the memo."), "max_length": TOO_LONG},
        help_text=_(
            "Correct the text and press “Refresh preview”: the tree on the left follows it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)  # the server counts


@with_sane_dates
class NotaHeaderForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Afsprakennota
        fields = ["onderwerp", "datum", "aan", "bijlagen", "referentie", "cc", "introduction"]
        labels = {
            "onderwerp": _("Subject"),
            "datum": _("Date"),
            "aan": _("To"),
            "bijlagen": _("Attachments"),
            "referentie": _("Reference"),
            "cc": _("Cc"),
            "introduction": _("Introduction"),
        }
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "introduction": _("Paragraphs, bullet lists, **bold** and *italic*."),
        }


class ArticleForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["heading", "text", "children_style", "role"]
        labels = {
            "heading": _("Heading"),
            "text": _("Text"),
            "children_style": _("Style of its sub-levels"),
            "role": _("Role"),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, with_role=False, **kwargs):
        super().__init__(*args, **kwargs)
        # a form posted without it (an older page) keeps numbered sub-levels
        self.fields["children_style"].required = False
        if not with_role:
            del self.fields["role"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > 20_000:
            raise forms.ValidationError(_("An article can hold at most 20,000 characters."))
        return text


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the others need to know why.")},
    )


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to sign.")},
        help_text=_("Signing asks for your password again, to be sure it is you."),
    )

    def __init__(self, *args, sso=False, **kwargs):
        super().__init__(*args, **kwargs)
        if sso:  # a fresh login at the identity provider instead (accounts.oidc)
            del self.fields["password"]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
        max_length=10_000,
    )


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("The PDF of an afsprakennota, as you received it."),
        error_messages={"required": _("Choose the PDF file to check.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
