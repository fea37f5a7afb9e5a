"""A college that decides in the official decision system: the draft decision as .docx, the
decision recorded by its reference, corrected with a reason, the same protocol as a meeting
(audit, notifications, states), and who may do what."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.constants import Function, OrgaanType
from accounts.models import Orgaan
from core.audit import audit_trail
from core.models import AuditEntry, Notification
from core.transitions import StaleObject
from optimalisatie.constants import AdviesState, BundleState
from tests.accounts.factories import MandateFactory
from tests.optimalisatie.conftest import world  # noqa: F401 (the shared organisation)
from tests.optimalisatie.factories import AdviesFactory, BundleFactory
from vergaderingen import services
from vergaderingen.constants import DecisionOutcome, DecisionSystem
from vergaderingen.models import BodySettings, Decision

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "https://besluiten.gemeente.be/id/besluit/2026-CBS-00123"


@pytest.fixture
def college(world):  # noqa: F811
    orgaan = Orgaan.objects.of_type(OrgaanType.COLLEGE)
    BodySettings.objects.create(orgaan=orgaan, decides_in=DecisionSystem.OFFICIAL)
    return orgaan


@pytest.fixture
def bundle(world):  # noqa: F811
    bundle = BundleFactory(ready_for_college=True, title="Samen aankopen")
    AdviesFactory.create_batch(
        2, ready_for_college=True, bundle=bundle, dienst=world.dienst, author=world.diensthoofd
    )
    return bundle


def record(college, subject, by, **overrides):
    values = {
        "outcome": DecisionOutcome.APPROVED,
        "reference_date": timezone.localdate() - datetime.timedelta(days=1),
        "reference_number": "2026_CBS_00123",
        "reference_url": URL,
        "motivation": "Goedgekeurd zoals voorgesteld.",
    }
    return services.reference_record(orgaan=college, subject=subject, by=by, **(values | overrides))


def test_recording_decides_the_bundle_and_its_advices_with_the_reference(
    world,  # noqa: F811
    college,
    bundle,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = record(college, bundle, world.algemeen_directeur)
    bundle.refresh_from_db()
    assert bundle.state == BundleState.APPROVED
    advices = list(bundle.adviezen.all())
    assert {a.state for a in advices} == {AdviesState.APPROVED}
    assert decision.by_reference and decision.subject == bundle
    # the audit trail of each advice names the decision and its public address
    for advies in advices:
        entry = audit_trail(advies).get(action="college.approved")
        assert entry.actor == world.algemeen_directeur
        assert entry.data["url"] == URL
        assert "2026_CBS_00123" in entry.data["reference"]
        assert entry.reason == "Goedgekeurd zoals voorgesteld."
    assert AuditEntry.objects.filter(
        action="decision.by-reference", to_state="goedgekeurd"
    ).exists()
    # the diensthoofd is told, as after a meeting
    assert Notification.objects.filter(recipient=world.diensthoofd).exists()


def test_the_advice_page_shows_the_reference(client, world, college, bundle):  # noqa: F811
    record(college, bundle, world.algemeen_directeur)
    advies = bundle.adviezen.first()
    client.force_login(world.diensthoofd)
    page = client.get(reverse("optimalisatie:advies-detail", args=[advies.pk])).content.decode()
    assert URL in page and "2026_CBS_00123" in page


def test_a_subject_is_decided_once(world, college, bundle):  # noqa: F811
    record(college, bundle, world.algemeen_directeur)
    with pytest.raises(ValidationError, match="wacht niet op een besluit"):
        record(college, bundle, world.algemeen_directeur, reference_number="2026_CBS_00124")
    assert Decision.objects.count() == 1


def test_postponed_stays_ready_for_a_next_decision(world, college, bundle):  # noqa: F811
    record(college, bundle, world.algemeen_directeur, outcome=DecisionOutcome.POSTPONED)
    bundle.refresh_from_db()
    assert bundle.state == BundleState.POSTPONED
    record(college, bundle, world.algemeen_directeur, reference_number="2026_CBS_00200")
    bundle.refresh_from_db()
    assert bundle.state == BundleState.APPROVED


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"reference_date": timezone.localdate() + datetime.timedelta(days=1)}, "reference_date"),
        ({"reference_date": None}, "reference_date"),
        ({"reference_number": "  "}, "reference_number"),
        ({"reference_url": ""}, "reference_url"),
        ({"motivation": "x" * 5001}, "motivation"),
        ({"outcome": "misschien"}, "outcome"),
    ],
)
def test_bad_references_are_refused_and_nothing_moves(world, college, bundle, overrides, field):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        record(college, bundle, world.algemeen_directeur, **overrides)
    assert field in error.value.error_dict
    bundle.refresh_from_db()
    assert bundle.state == BundleState.READY_FOR_COLLEGE
    assert not Decision.objects.exists()


def test_only_the_secretary_records(world, college, bundle):  # noqa: F811
    for user in (world.schepen, world.manager, world.mt_member, world.diensthoofd):
        with pytest.raises(PermissionDenied):
            record(college, bundle, user)
    deputy = MandateFactory(in_mt=True, function=Function.ADJUNCT_ALGEMEEN_DIRECTEUR).user
    record(college, bundle, deputy)


def test_a_body_deciding_in_the_app_records_nothing_by_reference(world, bundle):  # noqa: F811
    college = Orgaan.objects.of_type(OrgaanType.COLLEGE)
    with pytest.raises(ValidationError, match="beslist in de vergaderingen van deze toepassing"):
        record(college, bundle, world.algemeen_directeur)


def test_a_correction_needs_a_reason_and_keeps_what_it_was(world, college, bundle):  # noqa: F811
    decision = record(college, bundle, world.algemeen_directeur)
    values = {
        "reference_date": decision.reference_date,
        "reference_number": "2026_CBS_00125",
        "reference_url": URL,
        "motivation": decision.motivation,
    }
    with pytest.raises(ValidationError, match="Geef een reden"):
        services.reference_correct(
            decision=decision, by=world.algemeen_directeur, reason="", **values
        )
    services.reference_correct(
        decision=decision,
        by=world.algemeen_directeur,
        reason="Tikfout in het nummer",
        expected_lock=0,
        **values,
    )
    decision.refresh_from_db()
    assert decision.reference_number == "2026_CBS_00125" and decision.lock_version == 1
    entry = AuditEntry.objects.get(action="decision.reference-corrected")
    assert entry.data["changes"]["reference_number"] == ["2026_CBS_00123", "2026_CBS_00125"]
    assert entry.reason == "Tikfout in het nummer"
    # a second correction from the same form (same lock version) is refused, not overwritten
    with pytest.raises(StaleObject):
        services.reference_correct(
            decision=decision,
            by=world.algemeen_directeur,
            reason="Nog eens",
            expected_lock=0,
            **(values | {"reference_number": "X"}),
        )
    with pytest.raises(ValidationError, match="Er werd niets gewijzigd"):
        services.reference_correct(
            decision=decision, by=world.algemeen_directeur, reason="Niets", **values
        )


def test_the_draft_decision_is_a_word_document_in_the_usual_structure(
    client,
    world,  # noqa: F811
    college,
    bundle,
):
    client.force_login(world.algemeen_directeur)
    page = client.get(reverse("vergaderingen:body-decisions", args=[college.pk]))
    assert page.status_code == 200
    url = next(
        row
        for row in page.content.decode().split('"')
        if "/ontwerpbesluit/" in row and row.endswith(".docx")
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Onderwerp",
        "Aanleiding en context",
        "Juridische grond",
        "Adviezen",
        "Argumentatie",
        "Financiële gevolgen",
        "Besluit",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Samen aankopen" in text and "Artikel 1." in text
    assert "Decreet over het lokaal bestuur" in text and "financieel directeur" in text


def test_recording_through_the_page_with_an_extract(client, world, college, bundle):  # noqa: F811
    client.force_login(world.algemeen_directeur)
    ct = bundle.__class__
    from django.contrib.contenttypes.models import ContentType

    url = reverse(
        "vergaderingen:reference-record",
        args=[college.pk, ContentType.objects.get_for_model(ct).pk, bundle.pk],
    )
    data = {
        "besluit-outcome": "goedgekeurd",
        "besluit-reference_date": "03/12/2026",
        "besluit-reference_number": "2026_CBS_00123",
        "besluit-reference_url": "niet een adres",
        "besluit-extract": SimpleUploadedFile("uittreksel.pdf", PDF, "application/pdf"),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Voer een geldige URL in." in body
    assert "2026_CBS_00123" in body and "uittreksel.pdf" in body  # input and file kept
    token = body.split('name="bewaarde_bijlage" value="')[1].split('"')[0]
    data |= {"besluit-reference_url": URL, "bewaarde_bijlage": token}
    del data["besluit-extract"]
    done = client.post(url, data)
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert decision.extract_name == "uittreksel.pdf"
    extract = client.get(reverse("vergaderingen:extract-download", args=[college.pk, decision.pk]))
    assert b"".join(extract.streaming_content) == PDF


def test_a_file_that_is_not_a_pdf_is_refused_as_extract(client, world, college, bundle):  # noqa: F811
    from django.contrib.contenttypes.models import ContentType

    client.force_login(world.algemeen_directeur)
    url = reverse(
        "vergaderingen:reference-record",
        args=[college.pk, ContentType.objects.get_for_model(bundle).pk, bundle.pk],
    )
    response = client.post(
        url,
        {
            "besluit-outcome": "goedgekeurd",
            "besluit-reference_date": "2026-12-03",
            "besluit-reference_number": "1",
            "besluit-reference_url": URL,
            "besluit-extract": SimpleUploadedFile("uittreksel.pdf", b"<html></html>"),
        },
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_who_sees_and_who_records(client, world, college, bundle):  # noqa: F811
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(bundle).pk
    page = reverse("vergaderingen:body-decisions", args=[college.pk])
    draft = reverse("vergaderingen:draft-download", args=[college.pk, ct, bundle.pk])
    form = reverse("vergaderingen:reference-record", args=[college.pk, ct, bundle.pk])
    expected = {
        # who: (the page, the draft, the form)
        world.algemeen_directeur: (200, 200, 200),
        world.schepen: (200, 403, 403),  # a member of the college sees, does not record
        world.diensthoofd: (404, 404, 404),
        world.manager: (404, 404, 404),
        world.mt_member: (404, 404, 404),
        world.staff: (404, 404, 404),
    }
    for user, codes in expected.items():
        client.force_login(user)
        got = tuple(client.get(url).status_code for url in (page, draft, form))
        assert got == codes, user
    client.logout()
    assert client.get(page).status_code == 302  # to the login
    # a subject not ready for the college: 404 even for the secretary
    client.force_login(world.algemeen_directeur)
    other = BundleFactory(formed=True)
    assert (
        client.get(
            reverse("vergaderingen:reference-record", args=[college.pk, ct, other.pk])
        ).status_code
        == 404
    )


def test_planning_a_meeting_of_a_body_deciding_elsewhere_is_refused(client, world, college):  # noqa: F811
    client.force_login(world.algemeen_directeur)
    response = client.post(
        reverse("vergaderingen:meeting-create"),
        {
            "orgaan": college.pk,
            "starts_at": "2026-12-20T19:00",
            "place": "Raadzaal",
            "secretary": world.algemeen_directeur.pk,
        },
    )
    assert response.status_code == 200
    assert (
        "official decision system" in response.content.decode()
        or "officiële" in response.content.decode()
    )


def test_the_page_queries_do_not_grow_with_the_decisions(
    client,
    world,  # noqa: F811
    college,
    django_assert_max_num_queries,
):
    client.force_login(world.algemeen_directeur)
    url = reverse("vergaderingen:body-decisions", args=[college.pk])

    def make(n):
        for _ in range(n):
            b = BundleFactory(ready_for_college=True)
            AdviesFactory(ready_for_college=True, bundle=b, dienst=world.dienst)
            record(college, b, world.algemeen_directeur, reference_number=f"N{b.pk}")

    make(1)
    client.get(url)  # caches warmed (content types, the session)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(5)
    BundleFactory.create_batch(3, ready_for_college=True)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"][:150] for q in many.captured_queries)


def test_the_framework_by_reference_is_in_force_from_the_official_date(world, college):  # noqa: F811
    from optimalisatie.constants import FrameworkState
    from optimalisatie.models import Cycle
    from tests.optimalisatie.factories import CycleFactory

    cycle = CycleFactory()
    Cycle.objects.filter(pk=cycle.pk).update(framework_state=FrameworkState.SUBMITTED)
    cycle.refresh_from_db()
    day = timezone.localdate() - datetime.timedelta(days=2)
    decision = record(college, cycle, world.algemeen_directeur, reference_date=day)
    cycle.refresh_from_db()
    assert cycle.framework_state == FrameworkState.APPROVED
    assert cycle.framework_decided_on == day and cycle.framework_decision == decision


def test_mijn_werk_sends_the_secretary_to_the_official_system(client, world, college, bundle):  # noqa: F811
    client.force_login(world.algemeen_directeur)
    page = client.get(reverse("core:my-work")).content.decode()
    assert "Beslissen in het officiële besluitvormingssysteem" in page
    assert reverse("vergaderingen:body-decisions", args=[college.pk]) in page


def test_the_public_list_points_to_the_official_one(
    client, college, django_capture_on_commit_callbacks
):
    settings_row = BodySettings.objects.get(orgaan=college)
    page = client.get(reverse("decision-list")).content.decode()
    assert "beslist in het officiële besluitvormingssysteem" in page
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.official_list_url = "https://raadpleeg.gemeente.be/college"
        settings_row.save()
    page = client.get(reverse("decision-list")).content.decode()
    assert 'href="https://raadpleeg.gemeente.be/college"' in page


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_recording_the_same_bundle_at_once_make_one_decision(world):  # noqa: F811
    """Real concurrency (two threads, two connections): the algemeen directeur and the
    adjunct record the same bundle at the same moment; the second waits for the bundle's
    lock, finds it decided and is refused with a message: one decision, one approval."""
    import threading

    from django.db import connection

    college = Orgaan.objects.of_type(OrgaanType.COLLEGE)
    BodySettings.objects.create(orgaan=college, decides_in=DecisionSystem.OFFICIAL)
    bundle = BundleFactory(ready_for_college=True)
    AdviesFactory(ready_for_college=True, bundle=bundle, dienst=world.dienst)
    deputy = MandateFactory(in_mt=True, function=Function.ADJUNCT_ALGEMEEN_DIRECTEUR).user
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, number):
        from optimalisatie.models import Bundle

        try:
            mine = Bundle.objects.get(pk=bundle.pk)
            barrier.wait(timeout=10)
            record(college, mine, user, reference_number=number)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(user, number))
        for user, number in ((world.algemeen_directeur, "A-1"), (deputy, "A-2"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("recorded") == 1
    assert any("wacht niet op een besluit" in o for o in outcomes)
    assert Decision.objects.count() == 1
    bundle.refresh_from_db()
    assert bundle.state == BundleState.APPROVED


def test_a_draft_holds_what_word_cannot_and_no_confidential_deliberation(
    client,
    world,  # noqa: F811
    college,
):
    """Word's Shift+Enter (\\x0b) pasted into an advice does not break the draft; the
    schepenen's own standpoints stay out of it, and a "/" in a title stays in the name."""
    from django.contrib.contenttypes.models import ContentType

    from optimalisatie.models import Standpunt

    advies = AdviesFactory(
        ready_for_college=True, title="Loket A/B", proposal="Eerste regel\x0btweede regel"
    )
    Standpunt.objects.create(advies=advies, schepen=world.schepen, text="Geheim standpunt")
    client.force_login(world.algemeen_directeur)
    response = client.get(
        reverse(
            "vergaderingen:draft-download",
            args=[college.pk, ContentType.objects.get_for_model(advies).pk, advies.pk],
        )
    )
    assert response.status_code == 200
    assert "Loket A-B" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Eerste regeltweede regel" in text
    assert "Geheim standpunt" not in text and world.schepen.full_name not in text


def test_a_subject_on_an_agenda_is_not_recorded_by_reference_too(world, college, bundle):  # noqa: F811
    """Put on a meeting's agenda before the college moved to the official system: it is
    decided once, in that meeting or after it is taken off; and no agenda takes subjects
    of a body that decides elsewhere."""
    from tests.vergaderingen.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(orgaan=college, secretary=world.algemeen_directeur)
    AgendaItemFactory(meeting=meeting, order=1, subject=bundle, title=bundle.title)
    with pytest.raises(ValidationError, match="staat op de agenda"):
        record(college, bundle, world.algemeen_directeur)
    assert not Decision.objects.exists()
    other = BundleFactory(ready_for_college=True)
    AdviesFactory(ready_for_college=True, bundle=other, dienst=world.dienst)
    with pytest.raises(ValidationError, match="officiële besluitvormingssysteem"):
        services.agenda_add(meeting=meeting, by=world.algemeen_directeur, subject=other)
