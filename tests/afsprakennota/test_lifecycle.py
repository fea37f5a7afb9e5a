import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from afsprakennota import access, services
from afsprakennota.constants import OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL, NotaState
from afsprakennota.models import Afsprakennota, Signature
from afsprakennota.structure import article_insert
from tests.accounts.factories import PASSWORD, UserFactory
from tests.afsprakennota.factories import decree_nota
from vergaderingen import selectors as meeting_selectors
from vergaderingen import services as meetings
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.models import AgendaItem, Attendance, Meeting

pytestmark = pytest.mark.django_db


MEETING_DAY = datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC)


def decide_in_meeting(org, orgaan, nota, outcome, *, starts_at=MEETING_DAY):
    """A meeting of the body, with the nota on its agenda, every member present and the
    body's chair recording the decision by consensus. Returns the decision."""
    meeting = Meeting.objects.create(
        orgaan=orgaan, starts_at=starts_at, place="Zaal", secretary=org["ad"]
    )
    assert nota in meetings.subjects.candidates_for(orgaan)
    meetings.agenda_add(meeting=meeting, by=org["ad"], subject=nota)
    Meeting.objects.filter(pk=meeting.pk).update(state="geopend")
    for member in meeting_selectors.members(meeting):
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"presence": "aanwezig"}
        )
    item = AgendaItem.objects.get(meeting=meeting)
    decision = meetings.decision_record(
        item=item, by=meeting_selectors.chair(meeting), outcome=outcome
    )
    nota.refresh_from_db()
    return decision


def approve_everywhere(org, nota):
    """The college, the vast bureau and the BCSD approve the nota's current version."""
    for body in ("college", "vast", "bcsd"):
        decide_in_meeting(org, org[body], nota, D.APPROVED)


def nota_for_approval(org):
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    return nota


def test_the_decree_template_holds_the_parties_and_required_sections(org):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    assert nota.parties.count() == 7
    headings = list(nota.articles.order_by("position").values_list("heading", flat=True))
    assert headings[:3] == [
        "Samenwerking om de beleidsdoelstellingen te realiseren",
        "Omgangsvormen tussen bestuur en administratie",
        "Uitoefening van gedelegeerde bevoegdheden (art. 57 en art. 85 DLB)",
    ]
    with pytest.raises(PermissionDenied):
        services.nota_create_decree(term=org["term"], by=org["mayor"])


def test_only_the_algemeen_directeur_and_the_mt_move_it_forward(org):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    with pytest.raises(PermissionDenied):
        services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["mayor"])
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["fd"])  # an MT member
    assert nota.state == NotaState.IN_DISCUSSION and nota.versions.count() == 1


def test_nothing_is_edited_once_sent_for_approval(org):
    nota = nota_for_approval(org)
    with pytest.raises(ValidationError):
        article_insert(nota=nota, heading="Te laat")


def test_approval_needs_every_body_on_the_same_version(org):
    nota = nota_for_approval(org)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    assert nota.state == NotaState.FOR_APPROVAL  # only one body so far
    assert nota not in meetings.subjects.candidates_for(org["college"])
    decide_in_meeting(org, org["vast"], nota, D.APPROVED)
    assert nota.state == NotaState.FOR_APPROVAL  # the BCSD has not approved yet
    assert access.may_sign(org["ad"], nota, []) is False  # no signing before that
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    assert nota.state == NotaState.APPROVED
    version = nota.versions.order_by("-number").first()
    assert {a.orgaan.type for a in version.approvals.all()} == {"college", "vast_bureau", "bcsd"}


def test_without_the_bcsd_setting_the_college_and_vast_bureau_suffice(org, settings):
    settings.AFSPRAKENNOTA_BCSD_APPROVES = False
    nota = nota_for_approval(org)
    assert access.approving_bodies(nota) == ("college", "vast_bureau")
    assert nota not in meetings.subjects.candidates_for(org["bcsd"])
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    decide_in_meeting(org, org["vast"], nota, D.APPROVED)
    assert nota.state == NotaState.APPROVED


def test_an_exercise_nota_is_approved_by_the_college_alone_whatever_the_setting(org):
    nota = services.nota_create_optimisation(title="Oefening", term=org["term"], by=org["ad"])
    assert access.approving_bodies(nota) == ("college",)


def test_a_new_version_needs_every_approval_again(org):
    nota = nota_for_approval(org)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    decide_in_meeting(org, org["vast"], nota, D.REJECTED)  # back to discussion
    assert nota.state == NotaState.IN_DISCUSSION
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])  # version 3
    decide_in_meeting(org, org["vast"], nota, D.APPROVED)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    assert nota.state == NotaState.FOR_APPROVAL  # the BCSD approved version 2 only
    assert nota in meetings.subjects.candidates_for(org["bcsd"])
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    assert nota.state == NotaState.APPROVED


def test_signing_needs_the_password_and_a_named_signatory(org):
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    with pytest.raises(ValidationError):
        services.nota_sign(nota=nota, by=org["ad"], password="")
    with pytest.raises(PermissionDenied):
        services.nota_sign(nota=nota, by=org["schepenen"][0], password=PASSWORD)
    for signer in (org["ad"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    nota.refresh_from_db()
    # the mayor signs as burgemeester and as voorzitter of the vast bureau: one role each call
    services.nota_sign(nota=nota, by=org["mayor"], password=PASSWORD)
    nota.refresh_from_db()
    assert nota.state == NotaState.SIGNED
    version = nota.versions.order_by("-number").first()
    assert {s.content_hash for s in Signature.objects.all()} == {version.content_hash}


@pytest.mark.django_db(transaction=True)
def test_a_wrong_signing_password_counts_although_the_signing_rolls_back(org):
    """The count of wrong passwords was written inside the signing's transaction, which the
    refusal rolled back: the throttle never blocked."""
    from accounts.models import Attempt

    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    with pytest.raises(ValidationError):
        services.nota_sign(nota=nota, by=org["ad"], password="fout")
    assert Attempt.objects.filter(key=f"sign:{org['ad'].pk}").count() == 1


def test_a_refused_signature_sends_it_back_to_discussion(org):
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    with pytest.raises(ValidationError):
        services.nota_refuse_signature(nota=nota, by=org["bcsd_chair"], reason=" ")
    services.nota_refuse_signature(nota=nota, by=org["bcsd_chair"], reason="Artikel 3 klopt niet")
    assert nota.state == NotaState.IN_DISCUSSION


def test_a_newly_signed_nota_replaces_the_previous_one(org):
    def signed():
        nota = nota_for_approval(org)
        approve_everywhere(org, nota)
        for signer in (org["ad"], org["mayor"], org["bcsd_chair"], org["mayor"]):
            services.nota_sign(nota=nota, by=signer, password=PASSWORD)
        return nota

    first = signed()
    second = signed()
    assert Afsprakennota.objects.get(pk=first.pk).state == NotaState.REPLACED
    assert Afsprakennota.objects.get(pk=second.pk).state == NotaState.SIGNED
    assert UserFactory  # factories imported for the fixtures
