"""Mijn werk for meetings: minutes to draft or sign, decision lists overdue for publication
(three queries, each list bounded with its total)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.worklist import WorkItem, WorkList, bounded

from .constants import MeetingState
from .models import Meeting, MinutesSignature
from .services import chaired_by, publication_due


def work_items(user):
    mine = Meeting.objects.filter(secretary=user).order_by("starts_at", "pk")
    today = timezone.localdate()
    all_meetings = reverse("vergaderingen:meeting-list")

    rows, total = bounded(
        mine.filter(state=MeetingState.GESLOTEN, minutes__isnull=True).select_related("orgaan")
    )
    to_draft = WorkList(
        items=[
            WorkItem(
                _("Draft the minutes: %(meeting)s") % {"meeting": meeting},
                reverse("vergaderingen:minutes", args=[meeting.pk]),
            )
            for meeting in rows
        ],
        total=total,
        label=_("meetings whose minutes you still draft"),
        url=all_meetings,
    )

    rows, total = bounded(
        mine.filter(
            Q(state=MeetingState.GESLOTEN) | Q(state=MeetingState.NOTULEN_GOEDGEKEURD),
            published_at__isnull=True,
        ).select_related("orgaan__meeting_rules")
    )
    to_publish = []
    for meeting in rows:
        due = publication_due(meeting)
        title = (
            _("Overdue: publish the decision list of %(meeting)s")
            if due < today
            else _("Publish the decision list of %(meeting)s")
        ) % {"meeting": meeting}
        to_publish.append(
            WorkItem(title, reverse("vergaderingen:minutes", args=[meeting.pk]), due=due)
        )
    to_publish = WorkList(
        items=to_publish,
        total=total,
        label=_("decision lists you still publish"),
        url=all_meetings,
    )

    # The secretary and the chair sign the approved minutes.
    rows, total = bounded(
        Meeting.objects.filter(state=MeetingState.NOTULEN_GOEDGEKEURD)
        .filter(Q(secretary=user) | chaired_by(user))
        .exclude(
            Exists(MinutesSignature.objects.filter(minutes__meeting=OuterRef("pk"), signer=user))
        )
        .select_related("orgaan")
        .order_by("starts_at", "pk")
    )
    to_sign = WorkList(
        items=[
            WorkItem(
                _("Sign the minutes: %(meeting)s") % {"meeting": meeting},
                reverse("vergaderingen:minutes", args=[meeting.pk]),
            )
            for meeting in rows
        ],
        total=total,
        label=_("minutes you still sign"),
        url=all_meetings,
    )
    return [to_draft, to_publish, to_sign]
