"""Issue 21, item 5: a person's personal-data export (ZIP of JSON and CSV), by the person or
by the functioneel beheerder on request: every kind present, never a secret ballot's choice,
never others' confidential content; who may ask and download."""

import csv
import io
import json
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.constants import Role
from core.audit import audit_record
from core.models import AuditEntry, CalendarFeed, Comment, Export, Notification, Thread
from core.personal_data import PARTS
from optimalisatie.constants import PriorityLevel
from optimalisatie.models import Priority, Standpunt
from tests.accounts.factories import UserFactory
from tests.afsprakennota.factories import AfsprakennotaFactory
from tests.optimalisatie.conftest import world  # noqa: F401 (the shared organisation)
from tests.optimalisatie.factories import AdviesFactory, BundleFactory
from tests.uitvoering.factories import ActionFactory, RealisedSavingFactory
from tests.vergaderingen.factories import (
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    VoteFactory,
)
from vergaderingen.models import (
    Attendance,
    Ballot,
    ItemProposal,
    MinutesSignature,
    Recusal,
    SecretBallotMark,
)

SECRET_CHOICE_MARK = "nee"
OTHERS_SECRET = "Vertrouwelijke coaching van iemand anders"


@pytest.fixture
def schepen_with_everything(world):  # noqa: F811
    """The schepen, with at least one record of every kind the export lists."""
    person = world.schepen
    advies = AdviesFactory(author=person, title="Eigen advies", with_mt=True)
    thread = Thread.objects.create(
        content_type=ContentType.objects.get_for_model(advies),
        object_id=str(advies.pk),
        created_by=person,
        confidential=True,
    )
    Comment.objects.create(thread=thread, author=person, body="Mijn eigen reactie")
    Comment.objects.create(thread=thread, author=world.manager, body=OTHERS_SECRET)
    Standpunt.objects.create(advies=advies, schepen=person, text="Mijn standpunt")
    Priority.objects.create(
        advies=advies, schepen=person, level=PriorityLevel.HIGH, motivation="Dringend"
    )
    BundleFactory(created_by=person)
    meeting = MeetingFactory(secretary=world.algemeen_directeur)
    item = AgendaItemFactory(meeting=meeting, order=1, title="Punt")
    Attendance.objects.create(meeting=meeting, member=person, presence="aanwezig")
    Recusal.objects.create(item=item, member=person, recorded_by=person)
    open_vote = VoteFactory(item=item)
    Ballot.objects.create(vote=open_vote, member=person, choice="ja")
    secret_vote = VoteFactory(item=AgendaItemFactory(meeting=meeting, order=2), secret=True)
    SecretBallotMark.objects.create(vote=secret_vote, member=person)
    ItemProposal.objects.create(orgaan=meeting.orgaan, title="Voorstel", proposed_by=person)
    minutes = MinutesFactory()
    MinutesSignature.objects.create(minutes=minutes, signer=person, capacity="voorzitter")
    DecisionFactory(item=AgendaItemFactory(meeting=meeting, order=3), decided_by=person)
    nota = AfsprakennotaFactory(in_discussion=True)
    from afsprakennota.models import Signature

    Signature.objects.create(
        version=nota.versions.first(), signer=person, role=Role.SCHEPEN, content_hash="0" * 64
    )
    ActionFactory(owner=person)
    RealisedSavingFactory(recorded_by=person)
    Notification.objects.create(recipient=person, text="Een melding")
    audit_record(actor=person, action="test.action", target=advies)
    audit_record(actor=world.algemeen_directeur, action="test.about", target=person)
    CalendarFeed.objects.create(user=person)
    from accounts.models import Attempt

    Attempt.objects.create(key=f"sign:{person.pk}")
    from accounts.models import Dienst

    Dienst.objects.filter(pk=world.other_dienst.pk).update(head=person)
    return person


def archive_of(client, user, person=None, reason="Gevraagd per brief van 1 december"):
    from django.test import TestCase

    client.force_login(user)
    data = {"wie": "ik"}
    if person is not None:
        data = {"wie": "ander", "persoon-person": person.pk, "persoon-reason": reason}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("core:personal-data"), data)
    assert response.status_code == 302, response.content[:500]
    export = Export.objects.latest("pk")  # tasks run at once in the tests
    assert export.state == Export.State.READY, export.error
    download = client.get(reverse("core:export-download", args=[export.pk]))
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_every_kind_is_present_and_no_secret_choice(client, schepen_with_everything):
    person = schepen_with_everything
    archive = archive_of(client, person)
    names = set(archive.namelist())
    assert "LEESMIJ.txt" in names
    for part, _rows in PARTS:
        assert {f"{part}.json", f"{part}.csv"} <= names
        rows = json.loads(archive.read(f"{part}.json"))
        assert rows, f"{part} is empty"
        csv_rows = list(
            csv.reader(io.StringIO(archive.read(f"{part}.csv").decode("utf-8-sig")), delimiter=";")
        )
        assert len(csv_rows) == len(rows) + 1  # a header, then a row per record
    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    assert "Mijn eigen reactie" in everything
    assert OTHERS_SECRET not in everything  # others' confidential content: never
    (secret,) = json.loads(archive.read("stemmen_geheim.json"))
    assert secret["gestemd"] is True and secret["keuze"] == "geheim: nergens bewaard"
    (open_ballot,) = json.loads(archive.read("stemmen_open.json"))
    assert open_ballot["stem"] == "ja"
    (account,) = json.loads(archive.read("account.json"))
    assert account["e-mailadres"] == person.email


def test_the_beheerder_makes_anyones_archive_on_request_and_it_is_audited(
    client,
    world,  # noqa: F811
    schepen_with_everything,
):
    beheerder = UserFactory(permissions=["manage_organisation"])
    archive = archive_of(client, beheerder, schepen_with_everything)
    (account,) = json.loads(archive.read("account.json"))
    assert account["e-mailadres"] == schepen_with_everything.email
    # what the person wrote in confidence is theirs to download, not the beheerder's
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8")
    assert "Mijn eigen reactie" not in everything and OTHERS_SECRET not in everything
    entry = AuditEntry.objects.get(action="personal-data.export", actor=beheerder)
    assert entry.object_id == str(schepen_with_everything.pk)
    assert entry.reason == "Gevraagd per brief van 1 december"


def test_the_request_is_required_for_the_beheerder(client, world):  # noqa: F811
    beheerder = UserFactory(permissions=["manage_organisation"])
    client.force_login(beheerder)
    response = client.post(
        reverse("core:personal-data"), {"wie": "ander", "persoon-person": world.schepen.pk}
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Export.objects.exists()


def test_nobody_else_asks_or_downloads_someone_elses(client, world):  # noqa: F811
    client.force_login(world.manager)
    response = client.post(
        reverse("core:personal-data"),
        {"wie": "ander", "persoon-person": world.schepen.pk, "persoon-reason": "x"},
    )
    assert response.status_code == 403
    assert not Export.objects.exists()
    # the schepen's own export is theirs alone
    client.force_login(world.schepen)
    client.post(reverse("core:personal-data"), {"wie": "ik"})
    export = Export.objects.get()
    client.force_login(world.manager)
    assert client.get(reverse("core:export", args=[export.pk])).status_code == 404
    assert client.get(reverse("core:export-download", args=[export.pk])).status_code == 404


def test_a_stale_export_of_a_person_no_longer_managed_fails(client, world):  # noqa: F811
    """The worker checks again: a beheerder who lost the permission gets nothing."""
    from core.exports import build_export, request_export
    from core.personal_data import KIND

    beheerder = UserFactory(permissions=["manage_organisation"])
    export = request_export(
        owner=beheerder,
        kind=KIND,
        params={"person": world.schepen.pk},
        title="x",
        filename="x.zip",
    )
    beheerder.user_permissions.clear()
    from accounts.models import User

    export.owner = User.objects.get(pk=beheerder.pk)
    build_export.call(export.pk)
    export.refresh_from_db()
    assert export.state == Export.State.FAILED and not export.file
