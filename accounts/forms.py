from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .csv_import import ImportKind


class LoginForm(AuthenticationForm):
    """E-mail and password. A failed login keeps the e-mail filled in (the form stays bound)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        # one spelling per address, so the lock-out cannot be dodged with capitals
        return self.cleaned_data["username"].strip().lower()

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again."
        ),
        "inactive": _("This account has been deactivated. Contact the administrator."),
    }


class OrganisationImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file contain?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or Excel CSV, with a header row; separated by commas or semicolons."),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


def axes_username(request, credentials):
    """The e-mail address django-axes counts failures for: lower-cased, as the form does."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return raw.strip().lower()
