"""Issue 21, item 2, in the browser: a diensthoofd logs in through the local OpenID provider
(tests/oidc_provider, started by the test), with password login switched off, and signs an
exercise's afsprakennota with a fresh login at the provider. axe-core on every page of ours."""

import pytest
from playwright.sync_api import expect

from accounts.constants import Role
from afsprakennota.models import Party, Signature
from tests.accounts.factories import DienstFactory, UserFactory
from tests.afsprakennota.factories import AfsprakennotaFactory
from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET
from tests.servers import oidc_provider

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = {"username": "dina.hoofd", "password": "Idp-Geheim-1"}


def provider_login(page):
    """The provider's own login page (not ours: no axe here)."""
    page.get_by_label("Gebruikersnaam").fill(LOGIN["username"])
    page.get_by_label("Wachtwoord").fill(LOGIN["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state("load")
    page.check_a11y()  # back on our page


def test_a_diensthoofd_logs_in_by_sso_and_signs_with_a_fresh_login(
    page, live_server, settings, tmp_path
):
    dina = UserFactory(email="dina.hoofd@gemeente.example", full_name="Dina Hoofd")
    DienstFactory(head=dina, name="Sociale dienst")
    nota = AfsprakennotaFactory(optimisation=True, approved=True, onderwerp="Afsprakennota 2027")
    Party.objects.create(
        nota=nota, position=1, name="De diensthoofden", signatory_role=Role.DIENSTHOOFD
    )
    people = [LOGIN | {"email": dina.email, "name": "Dina Hoofd"}]
    with oidc_provider(f"{live_server.url}/aanmelden/sso/terug/", people, tmp_path) as issuer:
        settings.OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_ENABLED = True
        settings.OIDC_PROVIDER_NAME = "ACM/IDM"
        settings.PASSWORD_LOGIN = False
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "accounts.oidc.Backend",
        ]

        page.goto("/aanmelden/")
        expect(page.get_by_label("Wachtwoord")).to_have_count(0)  # password login is off
        with page.expect_navigation():
            page.get_by_role("link", name="Aanmelden met ACM/IDM").click()
        provider_login(page)
        expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()

        page.goto(f"/afsprakennota/{nota.pk}/ondertekenen/")
        page.follow(page.get_by_role("link", name="Opnieuw aanmelden om te ondertekenen"))
        provider_login(page)  # prompt=login: the provider asks again
        expect(page.get_by_text("opnieuw aan: u kunt nu ondertekenen")).to_be_visible()
        page.follow(page.get_by_role("button", name="Ondertekenen", exact=True))
        expect(page.get_by_text("U hebt ondertekend.")).to_be_visible()

    signature = Signature.objects.get(signer=dina)
    assert signature.authentication == "sso" and signature.authenticated_at is not None
