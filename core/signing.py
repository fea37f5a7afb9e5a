"""Re-entering the password to sign (minutes, an afsprakennota): wrong passwords are
counted per person and block signing for 15 minutes after five, so a stolen session
cannot guess the password through a signing form."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts import throttle

SIGN_FAILURE_LIMIT = 5  # wrong passwords before signing is blocked for 15 minutes
SIGN_BLOCK = datetime.timedelta(minutes=15)


def check_signing_password(user, password) -> None:
    """Counted in the database (accounts.throttle), the same for every process and server.
    Call it before the signing's transaction: a refusal rolls that back, and with it the
    count of the wrong password."""
    key = f"sign:{user.pk}"
    if throttle.too_many(key, SIGN_FAILURE_LIMIT, SIGN_BLOCK):
        raise ValidationError(
            {"password": _("Too many wrong passwords: signing is blocked for 15 minutes.")}
        )
    if not user.check_password(password or ""):
        throttle.record(key)
        raise ValidationError({"password": _("This password is not correct.")})
    throttle.clear(key)
