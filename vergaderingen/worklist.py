"""Mijn werk for meetings: minutes to draft or sign, decision lists overdue for publication."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.worklist import WorkItem

from .constants import MeetingState
from .models import Meeting
from .services import chair, publication_due


def work_items(user):
    items = []
    mine = Meeting.objects.filter(secretary=user).select_related("orgaan", "minutes")
    today = timezone.localdate()
    for meeting in mine.filter(state=MeetingState.GESLOTEN, minutes__isnull=True)[:20]:
        items.append(
            WorkItem(
                _("Draft the minutes: %(meeting)s") % {"meeting": meeting},
                reverse("vergaderingen:minutes", args=[meeting.pk]),
            )
        )
    for meeting in mine.filter(
        Q(state=MeetingState.GESLOTEN) | Q(state=MeetingState.NOTULEN_GOEDGEKEURD),
        published_at__isnull=True,
    )[:20]:
        due = publication_due(meeting)
        title = (
            _("Overdue: publish the decision list of %(meeting)s")
            if due < today
            else _("Publish the decision list of %(meeting)s")
        ) % {"meeting": meeting}
        items.append(WorkItem(title, reverse("vergaderingen:minutes", args=[meeting.pk]), due=due))
    approved = (
        Meeting.objects.filter(state=MeetingState.NOTULEN_GOEDGEKEURD)
        .select_related("orgaan")
        .prefetch_related("minutes__signatures")[:20]
    )
    for meeting in approved:
        signed = {s.signer_id for s in meeting.minutes.signatures.all()}
        c = chair(meeting) if user.pk != meeting.secretary_id else None
        if user.pk not in signed and (user.pk == meeting.secretary_id or (c and c.pk == user.pk)):
            items.append(
                WorkItem(
                    _("Sign the minutes: %(meeting)s") % {"meeting": meeting},
                    reverse("vergaderingen:minutes", args=[meeting.pk]),
                )
            )
    return items
