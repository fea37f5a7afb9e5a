import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.audit import audit_record, audit_trail
from core.models import AuditEntry
from tests.accounts.factories import DienstFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_audit_row_records_who_what_from_to_and_why():
    user = UserFactory(full_name="An Auditeur")
    dienst = DienstFactory()
    audit_record(
        actor=user, action="test.move", target=dienst, from_state="a", to_state="b", reason="omdat"
    )
    [entry] = audit_trail(dienst)
    assert (
        entry.actor,
        entry.actor_name,
        entry.action,
        entry.from_state,
        entry.to_state,
        entry.reason,
        entry.object_repr,
    ) == (user, "An Auditeur", "test.move", "a", "b", "omdat", dienst.name)


def test_audit_rows_cannot_be_changed_or_deleted():
    entry = audit_record(actor=None, action="test")
    entry.reason = "later aangepast"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_the_audit_keeps_the_name_when_the_person_is_removed():
    user = UserFactory(full_name="Weg Persoon")
    audit_record(actor=user, action="test")
    user.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_name == "Weg Persoon"


def post_import(client, text):
    return client.post(
        reverse("accounts:organisation-import"),
        {"kind": "personen", "file": SimpleUploadedFile("p.csv", text.encode())},
    )


def test_an_import_is_audited_with_who_and_counts(client):
    beheerder = UserFactory(permissions=["manage_organisation"])
    client.force_login(beheerder)
    response = post_import(client, "e-mail,naam\nnieuw@gemeente.example,Nieuw\n")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="organisation.import")
    assert entry.actor == beheerder
    assert entry.data == {"kind": "personen", "created": 1, "updated": 0}


def test_a_refused_import_leaves_no_audit_row_and_keeps_the_choice(client):
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    response = post_import(client, "e-mail,naam\nfout,Fout\n")
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()
    page = response.content.decode()
    assert "Er is niets geïmporteerd" in page
    assert '<option value="personen" selected>' in page


def test_an_import_without_a_file_says_so_in_dutch(client):
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    response = client.post(reverse("accounts:organisation-import"), {"kind": "personen"})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()


def test_an_import_of_the_wrong_file_type_says_so_in_dutch(client):
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    response = client.post(
        reverse("accounts:organisation-import"),
        {"kind": "personen", "file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04")},
    )
    assert response.status_code == 200
    assert "Kies een .csv-bestand" in response.content.decode()
