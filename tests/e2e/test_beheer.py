"""The functioneel beheerder loads and manages the organisation in the browser."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Dienst, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def beheerder_page(page):
    beheerder = UserFactory(permissions=["manage_organisation"])
    page.login(beheerder.email, PASSWORD)
    page.follow(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Import"))
    return page


def upload(page, kind, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.get_by_label("Wat staat er in het bestand?").select_option(kind)
    page.get_by_label("CSV-bestand").set_input_files(str(path))
    page.follow(page.get_by_role("button", name="Controleren en importeren"))


def test_a_bad_file_lists_every_problem_and_imports_nothing(beheerder_page, tmp_path):
    page = beheerder_page
    upload(
        page,
        "personen",
        tmp_path,
        "personen.csv",
        "e-mail,naam\ngoed@gemeente.example,Goed Persoon\nfout-adres,Fout\n",
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Er is niets geïmporteerd")
    row = alert.get_by_role("row", name=re.compile(r"^3 e-mail"))
    expect(row).to_contain_text("geen geldig e-mailadres")
    expect(page.get_by_label("Wat staat er in het bestand?")).to_have_value("personen")
    assert not User.objects.filter(email="goed@gemeente.example").exists()


def test_good_files_import_people_then_departments(beheerder_page, tmp_path):
    page = beheerder_page
    upload(
        page,
        "personen",
        tmp_path,
        "personen.csv",
        "e-mail;naam;functietitel\nhoofd@gemeente.example;Hilde Hoofd;Diensthoofd\n",
    )
    expect(page.get_by_role("status")).to_contain_text("1 toegevoegd")
    upload(
        page,
        "diensten",
        tmp_path,
        "diensten.csv",
        "dienst;cluster;beleidsdomein;diensthoofd\n"
        "Bibliotheek;Vrije tijd;Cultuur;hoofd@gemeente.example\n",
    )
    expect(page.get_by_role("status")).to_contain_text("1 toegevoegd")
    assert Dienst.objects.get(name="Bibliotheek").head.full_name == "Hilde Hoofd"
    page.follow(page.get_by_role("link", name="Organisatie"))
    expect(page.get_by_role("table", name="Diensten in Vrije tijd")).to_contain_text("Hilde Hoofd")


def test_the_beheerder_manages_people_in_the_dutch_admin(beheerder_page):
    page = beheerder_page
    UserFactory(full_name="Zoë Zoekbaar", email="zoe@gemeente.example")
    page.follow(page.get_by_role("link", name="Beheer"))
    expect(page.get_by_role("heading", name="Beheer van de organisatie")).to_be_visible()
    page.follow(page.get_by_role("link", name="Personen").first)
    page.get_by_role("textbox").first.fill("Zoekbaar")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_a11y()
    expect(page.get_by_role("link", name="Zoë Zoekbaar")).to_be_visible()


def test_other_users_see_neither_import_nor_admin(page):
    user = UserFactory()
    page.login(user.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Import")).to_have_count(0)
    expect(nav.get_by_role("link", name="Beheer")).to_have_count(0)
    response = page.page.goto(page.base_url + "/organisatie/import/")
    assert response.status == 404
    page.check_a11y()
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()


def test_every_admin_form_of_the_beheerder_is_accessible(beheerder_page):
    """The functioneel beheerder's admin pages pass axe and the CSP, form by form."""
    import io

    from django.core.management import call_command

    call_command("demo", "--force", stdout=io.StringIO())
    from accounts.models import Cluster, Dienst, Mandate, Orgaan

    page = beheerder_page
    person = User.objects.get(email="dh.ict@heuvelbeke.example")
    paths = [
        "/beheer/",
        "/beheer/accounts/user/",
        "/beheer/accounts/user/add/",
        f"/beheer/accounts/user/{person.pk}/change/",
        f"/beheer/accounts/orgaan/{Orgaan.objects.get(type='college').pk}/change/",
        "/beheer/accounts/mandate/",
        "/beheer/accounts/mandate/add/",
        f"/beheer/accounts/mandate/{Mandate.objects.first().pk}/change/",
        "/beheer/accounts/beleidsdomein/add/",
        f"/beheer/accounts/cluster/{Cluster.objects.first().pk}/change/",
        "/beheer/accounts/dienst/",
        f"/beheer/accounts/dienst/{Dienst.objects.first().pk}/change/",
        "/beheer/accounts/term/add/",
        "/beheer/accounts/bestuur/1/change/",
        "/beheer/core/auditentry/",
        "/beheer/vergaderingen/bodysettings/add/",
    ]
    for path in paths:
        page.goto(path)
        expect(page.get_by_role("main")).to_be_visible()
