"""Reads of meetings: who sits in them, who is present, quorum and tallies, what the meeting
page, the minutes page and the public decision list show. No writes, no permission checks
(those are access.py's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Min, Q
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.constants import Function, OrgaanType
from accounts.roles import mandates_of, roles_of
from core.links import Slot, url_pattern

from . import rules, subjects
from .constants import (
    CHAIR_FUNCTION,
    MINUTES_MAX_LENGTH,
    MOTIVATION_MAX_LENGTH,
    PUBLIC_TEXT_MAX_LENGTH,
    PUBLISHING_BODIES,
    BallotChoice,
    DecisionOutcome,
    MeetingState,
    Presence,
    VoteState,
)
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    BodySettings,
    Decision,
    Meeting,
    Minutes,
    Recusal,
    SecretBallotMark,
    Vote,
)

# --- who sits in a meeting ------------------------------------------------------------------------


def _mandates(meeting: Meeting):
    """The body's mandates in force on the meeting date, read once per meeting object: a
    request asks for the members, the chair and the person's rights several times (one query,
    not five). Whatever the state of the people's accounts: a schepen whose account was
    switched off still holds the seat, and counts for the quorum (as absent)."""
    from accounts.models import Mandate

    key = (OrgaanType(meeting.orgaan.type), timezone.localdate(meeting.starts_at))
    cached = meeting.__dict__.get("_mandates_cache")
    if cached is None or cached[0] != key:
        function_order = {f: i for i, f in enumerate(Function.values)}
        mandates = sorted(
            Mandate.objects.active_on(key[1])
            .filter(orgaan__type=key[0])
            .select_related("user", "orgaan")
            .order_by("user__full_name"),
            key=lambda m: function_order[m.function],
        )
        cached = meeting.__dict__["_mandates_cache"] = (key, mandates)
    return cached[1]


def members(meeting: Meeting) -> list:
    """The body's members on the meeting date, as the mandates say (chair first)."""
    return [m.user for m in _mandates(meeting)]


def chair(meeting: Meeting):
    """Who holds the chair on the meeting's day (the burgemeester for the college)."""
    function = CHAIR_FUNCTION.get(meeting.orgaan.type, Function.VOORZITTER)
    return next((m.user for m in _mandates(meeting) if m.function == function), None)


def substitute(meeting: Meeting):
    """Who stands in for the chair on the meeting's day (the waarnemend burgemeester), if
    one is designated and sits in the body that day; read once per meeting object."""
    if "_substitute_cache" not in meeting.__dict__:
        from .models import Substitute

        day = timezone.localdate(meeting.starts_at)
        designated = (
            Substitute.objects.filter(orgaan__type=meeting.orgaan.type, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .order_by("-start", "-pk")
            .values_list("user_id", flat=True)
            .first()
        )
        meeting.__dict__["_substitute_cache"] = next(
            (u for u in members(meeting) if u.pk == designated), None
        )
    return meeting.__dict__["_substitute_cache"]


def acting_chair(
    meeting: Meeting, present: set[int], recused: set[int] | frozenset[int] = frozenset()
):
    """Who leads an item: the chair when present for it and not recused, else the substitute
    when they are; None when neither can (then nothing is voted on or decided)."""
    for candidate in (chair(meeting), substitute(meeting)):
        if candidate is not None and candidate.pk in present and candidate.pk not in recused:
            return candidate
    return None


def registered_present(meeting: Meeting, attendance=None) -> set[int]:
    """Members registered present at the meeting (whatever item they arrived at)."""
    if attendance is None:
        attendance = meeting.attendance.all()
    return {a.member_id for a in attendance if a.presence == Presence.PRESENT}


def meeting_chair(meeting: Meeting, attendance=None):
    """Who chairs (chaired) the meeting as a whole and signs its minutes: as recorded when it
    opened, else the chair or, when absent, the substitute."""
    if meeting.chaired_by_id:
        return next(
            (u for u in members(meeting) if u.pk == meeting.chaired_by_id), meeting.chaired_by
        )
    return acting_chair(meeting, registered_present(meeting, attendance)) or chair(meeting)


def chaired_by(user) -> Q:
    """chair() the other way round: a filter on meetings, true for those the person chaired
    (held the chair function of the body's type on the meeting's day). No query of its own
    beyond the person's mandates (mandates_of, read with the roles); the filter compares
    dates, no subquery per meeting."""
    chaired = Q(pk__in=[])
    if not user.is_active:
        return chaired
    for mandate in mandates_of(user):
        orgaan_type = mandate.orgaan.type
        if mandate.function != CHAIR_FUNCTION.get(orgaan_type, Function.VOORZITTER):
            continue
        during = Q(orgaan__type=orgaan_type, starts_at__gte=_day_start(mandate.start))
        if mandate.end is not None:
            during &= Q(starts_at__lt=_day_start(mandate.end + datetime.timedelta(days=1)))
        chaired |= during
    return chaired


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a local day, as the aware datetime meetings are stored in."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def meetings_of_the_day(user, day: datetime.date | None = None) -> list[Meeting]:
    """The meetings on `day` (today) that a person sits in as a member of the body or as its
    secretary, not closed yet, in the order they start (a day holds a few: at most ten)."""
    day = day or timezone.localdate()
    bodies = {held.orgaan.pk for held in roles_of(user, day) if held.orgaan}
    return list(
        Meeting.objects.filter(Q(orgaan__in=bodies) | Q(secretary=user))
        .filter(
            starts_at__gte=_day_start(day),
            starts_at__lt=_day_start(day + datetime.timedelta(days=1)),
            state__in=[MeetingState.PLANNED, MeetingState.AGENDA_FIXED, MeetingState.OPEN],
        )
        .select_related("orgaan")
        .order_by("starts_at", "pk")[:10]
    )


def possible_secretaries():
    """The algemeen directeur secretaries the college's meetings; the adjunct stands in."""
    from accounts.models import Mandate, User

    ids = (
        Mandate.objects.active_on(timezone.localdate())
        .filter(
            orgaan__type=OrgaanType.MANAGEMENTTEAM,
            function__in=[Function.ALGEMEEN_DIRECTEUR, Function.ADJUNCT_ALGEMEEN_DIRECTEUR],
        )
        .values("user")
    )
    return User.objects.filter(pk__in=ids, is_active=True)


# --- presence, quorum and votes on an item --------------------------------------------------------


def present_for(item: AgendaItem, attendance=None) -> set[int]:
    """Member ids present for this item, taking late arrival and early leaving into account.
    Pass the meeting's attendance (with arrived_before/left_after) to avoid a query."""
    if attendance is None:
        attendance = item.meeting.attendance.select_related("arrived_before", "left_after")
    present = set()
    for a in attendance:
        if a.presence != Presence.PRESENT:
            continue
        if a.arrived_before and a.arrived_before.order > item.order:
            continue
        if a.left_after and a.left_after.order < item.order:
            continue
        present.add(a.member_id)
    return present


def recused_ids(item: AgendaItem) -> set[int]:
    return set(item.recusals.values_list("member_id", flat=True))


def quorum(item: AgendaItem, *, member_ids=None, attendance=None, recused=None) -> bool:
    """Quorum for one item; the meeting page passes what it loaded once for all items."""
    in_office = member_ids if member_ids is not None else {u.pk for u in members(item.meeting)}
    present = present_for(item, attendance) & in_office
    recused = (recused if recused is not None else recused_ids(item)) & in_office
    return rules.has_quorum(
        in_office=len(in_office),
        present=len(present),
        recused_present=len(recused & present),
        recused_in_office=len(recused),
    )


def turnout(vote: Vote) -> tuple[int, int]:
    """How many have voted, and how many members may vote on the item (present, not
    recused): what the chair reads before closing the vote."""
    item = vote.item
    eligible = present_for(item) & {m.pk for m in members(item.meeting)}
    cast = vote.voted_marks.count() if vote.secret else tally(vote).cast
    return cast, len(eligible - recused_ids(item))


def undecided_items(meeting: Meeting) -> list[AgendaItem]:
    """The items of a meeting without a decision (closing the meeting leaves them so)."""
    return list(meeting.items.filter(decision__isnull=True).order_by("order"))


def latest_vote(item: AgendaItem) -> Vote | None:
    return item.votes.order_by("-opened_at").first()


def tally(vote: Vote, *, choices=None) -> rules.Tally:
    """The counts of a vote: kept on the vote when secret, else counted from the ballots'
    choices (read here, or passed by the meeting page, which reads them for all its votes)."""
    if vote.secret:
        return rules.Tally(vote.ja, vote.nee, vote.onthouding)
    counts = dict.fromkeys(BallotChoice.values, 0)
    if choices is None:
        choices = vote.ballots.values_list("choice", flat=True)
    for choice in choices:
        counts[choice] += 1
    return rules.Tally(counts["ja"], counts["nee"], counts["onthouding"])


def tally_context(
    vote: Vote, voted: int | None = None, choices=None, *, asked: tuple[str, str] | None = None
) -> dict[str, Any]:
    """A secret vote shows only how many have voted until it closes: watching counts change
    would reveal who voted what. The meeting page passes the counts it loaded for all votes
    at once (how many voted secretly, the choices of an open vote). `poll` says when the page
    asks again (tally_poll); `asked` is what the page's last question said (its query)."""
    hide = vote.secret and vote.state == VoteState.OPEN
    shown = None if hide else tally(vote, choices=choices)
    voted = (voted if voted is not None else vote.voted_marks.count()) if vote.secret else None
    return {
        "vote": vote,
        "tally": shown,
        "voted": voted,
        "poll": tally_poll(vote, _shown_key(shown, voted), asked),
    }


def _shown_key(shown: rules.Tally | None, voted: int | None) -> str:
    """What a tally shows, in short: "2.1.0" (yes, no, abstention) or "-3" (3 voted)."""
    return f"{shown.ja}.{shown.nee}.{shown.onthouding}" if shown else f"-{voted or 0}"


# A page showing an open vote's tally asks again after POLL_FIRST seconds; while nothing
# changes, each time twice as long, up to POLL_LONGEST: a page left open in a background tab
# during a long vote asks ever less often. A closed vote is asked about no more.
POLL_FIRST, POLL_LONGEST = 2, 16


def tally_poll(vote: Vote, shown: str, asked: tuple[str, str] | None = None) -> dict | None:
    """When the page asks again and what it tells then (`gezien`: what it showed, `wacht`:
    how long it waited), or None once the vote is closed. `asked` is the last question's
    (gezien, wacht), as posted: anything unexpected counts as a first question."""
    if vote.state != VoteState.OPEN:
        return None
    seconds = POLL_FIRST
    if asked is not None and asked[0] == shown and asked[1].isascii() and asked[1].isdigit():
        seconds = max(POLL_FIRST, min(2 * int(asked[1][:3]), POLL_LONGEST))
    return {"seconds": seconds, "query": urlencode({"gezien": shown, "wacht": str(seconds)})}


def quorum_numbers(
    item: AgendaItem, *, member_ids=None, attendance=None, recused=None
) -> tuple[int, int, int]:
    """(present, may take part, needed) for an item: "4 van 7 aanwezig, 4 nodig"."""
    in_office = member_ids if member_ids is not None else {u.pk for u in members(item.meeting)}
    recused = (recused if recused is not None else recused_ids(item)) & in_office
    eligible = in_office - recused
    present = present_for(item, attendance) & eligible
    return len(present), len(eligible), len(eligible) // 2 + 1


def next_order(meeting: Meeting) -> int:
    last = meeting.items.order_by("-order").first()
    return (last.order if last else 0) + 1


LIVE_STATES = (MeetingState.PLANNED, MeetingState.AGENDA_FIXED, MeetingState.OPEN)


def minutes_item_title(meeting: Meeting) -> str:
    return _("Approval of the minutes of the meeting of %(date)s") % {
        "date": formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    }


def minutes_on_agenda(meeting: Meeting) -> Meeting | None:
    """The meeting whose agenda holds these minutes for approval, not decided yet."""
    item = (
        AgendaItem.objects.filter(
            subject_type=ContentType.objects.get_for_model(Meeting),
            subject_id=str(meeting.pk),
            decision__isnull=True,
            meeting__state__in=[MeetingState.AGENDA_FIXED, MeetingState.OPEN],
        )
        .select_related("meeting__orgaan")
        .first()
    )
    return item.meeting if item else None


def minutes_candidates(orgaan) -> list[Meeting]:
    """Meetings of the body whose minutes are drafted and not approved: their approval waits
    for an agenda (a postponed approval comes back so)."""
    return list(
        Meeting.objects.filter(orgaan=orgaan, state=MeetingState.CLOSED, minutes__isnull=False)
        .select_related("orgaan")
        .order_by("starts_at")[:20]
    )


def proposal_candidates(orgaan) -> list:
    from .constants import ProposalState
    from .models import ItemProposal

    return list(
        ItemProposal.objects.filter(orgaan=orgaan, state=ProposalState.PROPOSED).order_by(
            "proposed_at"
        )[:50]
    )


def postponed_candidates(orgaan) -> list[AgendaItem]:
    """Free items (and items carried before) the body postponed, not yet carried to a later
    agenda. Minutes, proposals and other apps' subjects come back through their own kind."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    own = ContentType.objects.get_for_model(AgendaItem)
    carried = AgendaItem.objects.filter(
        subject_type=own, subject_id=Cast(OuterRef("pk"), CharField())
    )
    return list(
        AgendaItem.objects.filter(
            meeting__orgaan=orgaan, decision__outcome=DecisionOutcome.POSTPONED
        )
        .filter(Q(subject_type__isnull=True) | Q(subject_type=own))
        .exclude(Exists(carried))
        .order_by("meeting__starts_at", "order")[:50]
    )


def agenda_makers(orgaan) -> list:
    """Who prepares a body's agendas: the algemeen directeur and the secretaries of its
    planned meetings."""
    from accounts.models import Mandate, User

    ids = set(
        Mandate.objects.active_on(timezone.localdate())
        .filter(orgaan__type=OrgaanType.MANAGEMENTTEAM, function=Function.ALGEMEEN_DIRECTEUR)
        .values_list("user", flat=True)
    ) | set(
        Meeting.objects.filter(orgaan=orgaan, state=MeetingState.PLANNED).values_list(
            "secretary", flat=True
        )
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def live_token(meeting: Meeting) -> str:
    """A short fingerprint of what a meeting's page shows that others change: its state, the
    attendance, the items, the votes opening and closing, the recusals and the decisions. The
    page asks for it every few seconds and reloads when it changed (six queries, however big
    the meeting)."""
    fresh = Meeting.objects.filter(pk=meeting.pk).values_list(
        "state", "chaired_by", "acting_secretary", "starts_at", "published_at"
    )
    # the ballots are not in it: an open vote's tally follows them on its own (tally_poll),
    # and a page reloading at every ballot would disturb whoever is about to vote
    votes = Vote.objects.filter(item__meeting=meeting).order_by("pk").values_list("pk", "state")
    parts = [
        list(fresh),
        list(
            meeting.attendance.order_by("member").values_list(
                "member", "presence", "arrived_before", "left_after"
            )
        ),
        list(meeting.items.order_by("order").values_list("pk", "concerns_person")),
        list(votes),
        list(
            Recusal.objects.filter(item__meeting=meeting)
            .order_by("item", "member")
            .values_list("item", "member")
        ),
        list(
            Decision.objects.filter(item__meeting=meeting)
            .order_by("item")
            .values_list("item", "outcome")
        ),
    ]
    return _token(parts)


def _token(parts) -> str:
    import hashlib

    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _live_token_of(meeting: Meeting, loaded, attendance_rows) -> str:
    """live_token from what the meeting page loaded anyway: the same parts in the same order
    (a test holds the two together), six queries fewer."""
    parts = [
        [
            (
                meeting.state,
                meeting.chaired_by_id,
                meeting.acting_secretary_id,
                meeting.starts_at,
                meeting.published_at,
            )
        ],
        sorted(
            (a.member_id, a.presence, a.arrived_before_id, a.left_after_id) for a in attendance_rows
        ),
        [(i.pk, i.concerns_person) for i in sorted(loaded.items, key=lambda i: (i.order, i.pk))],
        sorted(loaded.vote_states),
        sorted(
            (item_id, member_id)
            for item_id, members in loaded.recusals.items()
            for member_id in members
        ),
        sorted((i.pk, i.decision.outcome) for i in loaded.items if getattr(i, "decision", None)),
    ]
    return _token(parts)


# --- the meeting page -----------------------------------------------------------------------------

# the URLs of what can be done on an agenda item: (URL name, arguments after the item)
ITEM_ACTIONS = {
    "recusal": ("recusal", ()),
    "recusal_withdraw": ("recusal-withdraw", ()),
    "person": ("item-person", ()),
    "ballot": ("ballot", ()),
    "vote_open": ("vote-open", ()),
    "vote_close": ("vote-close", ()),
    "decision": ("decision", ()),
    "tally": ("tally", ()),
    "move_up": ("agenda-move", ("omhoog",)),
    "move_down": ("agenda-move", ("omlaag",)),
}


def _item_urls(meeting, items) -> dict[int, dict[str, str]]:
    """Each agenda item's action URLs, one reverse() per action instead of one per item and
    action: the chair's page has three forms on each of its 40 items."""
    patterns = {
        key: url_pattern(f"vergaderingen:{name}", meeting.pk, Slot("item"), *extra)
        for key, (name, extra) in ITEM_ACTIONS.items()
    }
    return {
        item.pk: {key: pattern.format(item=item.pk) for key, pattern in patterns.items()}
        for item in items
    }


@dataclass
class _Loaded:
    """What the 40 items of a busy agenda need, one query each whatever their number, grouped
    by item (cheaper than prefetching into every item), and read as values where the page
    only shows them: the rapporteur's and the recused members' names, the ballots."""

    items: list
    latest_vote: dict = field(default_factory=dict)
    vote_states: list = field(default_factory=list)  # (vote id, state) of every vote
    recusals: dict = field(default_factory=dict)  # item id -> {member id: name}
    ballots: dict = field(default_factory=dict)  # vote id -> [(member id, choice)]
    secret_voters: dict = field(default_factory=dict)  # vote id -> {member id}
    removed_ballots: dict = field(default_factory=dict)  # item id -> ballots taken out

    @classmethod
    def of(cls, meeting: Meeting) -> _Loaded:
        loaded = cls(
            items=list(
                meeting.items.select_related("decision__vote").annotate(
                    rapporteur_name=F("rapporteur__full_name")
                )
            )
        )
        for vote in Vote.objects.filter(item__meeting=meeting).order_by("-opened_at", "-pk"):
            loaded.latest_vote.setdefault(vote.item_id, vote)
            loaded.vote_states.append((vote.pk, vote.state))
        for item_id, member_id, name, removed in (
            Recusal.objects.filter(item__meeting=meeting)
            .order_by("member__full_name")
            .values_list("item_id", "member_id", "member__full_name", "ballot_removed")
        ):
            loaded.recusals.setdefault(item_id, {})[member_id] = name
            if removed:
                loaded.removed_ballots[item_id] = loaded.removed_ballots.get(item_id, 0) + 1
        for vote_id, member_id, choice in Ballot.objects.filter(
            vote__item__meeting=meeting
        ).values_list("vote_id", "member_id", "choice"):
            loaded.ballots.setdefault(vote_id, []).append((member_id, choice))
        for vote_id, member_id in SecretBallotMark.objects.filter(
            vote__item__meeting=meeting
        ).values_list("vote_id", "member_id"):
            loaded.secret_voters.setdefault(vote_id, set()).add(member_id)
        return loaded


def _item_row(
    item, loaded: _Loaded, *, rights, urls, subject, attendance, member_ids, is_open
) -> dict:
    """One agenda item as the page shows it to the person whose `rights` these are."""
    vote = loaded.latest_vote.get(item.pk)
    annulled = vote is not None and vote.state == VoteState.ANNULLED
    if annulled:  # an annulled secret vote is held again: the item is as before a vote
        vote = None
    recused_names = loaded.recusals.get(item.pk, {})
    recused = set(recused_names)
    kind = subjects.subject_type(subject) if subject is not None else None
    present = present_for(item, attendance)
    acting = acting_chair(rights.meeting, present, recused) if is_open else None
    numbers = (
        quorum_numbers(item, member_ids=member_ids, attendance=attendance, recused=recused)
        if is_open
        else None
    )
    row = {
        "item": item,
        "urls": urls,
        "subject_url": kind.url(subject) if kind and kind.url else "",
        "vote": vote,
        "annulled": annulled,
        "open_vote": None,
        "recused": list(recused_names.values()),
        "recused_members": list(recused_names.items()),
        "i_am_recused": rights.user.pk in recused,
        "decision": getattr(item, "decision", None),
        "quorum": numbers[1] > 0 and numbers[0] >= numbers[2] if numbers else None,
        "quorum_numbers": numbers,
        "acting_chair": acting,
        "i_lead": acting is not None and acting.pk == rights.user.pk,
        "my_ballot": None,
        "may_vote": False,
        "sees_tally": rights.sees_tally(vote, recused),
        "i_voted_secretly": False,
        "turnout": None,
        "removed_ballots": loaded.removed_ballots.get(item.pk, 0),
    }
    if vote is not None:
        cast = loaded.ballots.get(vote.pk, [])
        voted = loaded.secret_voters.get(vote.pk, set())
        row.update(
            open_vote=vote if vote.state == VoteState.OPEN else None,
            my_ballot=next((c for member_id, c in cast if member_id == rights.user.pk), None),
            may_vote=rights.may_vote(vote, present=present, recused=recused),
            tally_context=tally_context(vote, len(voted), [choice for _m, choice in cast]),
            i_voted_secretly=vote.secret and rights.user.pk in voted,
            turnout=(
                len(voted) if vote.secret else len(cast),
                len((present & member_ids) - recused),
            ),
        )
    return row


def _candidates(meeting: Meeting, items) -> list[tuple[int, Any, str]]:
    """What is ready for this body's agenda and not on an agenda yet, with its content type
    and the title its item gets."""
    on_agenda = set(
        AgendaItem.objects.filter(
            meeting__orgaan=meeting.orgaan,
            meeting__state__in=LIVE_STATES,
            decision__isnull=True,
            subject_type__isnull=False,
        ).values_list("subject_type_id", "subject_id")
    ) | {(i.subject_type_id, i.subject_id) for i in items}
    found = subjects.candidates_for(meeting.orgaan)
    typed = [(ContentType.objects.get_for_model(c).pk, c) for c in found]
    result = []
    for ct, c in typed:
        kind = subjects.subject_type(c)
        if kind is not None and (ct, str(c.pk)) not in on_agenda:
            result.append((ct, c, kind.title(c)))
    return result


def meeting_page(meeting: Meeting, rights) -> dict[str, Any]:
    """What the meeting page shows to the person whose `rights` (access.meeting_rights) these
    are: the agenda with each item's vote, tally, recusals and decision, the attendance and,
    for whoever builds the agenda, the candidates. A fixed number of queries."""
    loaded = _Loaded.of(meeting)
    items = loaded.items
    loaded_subjects = subjects.load_for(items)
    attendance_rows = list(meeting.attendance.select_related("arrived_before", "left_after"))
    attendance = {a.member_id: a for a in attendance_rows}
    member_ids = {m.pk for m in rights.members}
    urls = _item_urls(meeting, items)
    registered = registered_present(meeting, attendance_rows)
    return {
        "meeting": meeting,
        "rows": [
            _item_row(
                item,
                loaded,
                rights=rights,
                urls=urls[item.pk],
                subject=loaded_subjects.get(item.pk),
                attendance=attendance_rows,
                member_ids=member_ids,
                is_open=meeting.state == MeetingState.OPEN,
            )
            for item in items
        ],
        "members": [(m, attendance.get(m.pk)) for m in rights.members],
        # the choices of each item's "leaves the room" select, once for all items
        "present_member_choices": [
            (m.pk, m.full_name) for m in rights.members if m.pk in registered
        ],
        "candidates": _candidates(meeting, items) if rights.preparing else [],
        "live_token": (
            _live_token_of(meeting, loaded, attendance_rows) if meeting.state in LIVE_STATES else ""
        ),
        "outcome_choices": [(value, capfirst(label)) for value, label in DecisionOutcome.choices],
        "presence_choices": [
            ("", _("not registered")),
            *((value, capfirst(label)) for value, label in Presence.choices),
        ],
        "am_present": any(
            a.member_id == rights.user.pk and a.presence == Presence.PRESENT
            for a in attendance_rows
        ),
        # the attendance table's two lists of items, once for all members
        "arrival_choices": [(i.pk, _("arrived at item %(n)s") % {"n": i.order}) for i in items],
        "leaving_choices": [(i.pk, _("left after item %(n)s") % {"n": i.order}) for i in items],
        "motivation_max_length": MOTIVATION_MAX_LENGTH,
    }


# --- minutes and the decision list of a meeting ---------------------------------------------------


def minutes_draft_text(meeting: Meeting) -> str:
    """The minutes prefilled from attendance, recusals and, per item, the decision, its
    motivation and the vote result (counts only for a secret vote)."""
    lines = [
        _("Minutes of the meeting of %(body)s of %(date)s, %(place)s.")
        % {
            "body": meeting.orgaan,
            "date": formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
            "place": meeting.place,
        },
    ]
    chaired = meeting_chair(meeting)
    if chaired is not None:
        lines.append(_("Chair: %(name)s.") % {"name": chaired.full_name})
    lines.append(_("Secretary: %(name)s.") % {"name": meeting.secretary_in_office.full_name})
    lines.append("")
    by_presence: dict[str, list[str]] = {}
    partly = []
    for a in Attendance.objects.filter(meeting=meeting).select_related(
        "member", "arrived_before", "left_after"
    ):
        by_presence.setdefault(a.get_presence_display(), []).append(a.member.full_name)
        if a.arrived_before:
            partly.append(
                _("%(name)s arrived at item %(n)d.")
                % {"name": a.member.full_name, "n": a.arrived_before.order}
            )
        if a.left_after:
            partly.append(
                _("%(name)s left after item %(n)d.")
                % {"name": a.member.full_name, "n": a.left_after.order}
            )
    for label, names in sorted(by_presence.items()):
        lines.append(f"{str(label).capitalize()}: {', '.join(sorted(names))}.")
    lines.extend(partly)
    lines.append("")
    for item in meeting.items.select_related("decision__vote").prefetch_related("recusals__member"):
        lines.append(f"{item.order}. {item.title}")
        if item.urgent:
            lines.append(
                "   " + _("Urgent item added to the agenda: %(reason)s") % {"reason": item.urgency}
            )
        for recusal in item.recusals.all():
            lines.append(
                "   "
                + _("%(name)s left the meeting for this item (conflict of interest).")
                % {"name": recusal.member.full_name}
            )
        lines.extend("   " + line for line in _decision_lines(getattr(item, "decision", None)))
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _decision_lines(decision) -> list[str]:
    """An item's decision in the minutes: the outcome with the vote or consensus, and the
    motivation."""
    if decision is None:
        return [_("No decision.")]
    result = decision.get_outcome_display()
    if decision.vote:
        v = decision.vote
        result += " " + (
            _("(secret vote: yes %(ja)d, no %(nee)d, abstention %(onthouding)d)")
            if v.secret
            else _("(vote: yes %(ja)d, no %(nee)d, abstention %(onthouding)d)")
        ) % {"ja": v.ja, "nee": v.nee, "onthouding": v.onthouding}
    else:
        result += " " + _("(by consensus)")
    lines = [_("Decision: %(result)s") % {"result": result}]
    if decision.motivation:
        lines.append(_("Motivation: %(text)s") % {"text": decision.motivation})
    return lines


def minutes_page(
    meeting: Meeting,
    *,
    drafting: bool,
    text: str | None = None,
    public_texts: dict[int, str] | None = None,
) -> dict[str, Any]:
    """What the minutes page reads: the minutes and their signatures, the text in the form
    (`text` as posted, else the minutes', else for the secretary a prefilled draft), the
    decisions with the public text in the form for each (as posted in `public_texts`, else
    proposed), and the publication deadline."""
    minutes = Minutes.objects.filter(meeting=meeting).prefetch_related("signatures__signer").first()
    known = known_names()
    if text is None:
        text = minutes.text if minutes else ""
    decisions = (
        Decision.objects.filter(item__meeting=meeting)
        .select_related("item", "vote")
        .order_by("item__order")
    )
    return {
        "meeting": meeting,
        "minutes": minutes,
        "signed": {s.capacity: s for s in minutes.signatures.all()} if minutes else {},
        "draft": text or (minutes_draft_text(meeting) if drafting else ""),
        "decisions": [
            (d, line, names_in(line, known))
            for d in decisions
            for line in [(public_texts or {}).get(d.pk, suggested_public_text(d))]
        ],
        "publication_due": publication_due(meeting),
        "max_length": {"minutes": MINUTES_MAX_LENGTH, "public_text": PUBLIC_TEXT_MAX_LENGTH},
    }


def publication_due(meeting: Meeting) -> datetime.date:
    """The last day to publish the decision list (the body's setting, default 10 days)."""
    days = BodySettings.for_orgaan(meeting.orgaan).publication_days
    return timezone.localdate(meeting.starts_at) + datetime.timedelta(days=days)


def public_line(decision) -> str:
    """A decision as the public decision list shows it: the secretary's public text, never
    the item's own title (it may name people)."""
    return public_text_or_placeholder(decision.public_text, decision.item.concerns_person)


def public_text_or_placeholder(public_text: str, concerns_person: bool) -> str:
    """public_line from the two columns it reads (the public list reads no more)."""
    if public_text:
        return public_text
    if concerns_person:
        return _("Decision on an individual staff matter.")
    return _("Decision (description to follow).")


def suggested_public_text(decision) -> str:
    """What the publish form proposes: a neutral short description without names (an item's
    title may name people: "Omgevingsvergunning Jan Peeters, Dorpsstraat 5")."""
    if decision.public_text:
        return decision.public_text
    item = decision.item
    if item.concerns_person:
        what = _("an individual staff matter")
    elif item.is_minutes_item:
        what = _("the minutes of a previous meeting")
    elif item.subject_type_id:
        model = ContentType.objects.get_for_id(item.subject_type_id).model_class()
        what = (
            str(model._meta.verbose_name) if model else _("agenda item %(n)s") % {"n": item.order}
        )
    else:
        what = _("agenda item %(n)s") % {"n": item.order}
    return _("Decision on %(what)s: %(outcome)s.") % {
        "what": what,
        "outcome": decision.get_outcome_display(),
    }


def known_names() -> list[str]:
    """The names of the people the app knows (its users), to warn when a public text holds
    one: one query, a few hundred names."""
    from accounts.models import User

    return [n for n in User.objects.values_list("full_name", flat=True) if n]


def names_in(text: str, known: list[str]) -> list[str]:
    """The known people a text names: by full name, or by a surname of four letters or more
    standing as a word with a capital."""
    import re

    found = []
    lowered = text.casefold()
    for name in known:
        parts = name.split()
        surname = parts[-1] if len(parts) > 1 else ""
        if name.casefold() in lowered or (
            len(surname) >= 4 and re.search(rf"\b{re.escape(surname)}\b", text)
        ):
            found.append(name)
    return sorted(set(found))


# --- the public decision list: only what may be published, a page at a time ----------------------


class PublicDecision(NamedTuple):
    """A decision as the public sees it: its number on the agenda, the public text and the
    outcome. Never the item's title or the people involved. `item` and `pk` make its linked
    data addresses (lblod)."""

    order: int
    text: str
    outcome: str
    item: int = 0
    pk: int = 0


@dataclass
class PublicMeeting:
    """A meeting on the public list: its body, its date and its public decisions, with what
    the linked-data markup names (LBLOD): when it was opened and closed, the body's address."""

    pk: int
    body: str
    starts_at: object
    decisions: list[PublicDecision] = field(default_factory=list)
    opened_at: object = None
    closed_at: object = None
    body_uri: str = ""


def published_meetings(*, year: int | None = None):
    """The meetings whose decision list is published (college and vast bureau), newest first."""
    meetings = Meeting.objects.filter(
        published_at__isnull=False, orgaan__type__in=PUBLISHING_BODIES
    ).select_related("orgaan")
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    return meetings.order_by("-starts_at", "-pk")


@dataclass(frozen=True)
class Publications:
    """What the pages of the public list count: the years to choose from (newest first), how
    many meetings published their list, and how many of them in the year asked about."""

    years: list[int]
    total: int
    in_year: int


def publications(*, year: int | None = None) -> Publications:
    """One aggregate, whatever the number of meetings: the first and last year and the counts.
    The years in between are offered even in the rare year without a published list."""
    in_year = {"in_year": Count("pk", filter=Q(starts_at__year=year))} if year else {}
    found = published_meetings().aggregate(
        first=Min("starts_at"), last=Max("starts_at"), total=Count("pk"), **in_year
    )
    if not found["total"]:
        return Publications(years=[], total=0, in_year=0)
    first, last = (timezone.localtime(found[key]).year for key in ("first", "last"))
    return Publications(
        years=list(range(last, first - 1, -1)),
        total=found["total"],
        in_year=found.get("in_year", 0),
    )


def public_meetings(meetings) -> list[PublicMeeting]:
    """The meetings of a queryset (a page of published_meetings(), or one meeting) with their
    decisions in agenda order, in one query that reads only what the public may see (and
    whether an item concerns a person, to say so when its public text is missing)."""
    from . import lblod

    outcomes = {value: str(label) for value, label in DecisionOutcome.choices}
    rows = (
        Meeting.objects.filter(pk__in=meetings.values("pk"))
        .order_by("-starts_at", "-pk", "items__order")
        .values_list(
            "pk",
            "orgaan__name",
            "starts_at",
            "items__order",
            "items__concerns_person",
            "items__decision__public_text",
            "items__decision__outcome",
            "opened_at",
            "closed_at",
            "orgaan_id",
            "orgaan__meeting_rules__lblod_uri",
            "items__pk",
            "items__decision__pk",
        )
    )
    found: dict[int, PublicMeeting] = {}
    for (
        pk,
        body,
        starts_at,
        order,
        concerns_person,
        public_text,
        outcome,
        opened_at,
        closed_at,
        orgaan_id,
        body_uri,
        item_pk,
        decision_pk,
    ) in rows:
        meeting = found.get(pk)
        if meeting is None:
            meeting = found[pk] = PublicMeeting(
                pk=pk,
                body=body,
                starts_at=starts_at,
                opened_at=opened_at,
                closed_at=closed_at,
                body_uri=body_uri or lblod.uri("bestuursorganen", orgaan_id),
            )
        if outcome is not None:  # an item without a decision is not on the list
            meeting.decisions.append(
                PublicDecision(
                    order=order,
                    text=public_text_or_placeholder(public_text, concerns_person),
                    outcome=outcomes.get(outcome, outcome),
                    item=item_pk,
                    pk=decision_pk,
                )
            )
    return list(found.values())


def references_for(*objects) -> list:
    """The decisions recorded by reference (taken in the official decision system) on these
    subjects, newest first, with their body: one query, none without subjects."""
    from django.contrib.contenttypes.models import ContentType

    query = Q()
    for obj in objects:
        if obj is not None:
            query |= Q(subject_type=ContentType.objects.get_for_model(obj), subject_id=str(obj.pk))
    if not query:
        return []
    return list(
        Decision.objects.filter(query, item__isnull=True)
        .select_related("orgaan")
        .order_by("-reference_date", "-pk")
    )


def official_lists() -> list[tuple[str, str]]:
    """(name, address) of each publishing body that decides in the official decision system:
    its decision list is the official one (the address may be empty)."""
    from .constants import DecisionSystem

    return list(
        BodySettings.objects.filter(
            orgaan__type__in=PUBLISHING_BODIES, decides_in=DecisionSystem.OFFICIAL
        )
        .order_by("orgaan__name")
        .values_list("orgaan__name", "official_list_url")
    )
