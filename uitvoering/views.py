"""Thin views: access (404 for what a person may not see, 403 for what they may see but not
do) from access.py, reads from selectors.py, the service for every write, and the form back
with a Dutch message when input is wrong."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exports, uploads
from core.confirm import confirm_page, needs_confirmation
from core.files import safe_name
from core.paging import page_number
from core.templatetags.formatting import euro
from core.transitions import StaleObject

from . import access, reports, selectors, services, summary
from .constants import Health
from .forms import (
    ActionForm,
    ActionStatusForm,
    DecideSavingForm,
    ExpectedSavingFormSet,
    HealthForm,
    MilestoneForm,
    RealisedSavingForm,
    StepForm,
)
from .models import Action
from .progress import decorate


def _lock(form):
    form.is_valid()
    return form.cleaned_data.get("lock_version")


def _errors_to_form(form, error, default_field):
    """A service's ValidationError on the form: at its field, or at the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else default_field, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _apply(request, pk, *, form, form_key, field, call, done):
    """Run a service for a form posted from the plan page. Someone else's change becomes a
    message; another ValidationError shows the page again with the message at `field` (400);
    success says `done` (a text, or a function of the service's result)."""
    try:
        result = call()
    except StaleObject as error:
        messages.error(request, str(error))
    except ValidationError as error:
        _errors_to_form(form, error, field)
        return plan_detail(request, pk, status=400, forms={form_key: form})
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect("uitvoering:plan", pk)


# --- overview ----------------------------------------------------------------------------------


def index(request):
    advices = access.overview_advices_for(request.user)
    chosen, health = request.GET.get("cyclus", ""), request.GET.get("gezondheid", "")
    rows = selectors.overview_rows(advices, cycle=chosen, health=health)
    page = Paginator(rows, 100).get_page(page_number(request))
    return render(
        request,
        "uitvoering/index.html",
        {
            "advices": [decorate(a) for a in page.object_list],
            "page": page,
            "cycles": selectors.cycles(),
            "chosen": chosen,
            "health": health,
            "health_choices": Health.choices,
            "query": urlencode({"cyclus": chosen, "gezondheid": health}),
        },
    )


# --- the plan page -----------------------------------------------------------------------------


STEP_BUTTONS = {
    "submit": (gettext_lazy("Submit to the manager"), "btn-primary"),
    "approve": (gettext_lazy("Approve the plan"), "btn-primary"),
    "send-back": (gettext_lazy("Send back"), "btn-outline-secondary"),
    "revise": (gettext_lazy("Revise the plan"), "btn-outline-secondary"),
}
# Each reason box is labelled by what it is the reason for.
REASON_LABELS = {
    "send-back": gettext_lazy("Reason for sending back"),
    "revise": gettext_lazy("Reason for revising"),
    "stop": gettext_lazy("Reason for stopping"),
}


def _step_form(step, data=None, **kwargs):
    return StepForm(data, prefix=step, reason_label=REASON_LABELS.get(step), **kwargs)


def plan_detail(request, pk, *, status=200, forms=None):
    advies = access.get_plan_advies_for(request.user, pk)
    context = selectors.plan_page(advies)
    context.update(access.plan_flags(request.user, advies))
    context.update(_plan_forms(request.user, context, forms or {}))
    context["today"] = timezone.localdate()
    context["computed_label"] = dict(Health.choices).get(advies.computed_health, "")
    return render(request, "uitvoering/plan.html", context, status=status)


def _plan_forms(user, page, bound) -> dict:
    """The plan page's forms (those posted back with an error as they were posted), each
    where the person may use it: on the actions, on the savings, and for the steps."""
    advies, plan = page["advies"], page["plan"]
    lock = plan.lock_version if plan else 0
    for action in page["actions"]:
        action.may_update = access.may_update_action(user, advies, action)
        if action.may_update:
            action.form = bound.get(f"status-{action.pk}") or ActionStatusForm(
                initial={
                    "status": action.status,
                    "blocked_reason": action.blocked_reason,
                    "lock_version": action.lock_version,
                },
                prefix=f"actie-{action.pk}",
            )
    for saving in page["savings"]:
        saving.may_correct = access.may_correct_saving(user, advies, saving)
        if access.may_decide_saving(user, saving):
            saving.form = bound.get(f"saving-{saving.pk}") or DecideSavingForm(
                initial={"lock_version": saving.lock_version}, prefix=f"besparing-{saving.pk}"
            )
            saving.form.fields["reason"].label = _(
                "Reason for sending the savings of %(year)s back"
            ) % {"year": saving.year}
    steps = [
        (
            reverse(f"uitvoering:plan-{step}", args=[advies.pk]),
            *STEP_BUTTONS[step],
            services.PLAN_STEPS[step].needs_reason,
            bound.get(f"step-{step}") or _step_form(step, initial={"lock_version": lock}),
        )
        for step in access.plan_steps_for(user, advies)
    ]
    health = {"health": plan.health_override, "motivation": plan.health_motivation} if plan else {}
    return {
        "steps": steps,
        "milestone_form": bound.get("milestone") or MilestoneForm(prefix="mijlpaal"),
        "health_form": bound.get("health")
        or HealthForm(initial={**health, "lock_version": lock}, prefix="gezondheid"),
        "finish_form": bound.get("finish") or StepForm(initial={"lock_version": lock}, prefix="af"),
        "stop_form": bound.get("stop") or _step_form("stop", initial={"lock_version": lock}),
    }


@require_POST
def plan_start(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="start")
    services.plan_get_or_create(advies=advies, by=request.user)
    messages.success(request, _("The plan is started: add its actions and milestones."))
    return redirect("uitvoering:plan", pk)


# What each step that cannot be undone asks first (core.confirm): the page's title, the
# question (with the names it mentions) and the button that confirms.
QUESTIONS = {
    "send-back": (
        gettext_lazy("Send the plan back"),
        gettext_lazy(
            "Send the implementation plan of “%(title)s” back to the diensthoofd? It becomes a "
            "draft again, to be submitted and approved once more."
        ),
        gettext_lazy("Send the plan back"),
    ),
    "stop": (
        gettext_lazy("Stop the advice"),
        gettext_lazy(
            "Stop “%(title)s”? This cannot be undone: the advice ends and its plan is no longer "
            "carried out. The savings realised until now stay counted."
        ),
        gettext_lazy("Stop the advice"),
    ),
    "action-delete": (
        gettext_lazy("Remove the action"),
        gettext_lazy("Remove the action “%(action)s” from the plan? This cannot be undone."),
        gettext_lazy("Remove the action"),
    ),
    "milestone-delete": (
        gettext_lazy("Remove the milestone"),
        gettext_lazy("Remove the milestone “%(milestone)s” from the plan? This cannot be undone."),
        gettext_lazy("Remove the milestone"),
    ),
    "saving-send-back": (
        gettext_lazy("Send the savings back"),
        gettext_lazy(
            "Send the realised savings of %(year)s (%(amount)s) of “%(title)s” back to the "
            "diensthoofd? They no longer wait for validation until they are corrected."
        ),
        gettext_lazy("Send the savings back"),
    ),
}


def _asks(request, advies, what, *, reason="", **names):
    """The page that asks before `what` (a key of QUESTIONS), the reason repeated."""
    title, question, button = QUESTIONS[what]
    return confirm_page(
        request,
        title=str(title),
        question=str(question) % names,
        action_label=str(button),
        cancel_url=reverse("uitvoering:plan", args=[advies.pk]),
        details=[_("Reason: %(reason)s") % {"reason": reason}] if reason else None,
    )


@require_POST
def plan_step(request, pk, step):
    advies = access.get_plan_advies_for(request.user, pk, action=step)
    form = _step_form(step, request.POST)
    expected = _lock(form)
    reason = (form.cleaned_data.get("reason") or "").strip()
    if step == "send-back" and reason and needs_confirmation(request):
        return _asks(request, advies, "send-back", reason=reason, title=advies.title)
    return _apply(
        request,
        pk,
        form=form,
        form_key=f"step-{step}",
        field="reason",
        call=lambda: services.plan_step(
            advies=advies,
            step=step,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            expected_lock=expected,
        ),
        done=lambda plan: _("Done: the plan is now “%(state)s”.") % {"state": plan.state_label()},
    )


def action_edit(request, pk, action_pk=None):
    if action_pk is None:
        advies, action = access.get_plan_advies_for(request.user, pk, action="edit"), None
    else:
        advies, action = access.get_action_for(request.user, pk, action_pk, action="edit")
    form = ActionForm(
        request.POST if request.method == "POST" else None, instance=action, prefix="actie"
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(form=form, advies=advies, by=request.user, action=action)
        except StaleObject as error:
            stale = Action.objects.filter(pk=action.pk).first() if action else None
            form.add_error(None, str(error))
            if stale is not None:
                form.data = form.data.copy()
                form.data["actie-lock_version"] = stale.lock_version
        else:
            messages.success(request, _("The action is saved."))
            return redirect("uitvoering:plan", pk)
    return render(
        request,
        "uitvoering/action_form.html",
        {"advies": advies, "form": form, "action": action, "stale": stale},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def action_delete(request, pk, action_pk):
    advies, action = access.get_action_for(request.user, pk, action_pk, action="edit")
    if needs_confirmation(request):
        return _asks(request, advies, "action-delete", action=action.title)
    services.action_delete(advies=advies, action=action, by=request.user)
    messages.success(request, _("The action is removed."))
    return redirect("uitvoering:plan", pk)


@require_POST
def action_status(request, pk, action_pk):
    advies, action = access.get_action_for(request.user, pk, action_pk, action="update")
    form = ActionStatusForm(request.POST, prefix=f"actie-{action.pk}")
    if not form.is_valid():
        return plan_detail(request, pk, status=400, forms={f"status-{action.pk}": form})
    return _apply(
        request,
        pk,
        form=form,
        form_key=f"status-{action.pk}",
        field="blocked_reason",
        call=lambda: services.action_status(
            advies=advies,
            action=action,
            by=request.user,
            status=form.cleaned_data["status"],
            blocked_reason=form.cleaned_data["blocked_reason"],
            expected_lock=form.cleaned_data.get("lock_version"),
        ),
        done=_("The status of “%(action)s” is saved.") % {"action": action},
    )


@require_POST
def milestone_add(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="edit")
    form = MilestoneForm(request.POST, prefix="mijlpaal")
    if not form.is_valid():
        return plan_detail(request, pk, status=400, forms={"milestone": form})
    services.milestone_save(form=form, advies=advies, by=request.user)
    messages.success(request, _("The milestone is added."))
    return redirect("uitvoering:plan", pk)


@require_POST
def milestone_delete(request, pk, milestone_pk):
    advies, milestone = access.get_milestone_for(request.user, pk, milestone_pk, action="delete")
    if needs_confirmation(request):
        return _asks(request, advies, "milestone-delete", milestone=milestone.title)
    services.milestone_delete(advies=advies, milestone=milestone, by=request.user)
    messages.success(request, _("The milestone is removed."))
    return redirect("uitvoering:plan", pk)


@require_POST
def milestone_reached(request, pk, milestone_pk, reached):
    """Reached (today), or not reached after all: `reached` comes from the URL."""
    advies, milestone = access.get_milestone_for(request.user, pk, milestone_pk, action="reach")
    services.milestone_reached(advies=advies, milestone=milestone, by=request.user, reached=reached)
    messages.success(request, _("The milestone is updated."))
    return redirect("uitvoering:plan", pk)


def expected_edit(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="edit")
    data = request.POST if request.method == "POST" else None
    formset = ExpectedSavingFormSet(data, instance=advies.plan, prefix="jaar")
    lock = StepForm(data, initial={"lock_version": advies.plan.lock_version}, prefix="plan")
    if data is not None and formset.is_valid():
        try:
            services.expected_savings_save(
                formset=formset, advies=advies, by=request.user, expected_lock=_lock(lock)
            )
        except StaleObject as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The expected savings are saved."))
            return redirect("uitvoering:plan", pk)
    return render(
        request,
        "uitvoering/expected_form.html",
        {"advies": advies, "formset": formset, "lock": lock},
        status=400 if data is not None else 200,
    )


@require_POST
def health_save(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="override-health")
    form = HealthForm(request.POST, prefix="gezondheid")
    if not form.is_valid():
        return plan_detail(request, pk, status=400, forms={"health": form})
    return _apply(
        request,
        pk,
        form=form,
        form_key="health",
        field="motivation",
        call=lambda: services.health_override(
            advies=advies,
            by=request.user,
            health=form.cleaned_data["health"],
            motivation=form.cleaned_data["motivation"],
            expected_lock=form.cleaned_data.get("lock_version"),
        ),
        done=_("The health is saved."),
    )


@require_POST
def advies_finish(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="finish")
    form = StepForm(request.POST, prefix="af")
    expected = _lock(form)
    return _apply(
        request,
        pk,
        form=form,
        form_key="finish",
        field="reason",
        call=lambda: services.advies_finish(advies=advies, by=request.user, expected_lock=expected),
        done=_("The advice is realised."),
    )


@require_POST
def advies_stop(request, pk):
    advies = access.get_plan_advies_for(request.user, pk, action="stop")
    form = _step_form("stop", request.POST)
    expected = _lock(form)
    reason = (form.cleaned_data.get("reason") or "").strip()
    if reason and needs_confirmation(request):
        return _asks(request, advies, "stop", reason=reason, title=advies.title)
    return _apply(
        request,
        pk,
        form=form,
        form_key="stop",
        field="reason",
        call=lambda: services.advies_stop(
            advies=advies,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            expected_lock=expected,
        ),
        done=_("The advice is stopped."),
    )


# --- realised savings --------------------------------------------------------------------------


def saving_edit(request, pk, saving_pk=None):
    """Record (or correct) realised savings. A refused form keeps the evidence file chosen
    (core.uploads): "bijlage bewaard: …", used once the form succeeds."""
    if saving_pk is None:
        advies = access.get_plan_advies_for(request.user, pk, action="record-saving")
        saving = None
    else:
        advies, saving = access.get_saving_for(request.user, pk, saving_pk, action="correct")
    data = request.POST if request.method == "POST" else None
    kept = uploads.kept(request, "evidence") if data is not None else []
    kept_files = uploads.as_files(kept[:1])
    form = RealisedSavingForm(
        data,
        request.FILES or None,
        instance=saving,
        prefix="besparing",
        kept_file=kept_files[0] if kept_files else None,
    )
    try:
        if data is not None and form.is_valid():
            try:
                services.saving_record(form=form, advies=advies, by=request.user, saving=saving)
            except StaleObject as error:
                form.add_error(None, str(error))
            else:
                uploads.release(kept)
                messages.success(request, SAVING_RECORDED)
                return redirect("uitvoering:plan", pk)
        new = form.new_evidence() if data is not None else None
        if new is not None and new not in kept_files:
            kept = uploads.keep(request, "evidence", [new])
    finally:
        for handle in kept_files:
            handle.close()
    return render(
        request,
        "uitvoering/saving_form.html",
        {"advies": advies, "form": form, "saving": saving, "kept_uploads": kept[:1]},
        status=400 if data is not None else 200,
    )


SAVING_RECORDED = gettext_lazy(
    "The realised savings are recorded: they count once the financieel directeur validated them."
)


@require_POST
def saving_decide(request, pk, saving_pk, validate):
    """Validate the savings, or send them back with a reason: `validate` comes from the URL."""
    advies, saving = access.get_saving_for(request.user, pk, saving_pk, action="decide")
    form = DecideSavingForm(request.POST, prefix=f"besparing-{saving.pk}")
    expected = _lock(form)
    reason = (form.cleaned_data.get("reason") or "").strip()
    if not validate and reason and needs_confirmation(request):
        names = {"year": saving.year, "amount": euro(saving.amount), "title": advies.title}
        return _asks(request, advies, "saving-send-back", reason=reason, **names)
    return _apply(
        request,
        pk,
        form=form,
        form_key=f"saving-{saving.pk}",
        field="reason",
        call=lambda: services.saving_decide(
            saving=saving,
            by=request.user,
            validate=validate,
            reason=form.cleaned_data.get("reason", ""),
            expected_lock=expected,
        ),
        done=_("The savings are validated.")
        if validate
        else _("The savings are sent back to the diensthoofd."),
    )


def saving_evidence(request, pk, saving_pk):
    """The evidence file, always as a download, with the type its content sniffs as."""
    _advies, saving = access.get_saving_for(request.user, pk, saving_pk)
    if not saving.evidence:
        raise Http404
    content_type = selectors.evidence_type(saving)
    return FileResponse(
        saving.evidence.open("rb"),
        as_attachment=True,
        filename=safe_name(saving.evidence_name or saving.evidence.name),
        content_type=content_type,
    )


# --- results -----------------------------------------------------------------------------------


RISKS_PER_PAGE = 25


def results(request, pk):
    cycle = access.get_cycle_for(request.user, pk)
    advices, whole_cycle = access.cycle_advices_for(request.user, cycle)
    figures, risk_pks = summary.results(request.user, cycle, advices, whole_cycle=whole_cycle)
    risk_page = Paginator(risk_pks, RISKS_PER_PAGE).get_page(page_number(request))
    return render(
        request,
        "uitvoering/results.html",
        {
            **figures,
            **reports.chart_context(
                figures, departments=None if request.GET.get("diensten") == "alle" else 25
            ),
            "at_risk": summary.page_at_risk(risk_page.object_list, figures["today"]),
            "risk_page": risk_page,
            "whole_cycle": whole_cycle,
            "may_report": access.may_report_to_college(request.user),
            "reports": selectors.progress_reports(cycle) if whole_cycle else [],
        },
    )


def results_pdf(request, pk):
    cycle = access.get_cycle_for(request.user, pk, action="read-report")
    return _pdf(reports.report_pdf(cycle), f"voortgangsrapport-{cycle.pk}.pdf")


@require_POST
def results_xlsx(request, pk):
    """The results as XLSX, built by the worker (core.exports): thousands of rows take
    seconds to write, which no request should wait for. Answered with the export's page."""
    cycle = access.get_cycle_for(request.user, pk)
    export = exports.request_export(
        owner=request.user,
        kind="results-xlsx",
        params={
            "cycle": cycle.pk,
            "language": get_language(),
            "back": reverse("uitvoering:results", args=[cycle.pk]),
        },
        title=_("Results of %(cycle)s (XLSX)") % {"cycle": cycle},
        filename=f"resultaten-{cycle.pk}.xlsx",
    )
    return redirect("core:export", export.pk)


@require_POST
def report_to_college(request, pk):
    cycle = access.get_cycle_for(request.user, pk, action="report-to-college")
    report, meeting = reports.report_to_college(cycle=cycle, by=request.user)
    if meeting is not None:
        messages.success(
            request,
            _("The progress report is on the agenda of the college meeting of %(date)s.")
            % {"date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")},
        )
    else:
        messages.success(
            request,
            _(
                "The progress report is ready: there is no planned college meeting yet, so it "
                "waits among the items for the college's next agenda."
            ),
        )
    return redirect("uitvoering:results", pk)


def report_pdf(request, report_pk):
    report = access.get_progress_report_for(request.user, report_pk)
    return _pdf(bytes(report.pdf), f"voortgangsrapport-{report.cycle_id}-{report.pk}.pdf")


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
