"""Meeting pages: thin views over services.py; every state change is a POST."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.constants import Role
from accounts.models import User
from accounts.roles import has_role, roles_of
from core.kept import kept, stamp
from core.links import Slot, url_pattern
from core.paging import CountedPaginator

from . import selectors, services, subjects
from .constants import DecisionOutcome, MeetingState, Presence, VoteState
from .forms import AttendanceForm, BallotForm, DecisionForm, FreeItemForm, MeetingForm
from .models import AgendaItem, Ballot, Meeting, Recusal, SecretBallotMark, Vote


def get_meeting_for(user, pk):
    """The meeting if the person may see it (members, secretary, algemeen directeur): else 404."""
    meeting = get_object_or_404(Meeting.objects.select_related("orgaan", "secretary"), pk=pk)
    if not services.may_see(user, meeting):
        raise Http404
    return meeting


def _fail(request, error):
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))


def meeting_list(request):
    held = roles_of(request.user)
    bodies = {h.orgaan.pk for h in held if h.orgaan}
    meetings = Meeting.objects.select_related("orgaan")
    if not has_role(request.user, Role.ALGEMEEN_DIRECTEUR):
        meetings = meetings.filter(orgaan__in=bodies) | meetings.filter(secretary=request.user)
    return render(
        request,
        "vergaderingen/meeting_list.html",
        {
            "meetings": meetings.distinct().order_by("-starts_at")[:100],
            "can_create": has_role(request.user, Role.ALGEMEEN_DIRECTEUR),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not has_role(request.user, Role.ALGEMEEN_DIRECTEUR):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        secretaries=services.possible_secretaries(),
        initial={"secretary": request.user},
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(form=form, by=request.user)
        messages.success(request, _("The meeting is planned."))
        return redirect("vergaderingen:meeting-detail", meeting.pk)
    return render(request, "vergaderingen/meeting_form.html", {"form": form})


def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    user = request.user
    # What the 40 items of a busy agenda need, one query each whatever their number, grouped
    # here by item (cheaper than prefetching into every item), and read as values where the
    # page only shows them: the rapporteur's and the recused members' names, the ballots.
    items = list(
        meeting.items.select_related("decision__vote").annotate(
            rapporteur_name=F("rapporteur__full_name")
        )
    )
    latest_vote = {}
    for vote in Vote.objects.filter(item__meeting=meeting).order_by("-opened_at", "-pk"):
        latest_vote.setdefault(vote.item_id, vote)
    recusals = {}
    for item_id, member_id, name in (
        Recusal.objects.filter(item__meeting=meeting)
        .order_by("member__full_name")
        .values_list("item_id", "member_id", "member__full_name")
    ):
        recusals.setdefault(item_id, {})[member_id] = name
    ballots, secret_voters = {}, {}
    for vote_id, member_id, choice in Ballot.objects.filter(
        vote__item__meeting=meeting
    ).values_list("vote_id", "member_id", "choice"):
        ballots.setdefault(vote_id, []).append((member_id, choice))
    for vote_id, member_id in SecretBallotMark.objects.filter(
        vote__item__meeting=meeting
    ).values_list("vote_id", "member_id"):
        secret_voters.setdefault(vote_id, set()).add(member_id)
    members = services.members(meeting)
    loaded_subjects = subjects.load_for(items)
    attendance_rows = list(meeting.attendance.select_related("arrived_before", "left_after"))
    attendance = {a.member_id: a for a in attendance_rows}
    member_ids = {m.pk for m in members}
    is_member = user.pk in member_ids
    chair = services.chair(meeting)
    is_chair = chair is not None and chair.pk == user.pk
    is_open = meeting.state == MeetingState.OPEN
    present = {a.member_id for a in attendance_rows if a.presence == Presence.PRESENT}
    urls = _item_urls(meeting, items)
    rows = []
    for item in items:
        vote = latest_vote.get(item.pk)
        recused_names = recusals.get(item.pk, {})
        recused = set(recused_names)
        subject = loaded_subjects.get(item.pk)
        kind = subjects.subject_type(subject) if subject is not None else None
        row = {
            "item": item,
            "urls": urls[item.pk],
            "subject_url": kind.url(subject) if kind and kind.url else "",
            "vote": vote,
            "open_vote": None,
            "recused": list(recused_names.values()),
            "i_am_recused": user.pk in recused,
            "decision": getattr(item, "decision", None),
            "quorum": services.quorum(
                item, member_ids=member_ids, attendance=attendance_rows, recused=recused
            )
            if is_open
            else None,
            "my_ballot": None,
            "may_vote": False,
            "sees_tally": _sees_tally(user, meeting, item, vote, is_chair, recused),
            "i_voted_secretly": False,
        }
        if vote is not None:
            cast = ballots.get(vote.pk, [])
            voted = secret_voters.get(vote.pk, set())
            vote_open = vote.state == VoteState.OPEN
            row.update(
                open_vote=vote if vote_open else None,
                my_ballot=next(
                    (choice for member_id, choice in cast if member_id == user.pk), None
                ),
                may_vote=vote_open and is_member and user.pk in present and user.pk not in recused,
                tally_context=_tally_context(vote, len(voted), [choice for _m, choice in cast]),
                i_voted_secretly=vote.secret and user.pk in voted,
            )
        rows.append(row)
    preparing = services.may_prepare(user, meeting) and meeting.state == MeetingState.PLANNED
    on_agenda = {(i.subject_type_id, i.subject_id) for i in items}
    candidates = [
        (ContentType.objects.get_for_model(c).pk, c)
        for c in (subjects.candidates_for(meeting.orgaan) if preparing else [])
    ]
    candidates = [(ct, c) for ct, c in candidates if (ct, str(c.pk)) not in on_agenda]
    return render(
        request,
        "vergaderingen/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "members": [(m, attendance.get(m.pk)) for m in members],
            "chair": chair,
            "is_chair": is_chair,
            "is_member": is_member,
            "preparing": preparing,
            "candidates": candidates,
            "free_form": FreeItemForm(),
            "may_run": services.may_run(user, meeting),
            "ballot_form": BallotForm(),
            "outcome_choices": [
                (value, capfirst(label)) for value, label in DecisionOutcome.choices
            ],
            "presence_choices": [(value, capfirst(label)) for value, label in Presence.choices],
            "am_present": user.pk in present,
            # the attendance table's two lists of items, once for all members
            "arrival_choices": [(i.pk, _("arrived at item %(n)s") % {"n": i.order}) for i in items],
            "leaving_choices": [(i.pk, _("left after item %(n)s") % {"n": i.order}) for i in items],
        },
    )


# the URLs of what can be done on an agenda item: (URL name, arguments after the item)
ITEM_ACTIONS = {
    "recusal": ("recusal", ()),
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


def _sees_tally(user, meeting, item, vote, is_chair, recused):
    """The chair always; others unless results show only after closing; recused members
    never see the ballots on their item."""
    if vote is None or user.pk in recused:
        return False
    return is_chair or vote.state == VoteState.CLOSED or not meeting.results_after_closing


def tally_partial(request, pk, item_pk):
    """The live tally's content, polled by htmx every few seconds on the chair's page."""
    meeting = get_meeting_for(request.user, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    vote = item.votes.order_by("-opened_at").first()
    chair = services.chair(meeting)
    recused = set(item.recusals.values_list("member_id", flat=True))
    if not _sees_tally(
        request.user, meeting, item, vote, chair and chair.pk == request.user.pk, recused
    ):
        raise PermissionDenied
    return render(request, "vergaderingen/_tally_inner.html", _tally_context(vote))


def _tally_context(vote, voted=None, choices=None):
    """A secret vote shows only how many have voted until it closes: watching counts change
    would reveal who voted what. The meeting page passes the counts it loaded for all votes
    at once (how many voted secretly, the choices of an open vote)."""
    hide = vote.secret and vote.state == VoteState.OPEN
    return {
        "vote": vote,
        "tally": None if hide else services.tally(vote, choices=choices),
        "voted": (voted if voted is not None else vote.voted_marks.count())
        if vote.secret
        else None,
    }


def _item(meeting, item_pk):
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


def _back(meeting, item=None):
    url = redirect("vergaderingen:meeting-detail", meeting.pk)
    if item is not None:
        url["Location"] += f"#punt-{item.pk}"
    return url


def _act(request, meeting, item, action):
    try:
        action()
    except ValidationError as error:
        _fail(request, error)
    return _back(meeting, item)


@require_POST
def agenda_add(request, pk):
    meeting = get_meeting_for(request.user, pk)
    if not services.may_prepare(request.user, meeting):
        raise PermissionDenied
    subject = None
    if request.POST.get("subject"):
        try:
            ct_id, obj_id = request.POST["subject"].split(":", 1)
            subject = ContentType.objects.get_for_id(int(ct_id)).get_object_for_this_type(
                pk=int(obj_id)
            )
        except (ValueError, ObjectDoesNotExist):
            messages.error(request, _("This item is not ready for this body's agenda."))
            return _back(meeting)
        return _act(
            request,
            meeting,
            None,
            lambda: services.agenda_add(meeting=meeting, by=request.user, subject=subject),
        )
    form = FreeItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the item a title."))
        return _back(meeting)
    return _act(
        request,
        meeting,
        None,
        lambda: services.agenda_add(
            meeting=meeting,
            by=request.user,
            title=form.cleaned_data["title"],
            concerns_person=form.cleaned_data["concerns_person"],
        ),
    )


@require_POST
def agenda_move(request, pk, item_pk, direction):
    if direction not in ("omhoog", "omlaag"):
        raise Http404
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    return _act(
        request,
        meeting,
        item,
        lambda: services.agenda_move(item=item, by=request.user, up=direction == "omhoog"),
    )


@require_POST
def meeting_step(request, pk, step):
    meeting = get_meeting_for(request.user, pk)
    steps = {"agenda-vastleggen": "fix_agenda", "openen": "open", "sluiten": "close"}
    if step not in steps:
        raise Http404
    return _act(
        request,
        meeting,
        None,
        lambda: services.meeting_step(meeting=meeting, step=steps[step], by=request.user),
    )


@require_POST
def attendance(request, pk, member_pk):
    meeting = get_meeting_for(request.user, pk)
    member = get_object_or_404(User, pk=member_pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present, excused or absent."))
        return _back(meeting)
    items = {str(i.pk): i for i in meeting.items.all()}
    arrived = items.get(request.POST.get("arrived_before", ""))
    left = items.get(request.POST.get("left_after", ""))
    return _act(
        request,
        meeting,
        None,
        lambda: services.attendance_set(
            meeting=meeting,
            member=member,
            presence=form.cleaned_data["presence"],
            by=request.user,
            arrived_before=arrived,
            left_after=left,
        ),
    )


@require_POST
def recusal(request, pk, item_pk):
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    return _act(
        request,
        meeting,
        item,
        lambda: services.recusal_declare(item=item, member=request.user, by=request.user),
    )


@require_POST
def vote_open(request, pk, item_pk):
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    return _act(request, meeting, item, lambda: services.vote_open(item=item, by=request.user))


@require_POST
def vote_close(request, pk, item_pk):
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    vote = get_object_or_404(item.votes, state=VoteState.OPEN)
    return _act(request, meeting, item, lambda: services.vote_close(vote=vote, by=request.user))


@require_POST
def ballot(request, pk, item_pk):
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    vote = item.votes.filter(state=VoteState.OPEN).first()
    form = BallotForm(request.POST)
    if vote is None:
        messages.error(request, _("This vote is closed: your ballot was not counted."))
        return _back(meeting, item)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or abstention."))
        return _back(meeting, item)

    def cast():
        services.ballot_cast(
            vote=vote, member=request.user, choice=form.cleaned_data["choice"], by=request.user
        )
        messages.success(
            request,
            _("Your vote is registered.")
            if vote.secret
            else _("Your vote is registered. You can change it until the chair closes the vote."),
        )

    return _act(request, meeting, item, cast)


@require_POST
def decision(request, pk, item_pk):
    """The chair records the decision: from the closed vote if there was one (any outcome
    posted is then ignored), else the consensus outcome chosen."""
    meeting = get_meeting_for(request.user, pk)
    item = _item(meeting, item_pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data

    def record():
        services.decision_record(
            item=item,
            by=request.user,
            outcome=data.get("outcome") or None,
            motivation=data.get("motivation", ""),
            public_text=data.get("public_text", ""),
        )
        messages.success(request, _("The decision is recorded."))

    return _act(request, meeting, item, record)


# --- minutes, signatures and the decision list ---------------------------------------------------


@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    from .models import Decision, Minutes

    meeting = get_meeting_for(request.user, pk)
    existing = (
        Minutes.objects.filter(meeting=meeting).prefetch_related("signatures__signer").first()
    )
    is_secretary = request.user.pk == meeting.secretary_id
    text_error = password_error = None
    text = existing.text if existing else ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "bewaren":
                text = request.POST.get("text", "")
                version = request.POST.get("lock_version", "")
                services.minutes_save(
                    meeting=meeting,
                    text=text,
                    by=request.user,
                    expected_version=int(version) if version.isdigit() else None,
                )
                messages.success(request, _("The minutes are saved."))
            elif action == "ondertekenen":
                services.minutes_sign(
                    meeting=meeting, by=request.user, password=request.POST.get("password", "")
                )
                messages.success(request, _("You signed the minutes."))
            elif action == "publiceren":
                texts = {
                    int(k.split("-", 1)[1]): v
                    for k, v in request.POST.items()
                    if k.startswith("publiek-") and k.split("-", 1)[1].isdigit()
                }
                services.decision_list_publish(meeting=meeting, by=request.user, public_texts=texts)
                messages.success(request, _("The decision list is published."))
            else:
                raise Http404
            return redirect("vergaderingen:minutes", meeting.pk)
        except ValidationError as error:
            errors = getattr(error, "message_dict", {})
            text_error = errors.get("text") or (
                None if "password" in errors else (error.messages if action == "bewaren" else None)
            )
            password_error = errors.get("password")
            if not (text_error or password_error):
                _fail(request, error)
    decisions = (
        Decision.objects.filter(item__meeting=meeting)
        .select_related("item", "vote")
        .order_by("item__order")
    )
    chair = services.chair(meeting)
    signed = {s.capacity: s for s in existing.signatures.all()} if existing else {}
    may_sign = bool(existing and existing.approved_at) and (
        is_secretary or (chair is not None and chair.pk == request.user.pk)
    )
    return render(
        request,
        "vergaderingen/minutes.html",
        {
            "meeting": meeting,
            "minutes": existing,
            "is_secretary": is_secretary,
            "draft": text or (services.minutes_draft_text(meeting) if is_secretary else ""),
            "can_draft": is_secretary and meeting.state == MeetingState.CLOSED,
            "text_error": text_error,
            "password_error": password_error,
            "signed": signed,
            "may_sign": may_sign
            and not any(s.signer_id == request.user.pk for s in signed.values()),
            "decisions": [(d, services.suggested_public_text(d)) for d in decisions],
            "can_publish": is_secretary
            and meeting.orgaan.type in services.PUBLISHING_BODIES
            and meeting.state in (MeetingState.CLOSED, MeetingState.MINUTES_APPROVED),
            "publication_due": services.publication_due(meeting),
        },
        status=400 if (text_error or password_error) else 200,
    )


def minutes_pdf(request, pk):
    from django.http import HttpResponse

    from .pdf import minutes_pdf as render_minutes

    meeting = get_meeting_for(request.user, pk)
    if not hasattr(meeting, "minutes"):
        raise Http404
    _html, pdf = render_minutes(meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-{meeting.pk}.pdf"'
    return response


PUBLIC_MEETINGS_PER_PAGE = 5


@login_not_required
def decision_list(request):
    """The public decision list (besluitenlijst): no login, no personal data. A page of
    meetings at a time, newest first, optionally of one year: the list grows with every
    meeting."""
    year = request.GET.get("jaar", "")
    year = int(year) if year.isdigit() and len(year) == 4 else None
    # kept until a decision list is published (core.kept); the outcomes are translated
    language, version = get_language(), stamp("decision-list")
    published = kept(
        ("decision-list",), (year,), lambda: selectors.publications(year=year), version=version
    )
    if year not in published.years:  # no year asked, or one without meetings: all of them
        year = None
    paginator = CountedPaginator(
        selectors.published_meetings(year=year),
        PUBLIC_MEETINGS_PER_PAGE,
        count=published.in_year if year else published.total,
    )
    page = paginator.get_page(request.GET.get("pagina"))
    meetings = kept(
        ("decision-list",),
        (year, page.number, language),
        lambda: selectors.public_meetings(page.object_list),
        version=version,
    )
    return render(
        request,
        "vergaderingen/decision_list.html",
        {
            "page": page,
            "meetings": meetings,
            "years": published.years,
            "year": year,
            "query": urlencode({"jaar": year}) if year else "",
        },
    )


@login_not_required
def decision_list_pdf(request, pk):
    from django.http import HttpResponse

    from accounts.models import Bestuur
    from core.pdf import render_pdf

    meeting = get_object_or_404(selectors.published_meetings(), pk=pk)
    _html, pdf = render_pdf(
        "vergaderingen/pdf/decision_list.html",
        {
            "meeting": meeting,
            "rows": selectors.public_meetings(Meeting.objects.filter(pk=meeting.pk))[0].decisions,
            "bestuur": Bestuur.load(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluitenlijst-{meeting.pk}.pdf"'
    return response
