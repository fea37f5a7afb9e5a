"""Demo meetings of the college: one long past with approved and signed minutes, one recent
whose decision list is published and whose minutes wait for approval, and one planned with its
agenda. Runs after `manage.py demo` (accounts.signals.demo_loaded), once."""

import datetime

from django.utils import formats, timezone

from accounts.constants import OrgaanType
from accounts.models import Orgaan, User
from core.audit import audit_record

from . import selectors
from .constants import DecisionOutcome, MeetingState, Presence
from .models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Minutes,
    MinutesSignature,
    Substitute,
)

DOMAIN = "heuvelbeke.example"


def _user(login):
    return User.objects.get(email=f"{login}@{DOMAIN}")


def _meeting(orgaan, when, state, secretary):
    meeting = Meeting.objects.create(  # demo data: created in the state it is in
        orgaan=orgaan,
        starts_at=when,
        place="Schepenzaal, gemeentehuis",
        secretary=secretary,
        state=state,
    )
    audit_record(
        actor=None, action="demo.create", target=meeting, to_state=state, reason="Demogegevens"
    )
    return meeting


def _held(meeting, chair, titles):
    # held for two hours from its start (the public list's start and end, LBLOD)
    meeting.opened_at = meeting.starts_at
    meeting.closed_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.save(update_fields=["opened_at", "closed_at"])
    for member in selectors.members(meeting):
        Attendance.objects.create(meeting=meeting, member=member, presence=Presence.PRESENT)
    for order, (title, public) in enumerate(titles, start=len(meeting.items.all()) + 1):
        item = AgendaItem.objects.create(meeting=meeting, order=order, title=title)
        Decision.objects.create(
            item=item,
            outcome=DecisionOutcome.APPROVED,
            by_consensus=True,
            public_text=public,
            decided_by=chair,
        )


def load(stdout=None):
    college = Orgaan.objects.get(type=OrgaanType.COLLEGE)
    if Meeting.objects.filter(orgaan=college).exists():
        return
    ad, chair = _user("algemeen.directeur"), _user("burgemeester")
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)

    first = _meeting(college, now - datetime.timedelta(days=28), MeetingState.MINUTES_APPROVED, ad)
    _held(
        first,
        chair,
        [
            ("Budgetwijziging 2026", "Goedkeuring van de budgetwijziging 2026."),
            (
                "Subsidie jeugdverenigingen",
                "Toekenning van de werkingssubsidies aan de jeugdverenigingen.",
            ),
        ],
    )
    minutes = Minutes.objects.create(
        meeting=first,
        text=selectors.minutes_draft_text(first),
        drafted_by=ad,
        approved_at=now - datetime.timedelta(days=14),
    )
    MinutesSignature.objects.create(minutes=minutes, signer=chair, capacity="voorzitter")
    MinutesSignature.objects.create(minutes=minutes, signer=ad, capacity="secretaris")
    first.published_at = now - datetime.timedelta(days=25)
    first.save(update_fields=["published_at"])

    second = _meeting(college, now - datetime.timedelta(days=14), MeetingState.CLOSED, ad)
    approval = AgendaItem.objects.create(
        meeting=second,
        order=1,
        is_minutes_item=True,
        subject=first,
        title=f"Goedkeuring van de notulen van de vergadering van "
        f"{formats.date_format(timezone.localtime(first.starts_at), 'DATE_FORMAT')}",
    )
    Decision.objects.create(
        item=approval,
        outcome=DecisionOutcome.APPROVED,
        by_consensus=True,
        decided_by=chair,
        public_text="Goedkeuring van de notulen van de vorige vergadering.",
    )
    _held(
        second,
        chair,
        [
            (
                "Aanpassing parkeerreglement centrum",
                "Aanpassing van het parkeerreglement in het centrum.",
            )
        ],
    )
    Minutes.objects.create(meeting=second, text=selectors.minutes_draft_text(second), drafted_by=ad)
    second.published_at = now - datetime.timedelta(days=10)
    second.save(update_fields=["published_at"])

    # The waarnemend burgemeester for the term, as the functioneel beheerder records it.
    Substitute.objects.create(
        orgaan=college,
        user=_user("schepen.financien"),
        start=timezone.localdate() - datetime.timedelta(days=365),
        note="Aangeduid door de burgemeester bij de start van de legislatuur",
    )
    # planned for today, in the afternoon: a meeting opens on its own day
    # today, still ahead: 14:00, or later when the demo is loaded in the afternoon
    local = timezone.localtime()
    afternoon = max(
        local.replace(hour=14, minute=0, second=0, microsecond=0),
        min(local + datetime.timedelta(minutes=30), local.replace(hour=23, minute=59)),
    ).replace(second=0, microsecond=0)
    planned = _meeting(college, afternoon, MeetingState.PLANNED, ad)
    AgendaItem.objects.create(
        meeting=planned,
        order=1,
        is_minutes_item=True,
        subject=second,
        title=f"Goedkeuring van de notulen van de vergadering van "
        f"{formats.date_format(timezone.localtime(second.starts_at), 'DATE_FORMAT')}",
    )
    AgendaItem.objects.create(
        meeting=planned,
        order=2,
        title="Stand van zaken van de optimalisatie-oefening",
        rapporteur=_user("schepen.financien"),
    )
    if stdout:
        stdout.write("Demo meetings of the college: two held, one planned.")
