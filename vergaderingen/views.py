"""Meeting pages: thin views over access.py (who), selectors.py (what a page reads) and
services.py (writes); every state change is a POST, one view per action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from core.confirm import confirm_page, needs_confirmation
from core.forms import EARLIEST_YEAR, LATEST_YEAR
from core.kept import kept, stamp
from core.paging import CountedPaginator, page_number
from core.signing import forget_fresh_login, fresh_login_at, signing_context, uses_sso

from . import access, selectors, services
from .constants import VoteState
from .forms import (
    AttendanceForm,
    BallotForm,
    DecisionForm,
    FreeItemForm,
    MeetingForm,
    ProposalForm,
    ProposalRefuseForm,
    RescheduleForm,
    UrgentItemForm,
)
from .models import Meeting


def _fail(request, error):
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))


def meeting_list(request):
    return render(
        request,
        "vergaderingen/meeting_list.html",
        {
            "meetings": access.visible_meetings(request.user).order_by("-starts_at")[:100],
            "can_create": access.may_plan(request.user),
            "can_propose": bool(access.proposal_bodies(request.user))
            or access.may_plan(request.user),
            "bodies_by_reference": access.bodies_by_reference(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    if not access.may_plan(request.user):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        secretaries=selectors.possible_secretaries(),
        initial={"secretary": request.user},
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(form=form, by=request.user)
        messages.success(request, _("The meeting is planned."))
        return redirect("vergaderingen:meeting-detail", meeting.pk)
    return render(request, "vergaderingen/meeting_form.html", {"form": form})


def meeting_detail(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    rights = access.meeting_rights(request.user, meeting)
    context = selectors.meeting_page(meeting, rights)
    context.update(
        rights.flags(), ballot_form=BallotForm(), free_form=FreeItemForm(), urgent_form=None
    )
    if rights.may_run and meeting.state == "geopend":
        context["urgent_form"] = UrgentItemForm(auto_id="dringend-%s")
    # static/js/meeting-live.js asks for the page to refresh it in place
    context["live_refresh"] = request.headers.get("X-Meeting-Live") == "1"
    return render(request, "vergaderingen/meeting_detail.html", context)


@require_safe
def meeting_live(request, pk):
    """Asked every few seconds by the meeting page (static/js/meeting-live.js): 204 while
    nothing changed since the page's fingerprint (?v=), else 200 with the new one: the page
    then reloads (or offers to, while someone is typing)."""
    meeting = access.get_meeting_for(request.user, pk)
    token = selectors.live_token(meeting)
    if request.GET.get("v") == token:
        return HttpResponse(status=204)
    return HttpResponse(token, content_type="text/plain")


# htmx stops polling an element whose answer has this status (and swaps the answer in)
STOP_POLLING = 286


@require_safe
def tally_partial(request, pk, item_pk):
    """The live tally, asked for by htmx on the meeting page while the vote is open (ever less
    often while nothing changes: selectors.tally_poll). Once the vote is closed the answer is
    the result, without a trigger, and says htmx should stop asking (286)."""
    item = access.get_item_for(request.user, pk, item_pk)
    vote = selectors.latest_vote(item)
    if not access.sees_tally(request.user, item.meeting, vote, selectors.recused_ids(item)):
        raise PermissionDenied
    asked = (request.GET.get("gezien", ""), request.GET.get("wacht", ""))
    context = selectors.tally_context(vote, asked=asked)
    context.update(tally_url=request.path, turnout=selectors.turnout(vote))
    status = 200 if vote.state == VoteState.OPEN else STOP_POLLING
    return render(request, "vergaderingen/_tally_inner.html", context, status=status)


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


def _posted_subject(request):
    """The subject an agenda form names as "<content type>:<pk>"; None when it names none
    that exists."""
    try:
        ct_id, obj_id = request.POST["subject"].split(":", 1)
        return ContentType.objects.get_for_id(int(ct_id)).get_object_for_this_type(pk=int(obj_id))
    except (ValueError, ObjectDoesNotExist):
        return None


@require_POST
def agenda_add(request, pk):
    meeting = access.get_meeting_for(request.user, pk, action="prepare")
    if request.POST.get("subject"):
        subject = _posted_subject(request)
        if subject is None:
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
        lambda: services.agenda_add(meeting=meeting, by=request.user, **form.cleaned_data),
    )


@require_POST
def urgent_add(request, pk):
    """The chair or the secretary adds an urgent item to the open meeting; a refused form
    comes back on the page with what was typed and the message at its field."""
    meeting = access.get_meeting_for(request.user, pk, action="run")
    form = UrgentItemForm(request.POST, auto_id="dringend-%s")
    if form.is_valid():
        try:
            services.agenda_add_urgent(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The urgent item is on the agenda."))
            return _back(meeting)
    rights = access.meeting_rights(request.user, meeting)
    context = selectors.meeting_page(meeting, rights)
    context.update(
        rights.flags(), ballot_form=BallotForm(), free_form=FreeItemForm(), urgent_form=form
    )
    return render(request, "vergaderingen/meeting_detail.html", context, status=400)


@require_POST
def item_person(request, pk, item_pk):
    """Mark an item as being about a person (secret vote), or take the mark off."""
    item = access.get_item_for(request.user, pk, item_pk)
    concerns = request.POST.get("concerns_person") == "ja"
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.item_person_set(item=item, by=request.user, concerns_person=concerns),
    )


@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, pk):
    meeting = access.get_meeting_for(request.user, pk, action="prepare")
    if not access.meeting_rights(request.user, meeting).may_reschedule:
        raise PermissionDenied  # opened already: it was held on its day
    form = RescheduleForm(
        request.POST or None, initial={"starts_at": timezone.localtime(meeting.starts_at)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is rescheduled."))
            return _back(meeting)
    status = 400 if form.errors else 200
    return render(
        request, "vergaderingen/reschedule.html", {"meeting": meeting, "form": form}, status=status
    )


@require_POST
def secretary_stand_in(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    return _act(
        request,
        meeting,
        None,
        lambda: services.secretary_stand_in(meeting=meeting, by=request.user),
    )


# The moves of an item on the agenda and the steps of a meeting, by their (Dutch) URL path.
DIRECTIONS = {"omhoog": True, "omlaag": False}
STEPS = {"agenda-vastleggen": "fix_agenda", "openen": "open", "sluiten": "close"}


@require_POST
def agenda_move(request, pk, item_pk, direction):
    if direction not in DIRECTIONS:
        raise Http404
    item = access.get_item_for(request.user, pk, item_pk)
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.agenda_move(item=item, by=request.user, up=DIRECTIONS[direction]),
    )


# What cannot be undone asks first (core.confirm), whoever may do it; someone who may not
# is not asked: the service refuses at once. The questions read what the person should know.


def _confirm(request, meeting, item=None, **question):
    return confirm_page(request, cancel_url=_back(meeting, item)["Location"], **question)


def _closing_question(request, meeting):
    return _confirm(
        request,
        meeting,
        title=_("Close the meeting"),
        question=_(
            "Once the meeting is closed, nothing more can be voted on or decided in it, and "
            "attendance no longer changes. This cannot be undone."
        ),
        action_label=_("Close the meeting"),
        details=[
            _("Item %(n)s, “%(title)s”, has no decision.") % {"n": i.order, "title": i.title}
            for i in selectors.undecided_items(meeting)
        ],
    )


def _recusal_question(request, item):
    return _confirm(
        request,
        item.meeting,
        item,
        title=_("Declare a conflict of interest"),
        question=_(
            "You declare a conflict of interest on item %(n)s, “%(title)s”: you leave the "
            "meeting for this item and take no part in its vote or decision. This cannot be "
            "undone."
        )
        % {"n": item.order, "title": item.title},
        action_label=_("Declare the conflict of interest"),
    )


def _vote_closing_question(request, item, vote):
    cast, eligible = selectors.turnout(vote)
    return _confirm(
        request,
        item.meeting,
        item,
        title=_("Close the vote"),
        question=_(
            "Close the vote on item %(n)s? Whoever has not voted can no longer vote, and the "
            "result is final."
        )
        % {"n": item.order},
        action_label=_("Close the vote"),
        details=[
            ngettext(
                "%(cast)s of the %(eligible)s members who may vote has voted.",
                "%(cast)s of the %(eligible)s members who may vote have voted.",
                cast,
            )
            % {"cast": cast, "eligible": eligible}
        ],
    )


@require_POST
def meeting_step(request, pk, step):
    meeting = access.get_meeting_for(request.user, pk)
    if step not in STEPS:
        raise Http404
    closing = STEPS[step] == "close" and access.may_close(request.user, meeting)
    if closing and needs_confirmation(request):
        return _closing_question(request, meeting)
    return _act(
        request,
        meeting,
        None,
        lambda: services.meeting_step(meeting=meeting, step=STEPS[step], by=request.user),
    )


@require_POST
def attendance(request, pk, member_pk):
    meeting = access.get_meeting_for(request.user, pk)
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


def _posted_member(request, item):
    """The member a recusal form names (the chair or secretary acting for them), else the
    person themselves."""
    raw = request.POST.get("member", "")
    if not raw:
        return request.user
    member = next((m for m in selectors.members(item.meeting) if str(m.pk) == raw), None)
    if member is None:
        raise Http404
    return member


@require_POST
def recusal(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    member = _posted_member(request, item)
    if (
        member.pk == request.user.pk
        and access.may_declare_recusal(request.user, item.meeting)
        and needs_confirmation(request)
    ):
        return _recusal_question(request, item)
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.recusal_declare(item=item, member=member, by=request.user),
    )


@require_POST
def recusal_withdraw(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    member = _posted_member(request, item)
    return _act(
        request,
        item.meeting,
        item,
        lambda: services.recusal_withdraw(item=item, member=member, by=request.user),
    )


@require_POST
def vote_open(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    return _act(request, item.meeting, item, lambda: services.vote_open(item=item, by=request.user))


@require_POST
def vote_close(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    vote = get_object_or_404(item.votes, state=VoteState.OPEN)
    if access.is_chair(request.user, item.meeting) and needs_confirmation(request):
        return _vote_closing_question(request, item, vote)
    return _act(
        request, item.meeting, item, lambda: services.vote_close(vote=vote, by=request.user)
    )


@require_POST
def ballot(request, pk, item_pk):
    item = access.get_item_for(request.user, pk, item_pk)
    vote = item.votes.filter(state=VoteState.OPEN).first()
    form = BallotForm(request.POST)
    if vote is None:
        messages.error(request, _("This vote is closed: your ballot was not counted."))
        return _back(item.meeting, item)
    if not form.is_valid():
        messages.error(request, _("Choose yes, no or abstention."))
        return _back(item.meeting, item)

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

    return _act(request, item.meeting, item, cast)


@require_POST
def decision(request, pk, item_pk):
    """The chair records the decision: from the closed vote if there was one (any outcome
    posted is then ignored), else the consensus outcome chosen."""
    item = access.get_item_for(request.user, pk, item_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid() and set(form.errors) - {"outcome"}:  # a text too long: say so
        _fail(request, ValidationError([e for f in form.errors.values() for e in f]))
        return _back(item.meeting, item)
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

    return _act(request, item.meeting, item, record)


# --- minutes, signatures and the decision list ---------------------------------------------------


def _minutes_page(
    request, meeting, *, text=None, text_error=None, password_error=None, public_texts=None
):
    """The minutes page, with what a refused post leaves in its forms (400 then)."""
    context = selectors.minutes_page(
        meeting,
        drafting=access.is_secretary(request.user, meeting),
        text=text,
        public_texts=public_texts,
    )
    context.update(
        access.minutes_flags(request.user, meeting, context["minutes"], context["signed"]),
        text_error=text_error,
        password_error=password_error,
        **signing_context(request),
    )
    refused = text_error or password_error or public_texts is not None
    status = 400 if refused else 200
    return render(request, "vergaderingen/minutes.html", context, status=status)


@require_safe
def minutes(request, pk):
    return _minutes_page(request, access.get_meeting_for(request.user, pk))


@require_POST
def minutes_save(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    text = request.POST.get("text", "")
    version = request.POST.get("lock_version", "")
    try:
        services.minutes_save(
            meeting=meeting,
            text=text,
            by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:  # shown under the text, which stays in the form
        return _minutes_page(
            request,
            meeting,
            text=text,
            text_error=getattr(error, "message_dict", {}).get("text") or error.messages,
        )
    messages.success(request, _("The minutes are saved."))
    return redirect("vergaderingen:minutes", meeting.pk)


@require_POST
def minutes_sign(request, pk):
    meeting = access.get_meeting_for(request.user, pk)
    try:
        services.minutes_sign(
            meeting=meeting,
            by=request.user,
            password=request.POST.get("password", ""),
            sso=uses_sso(request),
            fresh_login_at=fresh_login_at(request),
        )
    except ValidationError as error:
        password_error = getattr(error, "message_dict", {}).get("password")
        if not password_error:
            _fail(request, error)
        return _minutes_page(request, meeting, password_error=password_error)
    forget_fresh_login(request)  # one fresh login, one signature
    messages.success(request, _("You signed the minutes."))
    return redirect("vergaderingen:minutes", meeting.pk)


@require_POST
def decision_list_publish(request, pk):
    """Publish (the burgemeester) or only save the public texts (the secretary too)."""
    meeting = access.get_meeting_for(request.user, pk)
    texts = {
        int(key): value
        for name, value in request.POST.items()
        if name.startswith("publiek-") and (key := name.split("-", 1)[1]).isdigit()
    }
    publishing = "bewaren" not in request.POST
    try:
        if publishing:
            services.decision_list_publish(meeting=meeting, by=request.user, public_texts=texts)
        else:
            services.public_texts_save(meeting=meeting, by=request.user, public_texts=texts)
    except ValidationError as error:  # the texts stay in the form
        _fail(request, error)
        return _minutes_page(request, meeting, public_texts=texts)
    messages.success(
        request,
        _("The decision list is published.") if publishing else _("The public texts are saved."),
    )
    return redirect("vergaderingen:minutes", meeting.pk)


# --- items proposed for an agenda -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def proposal_list(request):
    """Propose an item for a body's agenda, and follow what became of one's proposals (whoever
    prepares the agendas sees them all and answers them)."""
    bodies = access.proposal_bodies(request.user)
    proposals = access.visible_proposals(request.user).distinct()
    if not bodies and not proposals.exists():
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    form = ProposalForm(posted, bodies=bodies) if bodies else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.proposal_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Your proposal is sent to whoever prepares the agenda.")
                )
                return redirect("vergaderingen:proposal-list")
    context = {
        "form": form,
        "proposals": proposals.order_by("-proposed_at")[:100],
        "refuse_form": ProposalRefuseForm(),
        "answerable": access.answerable_bodies(request.user),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "vergaderingen/proposals.html", context, status=status)


@require_POST
def proposal_refuse(request, pk):
    proposal = access.get_proposal_for(request.user, pk, answer=True)
    form = ProposalRefuseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the item is not put on an agenda."))
        services.proposal_refuse(proposal=proposal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The proposer is told why."))
    return redirect("vergaderingen:proposal-list")


def minutes_pdf(request, pk):
    from .pdf import minutes_pdf as render_minutes

    meeting = access.get_meeting_for(request.user, pk)
    if not hasattr(meeting, "minutes"):
        raise Http404
    _html, pdf = render_minutes(meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-{meeting.pk}.pdf"'
    return response


PUBLIC_MEETINGS_PER_PAGE = 5


def _asked_year(request) -> int | None:
    """The year in ?jaar=, if it is one the list could hold (a cache key and a query use it);
    anything else ("abc", "²⁰²⁵", "0001", a 5000-character probe) asks for all years."""
    raw = request.GET.get("jaar", "")
    if len(raw) == 4 and raw.isascii() and raw.isdigit():
        year = int(raw)
        if EARLIEST_YEAR <= year <= LATEST_YEAR:
            return year
    return None


@login_not_required
def decision_list(request):
    """The public decision list (besluitenlijst): no login, no personal data. A page of
    meetings at a time, newest first, optionally of one year: the list grows with every
    meeting."""
    year = _asked_year(request)
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
    page = paginator.get_page(page_number(request))
    meetings = kept(
        ("decision-list",),
        (year, page.number, language, "lblod"),  # the shape of PublicMeeting, too
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
            "official_lists": kept(
                ("decision-list",), ("official",), selectors.official_lists, version=version
            ),
        },
    )


@login_not_required
@require_safe
def decision_list_meeting(request, pk):
    """One published meeting of the public decision list: the page its linked-data
    addresses (/id/…) lead to."""
    meeting = get_object_or_404(selectors.published_meetings(), pk=pk)
    (public,) = selectors.public_meetings(Meeting.objects.filter(pk=meeting.pk))
    return render(request, "vergaderingen/decision_list_meeting.html", {"meeting": public})


@login_not_required
@require_safe
def lblod_resource(request, kind, pk):
    """A linked-data address of the public list (vergaderingen/lblod.py): 303 See Other to
    the page that describes it; not found unless it belongs to a published list."""
    from django.http import HttpResponseRedirect

    from accounts.models import Orgaan

    from .models import AgendaItem, Decision

    published = selectors.published_meetings()
    if kind == "zittingen":
        meeting_pk, anchor = pk, ""
    elif kind in ("agendapunten", "behandelingen-van-agendapunten"):
        item = get_object_or_404(AgendaItem, pk=pk, meeting__in=published, decision__isnull=False)
        meeting_pk, anchor = item.meeting_id, f"#besluit-{item.decision.pk}"
    elif kind == "besluiten":
        decision = get_object_or_404(Decision, pk=pk, item__meeting__in=published)
        meeting_pk, anchor = decision.item.meeting_id, f"#besluit-{decision.pk}"
    elif kind == "bestuursorganen":
        get_object_or_404(Orgaan, pk=pk)
        target = reverse("decision-list")
    else:
        raise Http404
    if kind != "bestuursorganen":
        get_object_or_404(published, pk=meeting_pk)
        target = reverse("decision-list-meeting", args=[meeting_pk]) + anchor
    response = HttpResponseRedirect(target)
    response.status_code = 303  # See Other: the address names a thing, the page describes it
    return response


@require_safe
def meeting_ics(request, pk):
    """The meeting as a calendar entry (.ics), for whoever sees the meeting."""
    from core.calendar import to_ical

    from .calendar_events import meeting_event

    meeting = access.get_meeting_for(request.user, pk)
    response = HttpResponse(
        to_ical([meeting_event(meeting)], name=str(meeting)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="vergadering-{meeting.pk}.ics"'
    return response


@login_not_required
def decision_list_pdf(request, pk):
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
        archival=True,  # public: PDF/A, tagged for screen readers
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluitenlijst-{meeting.pk}.pdf"'
    return response
