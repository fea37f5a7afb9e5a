"""Issue 21, item 2: single sign-on by OpenID Connect against a real provider started by the
tests (tests/oidc_provider, django-oauth-toolkit, in its own process): people are matched to
existing accounts (the stable identifier first, a verified e-mail address once, never a
superuser, nobody created), password login can be switched off, and signing after a single
sign-on asks for a fresh login."""

import datetime
from urllib.parse import urljoin

import pytest
import requests
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEntry
from tests.accounts.factories import PASSWORD, UserFactory
from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET
from tests.servers import oidc_provider

CALLBACK = "http://testserver/aanmelden/sso/terug/"
PEOPLE = [
    {"username": "dina", "password": "Idp-Geheim-1", "email": "dina@gemeente.example"},
    {"username": "vreemd", "password": "Idp-Geheim-2", "email": "onbekend@elders.example"},
    {"username": "baas", "password": "Idp-Geheim-3", "email": "root@gemeente.example"},
    {"username": "beheer", "password": "Idp-Geheim-4", "email": "beheer@gemeente.example"},
    {"username": "onbevestigd", "password": "Idp-Geheim-5", "email": "rita@gemeente.example"},
]


@pytest.fixture(scope="module")
def issuer(tmp_path_factory):
    with oidc_provider(CALLBACK, PEOPLE, tmp_path_factory.mktemp("oidc")) as url:
        yield url


@pytest.fixture
def sso(settings, issuer):
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "ACM/IDM"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "accounts.oidc.Backend"]
    return settings


def sso_login(client, username, password, *, again=False, next_url="/"):
    """The browser's part, by hand: to the provider, log in there, back to the callback."""
    params = {"next": next_url} | ({"opnieuw": "1"} if again else {})
    start = client.get(reverse("oidc-login"), params)
    assert start.status_code == 302, start
    browser = requests.Session()
    login_page = browser.get(start["Location"])
    assert login_page.status_code == 200 and "Gebruikersnaam" in login_page.text
    answer = browser.post(
        login_page.url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": login_page.url},
        allow_redirects=False,
    )
    location = answer.headers["Location"]
    while not location.startswith("http://testserver"):
        answer = browser.get(urljoin(answer.url, location), allow_redirects=False)
        location = answer.headers["Location"]
    return client.get(location.removeprefix("http://testserver"))


def test_the_first_login_matches_a_verified_address_and_keeps_the_identifier(client, sso, db):
    dina = UserFactory(email="dina@gemeente.example", full_name="Dina Hoofd")
    done = sso_login(client, "dina", "Idp-Geheim-1")
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get(reverse("core:my-work")).context["user"] == dina
    dina.refresh_from_db()
    assert dina.oidc_subject  # the provider's "sub"
    assert AuditEntry.objects.filter(action="account.sso-linked", actor=dina).exists()
    # the address changes here: the identifier still finds the person
    User.objects.filter(pk=dina.pk).update(email="dina.nieuw@gemeente.example")
    client.logout()
    sso_login(client, "dina", "Idp-Geheim-1")
    assert client.get(reverse("core:my-work")).context["user"] == dina


def test_nobody_is_created_and_an_unknown_person_is_told(client, sso, db):
    count = User.objects.count()
    done = sso_login(client, "vreemd", "Idp-Geheim-2")
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert User.objects.count() == count
    page = client.get(reverse("login"))
    assert "uw account is hier onbekend" in page.content.decode()
    assert not page.context["user"].is_authenticated


def test_an_account_with_powers_is_never_matched_by_address(client, sso, db):
    """An identity provider is not trusted with more than roles: a superuser or a
    functioneel beheerder (permissions) is linked by hand, never by e-mail address."""
    User.objects.create_superuser(email="root@gemeente.example", password=PASSWORD)
    UserFactory(email="beheer@gemeente.example", permissions=["manage_organisation"])
    for username, password in (("baas", "Idp-Geheim-3"), ("beheer", "Idp-Geheim-4")):
        sso_login(client, username, password)
        assert not client.get(reverse("login")).context["user"].is_authenticated
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_an_unverified_address_is_not_matched_unless_the_tenant_is_trusted(client, sso, db):
    rita = UserFactory(email="rita@gemeente.example")
    sso_login(client, "onbevestigd", "Idp-Geheim-5")
    assert not client.get(reverse("login")).context["user"].is_authenticated
    sso.OIDC_TRUST_EMAIL = True  # a provider whose addresses the organisation hands out
    sso_login(client, "onbevestigd", "Idp-Geheim-5")
    assert client.get(reverse("core:my-work")).context["user"] == rita


def test_the_login_page_offers_the_provider_and_password_login_can_be_off(client, sso, db):
    page = client.get(reverse("login")).content.decode()
    assert "Aanmelden met ACM/IDM" in page and 'name="password"' in page
    sso.PASSWORD_LOGIN = False
    page = client.get(reverse("login")).content.decode()
    assert "Aanmelden met ACM/IDM" in page and 'name="password"' not in page
    user = UserFactory()
    refused = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert refused.status_code == 200 and not refused.context["user"].is_authenticated
    assert client.get(reverse("password_reset")).status_code == 404
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 404


def test_without_sso_its_pages_are_not_found(client, db):
    assert client.get(reverse("oidc-login")).status_code == 404
    assert client.get(reverse("oidc-callback")).status_code == 404
    assert "Aanmelden met" not in client.get(reverse("login")).content.decode()


def test_signing_after_sso_needs_a_fresh_login_by_the_same_person(client, sso, db):
    from core.signing import check_signer, fresh_login_at

    dina = UserFactory(email="dina@gemeente.example")
    sso_login(client, "dina", "Idp-Geheim-1")
    # the login itself is no fresh login: the provider may have let the person in silently
    assert fresh_login_at(client.get(reverse("core:my-work")).wsgi_request) is None
    with pytest.raises(ValidationError, match="opnieuw aan"):
        check_signer(dina, sso=True, fresh_login_at=None)
    # a fresh login at the provider, asked for with ?opnieuw=1 (prompt=login)
    again = sso_login(client, "dina", "Idp-Geheim-1", again=True, next_url="/agenda/")
    assert again["Location"] == "/agenda/"
    fresh = fresh_login_at(client.get("/agenda/").wsgi_request)
    assert fresh is not None and check_signer(dina, sso=True, fresh_login_at=fresh).method == "sso"
    too_old = timezone.now() - datetime.timedelta(minutes=10)
    with pytest.raises(ValidationError, match="te lang geleden"):
        check_signer(dina, sso=True, fresh_login_at=too_old)
    # someone else logging in at the provider meanwhile does not take over the session
    other = UserFactory(email="onbekend@elders.example")
    sso_login(client, "vreemd", "Idp-Geheim-2", again=True, next_url="/agenda/")
    assert client.get("/agenda/").context["user"] == dina != other
