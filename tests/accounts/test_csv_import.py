import datetime
import io

import pytest

from accounts.constants import Function, OrgaanType
from accounts.csv_import import organisation_import
from accounts.models import Beleidsdomein, Cluster, Dienst, Mandate, User

from .factories import BeleidsdomeinFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(kind, text, encoding="utf-8"):
    return organisation_import(kind=kind, data=text.encode(encoding))


def snapshot():
    return (
        list(User.objects.values_list("email", "full_name", "job_title")),
        list(Dienst.objects.values_list("name", "cluster__name", "domain__name", "head__email")),
        list(Cluster.objects.values_list("name", "manager__email")),
        list(Beleidsdomein.objects.values_list("name")),
        list(
            Mandate.objects.values_list("user__email", "orgaan__type", "function", "start", "end")
        ),
    )


# --- good files -------------------------------------------------------------------------------


def test_a_good_people_file_imports_and_updates_on_a_second_run():
    text = "e-mail,naam,functietitel\nAn.Dewit@Gemeente.example,An Dewit,Diensthoofd\n"
    result = run("personen", text)
    assert result.ok and (result.created, result.updated) == (1, 0)
    user = User.objects.get()
    assert (user.email, user.full_name, user.job_title) == (
        "an.dewit@gemeente.example",
        "An Dewit",
        "Diensthoofd",
    )
    assert user.has_usable_password()  # random: they choose their own by e-mail

    result = run("personen", text.replace("Diensthoofd\n", "Manager\n"))
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert User.objects.get().job_title == "Manager"


def test_a_good_departments_file_creates_clusters_and_domains():
    head, manager = (
        UserFactory(email="hoofd@gemeente.example"),
        UserFactory(email="manager@gemeente.example"),
    )
    text = (
        "dienst;cluster;beleidsdomein;diensthoofd;manager\n"
        "Sociale dienst;Mens;Welzijn;hoofd@gemeente.example;manager@gemeente.example\n"
        "Onderwijs;Mens;Onderwijs;;\n"
    )
    result = run("diensten", text)
    assert result.ok, result.errors
    assert result.created == 2
    sociale = Dienst.objects.get(name="Sociale dienst")
    assert (sociale.head, sociale.cluster.manager, sociale.domain.name) == (
        head,
        manager,
        "Welzijn",
    )
    assert Dienst.objects.get(name="Onderwijs").head is None


def test_a_good_mandates_file_with_portfolio_and_excel_encoding():
    UserFactory(email="schepen@gemeente.example")
    UserFactory(email="ad@gemeente.example")
    BeleidsdomeinFactory(name="Financiën")
    BeleidsdomeinFactory(name="Economie")
    text = (
        "e-mail;orgaan;functie;begin;einde;beleidsdomeinen\n"
        'schepen@gemeente.example;College;schepen;01/01/2025;;"Financiën, Economie"\n'
        "ad@gemeente.example;managementteam;algemeen directeur;2025-01-01;31/12/2030;\n"
    )
    result = run("mandaten", text, encoding="cp1252")  # Excel's "CSV (puntkomma)"
    assert result.ok, result.errors
    schepen = Mandate.objects.get(function=Function.SCHEPEN)
    assert schepen.orgaan.type == OrgaanType.COLLEGE
    assert sorted(d.name for d in schepen.domains.all()) == ["Economie", "Financiën"]
    ad = Mandate.objects.get(function=Function.ALGEMEEN_DIRECTEUR)
    assert (ad.start, ad.end) == (datetime.date(2025, 1, 1), datetime.date(2030, 12, 31))


def test_a_byte_order_mark_and_blank_lines_are_accepted():
    text = "\ufeffe-mail,naam\r\nan@gemeente.example,An\r\n\r\n"
    assert run("personen", text).ok


# --- bad files: each problem reported with row, column and reason; nothing imported -----------

BAD_FILES = [
    ("personen", "", 1, "–", "leeg"),
    ("personen", "e-mail,naam\n", 2, "–", "geen rijen"),
    ("personen", "e-mail\nan@gemeente.example\n", 1, "naam", "ontbreekt"),
    (
        "personen",
        "e-mail,naam,leeftijd\nan@gemeente.example,An,40\n",
        1,
        "leeftijd",
        "Onbekende kolom",
    ),
    ("personen", "e-mail,naam,naam\nan@gemeente.example,An,An\n", 1, "naam", "twee keer"),
    ("personen", "e-mail,naam\nan@gemeente.example\n", 2, "–", "velden"),
    ("personen", "e-mail,naam\ngeen-adres,An\n", 2, "e-mail", "geen geldig e-mailadres"),
    ("personen", "e-mail,naam\n,An\n", 2, "e-mail", "leeg"),
    ("personen", "e-mail,naam\nan@gemeente.example,\n", 2, "naam", "leeg"),
    ("personen", f"e-mail,naam\nan@gemeente.example,{'x' * 151}\n", 2, "naam", "150"),
    (
        "personen",
        "e-mail,naam\nan@gemeente.example,An\nAN@gemeente.example,An\n",
        3,
        "e-mail",
        "rij 2",
    ),
    ("diensten", "dienst,cluster,beleidsdomein\nICT,,Bestuur\n", 2, "cluster", "leeg"),
    (
        "diensten",
        "dienst,cluster,beleidsdomein,diensthoofd\nICT,Intern,Bestuur,nie@x.example\n",
        2,
        "diensthoofd",
        "Importeer eerst",
    ),
    (
        "diensten",
        "dienst,cluster,beleidsdomein\nICT,Intern,Bestuur\nict,Intern,Bestuur\n",
        3,
        "dienst",
        "rij 2",
    ),
    (
        "diensten",
        "dienst,cluster,beleidsdomein,manager\nICT,Intern,B,bestaat@gemeente.example\n"
        "HR,Intern,B,ander@gemeente.example\n",
        3,
        "manager",
        "andere manager",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\nnie@x.example,college,schepen,2025-01-01\n",
        2,
        "e-mail",
        "Importeer eerst",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\nbestaat@gemeente.example,parlement,lid,2025-01-01\n",
        2,
        "orgaan",
        "Onbekend orgaan",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\nbestaat@gemeente.example,college,koning,2025-01-01\n",
        2,
        "functie",
        "Onbekende functie",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\nbestaat@gemeente.example,college,lid,2025-01-01\n",
        2,
        "functie",
        "geen zetel",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\nbestaat@gemeente.example,college,schepen,gisteren\n",
        2,
        "begin",
        "geen datum",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin,einde\n"
        "bestaat@gemeente.example,college,schepen,2025-01-01,31/02/2026\n",
        2,
        "einde",
        "geen datum",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin,einde\n"
        "bestaat@gemeente.example,college,schepen,2025-01-01,2024-12-31\n",
        2,
        "einde",
        "vóór",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin,beleidsdomeinen\n"
        "bestaat@gemeente.example,bcsd,lid,2025-01-01,Welzijn\n",
        2,
        "beleidsdomeinen",
        "college",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin,beleidsdomeinen\n"
        "bestaat@gemeente.example,college,schepen,2025-01-01,Ruimtevaart\n",
        2,
        "beleidsdomeinen",
        "Onbekend beleidsdomein",
    ),
    (
        "mandaten",
        "e-mail,orgaan,functie,begin\n"
        "bestaat@gemeente.example,college,schepen,2025-01-01\n"
        "bestaat@gemeente.example,college,schepen,01/01/2025\n",
        3,
        "–",
        "rij 2",
    ),
]


@pytest.mark.parametrize(("kind", "text", "row", "column", "reason"), BAD_FILES)
def test_a_bad_file_reports_row_column_and_reason_and_imports_nothing(
    kind, text, row, column, reason
):
    UserFactory(email="bestaat@gemeente.example")
    UserFactory(email="ander@gemeente.example")
    BeleidsdomeinFactory(name="Welzijn")
    before = snapshot()
    # a good row next to the bad one must not be imported either
    result = run(kind, text)
    assert not result.ok
    assert any(
        e.row == row and e.column == column and reason.lower() in e.reason.lower()
        for e in result.errors
    ), result.errors
    assert snapshot() == before


def test_a_good_row_beside_a_bad_one_is_not_imported():
    text = "e-mail,naam\ngoed@gemeente.example,Goed\nfout,Fout\n"
    result = run("personen", text)
    assert [(e.row, e.column) for e in result.errors] == [(3, "e-mail")]
    assert not User.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first():
    text = "e-mail,naam\nfout1,A\ngoed@gemeente.example,\nfout3,C\n"
    result = run("personen", text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "e-mail"), (3, "naam"), (4, "e-mail")]


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("e-mail,naam\n" + "a" * 250 + "@gemeente.example,Lang\n", 2, "e-mail"),
        ("e-mail,naam\nan@gemeente.example,An\x00\n", 1, "–"),
        ('e-mail,naam\nan@gemeente.example,"' + "x" * 200_000 + '"\n', 2, "–"),
    ],
    ids=["email-too-long", "nul-byte", "huge-field"],
)
def test_hostile_files_are_refused_with_a_message(text, row, column):
    result = run("personen", text)
    assert [(e.row, e.column) for e in result.errors] == [(row, column)]
    assert not User.objects.exists()


def test_imported_people_can_set_their_password_by_email(client, mailoutbox):
    assert run("personen", "e-mail,naam\nnieuw@gemeente.example,Nieuw\n").ok
    client.post("/wachtwoord/vergeten/", {"email": "nieuw@gemeente.example"})
    assert len(mailoutbox) == 1


MANDATES = "e-mail,orgaan,functie,begin,einde\n"


def test_two_mayors_at_once_are_refused():
    UserFactory(email="a@gemeente.example")
    UserFactory(email="b@gemeente.example")
    result = run(
        "mandaten",
        MANDATES + "a@gemeente.example,college,burgemeester,2025-01-01,\n"
        "b@gemeente.example,college,burgemeester,2025-06-01,\n",
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "begin")]
    assert not Mandate.objects.exists()


def test_a_mayor_after_the_previous_one_ended_is_fine():
    UserFactory(email="a@gemeente.example")
    UserFactory(email="b@gemeente.example")
    result = run(
        "mandaten",
        MANDATES + "a@gemeente.example,college,burgemeester,2025-01-01,"
        "2025-05-31\nb@gemeente.example,college,burgemeester,2025-06-01,\n",
    )
    assert result.ok, result.errors


def test_the_same_seat_twice_at_once_is_refused_also_against_the_database():
    from .factories import MandateFactory

    seat = MandateFactory(user__email="a@gemeente.example")
    result = run("mandaten", MANDATES + "a@gemeente.example,college,schepen,2025-01-02,\n")
    assert [(e.row, e.column) for e in result.errors] == [(2, "begin")]
    assert list(Mandate.objects.all()) == [seat]


# --- no one hands themselves power -----------------------------------------------------------


def test_the_importer_cannot_give_itself_a_mandate_or_a_position():
    beheerder = UserFactory(email="beheer@gemeente.example", permissions=["manage_organisation"])
    UserFactory(email="manager@gemeente.example")
    before = snapshot()
    mandates = organisation_import(
        kind="mandaten",
        data=b"e-mail;orgaan;functie;begin\nbeheer@gemeente.example;College;schepen;2025-01-01\n",
        by=beheerder,
    )
    departments = organisation_import(
        kind="diensten",
        data=(
            b"dienst;cluster;beleidsdomein;diensthoofd;manager\n"
            b"ICT;Interne zaken;Bestuur;beheer@gemeente.example;manager@gemeente.example\n"
        ),
        by=beheerder,
    )
    assert [(e.row, e.column) for e in mandates.errors] == [(2, "e-mail")]
    assert [(e.row, e.column) for e in departments.errors] == [(2, "diensthoofd")]
    assert "uzelf" in str(mandates.errors[0].reason)
    assert snapshot() == before  # nothing imported
    # the same rows for someone else import fine
    other = UserFactory(permissions=["manage_organisation"])
    assert organisation_import(
        kind="mandaten",
        data=b"e-mail;orgaan;functie;begin\nbeheer@gemeente.example;College;schepen;2025-01-01\n",
        by=other,
    ).ok


def test_the_admin_refuses_a_mandate_or_position_for_oneself(client):
    from django.urls import reverse

    from accounts.models import Orgaan
    from tests.accounts.factories import DienstFactory

    beheerder = UserFactory(permissions=["manage_organisation"])
    client.force_login(beheerder)
    orgaan = Orgaan.objects.get_or_create(
        type=OrgaanType.COLLEGE, defaults={"name": "College", "entity": "gemeente"}
    )[0]
    response = client.post(
        reverse("admin:accounts_mandate_add"),
        {
            "user": beheerder.pk,
            "orgaan": orgaan.pk,
            "function": Function.SCHEPEN,
            "start": "2025-01-01",
        },
    )
    assert response.status_code == 200 and not Mandate.objects.filter(user=beheerder).exists()
    assert "uzelf" in response.content.decode()
    dienst = DienstFactory()
    response = client.post(
        reverse("admin:accounts_dienst_change", args=[dienst.pk]),
        {
            "name": dienst.name,
            "cluster": dienst.cluster_id,
            "domain": dienst.domain_id,
            "head": beheerder.pk,
        },
    )
    assert response.status_code == 200
    dienst.refresh_from_db()
    assert dienst.head_id != beheerder.pk


def test_every_change_of_who_holds_what_is_kept_with_who_did_it(client):
    """Mandates and positions keep their history: old and new values and who changed them,
    through the import page as through the admin."""
    from django.urls import reverse

    beheerder = UserFactory(permissions=["manage_organisation"])
    UserFactory(email="schepen@gemeente.example")
    client.force_login(beheerder)
    for end in ("", "2026-12-31"):
        csv_file = io.BytesIO(
            f"e-mail;orgaan;functie;begin;einde\n"
            f"schepen@gemeente.example;College;schepen;2025-01-01;{end}\n".encode()
        )
        csv_file.name = "mandaten.csv"
        response = client.post(
            reverse("accounts:organisation-import"), {"kind": "mandaten", "file": csv_file}
        )
        assert response.status_code == 302
    mandate = Mandate.objects.get()
    created, changed = mandate.history.order_by("history_date")
    assert (created.history_type, created.end, created.history_user) == ("+", None, beheerder)
    assert (changed.history_type, str(changed.end), changed.history_user) == (
        "~",
        "2026-12-31",
        beheerder,
    )
    delta = changed.diff_against(created)
    assert [(c.field, c.old, str(c.new)) for c in delta.changes] == [("end", None, "2026-12-31")]


def test_dates_outside_2000_2100_are_refused_at_their_row():
    UserFactory(email="schepen@gemeente.example")
    result = run(
        "mandaten",
        "e-mail;orgaan;functie;begin;einde\n"
        "schepen@gemeente.example;College;schepen;0001-01-01;9999-12-31\n",
    )
    assert {(e.row, e.column) for e in result.errors} == {(2, "begin"), (2, "einde")}
    assert "2000" in str(result.errors[0].reason)
    assert not Mandate.objects.exists()
