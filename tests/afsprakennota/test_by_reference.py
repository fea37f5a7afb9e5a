"""The afsprakennota approved by bodies that decide in the official decision system: the
college and the vast bureau record their approval by reference, the BCSD in its meeting; the
approval is dated by the official decision and follows a corrected date."""

import datetime

from django.urls import reverse
from django.utils import timezone

from afsprakennota.constants import NotaState
from afsprakennota.models import Approval
from tests.afsprakennota.test_lifecycle import decide_in_meeting, nota_for_approval
from vergaderingen import services as meetings
from vergaderingen import subjects
from vergaderingen.constants import DecisionOutcome as D
from vergaderingen.constants import DecisionSystem
from vergaderingen.models import BodySettings

URL = "https://besluiten.gemeente.be/id/besluit/{}"


def record(org, body, nota, number, day):
    return meetings.reference_record(
        orgaan=org[body],
        subject=nota,
        by=org["ad"],
        outcome=D.APPROVED,
        reference_date=day,
        reference_number=number,
        reference_url=URL.format(number),
    )


def test_approval_by_reference_and_in_a_meeting_together(client, org):
    for body in ("college", "vast"):
        BodySettings.objects.create(orgaan=org[body], decides_in=DecisionSystem.OFFICIAL)
    nota = nota_for_approval(org)
    assert nota in subjects.candidates_elsewhere(org["college"])
    day = timezone.localdate()  # a decision is never older than the version it approves
    college = record(org, "college", nota, "CBS-1", day)
    record(org, "vast", nota, "VB-1", day)
    nota.refresh_from_db()
    assert nota.state == NotaState.FOR_APPROVAL  # the BCSD has not approved yet
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    nota.refresh_from_db()
    assert nota.state == NotaState.APPROVED
    approval = Approval.objects.get(orgaan=org["college"])
    assert timezone.localdate(approval.decided_at) == day and approval.decision_id == college.pk

    client.force_login(org["schepenen"][0])
    page = client.get(reverse("afsprakennota:detail", args=[nota.pk])).content.decode()
    assert URL.format("CBS-1") in page and URL.format("VB-1") in page

    # a corrected date moves the approval's date with it
    meetings.reference_correct(
        decision=college,
        by=org["ad"],
        reference_date=day - datetime.timedelta(days=1),
        reference_number="CBS-1",
        reference_url=URL.format("CBS-1"),
        motivation="",
        reason="De vergadering was een dag vroeger.",
    )
    approval.refresh_from_db()
    assert timezone.localdate(approval.decided_at) == day - datetime.timedelta(days=1)


def test_a_reference_older_than_the_version_or_moved_past_a_signature_is_refused(org):
    import pytest
    from django.core.exceptions import ValidationError

    from afsprakennota import services
    from tests.accounts.factories import PASSWORD

    for body in ("college", "vast"):
        BodySettings.objects.create(orgaan=org[body], decides_in=DecisionSystem.OFFICIAL)
    nota = nota_for_approval(org)
    with pytest.raises(ValidationError, match="dateert van"):
        record(org, "college", nota, "CBS-0", timezone.localdate() - datetime.timedelta(days=400))
    day = timezone.localdate()
    college = record(org, "college", nota, "CBS-1", day)
    record(org, "vast", nota, "VB-1", day)
    decide_in_meeting(org, org["bcsd"], nota, D.APPROVED)
    nota.refresh_from_db()
    services.nota_sign(nota=nota, by=org["ad"], password=PASSWORD)
    import time_machine

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=2)),
        pytest.raises(ValidationError, match="vóór die datum ondertekend"),
    ):
        meetings.reference_correct(
            decision=college,
            by=org["ad"],
            reference_date=day + datetime.timedelta(days=1),
            reference_number="CBS-1",
            reference_url=URL.format("CBS-1"),
            motivation="",
            reason="Andere dag",
        )
