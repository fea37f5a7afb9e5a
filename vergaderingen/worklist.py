"""Mijn werk for meetings: the meeting of the day (a notice for its members and secretary),
minutes to draft or sign, decision lists overdue for publication (three queries, each list
bounded with its total)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.worklist import Notice, WorkItem, work_list

from . import access
from .constants import PUBLISHING_BODIES, MeetingState, ProposalState
from .models import ItemProposal, Meeting, MinutesSignature
from .selectors import chaired_by, meetings_of_the_day, publication_due


def notices(user) -> list[Notice]:
    """The burgemeester, the schepenen, the members of any body and the secretary see the
    meeting of the day on Mijn werk, with the way to its page."""
    return [
        Notice(
            title=_("Meeting today at %(time)s: %(body)s")
            % {
                "time": formats.time_format(timezone.localtime(meeting.starts_at), "H:i"),
                "body": meeting.orgaan,
            },
            body=format_html('<p class="mb-1">{}</p>', _("The meeting is open."))
            if meeting.state == MeetingState.OPEN
            else "",
            url=reverse("vergaderingen:meeting-detail", args=[meeting.pk]),
            link_label=_("Go to the meeting"),
        )
        for meeting in meetings_of_the_day(user)
    ]


def work_items(user):
    # the meetings the person is (or stood in as) secretary of
    mine = Meeting.objects.filter(
        Q(acting_secretary=user) | Q(secretary=user, acting_secretary__isnull=True)
    ).order_by("starts_at", "pk")
    # the meetings the person chaired (recorded when it opened, else the chair on the day)
    chaired = Q(chaired_by=user) | (Q(chaired_by__isnull=True) & chaired_by(user))
    today = timezone.localdate()
    all_meetings = reverse("vergaderingen:meeting-list")

    def minutes_item(text):
        return lambda meeting: WorkItem(
            text % {"meeting": meeting}, reverse("vergaderingen:minutes", args=[meeting.pk])
        )

    def publish_item(meeting):
        due = publication_due(meeting)
        title = (
            _("Overdue: publish the decision list of %(meeting)s")
            if due < today
            else _("Publish the decision list of %(meeting)s")
        ) % {"meeting": meeting}
        return WorkItem(title, reverse("vergaderingen:minutes", args=[meeting.pk]), due=due)

    to_draft = work_list(
        mine.filter(state=MeetingState.CLOSED, minutes__isnull=True).select_related("orgaan"),
        minutes_item(_("Draft the minutes: %(meeting)s")),
        label=_("meetings whose minutes you still draft"),
        url=all_meetings,
    )
    to_publish = work_list(
        Meeting.objects.filter(chaired)
        .filter(
            orgaan__type__in=PUBLISHING_BODIES,
        )
        .filter(
            Q(state=MeetingState.CLOSED) | Q(state=MeetingState.MINUTES_APPROVED),
            published_at__isnull=True,
        )
        .select_related("orgaan__meeting_rules")
        .order_by("starts_at", "pk"),
        publish_item,
        label=_("decision lists you still publish"),
        url=all_meetings,
    )
    # The secretary and the chair sign the approved minutes.
    to_sign = work_list(
        Meeting.objects.filter(state=MeetingState.MINUTES_APPROVED)
        .filter(
            Q(acting_secretary=user) | Q(secretary=user, acting_secretary__isnull=True) | chaired
        )
        .exclude(
            Exists(MinutesSignature.objects.filter(minutes__meeting=OuterRef("pk"), signer=user))
        )
        .select_related("orgaan")
        .order_by("starts_at", "pk"),
        minutes_item(_("Sign the minutes: %(meeting)s")),
        label=_("minutes you still sign"),
        url=all_meetings,
    )
    # Proposed items wait for whoever prepares the agendas.
    answerable = access.answerable_bodies(user)
    url = reverse("vergaderingen:proposal-list")
    proposals = answerable and work_list(
        ItemProposal.objects.filter(orgaan__in=answerable, state=ProposalState.PROPOSED)
        .select_related("orgaan")
        .order_by("proposed_at", "pk"),
        lambda proposal: WorkItem(
            _("Proposed for %(body)s: %(title)s")
            % {"body": proposal.orgaan, "title": proposal.title},
            url,
        ),
        label=_("proposed items to put on an agenda"),
        url=url,
    )
    return [to_draft, to_publish, to_sign, *([proposals] if answerable else [])]
