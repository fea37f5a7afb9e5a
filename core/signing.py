"""Showing it is you to sign (minutes, an afsprakennota): the password again, where wrong
passwords are counted per person and block signing for 15 minutes after five, so a stolen
session cannot guess the password through a signing form; or, after a single sign-on, a fresh
login at the identity provider (accounts.oidc), a few minutes old at most."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
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


@dataclass(frozen=True)
class Proof:
    """How a signer showed it was them, and when: their password ("wachtwoord"), or a fresh
    login at the identity provider ("sso")."""

    method: str
    at: datetime.datetime


def check_signer(user, *, password=None, sso=False, fresh_login_at=None) -> Proof:
    """After a single sign-on (`sso`), a login at the provider asked for to sign and at most
    SIGNING_FRESH_LOGIN_SECONDS old (`fresh_login_at`, from the session); otherwise the
    password, counted as above, and only where password login is on."""
    now = timezone.now()
    if sso:
        if fresh_login_at is None:
            raise ValidationError(
                {"password": _("Log in again at your organisation's login to sign.")}
            )
        age = (now - fresh_login_at).total_seconds()
        if not -60 <= age <= settings.SIGNING_FRESH_LOGIN_SECONDS:
            raise ValidationError(
                {
                    "password": _(
                        "Log in again at your organisation's login to sign: the last time "
                        "was too long ago."
                    )
                }
            )
        return Proof("sso", fresh_login_at)
    if not settings.PASSWORD_LOGIN:
        raise ValidationError({"password": _("Log in again at your organisation's login to sign.")})
    check_signing_password(user, password)
    return Proof("wachtwoord", now)


def fresh_login_at(request) -> datetime.datetime | None:
    """When the person last logged in afresh at the identity provider, if their session
    began with a single sign-on (accounts.oidc); None for a password session."""
    from accounts.oidc import SESSION_FRESH, SESSION_SSO

    if not request.session.get(SESSION_SSO):
        return None
    stamp = request.session.get(SESSION_FRESH)
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC) if stamp else None


def uses_sso(request) -> bool:
    from accounts.oidc import SESSION_SSO

    return bool(request.session.get(SESSION_SSO))


def forget_fresh_login(request) -> None:
    from accounts.oidc import SESSION_FRESH

    request.session.pop(SESSION_FRESH, None)


def signing_context(request) -> dict:
    """For a signing page: whether the person signs with a fresh login at the identity
    provider, whether their last one is recent enough, and where to log in again."""
    from django.urls import reverse
    from django.utils.http import urlencode

    if not uses_sso(request):
        return {"sign_sso": False}
    at = fresh_login_at(request)
    age = (timezone.now() - at).total_seconds() if at else None
    return {
        "sign_sso": True,
        "sign_fresh_at": at
        if age is not None and age <= settings.SIGNING_FRESH_LOGIN_SECONDS
        else None,
        "sign_login_url": reverse("oidc-login")
        + "?"
        + urlencode({"opnieuw": "1", "next": request.get_full_path()}),
    }
