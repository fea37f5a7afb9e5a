"""Single sign-on by OpenID Connect (mozilla-django-oidc), for the Flemish government's ACM/IDM,
Microsoft Entra ID or any provider that publishes a discovery document.

- The endpoints come from `OIDC_ISSUER`'s discovery document, read when first needed and kept
  in the cache for an hour: a hoster sets the issuer, the client id and secret, nothing more.
- A login never creates anyone. The person is found by the provider's stable identifier
  (`OIDC_ID_CLAIM`, stored as `User.oidc_subject` at the first login); the first time, by
  their e-mail address, only when the provider says it is verified and never for a
  superuser (whose account the functioneel beheerder links by hand). Roles still follow from
  mandates and positions.
- Signing after a single sign-on asks for a fresh login at the provider (`prompt=login`,
  `max_age=0`, `?opnieuw=1`): the callback keeps when it happened (`auth_time`) for the
  signing form (core.signing), and refuses a fresh login by someone else.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

logger = logging.getLogger(__name__)

DISCOVERY = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
SESSION_SSO = "oidc_login"  # the session began with a single sign-on
SESSION_FRESH = "oidc_fresh_login_at"  # epoch seconds of the last fresh login at the provider
SESSION_REAUTH_FOR = "oidc_reauth_for"  # a fresh login asked for this person


def discovery() -> dict:
    """The issuer's discovery document (cached for an hour)."""
    import requests

    key = f"oidc-discovery:{settings.OIDC_ISSUER}"
    document = cache.get(key)
    if document is None:
        url = f"{settings.OIDC_ISSUER}/.well-known/openid-configuration"
        response = requests.get(url, timeout=10)
        response.raise_for_status()
        document = response.json()
        cache.set(key, document, 3600)
    return document


def _setting(attr, *args):
    """Settings as mozilla-django-oidc reads them, the endpoints from the discovery."""
    if attr in DISCOVERY and not getattr(settings, attr, None):
        if not settings.OIDC_ENABLED:
            raise ImproperlyConfigured("Single sign-on is not configured (OIDC_ISSUER).")
        return discovery()[DISCOVERY[attr]]
    return import_from_settings(attr, *args)


def is_enabled() -> bool:
    return settings.OIDC_ENABLED


class Backend(OIDCAuthenticationBackend):
    get_settings = staticmethod(_setting)

    def verify_token(self, token, **kwargs):
        """The signature and nonce (mozilla-django-oidc), then what it leaves out: the token
        was issued by our issuer, for this application, and has not expired."""
        payload = super().verify_token(token, **kwargs)
        issuer = discovery().get("issuer", settings.OIDC_ISSUER).rstrip("/")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token of another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if payload.get("exp") is not None and float(payload["exp"]) < time.time() - 60:
            raise SuspiciousOperation("ID token expired")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The existing person these claims name (the ID token's and the userinfo's), or None."""
        claims = {**self.get_userinfo(access_token, id_token, payload), **payload}
        subject = str(claims.get(settings.OIDC_ID_CLAIM) or "")
        if not subject:
            raise SuspiciousOperation(f"no {settings.OIDC_ID_CLAIM} claim")
        user = self.UserModel.objects.filter(oidc_subject=subject).first()
        if user is None:
            user = self._first_login(subject, claims)
        if user is not None:  # when the person typed their login at the provider, if it says
            self.request.oidc_auth_time = claims.get("auth_time")
        return user

    def _first_login(self, subject, claims):
        """Matched once by an e-mail address the provider says it verified (or, with
        OIDC_TRUST_EMAIL, one the organisation's own tenant hands out), never an account with
        powers beyond its roles (staff, superuser, any permission or group: the functioneel
        beheerder links those by hand); the identifier is kept, so the next logins do not
        depend on the address."""
        email = (claims.get("email") or "").strip()
        verified = claims.get("email_verified") is True or settings.OIDC_TRUST_EMAIL
        if not email or not verified:
            return None
        user = (
            self.UserModel.objects.filter(
                email__iexact=email,
                oidc_subject__isnull=True,
                is_superuser=False,
                is_staff=False,
                user_permissions__isnull=True,
                groups__isnull=True,
            )
            .order_by("pk")
            .first()
        )
        if user is not None:
            user.oidc_subject = subject
            user.save(update_fields=["oidc_subject"])
            from .signals import sso_linked

            sso_linked.send(sender=type(user), user=user)  # core audits it
        return user


class AuthenticateView(OIDCAuthenticationRequestView):
    """To the provider; `?opnieuw=1` asks a logged-in person to log in again there."""

    get_settings = staticmethod(_setting)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.GET.get("opnieuw") and request.user.is_authenticated:
            params |= {"prompt": "login", "max_age": "0"}
            request.session[SESSION_REAUTH_FOR] = [request.user.pk, int(time.time())]
        return params


class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(_setting)

    @property
    def failure_url(self):
        return resolve_url("login")

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "The identity provider did not log you in to this application: your account "
                "is unknown here, or it was not confirmed. Ask the functioneel beheerder."
            ),
        )
        return HttpResponseRedirect(self.failure_url)

    def login_success(self):
        session = self.request.session
        expected, asked_at = session.pop(SESSION_REAUTH_FOR, None) or (None, None)
        if expected is not None and expected != self.user.pk:
            messages.error(
                self.request,
                _("You logged in again as someone else: nothing was signed. Try again."),
            )
            return HttpResponseRedirect(self.success_url)
        response = super().login_success()
        self.request.session[SESSION_SSO] = True
        if expected is not None:
            # asked for with prompt=login: only a login the provider says was typed after
            # the question counts (a provider that let the person in silently says earlier)
            auth_time = getattr(self.request, "oidc_auth_time", None)
            if auth_time is not None and int(auth_time) >= asked_at - 5:
                self.request.session[SESSION_FRESH] = int(auth_time)
            else:
                messages.error(
                    self.request,
                    _(
                        "Your organisation's login did not ask you to log in again: signing "
                        "needs that. Ask the administrator of the login."
                    ),
                )
        return response
