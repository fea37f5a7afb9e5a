"""Editing, access per role, the optimisation exercise's nota, term status and Mijn werk."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.constants import Function, OrgaanType
from afsprakennota import access, selectors, services
from afsprakennota import worklist as nota_worklist
from afsprakennota.constants import OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL, NotaKind, NotaState
from afsprakennota.models import Afsprakennota, Article
from afsprakennota.numbering import numbered
from core.models import AuditEntry
from core.worklist import notices_for, work_for
from optimalisatie.services import cycle_nota_create
from tests.accounts.factories import (
    PASSWORD,
    DienstFactory,
    MandateFactory,
    OrgaanFactory,
    UserFactory,
)
from tests.afsprakennota.factories import decree_nota
from tests.afsprakennota.test_lifecycle import (
    approve_everywhere,
    decide_in_meeting,
    nota_for_approval,
)
from tests.optimalisatie.factories import CycleFactory
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def numbers(nota):
    return [(n.path, n.article.heading) for n in numbered(list(nota.articles.all()))]


@pytest.fixture
def nota(org):
    return services.nota_create_decree(term=org["term"], by=org["ad"])


def test_the_header_is_saved_and_a_stale_form_is_refused(org, nota):
    data = {"aan": "Het college", "referentie": "AD/1"}
    services.nota_update(nota=nota, data=data, by=org["ad"], expected_version=nota.lock_version)
    nota.refresh_from_db()
    assert (nota.aan, nota.referentie) == ("Het college", "AD/1")
    assert AuditEntry.objects.filter(action="nota.edit").count() == 1
    with pytest.raises(ValidationError, match="in the meantime|ondertussen"):
        services.nota_update(
            nota=nota, data={"aan": "Iets anders"}, by=org["ad"], expected_version=0
        )
    nota.refresh_from_db()
    assert nota.aan == "Het college"


def test_two_editors_of_one_article_lose_nothing(org, nota):
    article = nota.articles.first()
    seen = article.lock_version
    services.article_save(
        nota=nota, by=org["ad"], article=article, heading="Eerste", text="A", expected_version=seen
    )
    with pytest.raises(ValidationError):
        services.article_save(
            nota=nota,
            by=org["fd"],
            article=article,
            heading="Tweede",
            text="B",
            expected_version=seen,
        )
    article.refresh_from_db()
    assert (article.heading, article.text) == ("Eerste", "A")


def test_only_the_algemeen_directeur_and_the_mt_edit(org, nota):
    schepen = org["schepenen"][0]
    with pytest.raises(PermissionDenied):
        services.article_save(nota=nota, by=schepen, heading="X", text="Y")
    with pytest.raises(PermissionDenied):
        services.nota_update(nota=nota, data={"aan": "X"}, by=schepen, expected_version=0)
    with pytest.raises(PermissionDenied):
        services.article_move(article=nota.articles.first(), up=False, by=schepen)
    with pytest.raises(PermissionDenied):
        services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=schepen)
    # a member of the MT (here the financieel directeur) drafts with the algemeen directeur
    services.article_save(nota=nota, by=org["fd"], heading="Door het MT", text="Tekst")


def test_inserting_moving_and_deleting_renumber_the_articles(org, nota):
    first, second = list(nota.articles.filter(parent=None).order_by("position"))[3:5]
    sub = services.article_save(nota=nota, by=org["ad"], parent=first, heading="Sub", text="")
    item = services.article_save(nota=nota, by=org["ad"], parent=sub, heading="Punt", text="")
    assert ("4.a", "Sub") in numbers(nota) and ("4.a.i", "Punt") in numbers(nota)
    services.article_move(article=first, up=False, by=org["ad"])
    assert numbers(nota)[3] == ("4", second.heading)
    assert ("5.a.i", "Punt") in numbers(nota)
    services.article_delete(article=second, by=org["ad"])
    assert numbers(nota)[3] == ("4", first.heading)
    assert ("4.a.i", "Punt") in numbers(nota)
    assert Article.objects.filter(pk=item.pk).exists()
    with pytest.raises(ValidationError):
        services.article_save(nota=nota, by=org["ad"], parent=item, heading="Te diep", text="")


def test_an_empty_article_is_refused(org, nota):
    with pytest.raises(ValidationError) as error:
        services.article_save(nota=nota, by=org["ad"], heading=" ", text="")
    assert "text" in error.value.message_dict


def test_nothing_is_edited_after_ter_goedkeuring_without_going_back(org):
    nota = nota_for_approval(org)
    article = nota.articles.first()
    with pytest.raises(ValidationError):
        services.article_save(nota=nota, by=org["ad"], heading="Laat", text="Te laat")
    with pytest.raises(ValidationError):
        services.article_save(
            nota=nota, by=org["ad"], article=article, heading="X", text="Y", expected_version=0
        )
    with pytest.raises(ValidationError):
        services.article_delete(article=article, by=org["ad"])
    with pytest.raises(ValidationError):
        services.nota_update(nota=nota, data={"aan": "X"}, by=org["ad"], expected_version=0)
    with pytest.raises(ValidationError):
        services.nota_back_to_discussion(nota=nota, by=org["ad"], reason=" ")
    services.nota_back_to_discussion(nota=nota, by=org["ad"], reason="Opmerking van het college")
    nota.refresh_from_db()
    assert nota.state == NotaState.IN_DISCUSSION
    services.article_save(nota=nota, by=org["ad"], heading="Nu wel", text="Tekst")
    entry = AuditEntry.objects.get(action="nota.back-to-discussion")
    assert (entry.from_state, entry.to_state, entry.reason) == (
        NotaState.FOR_APPROVAL,
        NotaState.IN_DISCUSSION,
        "Opmerking van het college",
    )


def test_a_decision_on_a_nota_taken_back_is_refused(org):
    nota = nota_for_approval(org)
    services.nota_back_to_discussion(nota=nota, by=org["ad"], reason="Nog aan te passen")
    with pytest.raises(ValidationError):
        services.body_decision(nota, "goedgekeurd", org["mayor"], orgaan=org["college"])


def test_sending_for_approval_puts_it_on_the_next_planned_meetings(org):
    soon = timezone.now() + datetime.timedelta(days=7)
    college_meeting = Meeting.objects.create(
        orgaan=org["college"], starts_at=soon, place="Zaal", secretary=org["ad"]
    )
    vast_meeting = Meeting.objects.create(
        orgaan=org["vast"], starts_at=soon, place="Zaal", secretary=org["ad"]
    )
    bcsd_meeting = Meeting.objects.create(
        orgaan=org["bcsd"], starts_at=soon, place="Zaal", secretary=org["ad"]
    )
    Meeting.objects.create(  # a later one stays free
        orgaan=org["college"],
        starts_at=soon + datetime.timedelta(days=7),
        place="Zaal",
        secretary=org["ad"],
    )
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    version = services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert set(version.meetings) == {college_meeting, vast_meeting, bcsd_meeting}
    assert AgendaItem.objects.filter(subject_id=str(nota.pk)).count() == 3


def test_refusing_a_signature_needs_an_approved_nota_and_a_reason(org):
    nota = nota_for_approval(org)
    with pytest.raises(ValidationError):
        services.nota_refuse_signature(nota=nota, by=org["mayor"], reason="Nog niet")
    approve_everywhere(org, nota)
    with pytest.raises(ValidationError):
        services.nota_refuse_signature(nota=nota, by=org["mayor"], reason="")
    with pytest.raises(PermissionDenied):
        services.nota_refuse_signature(nota=nota, by=org["schepenen"][0], reason="Ik niet")
    services.nota_refuse_signature(nota=nota, by=org["mayor"], reason="Artikel 2 klopt niet")
    nota.refresh_from_db()
    assert nota.state == NotaState.IN_DISCUSSION


# --- who sees what -----------------------------------------------------------------------------


@pytest.fixture
def people(org):
    bcsd = OrgaanFactory(type=OrgaanType.BCSD)
    return {
        "ad": org["ad"],
        "fd": org["fd"],
        "mayor": org["mayor"],
        "schepen": org["schepenen"][0],
        "bcsd_member": MandateFactory(orgaan=bcsd, function=Function.LID).user,
        "diensthoofd": DienstFactory().head,
        "outsider": UserFactory(),
    }


DECREE_SEES = {"ad", "fd", "mayor", "schepen", "bcsd_member"}
OPTIMISATION_SEES = {"ad", "fd", "mayor", "schepen", "diensthoofd"}


@pytest.mark.parametrize("kind", [NotaKind.DECREE, NotaKind.OPTIMISATION])
def test_a_draft_is_the_mts_and_the_parties_see_it_from_discussion_on(org, people, kind):
    if kind == NotaKind.DECREE:
        nota = decree_nota(org)
        sees = DECREE_SEES
    else:
        nota = services.nota_create_optimisation(
            title="Optimalisatie 2026", term=org["term"], by=org["ad"]
        )
        sees = OPTIMISATION_SEES
    assert {name for name, u in people.items() if access.may_see(u, nota)} == {"ad", "fd"}
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    assert {name for name, u in people.items() if access.may_see(u, nota)} == sees
    assert {name for name, u in people.items() if access.may_comment(u, nota)} == sees
    visible = {
        name
        for name, u in people.items()
        if Afsprakennota.objects.filter(access.visible_filter(u), pk=nota.pk).exists()
    }
    assert visible == sees
    assert {u.pk for u in access.audience(nota)} >= {people[name].pk for name in sees - {"fd"}}
    assert people["outsider"] not in access.audience(nota)
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert not any(access.may_comment(u, nota) for u in people.values())


# --- the optimisation exercise's nota ------------------------------------------------------------


def test_an_exercise_nota_links_to_its_cycle_and_only_the_college_approves_it(org):
    cycle = CycleFactory(term=org["term"])
    nota = cycle_nota_create(cycle=cycle, by=org["ad"])  # the cycle's page draws it up
    cycle.refresh_from_db()
    assert cycle.afsprakennota == nota
    assert nota.onderwerp == f"Afsprakennota {cycle.title}" and nota.term == org["term"]
    assert [p.name for p in nota.parties.all()] == [
        "College van burgemeester en schepenen",
        "Managementteam",
        "De managers",
        "De diensthoofden",
        "De schepenen",
    ]
    assert set(nota.articles.exclude(role="").values_list("role", flat=True)) >= {
        "diensthoofd",
        "manager",
        "schepen",
        "lid_mt",
    }
    with pytest.raises(ValidationError):
        cycle_nota_create(cycle=cycle, by=org["ad"])
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert nota not in selectors.candidates_for(org["vast"])
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    assert nota.state == NotaState.APPROVED
    services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
    services.nota_sign(nota=nota, by=org["mayor"], password=PASSWORD)
    nota.refresh_from_db()
    assert nota.state == NotaState.SIGNED


def test_participants_read_their_role_on_mijn_werk_from_discussion_on(org):
    cycle = CycleFactory(term=org["term"])
    head = DienstFactory().head
    nota = cycle_nota_create(cycle=cycle, by=org["ad"])
    assert not [n for n in notices_for(head) if "afsprakennota" in n.title]
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    [notice] = [n for n in notices_for(head) if "afsprakennota" in n.title]
    assert "Rol van de diensthoofden" in notice.body
    assert "Rol van de managers" not in notice.body
    assert notice.url.endswith(f"/afsprakennota/{nota.pk}/pdf/")
    # the burgemeester reads the college's article, the financieel directeur the MT's
    mayor_notice = nota_worklist.role_notice(nota, org["mayor"], context="x")
    assert "Rol van het college" in mayor_notice.body
    assert (
        "Rol van het college"
        in nota_worklist.role_notice(nota, org["schepenen"][0], context="x").body
    )
    fd_notice = nota_worklist.role_notice(nota, org["fd"], context="x")
    assert "Rol van het managementteam" in fd_notice.body
    assert "Rol van de financieel directeur" in fd_notice.body
    assert nota_worklist.role_notice(nota, UserFactory(), context="x") is None


# --- term status -------------------------------------------------------------------------------


def test_the_term_status_follows_the_decree_nota(org):
    def status():
        [(_term, value, nota, signed_on)] = selectors.term_status([org["term"]])
        return value, signed_on

    assert status() == ("ontbreekt", None)
    warning = [n for n in notices_for(org["ad"]) if n.warning]
    assert [n.url for n in warning] == ["/afsprakennota/nieuw/"]
    nota = decree_nota(org)
    assert status() == ("in_opmaak", None)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert status() == ("ter_goedkeuring", None)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    assert status() == ("ter_goedkeuring", None)  # only one body approved
    decide_in_meeting(org, org["vast"], nota, D.APPROVED)
    assert status() == ("ter_goedkeuring", None)  # the BCSD not yet
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    assert status() == ("goedgekeurd", None)
    assert f"/afsprakennota/{nota.pk}/ondertekenen/" in [i.url for i in work_for(org["mayor"])]
    for signer in (org["ad"], org["mayor"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    value, signed_on = status()
    assert value == "ondertekend" and signed_on is not None
    assert not [n for n in notices_for(org["ad"]) if n.warning]
    assert f"/afsprakennota/{nota.pk}/ondertekenen/" not in [i.url for i in work_for(org["mayor"])]


# --- the review's findings: versions on agendas, races, refusals, deleted articles -------------


def test_a_revision_after_the_agenda_item_cannot_be_approved_on_it(org):
    nota = nota_for_approval(org)
    meeting = Meeting.objects.create(
        orgaan=org["college"],
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Zaal",
        secretary=org["ad"],
    )
    from vergaderingen import services as meetings
    from vergaderingen.models import Attendance

    meetings.agenda_add(meeting=meeting, by=org["ad"], subject=nota)
    services.nota_back_to_discussion(nota=nota, by=org["ad"], reason="Nog een wijziging")
    services.article_save(nota=nota, by=org["ad"], heading="Extra", text="Nieuw")
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    Meeting.objects.filter(pk=meeting.pk).update(state="geopend")
    for member in [org["mayor"], *org["schepenen"]]:
        Attendance.objects.create(meeting=meeting, member=member, presence="aanwezig")
    item = AgendaItem.objects.get(meeting=meeting)
    with pytest.raises(ValidationError, match="herzien|revised"):
        meetings.decision_record(item=item, by=org["mayor"], outcome=D.APPROVED)
    nota.refresh_from_db()
    assert nota.state == NotaState.FOR_APPROVAL
    assert not nota.versions.last().approvals.exists()
    meetings.decision_record(item=item, by=org["mayor"], outcome=D.POSTPONED)
    assert nota in selectors.candidates_for(org["college"])  # back on the list for a next one


def test_each_body_approval_is_audited_with_its_motivation(org):
    nota = nota_for_approval(org)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    entry = AuditEntry.objects.get(action="nota.approval")
    assert entry.data["version"] == nota.versions.last().number


def test_a_signatory_who_signed_cannot_refuse_afterwards(org):
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
    with pytest.raises(ValidationError):
        services.nota_refuse_signature(nota=nota, by=org["ad"], reason="Toch niet")
    nota.refresh_from_db()
    assert nota.state == NotaState.APPROVED


def test_signing_an_exercise_nota_never_replaces_another_exercise_nota(org):
    signed = []
    for i in range(2):
        nota = services.nota_create_optimisation(
            title=f"Optimalisatie {i}", term=org["term"], by=org["ad"]
        )
        services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
        services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
        decide_in_meeting(org, org["college"], nota, D.APPROVED)
        services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
        services.nota_sign(nota=nota, by=org["mayor"], password=PASSWORD)
        signed.append(nota)
    states = set(
        Afsprakennota.objects.filter(pk__in=[n.pk for n in signed]).values_list("state", flat=True)
    )
    assert states == {NotaState.SIGNED}


def test_editing_an_article_someone_deleted_says_so(org, nota):
    article = nota.articles.filter(parent=None, required=False).first()
    stale = Article.objects.get(pk=article.pk)
    services.article_delete(article=article, by=org["ad"])
    for attempt in (
        lambda: services.article_save(
            nota=nota, by=org["ad"], article=stale, heading="X", text="Y", expected_version=0
        ),
        lambda: services.article_save(nota=nota, by=org["ad"], after=stale, heading="X", text="Y"),
        lambda: services.article_move(article=stale, up=False, by=org["ad"]),
    ):
        with pytest.raises(ValidationError, match="no longer exists|bestaat niet meer"):
            attempt()


def test_comments_on_a_deleted_article_move_to_the_nota_as_a_whole(org, nota):
    from django.contrib.contenttypes.models import ContentType

    from core.models import Thread

    article = nota.articles.filter(parent=None, required=False).first()
    sub = services.article_save(nota=nota, by=org["ad"], parent=article, heading="Sub", text="")
    thread = Thread.objects.create(
        content_type=ContentType.objects.get_for_model(Afsprakennota),
        object_id=str(nota.pk),
        anchor=f"artikel-{sub.pk}",
        created_by=org["ad"],
    )
    services.article_delete(article=article, by=org["ad"])
    thread.refresh_from_db()
    assert thread.anchor == ""
