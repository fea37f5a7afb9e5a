"""Demo data: the decree's afsprakennota for the current term, approved by the college, the
vast bureau and the BCSD (as the installation's setting says) and signed by its four
signatories. Runs after `manage.py demo` (accounts'
demo_loaded signal), once. It also makes the development seal certificate when missing."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from accounts.models import Orgaan, Term, User
from vergaderingen.constants import DecisionOutcome

from . import access
from .constants import OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL, NotaKind
from .models import Afsprakennota, Approval, Article, Signature
from .services import body_decision, nota_create_decree, nota_sign, nota_step

DOMAIN = "heuvelbeke.example"
PASSWORD = "Heuvelbeke-2025"

TEXTS = {
    "Samenwerking om de beleidsdoelstellingen te realiseren": (
        "Het college bepaalt de beleidsdoelstellingen; de algemeen directeur en het "
        "managementteam vertalen ze in acties en rapporteren **elk kwartaal** over de "
        "voortgang.\n\n- Eén keer per maand overleggen college en managementteam.\n"
        "- De beleidsrapportage volgt de structuur van het meerjarenplan."
    ),
    "Omgangsvormen tussen bestuur en administratie": (
        "Bestuur en administratie gaan respectvol en open met elkaar om. Schepenen richten "
        "vragen aan een dienst via het diensthoofd, met de algemeen directeur in kopie."
    ),
    "Uitoefening van gedelegeerde bevoegdheden (art. 57 en art. 85 DLB)": (
        "De algemeen directeur oefent de bevoegdheden uit die het college (art. 57) en het "
        "vast bureau (art. 85) delegeren, binnen de kredieten van het budget, en rapporteert "
        "er *twee keer per jaar* over."
    ),
}


def _user(login):
    return User.objects.get(email=f"{login}@{DOMAIN}")


def load(stdout=None):
    call_command("seal_certificate", if_missing=True, verbosity=0)
    if Afsprakennota.objects.filter(kind=NotaKind.DECREE).exists():
        return
    term = Term.objects.current() or Term.objects.order_by("-start").first()
    director = _user("algemeen.directeur")
    nota = nota_create_decree(term=term, by=director)
    nota.datum = datetime.date(2025, 3, 3)
    nota.referentie = "AD/2025/014"
    nota.bijlagen = "Delegatiebesluiten college en vast bureau"
    nota.save(update_fields=["datum", "referentie", "bijlagen"])
    for heading, text in TEXTS.items():
        Article.objects.filter(nota=nota, heading=heading, parent=None).update(text=text)
    for article in Article.objects.filter(nota=nota, parent=None, text=""):
        article.text = f"Afspraken over: {article.heading.lower()}."
        article.save(update_fields=["text"])
    nota_step(nota=nota, step=OPEN_DISCUSSION, by=director, reason="Demogegevens")
    nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=director, reason="Demogegevens")
    tz = timezone.get_current_timezone()
    for day, orgaan_type in enumerate(access.approving_bodies(nota), start=17):
        nota.refresh_from_db()
        orgaan = Orgaan.objects.of_type(orgaan_type)
        body_decision(nota, DecisionOutcome.APPROVED, director, orgaan=orgaan)
        approved_on = datetime.datetime(2025, 3, day, 20, 0, tzinfo=tz)  # before the signing
        Approval.objects.filter(version__nota=nota, orgaan=orgaan).update(decided_at=approved_on)
    for login in ("algemeen.directeur", "burgemeester", "burgemeester", "schepen.welzijn"):
        nota.refresh_from_db()
        nota_sign(nota=nota, by=_user(login), password=PASSWORD)
    signed_on = datetime.datetime(2025, 3, 27, 11, 0, tzinfo=tz)
    Signature.objects.filter(version__nota=nota).update(signed_at=signed_on)
    if stdout:
        stdout.write(f"Demo afsprakennota “{nota}”: approved and signed.")
