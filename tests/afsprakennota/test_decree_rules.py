"""The decree's nota as art. 171 §2 DLB wants it (issue 17): every body among the parties
approves the same version in its own meeting before anyone signs, one decree nota in progress
per term, the required sections stay and are written before approval, and the dates follow
the meetings."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from afsprakennota import access, selectors, services
from afsprakennota.constants import OPEN_DISCUSSION, SUBMIT_FOR_APPROVAL, NotaKind, NotaState
from afsprakennota.models import Afsprakennota, Approval, Article
from tests.accounts.factories import PASSWORD, UserFactory
from tests.afsprakennota.factories import REQUIRED_TEXT, decree_nota
from tests.afsprakennota.test_lifecycle import (
    approve_everywhere,
    decide_in_meeting,
    nota_for_approval,
)
from vergaderingen import services as meetings
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.models import AgendaItem, Decision

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"afsprakennota:{name}", args=args)


def required_articles(nota):
    return list(nota.articles.filter(required=True).order_by("position"))


def in_discussion(org):
    nota = decree_nota(org)
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    return nota


# --- one decree nota in progress per term ------------------------------------------------------


def test_a_second_decree_nota_in_progress_is_refused_at_the_term_field(org):
    first = services.nota_create_decree(term=org["term"], by=org["ad"])
    for state_step in (None, OPEN_DISCUSSION):
        if state_step:
            write_and_step(org, first, state_step)
        with pytest.raises(ValidationError) as error:
            services.nota_create_decree(term=org["term"], by=org["ad"])
        assert "term" in error.value.message_dict
    assert Afsprakennota.objects.filter(kind=NotaKind.DECREE).count() == 1


def write_and_step(org, nota, step):
    Article.objects.filter(nota=nota, required=True).update(text=REQUIRED_TEXT)
    services.nota_step(nota=nota, step=step, by=org["ad"])


def test_once_the_nota_is_signed_a_revision_can_be_drawn_up(org):
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    for signer in (org["ad"], org["mayor"], org["mayor"], org["bcsd_chair"]):
        services.nota_sign(nota=nota, by=signer, password=PASSWORD)
    revision = services.nota_create_decree(term=org["term"], by=org["ad"])
    assert revision.state == NotaState.DRAFT


def test_exercise_notas_are_not_limited_per_term(org):
    decree_nota(org)
    for title in ("Oefening A", "Oefening B"):
        services.nota_create_optimisation(title=title, term=org["term"], by=org["ad"])
    assert Afsprakennota.objects.filter(kind=NotaKind.OPTIMISATION).count() == 2


def test_the_database_refuses_a_second_decree_nota_in_progress(org):
    """Two simultaneous creates both pass the service's check: the constraint decides."""
    decree_nota(org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Afsprakennota.objects.create(
            kind=NotaKind.DECREE, term=org["term"], onderwerp="Tweede", created_by=org["ad"]
        )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_creates_give_one_nota_and_a_reason_for_the_others(org):
    barrier = threading.Barrier(6)
    results = []

    def create():
        try:
            barrier.wait(timeout=10)
            services.nota_create_decree(term=org["term"], by=org["ad"])
            results.append("created")
        except ValidationError as error:
            results.append("refused" if "term" in error.message_dict else "other")
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["created"] + ["refused"] * 5
    assert Afsprakennota.objects.filter(kind=NotaKind.DECREE).count() == 1


def test_the_create_page_says_why_at_the_term_field(client, org):
    client.force_login(org["ad"])
    assert client.post(url("create"), {"term": org["term"].pk}).status_code == 302
    response = client.post(url("create"), {"term": org["term"].pk})
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("nl"):
        expected = services.one_in_progress(org["term"])
    assert str(expected).split(":")[0] in page
    assert 'aria-invalid="true"' in page  # at the field, the choice kept
    assert f'value="{org["term"].pk}" selected' in page
    assert Afsprakennota.objects.count() == 1


def test_the_create_page_is_403_for_a_schepen(client, org):
    client.force_login(org["schepenen"][0])
    assert client.post(url("create"), {"term": org["term"].pk}).status_code == 403
    assert not Afsprakennota.objects.exists()


# --- the required sections --------------------------------------------------------------------


def test_the_template_marks_the_three_required_sections_with_their_guidance(org):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    required = required_articles(nota)
    assert [a.heading for a in required] == [h for h, _g in services.DECREE_SECTIONS[:3]]
    assert all(a.guidance and a.text == a.guidance for a in required)
    assert not nota.articles.filter(required=False).exclude(guidance="").exists()


def test_a_required_section_is_never_deleted_by_anyone(org):
    nota = in_discussion(org)
    article = required_articles(nota)[0]
    for editor in (org["ad"], org["fd"]):
        with pytest.raises(PermissionDenied):
            services.article_delete(article=article, by=editor)
    with pytest.raises(PermissionDenied):
        services.article_delete(article=article, by=org["schepenen"][0])
    assert Article.objects.filter(pk=article.pk).exists()
    other = nota.articles.filter(required=False).first()
    services.article_delete(article=other, by=org["ad"])  # the others go
    assert not Article.objects.filter(pk=other.pk).exists()


def test_the_delete_page_of_a_required_section_is_403_404_for_strangers(client, org):
    nota = in_discussion(org)
    required = required_articles(nota)[0]
    other = nota.articles.filter(required=False, parent=None).first()
    delete = url("article-delete", nota.pk, required.pk)
    expected = {
        org["ad"]: 403,
        org["fd"]: 403,
        org["schepenen"][0]: 403,  # sees the nota, does not edit it
        UserFactory(): 404,  # does not see it
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(delete).status_code == status
        assert client.post(delete).status_code == status
    assert Article.objects.filter(pk=required.pk).exists()
    client.force_login(org["ad"])
    assert client.get(url("article-delete", nota.pk, other.pk)).status_code == 200
    page = client.get(url("detail", nota.pk)).content.decode()
    assert delete not in page  # no button
    assert url("article-delete", nota.pk, other.pk) in page


def test_an_exercise_nota_has_no_required_sections(org):
    nota = services.nota_create_optimisation(title="Oefening", term=org["term"], by=org["ad"])
    assert not nota.articles.filter(required=True).exists()
    services.article_delete(article=nota.articles.first(), by=org["ad"])


@pytest.mark.parametrize("how", ["guidance", "empty", "guidance-with-more"])
def test_it_is_not_sent_for_approval_while_a_required_section_is_unwritten(org, how):
    nota = in_discussion(org)
    article = required_articles(nota)[1]
    text = {
        "guidance": article.guidance,
        "empty": "",
        "guidance-with-more": article.guidance + "\n\nWe spreken af dat ...",
    }[how]
    Article.objects.filter(pk=article.pk).update(text=text)
    with pytest.raises(ValidationError) as error:
        services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert "2. Omgangsvormen tussen bestuur en administratie" in " ".join(error.value.messages)
    assert "1. Samenwerking" not in " ".join(error.value.messages)
    nota.refresh_from_db()
    assert nota.state == NotaState.IN_DISCUSSION and nota.versions.count() == 1


def test_a_required_section_written_in_its_sub_articles_counts_as_written(org):
    nota = in_discussion(org)
    article = required_articles(nota)[0]
    services.article_save(
        nota=nota, by=org["ad"], article=article, heading=article.heading, text=""
    )
    assert selectors.unfinished_sections(nota) == [f"1. {article.heading}"]
    services.article_save(nota=nota, by=org["ad"], parent=article, heading="", text="Maandelijks")
    assert selectors.unfinished_sections(nota) == []
    services.nota_step(nota=nota, step=SUBMIT_FOR_APPROVAL, by=org["ad"])
    assert nota.state == NotaState.FOR_APPROVAL


def test_the_submit_button_says_which_sections_are_missing(client, org):
    nota = services.nota_create_decree(term=org["term"], by=org["ad"])
    services.nota_step(nota=nota, step=OPEN_DISCUSSION, by=org["ad"])
    client.force_login(org["ad"])
    page = client.get(url("detail", nota.pk)).content.decode()
    assert 'id="verplicht-nog"' in page
    response = client.post(url("submit-for-approval", nota.pk), follow=True)
    page = response.content.decode()
    assert "1. Samenwerking om de beleidsdoelstellingen te realiseren" in page
    assert "3. Uitoefening van gedelegeerde bevoegdheden" in page
    nota.refresh_from_db()
    assert nota.state == NotaState.IN_DISCUSSION


def test_a_body_does_not_approve_while_a_required_section_is_unwritten(org):
    """A nota put to the bodies before this rule, with a section still holding its guidance:
    the meeting's approval is refused, and the whole decision with it."""
    nota = nota_for_approval(org)
    article = required_articles(nota)[2]
    Article.objects.filter(pk=article.pk).update(text=article.guidance)  # as it was stored
    with pytest.raises(ValidationError, match="Uitoefening van gedelegeerde"):
        decide_in_meeting(org, org["college"], nota, D.APPROVED)
    nota.refresh_from_db()
    assert nota.state == NotaState.FOR_APPROVAL and not Approval.objects.exists()
    item = AgendaItem.objects.get(subject_id=str(nota.pk))
    meetings.decision_record(item=item, by=org["mayor"], outcome=D.REJECTED)  # still possible
    nota.refresh_from_db()
    assert nota.state == NotaState.IN_DISCUSSION


# --- every body, the same version, dates ------------------------------------------------------


def test_each_approval_is_dated_by_its_decision_and_signatures_follow(org):
    nota = nota_for_approval(org)
    decisions = {
        body: decide_in_meeting(org, org[body], nota, D.APPROVED)
        for body in ("college", "vast", "bcsd")
    }
    for body, decision in decisions.items():
        approval = Approval.objects.get(orgaan=org[body])
        assert approval.decided_at == decision.decided_at
        assert approval.decision_id == decision.pk
    signature = services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
    assert signature.signed_at >= max(d.decided_at for d in decisions.values())


def test_a_signature_before_the_last_approval_is_refused(org):
    nota = nota_for_approval(org)
    approve_everywhere(org, nota)
    later = timezone.now() + datetime.timedelta(hours=2)
    Approval.objects.filter(orgaan=org["bcsd"]).update(decided_at=later)
    with pytest.raises(ValidationError):
        services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
    assert not nota.versions.last().signatures.exists()


def test_an_approval_is_never_dated_before_its_meeting(org):
    nota = nota_for_approval(org)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):  # the meeting (or the nota) refuses
        decide_in_meeting(org, org["college"], nota, D.APPROVED, starts_at=tomorrow)
    assert not Approval.objects.exists()
    # the nota's own rule, whatever the meeting allowed: a decision stored before the day
    item = AgendaItem.objects.get(subject_id=str(nota.pk))
    early = Decision.objects.create(item=item, outcome=D.APPROVED, decided_by=org["mayor"])
    with pytest.raises(ValidationError, match="before that day|vóór die dag|voor die dag"):
        services.body_decision(
            nota, D.APPROVED, org["mayor"], orgaan=org["college"], decision=early
        )
    assert not Approval.objects.exists()


def test_nobody_signs_before_every_body_approved(org):
    nota = nota_for_approval(org)
    decide_in_meeting(org, org["college"], nota, D.APPROVED)
    decide_in_meeting(org, org["vast"], nota, D.APPROVED)
    for signer in (org["ad"], org["mayor"], org["bcsd_chair"]):
        assert not access.may_sign(signer, nota, [])
        with pytest.raises(ValidationError):
            services.nota_sign(nota=nota, by=signer, password=PASSWORD)


def test_the_page_shows_each_body_approved_in_which_meeting_or_waiting(client, org):
    nota = nota_for_approval(org)
    decision = decide_in_meeting(org, org["college"], nota, D.APPROVED)
    client.force_login(org["schepenen"][0])
    page = client.get(url("detail", nota.pk)).content.decode()
    section = page[page.index('id="goedkeuring"') : page.index('id="handtekeningen"')]
    meeting_day = timezone.localtime(decision.item.meeting.starts_at)
    with translation.override("nl"):
        waiting = translation.gettext("waiting for its decision")
        from django.utils.formats import date_format

        day = date_format(meeting_day, "DATE_FORMAT")
    assert org["college"].name in section and day in section
    assert org["vast"].name in section and org["bcsd"].name in section
    assert section.count(waiting) == 2


def test_the_approval_section_is_not_shown_before_the_nota_goes_for_approval(client, org):
    nota = in_discussion(org)
    client.force_login(org["ad"])
    assert 'id="goedkeuring"' not in client.get(url("detail", nota.pk)).content.decode()


def test_the_bcsd_decides_on_its_own_agenda(org):
    nota = nota_for_approval(org)
    assert nota in selectors.candidates_for(org["bcsd"])
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    assert nota not in selectors.candidates_for(org["bcsd"])
    assert nota in selectors.candidates_for(org["college"])
