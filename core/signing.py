"""Re-entering the password to sign (minutes, an afsprakennota): wrong passwords are
counted per person and block signing for 15 minutes after five, so a stolen session
cannot guess the password through a signing form."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIGN_FAILURE_LIMIT = 5  # wrong passwords before signing is blocked for 15 minutes


def check_signing_password(user, password) -> None:
    failures_key = f"sign-failures:{user.pk}"
    if cache.get(failures_key, 0) >= SIGN_FAILURE_LIMIT:
        raise ValidationError(
            {"password": _("Too many wrong passwords: signing is blocked for 15 minutes.")}
        )
    if not user.check_password(password or ""):
        cache.set(failures_key, cache.get(failures_key, 0) + 1, timeout=15 * 60)
        raise ValidationError({"password": _("This password is not correct.")})
    cache.delete(failures_key)
