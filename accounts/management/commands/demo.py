"""A fictional municipality with a login for every role. Safe to run again: it updates in place."""

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.constants import Function, OrgaanType
from accounts.models import Beleidsdomein, Bestuur, Cluster, Dienst, Mandate, Orgaan, Term, User
from accounts.signals import demo_loaded

DEMO_PASSWORD = "Heuvelbeke-2025"
DOMAIN = "heuvelbeke.example"
TERM_START = datetime.date(2025, 1, 1)

DOMAINS = [
    "Algemeen bestuur",
    "Veiligheid",
    "Financiën",
    "Personeel en organisatie",
    "Ruimtelijke ordening",
    "Openbare werken en mobiliteit",
    "Milieu en klimaat",
    "Onderwijs",
    "Cultuur",
    "Sport en jeugd",
    "Welzijn",
    "Economie",
]

# login, full name, job title
PEOPLE = {
    "burgemeester": ("Anna Peeters", "Burgemeester"),
    "schepen.financien": ("Bart Claes", "Schepen van Financiën"),
    "schepen.ruimte": ("Carine Janssens", "Schepen van Ruimtelijke Ordening"),
    "schepen.werken": ("Dirk Maes", "Schepen van Openbare Werken"),
    "schepen.onderwijs": ("Els Willems", "Schepen van Onderwijs"),
    "schepen.cultuur": ("Frank Jacobs", "Schepen van Cultuur"),
    "schepen.welzijn": ("Greet Mertens", "Schepen van Welzijn, voorzitter BCSD"),
    "bcsd.lid1": ("Hilde Goossens", "Lid BCSD"),
    "bcsd.lid2": ("Ivo Wouters", "Lid BCSD"),
    "bcsd.lid3": ("Joke Vermeulen", "Lid BCSD"),
    "algemeen.directeur": ("Jan De Smet", "Algemeen directeur"),
    "adjunct.directeur": ("Katrien Dubois", "Adjunct-algemeen directeur"),
    "financieel.directeur": ("Luc Lambrecht", "Financieel directeur"),
    "manager.mens": ("Marie Hermans", "Manager Mens en Samenleving"),
    "manager.ruimte": ("Nico Verstraeten", "Manager Ruimte"),
    "manager.interne": ("Olga Pauwels", "Manager Interne Zaken"),
    "beheer": ("Pieter Van den Broeck", "Functioneel beheerder"),
}

# college login -> portfolio
PORTFOLIOS = {
    "burgemeester": ["Algemeen bestuur", "Veiligheid"],
    "schepen.financien": ["Financiën", "Personeel en organisatie", "Economie"],
    "schepen.ruimte": ["Ruimtelijke ordening", "Milieu en klimaat"],
    "schepen.werken": ["Openbare werken en mobiliteit"],
    "schepen.onderwijs": ["Onderwijs"],
    "schepen.cultuur": ["Cultuur", "Sport en jeugd"],
    "schepen.welzijn": ["Welzijn"],
}

# cluster -> manager login, [(department, domain, head login, head name)]
CLUSTERS = {
    "Mens en Samenleving": (
        "manager.mens",
        [
            ("Sociale dienst", "Welzijn", "dh.sociale.dienst", "Quinten Aerts"),
            ("Onderwijs", "Onderwijs", "dh.onderwijs", "Rita Smets"),
            ("Cultuur en bibliotheek", "Cultuur", "dh.cultuur", "Stijn De Backer"),
            ("Sport en jeugd", "Sport en jeugd", "dh.sport", "Tine Van Damme"),
        ],
    ),
    "Ruimte": (
        "manager.ruimte",
        [
            ("Ruimtelijke ordening", "Ruimtelijke ordening", "dh.ruimte", "Umberto Michiels"),
            ("Openbare werken", "Openbare werken en mobiliteit", "dh.werken", "Vera De Wilde"),
            ("Mobiliteit", "Openbare werken en mobiliteit", "dh.mobiliteit", "Wim Segers"),
            ("Milieu", "Milieu en klimaat", "dh.milieu", "Xandra Coppens"),
        ],
    ),
    "Interne Zaken": (
        "manager.interne",
        [
            ("Financiën", "Financiën", "dh.financien", "Yves Hendrickx"),
            ("Personeel en organisatie", "Personeel en organisatie", "dh.personeel", "Zoë Lemmens"),
            ("ICT", "Personeel en organisatie", "dh.ict", "Arne Desmet"),
            ("Secretariaat", "Algemeen bestuur", "dh.secretariaat", "Bieke Verhoeven"),
        ],
    ),
}


def email(login):
    return f"{login}@{DOMAIN}"


class Command(BaseCommand):
    help = "Create or update the demo municipality Heuvelbeke with a login for every role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run without DEBUG. Never on a real municipality's data: the demo "
            "logins and their password are public.",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "The demo creates logins with a public password. It only runs with DEBUG on, "
                "or with --force on a database that is not in production."
            )
        bestuur, _created = Bestuur.objects.update_or_create(
            pk=1,
            defaults={
                "name": "Gemeente en OCMW Heuvelbeke",
                "plaats": "Heuvelbeke",
                "address": "Marktplein 1\n9999 Heuvelbeke",
                "email": "info@heuvelbeke.example",
                "phone": "09 123 45 67",
                "gemeente_name": "Gemeente Heuvelbeke",
                "gemeente_kbo": "0207.000.001",
                "ocmw_name": "OCMW Heuvelbeke",
                "ocmw_kbo": "0212.000.002",
            },
        )
        if not bestuur.logo:  # a small demo logo, shown on the PDFs (Beheer can replace it)
            name = "bestuur/heuvelbeke-logo.png"
            if not bestuur.logo.storage.exists(name):  # one file, however often the demo runs
                logo = Path(__file__).resolve().parents[2] / "demo_files" / "heuvelbeke-logo.png"
                with logo.open("rb") as f:
                    name = bestuur.logo.storage.save(name, File(f))
            bestuur.logo.name = name
            bestuur.save(update_fields=["logo"])
        Term.objects.update_or_create(
            start=TERM_START, defaults={"end": datetime.date(2030, 12, 31)}
        )
        domains = {name: Beleidsdomein.objects.get_or_create(name=name)[0] for name in DOMAINS}

        people = {login: self._person(login, *data) for login, data in PEOPLE.items()}
        for _cluster, (_manager, diensten) in CLUSTERS.items():
            for _name, _domain, login, full_name in diensten:
                people[login] = self._person(login, full_name, f"Diensthoofd {_name}")

        college = Orgaan.objects.of_type(OrgaanType.COLLEGE)
        vast_bureau = Orgaan.objects.of_type(OrgaanType.VAST_BUREAU)
        bcsd = Orgaan.objects.of_type(OrgaanType.BCSD)
        mt = Orgaan.objects.of_type(OrgaanType.MANAGEMENTTEAM)
        for orgaan_type in (OrgaanType.GEMEENTERAAD, OrgaanType.RAAD_MAATSCHAPPELIJK_WELZIJN):
            Orgaan.objects.of_type(orgaan_type)

        for login, portfolio in PORTFOLIOS.items():
            is_mayor = login == "burgemeester"
            seat = self._mandate(
                people[login], college, Function.BURGEMEESTER if is_mayor else Function.SCHEPEN
            )
            seat.domains.set([domains[name] for name in portfolio])
            self._mandate(
                people[login], vast_bureau, Function.VOORZITTER if is_mayor else Function.LID
            )
        self._mandate(people["schepen.welzijn"], bcsd, Function.VOORZITTER)
        for login in ("bcsd.lid1", "bcsd.lid2", "bcsd.lid3"):
            self._mandate(people[login], bcsd, Function.LID)
        self._mandate(people["algemeen.directeur"], mt, Function.ALGEMEEN_DIRECTEUR)
        self._mandate(people["adjunct.directeur"], mt, Function.ADJUNCT_ALGEMEEN_DIRECTEUR)
        self._mandate(people["financieel.directeur"], mt, Function.FINANCIEEL_DIRECTEUR)

        for cluster_name, (manager, diensten) in CLUSTERS.items():
            self._mandate(people[manager], mt, Function.MANAGER)
            cluster, _c = Cluster.objects.update_or_create(
                name=cluster_name, defaults={"manager": people[manager]}
            )
            for name, domain, head, _full in diensten:
                Dienst.objects.update_or_create(
                    name=name,
                    defaults={"cluster": cluster, "domain": domains[domain], "head": people[head]},
                )

        beheerders, _g = Group.objects.get_or_create(name="Functioneel beheerders")
        beheerders.permissions.add(
            Permission.objects.get(
                codename="manage_organisation", content_type__app_label="accounts"
            )
        )
        people["beheer"].groups.add(beheerders)

        demo_loaded.send(sender=self.__class__, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo municipality Heuvelbeke is ready."))
        self.stdout.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        for label, login in DEMO_LOGINS:
            self.stdout.write(f"  {label:<34} {email(login)}")

    def _person(self, login, full_name, job_title):
        user, created = User.objects.update_or_create(
            email=email(login),
            defaults={"full_name": full_name, "job_title": job_title, "is_active": True},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _mandate(self, user, orgaan, function):
        mandate, _created = Mandate.objects.update_or_create(
            user=user,
            orgaan=orgaan,
            function=function,
            start=TERM_START,
            defaults={"end": None},
        )
        return mandate


# One login per role, as printed at the end and listed in the README.
DEMO_LOGINS = [
    ("burgemeester", "burgemeester"),
    ("schepen", "schepen.financien"),
    ("voorzitter BCSD (en schepen)", "schepen.welzijn"),
    ("lid BCSD", "bcsd.lid1"),
    ("algemeen directeur", "algemeen.directeur"),
    ("adjunct-algemeen directeur", "adjunct.directeur"),
    ("financieel directeur", "financieel.directeur"),
    ("manager", "manager.mens"),
    ("diensthoofd", "dh.sociale.dienst"),
    ("functioneel beheerder", "beheer"),
]
