import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import (
    BeleidsdomeinFactory,
    ClusterFactory,
    DienstFactory,
    MandateFactory,
    OrgaanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def add_organisation(size):
    for i in range(size):
        domain = BeleidsdomeinFactory()
        MandateFactory(domains=[domain, BeleidsdomeinFactory()])
        MandateFactory(orgaan=OrgaanFactory(type=OrgaanType.BCSD), function=Function.LID)
        MandateFactory(in_mt=True)
        cluster = ClusterFactory()
        DienstFactory(cluster=cluster, domain=domain)
        DienstFactory(cluster=cluster)
        MandateFactory(ended=True, function=Function.SCHEPEN, user__full_name=f"Oud {i}")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url_name", ["accounts:organisation", "core:my-work"])
def test_pages_use_a_fixed_number_of_queries(client, url_name):
    user = UserFactory()
    MandateFactory(user=user)
    ClusterFactory(manager=user)
    client.force_login(user)
    add_organisation(1)
    queries_for(client, reverse(url_name))  # warm up: the first request fills caches
    small, _r = queries_for(client, reverse(url_name))
    add_organisation(8)
    large, _r = queries_for(client, reverse(url_name))
    assert small == large
    # a query per list of work (each bounded, with its total) and per provider of notices
    assert large <= (22 if url_name == "core:my-work" else 24)


def test_the_organisation_page_shows_current_members_only(client):
    client.force_login(UserFactory())
    current = MandateFactory(user__full_name="Huidige Schepen")
    MandateFactory(ended=True, user__full_name="Vroegere Schepen")
    DienstFactory(
        name="Sociale dienst",
        head__full_name="Hoofd Sociaal",
        cluster__manager__full_name="Manager Mens",
    )
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert current.user.full_name in page
    assert "Vroegere Schepen" not in page
    assert "Sociale dienst" in page and "Hoofd Sociaal" in page and "Manager Mens" in page


def test_mijn_werk_shows_who_and_which_roles_since_when(client):
    mandate = MandateFactory(function=Function.BURGEMEESTER, user__full_name="Anna Peeters")
    client.force_login(mandate.user)
    page = client.get(reverse("core:my-work")).content.decode()
    assert "Anna Peeters" in page
    assert "Burgemeester" in page
    assert "1 januari 2025" in page
    assert "College van burgemeester en schepenen" in page


def test_the_404_page_is_dutch(client):
    client.force_login(UserFactory())
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_the_403_page_is_dutch(client):
    from tests.optimalisatie.factories import CycleFactory

    CycleFactory()
    client.force_login(UserFactory())  # heads no department: may not write an advice
    response = client.get(reverse("optimalisatie:advies-create"))
    assert response.status_code == 403
    assert "U mag dit niet doen" in response.content.decode()


def test_a_csrf_failure_explains_itself_in_dutch():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@b.be", "password": "x"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


def test_the_500_page_is_dutch_and_needs_no_database():
    from django.test import RequestFactory

    from core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_the_accessibility_statement_is_public(client):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "Toegankelijkheidsverklaring" in response.content.decode()


def test_security_headers_and_a_csp_without_inline_script(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client):
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    for name in ["core:my-work", "accounts:organisation", "accounts:organisation-import"]:
        page = client.get(reverse(name)).content.decode()
        assert "<script>" not in page and "onclick" not in page and "style=" not in page


def test_dutch_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl-be"' in response.content.decode()
    assert "Aanmelden" in response.content.decode()


def test_the_language_switch_remembers_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/aanmelden/"})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en"' in page and "Log in" in page
