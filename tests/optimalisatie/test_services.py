import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from core.transitions import StaleObject
from optimalisatie.constants import AdviesState as S
from optimalisatie.models import Advies, Bundle
from optimalisatie.services import advies_transition

from .factories import AdviesFactory, BundleFactory, CycleFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Nieuw advies",
    "current_situation": "Nu",
    "proposal": "Straks",
    "substantiation": "Cijfers",
    "category": "werking",
    "savings_one_off": "0",
    "savings_recurring": "1000",
    "fte_impact": "0",
    "investment_cost": "0",
    "start_year": "2027",
}


def test_a_diensthoofd_creates_a_draft_in_the_open_cycle(client, world):
    cycle = CycleFactory()
    client.force_login(world.diensthoofd)
    response = client.post(
        reverse("optimalisatie:advies-create"),
        {
            **FORM,
            "dienst": world.dienst.pk,
            "attachments": SimpleUploadedFile("nota.pdf", b"%PDF-1.4 x"),
        },
    )
    advies = Advies.objects.get()
    assert response.status_code == 302
    assert (advies.cycle, advies.state, advies.author) == (cycle, S.DRAFT, world.diensthoofd)
    assert advies.attachments.get().name == "nota.pdf"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"savings_recurring": "-5"}, "savings_recurring", "niet negatief"),
        ({"investment_cost": "-1"}, "investment_cost", "niet negatief"),
        ({"title": ""}, "title", "verplicht"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(
    client, world, change, field, message
):
    CycleFactory()
    client.force_login(world.diensthoofd)
    response = client.post(
        reverse("optimalisatie:advies-create"), {**FORM, **change, "dienst": world.dienst.pk}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'value="Cijfers"' in response.content.decode() or "Cijfers" in response.content.decode()
    assert not Advies.objects.exists()


def test_a_wrong_attachment_type_is_refused(client, world):
    CycleFactory()
    client.force_login(world.diensthoofd)
    response = client.post(
        reverse("optimalisatie:advies-create"),
        {**FORM, "dienst": world.dienst.pk, "attachments": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert "virus.exe" in " ".join(response.context["form"].errors["attachments"])
    assert not Advies.objects.exists()


def test_a_diensthoofd_cannot_write_for_another_department(client, world):
    CycleFactory()
    client.force_login(world.diensthoofd)
    response = client.post(
        reverse("optimalisatie:advies-create"), {**FORM, "dienst": world.other_dienst.pk}
    )
    assert response.status_code == 200 and "dienst" in response.context["form"].errors
    assert not Advies.objects.exists()


def test_two_edits_of_the_same_version_the_second_is_refused(client, world):
    advies = AdviesFactory(dienst=world.dienst)
    client.force_login(world.diensthoofd)
    url = reverse("optimalisatie:advies-edit", args=[advies.pk])
    data = {**FORM, "lock_version": advies.lock_version}
    assert client.post(url, {**data, "title": "Eerste"}).status_code == 302
    response = client.post(url, {**data, "title": "Tweede"})
    assert response.status_code == 200
    assert (
        "Iemand anders" in response.content.decode() or response.context["form"].non_field_errors()
    )
    advies.refresh_from_db()
    assert advies.title == "Eerste"


def test_only_a_draft_can_be_edited(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED)
    client.force_login(world.diensthoofd)
    assert client.get(reverse("optimalisatie:advies-edit", args=[advies.pk])).status_code == 403


def test_attachments_are_served_only_to_who_sees_the_advice(client, world):
    CycleFactory()
    client.force_login(world.diensthoofd)
    client.post(
        reverse("optimalisatie:advies-create"),
        {
            **FORM,
            "dienst": world.dienst.pk,
            "attachments": SimpleUploadedFile("nota.pdf", b"%PDF-1.4 geheim"),
        },
    )
    advies = Advies.objects.get()
    url = reverse("optimalisatie:attachment", args=[advies.pk, advies.attachments.get().pk])
    assert b"geheim" in b"".join(client.get(url).streaming_content)
    client.force_login(world.other_diensthoofd)
    assert client.get(url).status_code == 404


def test_only_the_responsible_schepen_gives_a_standpoint_and_priority(client, world):
    advies = AdviesFactory(dienst=world.dienst, state=S.WITH_MT)
    standpunt = reverse("optimalisatie:standpunt", args=[advies.pk])
    priority = reverse("optimalisatie:priority", args=[advies.pk])
    client.force_login(world.other_schepen)
    assert client.post(standpunt, {"standpunt-text": "x"}).status_code == 404  # not visible yet
    client.force_login(world.schepen)
    assert client.post(standpunt, {"standpunt-text": "Akkoord"}).status_code == 302
    assert advies.standpunten.get().text == "Akkoord"
    assert (
        client.post(
            priority, {"prioriteit-level": "hoog", "prioriteit-motivation": "x"}
        ).status_code
        == 403
    )  # not validated
    advies_transition(advies=advies, action="validate", by=world.mt_member)
    assert (
        client.post(
            priority, {"prioriteit-level": "hoog", "prioriteit-motivation": "Belangrijk"}
        ).status_code
        == 302
    )
    client.force_login(world.other_schepen)  # sees it now (college), but not his domain
    assert (
        client.post(
            priority, {"prioriteit-level": "laag", "prioriteit-motivation": "x"}
        ).status_code
        == 403
    )
    assert [(p.schepen, p.level) for p in advies.priorities.all()] == [(world.schepen, "hoog")]


def test_a_bundle_needs_two_departments_and_computes_its_savings(client, world):
    cycle = CycleFactory()
    one = AdviesFactory(
        dienst=world.dienst, state=S.VALIDATED, cycle=cycle, savings_recurring=Decimal("1000")
    )
    same = AdviesFactory(
        dienst=world.dienst, state=S.VALIDATED, cycle=cycle, savings_recurring=Decimal("2000")
    )
    other = AdviesFactory(
        dienst=world.other_dienst,
        state=S.VALIDATED,
        cycle=cycle,
        savings_recurring=Decimal("4000"),
    )
    client.force_login(world.mt_member)
    url = reverse("optimalisatie:bundle-create")
    data = {"title": "Bundel", "summary": "S", "rationale": "R"}
    response = client.post(url, {**data, "adviezen": [one.pk, same.pk]})
    assert "adviezen" in response.context["form"].errors
    assert not Bundle.objects.exists()
    assert client.post(url, {**data, "adviezen": [one.pk, other.pk]}).status_code == 302
    bundle = Bundle.objects.with_savings().get()
    assert bundle.total_recurring == Decimal("5000")
    assert set(bundle.adviezen.values_list("state", flat=True)) == {S.IN_BUNDLE}
    client.force_login(world.diensthoofd)
    assert client.post(url, {**data, "adviezen": [same.pk]}).status_code == 404


def test_a_withdrawn_advice_leaves_its_bundle(world):
    from optimalisatie.services import advies_transition

    cycle = CycleFactory()
    bundle = BundleFactory(cycle=cycle, title="B", created_by=world.mt_member)
    advies = AdviesFactory(
        dienst=world.dienst,
        state=S.IN_BUNDLE,
        cycle=cycle,
        bundle=bundle,
        savings_recurring=Decimal("1000"),
    )
    advies_transition(advies=advies, action="withdraw", by=world.diensthoofd, reason="Toch niet")
    assert Bundle.objects.with_savings().get().total_recurring == Decimal("0")


def test_only_one_cycle_is_open_in_the_database(world):
    from django.db import IntegrityError, transaction

    CycleFactory(phase="adviezen")
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory(phase="mtvalidatie")
    CycleFactory(phase="afgesloten")
    CycleFactory(phase="afgesloten")


def test_the_audience_costs_the_same_whatever_the_number_of_people(
    world, django_assert_max_num_queries
):
    from optimalisatie.access import audience
    from tests.accounts.factories import UserFactory

    advies = AdviesFactory(dienst=world.dienst, state=S.VALIDATED)
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        people = audience(Advies.objects.with_relations().get(pk=advies.pk))
    assert world.schepen in people and world.other_schepen in people
    assert world.other_diensthoofd not in people and world.staff not in people


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_manager_and_algemeen_directeur_at_once_one_wins(world):
    """Real concurrency on PostgreSQL: two threads, two connections, the same advice."""
    cycle = CycleFactory(overdue=True, phase="afgesloten")
    advies = AdviesFactory(dienst=world.dienst, state=S.SUBMITTED, cycle=cycle)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, user, action):
        try:
            mine = Advies.objects.get(pk=advies.pk)
            barrier.wait(timeout=10)
            advies_transition(advies=mine, action=action, by=user, reason="Tegelijk")
            outcomes[name] = "won"
        except StaleObject as error:
            outcomes[name] = str(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("manager", world.manager, "return")),
        threading.Thread(target=act, args=("ad", world.algemeen_directeur, "forward")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(v == "won" for v in outcomes.values()) == [False, True], outcomes
    loser = next(v for v in outcomes.values() if v != "won")
    assert "intussen" in loser or "niet meer mogelijk" in loser or "Iemand" in loser
    advies.refresh_from_db()
    assert advies.state in (S.DRAFT, S.WITH_MT)
    from core.models import AuditEntry

    assert AuditEntry.objects.filter(object_id=str(advies.pk)).count() == 1
