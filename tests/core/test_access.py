"""Every URL refuses anonymous users, and role checks hold on the server."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

# Pages that must work without logging in; everything else redirects to the login page.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "core:accessibility",
    "decision-list",  # the public besluitenlijst (DLB: published on the website)
    "decision-list-pdf",
    "decision-list-meeting",  # one meeting of it, where its linked-data addresses lead
    "lblod-resource",  # those addresses (/id/…): 303 to the page that describes them
    "core:agenda-feed",  # a private calendar address: the token is the key
    "oidc-login",  # single sign-on: to the identity provider and back
    "oidc-callback",
    "health-live",  # the load balancer's questions (JSON, nothing personal)
    "health-ready",
    "accounts:logo",  # the organisation's logo, shown on the login page
}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _patterns(
                entry, prefix + str(entry.pattern), f"{namespace}{ns}:" if ns else namespace
            )
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def _example_path(route):
    """A concrete path for a route: every converter gets a plausible value."""
    import re

    path = re.sub(r"<(?:int:)?[a-z_]*id>|<int:[a-z_]+>|<path:[a-z_]+>", "1", route)
    path = re.sub(r"<[a-z_:]+>", "x", path)
    path = re.sub(r"\^|\$|\\Z|\(\?P<[a-z_]+>[^)]*\)", "1", path)
    return "/" + path.replace("(?:", "").replace(")?", "").replace("/?", "/")


ALL_ROUTES = sorted({(name or route, route) for name, route in _patterns()})


@pytest.mark.parametrize(("name", "route"), ALL_ROUTES, ids=[n for n, _r in ALL_ROUTES])
def test_anonymous_users_are_sent_to_the_login_page(client, name, route):
    response = client.get(_example_path(route))
    if name in PUBLIC:
        assert response.status_code != 302 or not response["Location"].startswith(
            reverse(settings.LOGIN_URL)
        )
    else:
        assert response.status_code == 302, (name, response.status_code)
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            location = client.get(location)["Location"]
        assert location.startswith(reverse(settings.LOGIN_URL) + "?next=")


def test_the_public_list_holds_only_existing_routes():
    names = {name for name, _route in _patterns()}
    assert names >= PUBLIC


@pytest.mark.parametrize("url_name", ["core:my-work", "accounts:organisation"])
def test_every_logged_in_user_sees_the_shared_pages(client, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(url_name)).status_code == 200


def test_only_a_functioneel_beheerder_may_import(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:organisation-import")).status_code == 404
    assert client.post(reverse("accounts:organisation-import")).status_code == 404
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    assert client.get(reverse("accounts:organisation-import")).status_code == 200


def test_a_functioneel_beheerder_manages_the_organisation_in_the_admin(client):
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    for name in [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_mandate_add",
        "admin:accounts_dienst_changelist",
        "admin:accounts_orgaan_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_a_functioneel_beheerder_cannot_hand_out_rights(client):
    beheerder = UserFactory(permissions=["manage_organisation"])
    other = UserFactory()
    client.force_login(beheerder)
    page = client.get(reverse("admin:accounts_user_change", args=[other.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="is_active"' in page


def test_other_users_have_no_admin_and_no_redirect_loop(client):
    """Not found at once: no redirect to a login page they already passed (issue 19)."""
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == []


def test_staff_without_the_permission_get_no_import_link(client):
    client.force_login(UserFactory(is_staff=True))
    page = client.get(reverse("core:my-work")).content.decode()
    assert reverse("admin:index") in page
    assert reverse("accounts:organisation-import") not in page


def test_a_beheerder_cannot_take_over_a_privileged_account(client):
    from accounts.models import User

    root = User.objects.create_superuser(
        "root@gemeente.example", "Root-wachtwoord-1", full_name="Root"
    )
    colleague = UserFactory(permissions=["manage_organisation"])
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    for target in (root, colleague):
        for name in [
            "admin:accounts_user_change",
            "admin:auth_user_password_change",
            "admin:accounts_user_delete",
        ]:
            response = client.post(
                reverse(name, args=[target.pk]),
                {"password1": "Overgenomen-1234", "password2": "Overgenomen-1234", "post": "yes"},
            )
            assert response.status_code == 403, name
    root.refresh_from_db()
    assert root.check_password("Root-wachtwoord-1")


def test_the_navigation_shows_only_usable_sections(client):
    client.force_login(UserFactory())
    page = client.get(reverse("core:my-work")).content.decode()
    assert reverse("accounts:organisation") in page
    assert reverse("accounts:organisation-import") not in page
    assert reverse("admin:index") not in page
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    page = client.get(reverse("core:my-work")).content.decode()
    assert reverse("accounts:organisation-import") in page
    assert reverse("admin:index") in page
