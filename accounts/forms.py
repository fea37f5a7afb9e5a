from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle
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
        "address_throttled": _(
            "Too many failed logins from your network. Wait %(minutes)d minutes and try again."
        ),
    }

    def clean(self):
        """Besides django-axes' lock-out per e-mail and IP address: failed logins per IP
        address across every account (one password tried on many accounts)."""
        if not settings.PASSWORD_LOGIN:
            raise ValidationError(
                _("Log in through your organisation's login (single sign-on)."),
                code="password_login_off",
            )
        key = f"login-ip:{throttle.client_ip(self.request)}"
        window = settings.LOGIN_IP_WINDOW
        if throttle.too_many(key, settings.LOGIN_IP_FAILURE_LIMIT, window):
            raise ValidationError(
                self.error_messages["address_throttled"],
                code="address_throttled",
                params={"minutes": int(window.total_seconds() // 60)},
            )
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle.record(key)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """Reset mails per e-mail address and per IP address are limited (six requests sent six
    mails): beyond the limit the form says so and sends nothing, whether or not the
    address is known."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        window = settings.PASSWORD_RESET_WINDOW
        keys = [
            (f"reset-mail:{email}", settings.PASSWORD_RESET_PER_ADDRESS),
            (f"reset-ip:{throttle.client_ip(self.request)}", settings.PASSWORD_RESET_PER_IP),
        ]
        if any(throttle.too_many(key, limit, window) for key, limit in keys):
            raise ValidationError(
                _(
                    "A reset link was asked for too often. Use the link in the e-mail you "
                    "received, or try again in an hour."
                ),
                code="throttled",
            )
        for key, _limit in keys:
            throttle.record(key)
        return email

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Queued as a task (accounts.tasks), never sent inside the request: a mail server
        that is down does not show the person an error, and the mail goes once it is back."""
        from django.utils.translation import get_language

        from .tasks import send_password_reset

        send_password_reset.enqueue(
            context["user"].pk, context["domain"], context["protocol"], get_language()
        )


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
