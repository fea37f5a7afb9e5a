"""Thin views: 404 for what a person may not see, 403 for what they may see but not do,
the service for every write, and the form back with a Dutch message when input is wrong."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.models import AuditEntry
from optimalisatie.constants import AdviesState
from optimalisatie.models import Cycle
from optimalisatie.services import StaleObject
from optimalisatie.worklist import is_participant

from . import access, reports, results_cache, services
from .constants import ActionStatus, Health, PlanState, SavingState
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
from .models import Action, Milestone, ProgressReport, RealisedSaving
from .progress import annotated, cycle_results, decorate

# --- access ------------------------------------------------------------------------------------


def get_advies(user, pk):
    """The approved advice with its plan, if the person may see it (else 404)."""
    advies = (
        annotated(access.advices_visible_to(user).filter(pk=pk))
        .select_related("plan", "dienst__head", "dienst__cluster__manager", "cycle__term")
        .first()
    )
    if advies is None:
        raise Http404
    return decorate(advies)


def _plan_or_403(advies):
    plan = getattr(advies, "plan", None)
    if plan is None:
        raise PermissionDenied
    return plan


def _require(allowed):
    if not allowed:
        raise PermissionDenied


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
    """Run a service for a form posted from the plan page. A ValidationError shows the page
    again with the message at `field` (400); someone else's change becomes a message; success
    says `done` (a text, or a function of the service's result)."""
    try:
        result = call()
    except ValidationError as error:
        _errors_to_form(form, error, field)
        return plan_detail(request, pk, status=400, forms={form_key: form})
    except StaleObject as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect("uitvoering:plan", pk)


# --- overview ----------------------------------------------------------------------------------


def index(request):
    qs = access.advices_visible_to(request.user)
    if not is_participant(request.user) and not qs.exists():  # an owner of an action only
        raise Http404
    cycles = list(Cycle.objects.select_related("term").order_by("-created_at"))
    chosen = request.GET.get("cyclus", "")
    if chosen.isdigit():
        qs = qs.filter(cycle_id=int(chosen))
    health = request.GET.get("gezondheid", "")
    rows = annotated(qs).order_by("cycle__created_at", "dienst__name", "title", "pk")
    if health in Health.values:
        rows = rows.filter(health=health)
    page = Paginator(rows, 100).get_page(request.GET.get("pagina"))
    advices = [decorate(a) for a in page.object_list]
    return render(
        request,
        "uitvoering/index.html",
        {
            "advices": advices,
            "page": page,
            "cycles": cycles,
            "chosen": chosen,
            "health": health,
            "health_choices": Health.choices,
            "query": urlencode({"cyclus": chosen, "gezondheid": health}),
        },
    )


# --- the plan page -----------------------------------------------------------------------------


def plan_detail(request, pk, *, status=200, forms=None):
    advies = get_advies(request.user, pk)
    user = request.user
    plan = getattr(advies, "plan", None)
    forms = forms or {}
    actions, milestones, expected, savings, trail = [], [], [], [], []
    if plan is not None:
        actions = list(plan.actions.select_related("owner"))
        milestones = list(plan.milestones.all())
        expected = list(plan.expected_savings.all())
        savings = list(plan.realised_savings.select_related("recorded_by", "decided_by"))
        trail = _trail(advies, plan, savings)
    for action in actions:
        action.may_update = access.may_update_action(user, advies, action)
        if action.may_update:
            action.form = forms.get(f"status-{action.pk}") or ActionStatusForm(
                initial={
                    "status": action.status,
                    "blocked_reason": action.blocked_reason,
                    "lock_version": action.lock_version,
                },
                prefix=f"actie-{action.pk}",
            )
    may_validate = access.may_validate_savings(user)
    for saving in savings:
        if may_validate and saving.state == SavingState.SUBMITTED:
            saving.form = forms.get(f"saving-{saving.pk}") or DecideSavingForm(
                initial={"lock_version": saving.lock_version}, prefix=f"besparing-{saving.pk}"
            )
    lock = plan.lock_version if plan else 0
    steps = []
    if plan is not None:
        for step, (_method, allowed, needs_reason) in services.PLAN_STEPS.items():
            if allowed(user, advies):
                label, css = STEP_BUTTONS[step]
                form = forms.get(f"step-{step}") or StepForm(
                    initial={"lock_version": lock}, prefix=step
                )
                steps.append((step, label, needs_reason, css, form))
    done = bool(actions) and all(a.status == ActionStatus.DONE for a in actions)
    context = {
        "advies": advies,
        "plan": plan,
        "actions": actions,
        "milestones": milestones,
        "expected": expected,
        "expected_total": sum((e.amount for e in expected), 0),
        "savings": savings,
        "validated_total": sum((s.amount for s in savings if s.state == SavingState.VALIDATED), 0),
        "trail": trail,
        "steps": steps,
        "may_start": plan is None and access.may_edit_plan(user, advies),
        "may_edit": plan is not None and access.may_edit_plan(user, advies),
        "may_record": plan is not None and access.may_record_saving(user, advies),
        "may_validate": may_validate,
        "is_head": access.is_head(user, advies),
        "may_finish": plan is not None and access.may_finish(user, advies),
        "plan_done": done,
        "may_stop": access.may_stop(user, advies),
        "may_override": plan is not None and access.may_override_health(user, advies),
        "milestone_form": forms.get("milestone") or MilestoneForm(prefix="mijlpaal"),
        "health_form": forms.get("health")
        or HealthForm(
            initial={
                "health": plan.health_override if plan else "",
                "motivation": plan.health_motivation if plan else "",
                "lock_version": lock,
            },
            prefix="gezondheid",
        ),
        "finish_form": forms.get("finish") or StepForm(initial={"lock_version": lock}, prefix="af"),
        "stop_form": forms.get("stop") or StepForm(initial={"lock_version": lock}, prefix="stop"),
        "today": timezone.localdate(),
        "computed_label": dict(Health.choices).get(advies.computed_health, ""),
    }
    return render(request, "uitvoering/plan.html", context, status=status)


STEP_BUTTONS = {
    "indienen": (gettext_lazy("Submit to the manager"), "btn-primary"),
    "goedkeuren": (gettext_lazy("Approve the plan"), "btn-primary"),
    "terugsturen": (gettext_lazy("Send back"), "btn-outline-secondary"),
    "herzien": (gettext_lazy("Revise the plan"), "btn-outline-secondary"),
}

ACTION_LABELS = {
    "plan.create": gettext_lazy("plan started"),
    "plan.indienen": gettext_lazy("submitted to the manager"),
    "plan.goedkeuren": gettext_lazy("plan approved"),
    "plan.terugsturen": gettext_lazy("plan sent back"),
    "plan.herzien": gettext_lazy("plan under revision"),
    "plan.gezondheid": gettext_lazy("health adjusted"),
    "plan.verwachte-besparingen": gettext_lazy("expected savings changed"),
    "actie.create": gettext_lazy("action added"),
    "actie.edit": gettext_lazy("action changed"),
    "actie.delete": gettext_lazy("action removed"),
    "actie.status": gettext_lazy("status of an action"),
    "mijlpaal.create": gettext_lazy("milestone added"),
    "mijlpaal.delete": gettext_lazy("milestone removed"),
    "mijlpaal.bereikt": gettext_lazy("milestone reached"),
    "mijlpaal.niet-bereikt": gettext_lazy("milestone not reached after all"),
    "besparing.create": gettext_lazy("realised savings recorded"),
    "besparing.opnieuw": gettext_lazy("realised savings corrected"),
    "besparing.gevalideerd": gettext_lazy("realised savings validated"),
    "besparing.teruggestuurd": gettext_lazy("realised savings sent back"),
    "advies.in-uitvoering": gettext_lazy("advice being implemented"),
    "advies.gerealiseerd": gettext_lazy("advice realised"),
    "advies.stopgezet": gettext_lazy("advice stopped"),
}


def _trail(advies, plan, savings):
    """The plan's history, its savings' and the advice's implementation steps (one query)."""
    types = ContentType.objects.get_for_models(type(plan), RealisedSaving, type(advies))
    entries = AuditEntry.objects.filter(
        Q(content_type=types[type(plan)], object_id=str(plan.pk))
        | Q(
            content_type=types[RealisedSaving],
            object_id__in=[str(s.pk) for s in savings],
        )
        | Q(
            content_type=types[type(advies)],
            object_id=str(advies.pk),
            action__in=["advies.in-uitvoering", "advies.gerealiseerd", "advies.stopgezet"],
        )
    ).order_by("-at", "-pk")[:100]
    rows = []
    for e in entries:
        states = _STATE_LABELS.get(e.action) or _STATE_LABELS[e.action.split(".")[0]]
        rows.append(
            (
                e,
                ACTION_LABELS.get(e.action, e.action),
                states.get(e.from_state, e.from_state),
                states.get(e.to_state, e.to_state),
            )
        )
    return rows


# The states an audit row speaks of, by its action (or the action's first part).
_STATE_LABELS = {
    "plan.gezondheid": dict(Health.choices),
    "plan": dict(PlanState.choices),
    "actie": dict(ActionStatus.choices),
    "mijlpaal": {},
    "besparing": dict(SavingState.choices),
    "advies": dict(AdviesState.choices),
    "demo": dict(PlanState.choices),
}


@require_POST
def plan_start(request, pk):
    advies = get_advies(request.user, pk)
    _require(access.may_edit_plan(request.user, advies))
    services.plan_get_or_create(advies=advies, by=request.user)
    messages.success(request, _("The plan is started: add its actions and milestones."))
    return redirect("uitvoering:plan", pk)


@require_POST
def plan_step(request, pk, step):
    if step not in services.PLAN_STEPS:
        raise Http404
    advies = get_advies(request.user, pk)
    _require(services.PLAN_STEPS[step][1](request.user, advies))
    form = StepForm(request.POST, prefix=step)
    expected = _lock(form)
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
        done=lambda plan: (
            _("Done: the plan is now “%(state)s”.") % {"state": plan.get_state_display()}
        ),
    )


def action_edit(request, pk, action_pk=None):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    action = get_object_or_404(plan.actions, pk=action_pk) if action_pk else None
    _require(access.may_edit_plan(request.user, advies))
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
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    action = get_object_or_404(plan.actions, pk=action_pk)
    _require(access.may_edit_plan(request.user, advies))
    services.action_delete(advies=advies, action=action, by=request.user)
    messages.success(request, _("The action is removed."))
    return redirect("uitvoering:plan", pk)


@require_POST
def action_status(request, pk, action_pk):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    action = get_object_or_404(plan.actions, pk=action_pk)
    _require(access.may_update_action(request.user, advies, action))
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
    advies = get_advies(request.user, pk)
    _plan_or_403(advies)
    _require(access.may_edit_plan(request.user, advies))
    form = MilestoneForm(request.POST, prefix="mijlpaal")
    if not form.is_valid():
        return plan_detail(request, pk, status=400, forms={"milestone": form})
    services.milestone_save(form=form, advies=advies, by=request.user)
    messages.success(request, _("The milestone is added."))
    return redirect("uitvoering:plan", pk)


@require_POST
def milestone_change(request, pk, milestone_pk, change):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    milestone = get_object_or_404(Milestone.objects.filter(plan=plan), pk=milestone_pk)
    if change == "verwijderen":
        _require(access.may_edit_plan(request.user, advies))
        services.milestone_delete(advies=advies, milestone=milestone, by=request.user)
        messages.success(request, _("The milestone is removed."))
    elif change in ("bereikt", "niet-bereikt"):
        _require(access.may_report_milestones(request.user, advies))
        services.milestone_reached(
            advies=advies, milestone=milestone, by=request.user, reached=change == "bereikt"
        )
        messages.success(request, _("The milestone is updated."))
    else:
        raise Http404
    return redirect("uitvoering:plan", pk)


def expected_edit(request, pk):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    _require(access.may_edit_plan(request.user, advies))
    data = request.POST if request.method == "POST" else None
    formset = ExpectedSavingFormSet(data, instance=plan, prefix="jaar")
    lock = StepForm(data, initial={"lock_version": plan.lock_version}, prefix="plan")
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
    advies = get_advies(request.user, pk)
    _plan_or_403(advies)
    _require(access.may_override_health(request.user, advies))
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
def advies_end(request, pk, how):
    advies = get_advies(request.user, pk)
    if how == "afronden":
        _plan_or_403(advies)
        _require(access.may_finish(request.user, advies))
        form, key = StepForm(request.POST, prefix="af"), "finish"
    elif how == "stopzetten":
        _require(access.may_stop(request.user, advies))
        form, key = StepForm(request.POST, prefix="stop"), "stop"
    else:
        raise Http404
    expected = _lock(form)
    if how == "afronden":
        call = lambda: services.advies_finish(  # noqa: E731
            advies=advies, by=request.user, expected_lock=expected
        )
        done = _("The advice is realised.")
    else:
        call = lambda: services.advies_stop(  # noqa: E731
            advies=advies,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
            expected_lock=expected,
        )
        done = _("The advice is stopped.")
    return _apply(request, pk, form=form, form_key=key, field="reason", call=call, done=done)


# --- realised savings --------------------------------------------------------------------------


def saving_edit(request, pk, saving_pk=None):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    saving = None
    if saving_pk is not None:
        saving = get_object_or_404(plan.realised_savings, pk=saving_pk)
    _require(access.may_record_saving(request.user, advies))
    _require(saving is None or saving.state == SavingState.SENT_BACK)
    data = request.POST if request.method == "POST" else None
    form = RealisedSavingForm(data, request.FILES or None, instance=saving, prefix="besparing")
    if data is not None and form.is_valid():
        try:
            services.saving_record(form=form, advies=advies, by=request.user, saving=saving)
        except StaleObject as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "The realised savings are recorded: they count once the financieel "
                    "directeur validated them."
                ),
            )
            return redirect("uitvoering:plan", pk)
    return render(
        request,
        "uitvoering/saving_form.html",
        {"advies": advies, "form": form, "saving": saving},
        status=400 if data is not None else 200,
    )


@require_POST
def saving_decide(request, pk, saving_pk, decision):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    saving = get_object_or_404(plan.realised_savings, pk=saving_pk)
    if decision not in ("valideren", "terugsturen"):
        raise Http404
    _require(access.may_validate_savings(request.user))
    form = DecideSavingForm(request.POST, prefix=f"besparing-{saving.pk}")
    expected = _lock(form)
    return _apply(
        request,
        pk,
        form=form,
        form_key=f"saving-{saving.pk}",
        field="reason",
        call=lambda: services.saving_decide(
            saving=saving,
            by=request.user,
            validate=decision == "valideren",
            reason=form.cleaned_data.get("reason", ""),
            expected_lock=expected,
        ),
        done=_("The savings are validated.")
        if decision == "valideren"
        else _("The savings are sent back to the diensthoofd."),
    )


def saving_evidence(request, pk, saving_pk):
    advies = get_advies(request.user, pk)
    plan = _plan_or_403(advies)
    saving = get_object_or_404(plan.realised_savings, pk=saving_pk)
    if not saving.evidence:
        raise Http404
    return FileResponse(
        saving.evidence.open("rb"),
        as_attachment=True,
        filename=saving.evidence_name or saving.evidence.name.rsplit("/", 1)[-1],
    )


# --- results -----------------------------------------------------------------------------------


RISKS_PER_PAGE = 25


def _cycle_for(user, pk):
    if not is_participant(user):
        raise Http404
    return get_object_or_404(Cycle.objects.select_related("term"), pk=pk)


def _results_advices(user, cycle, whole_cycle):
    """Whoever sees the whole cycle sees every approved advice of it (as the college does),
    without the per-person visibility filter; the others what they may see."""
    if whole_cycle:
        return reports.college_advices(cycle)
    return access.advices_visible_to(user).filter(cycle=cycle)


def results(request, pk):
    cycle = _cycle_for(request.user, pk)
    whole_cycle = access.sees_whole_cycle(request.user)
    qs = _results_advices(request.user, cycle, whole_cycle)
    figures, risk_pks = results_cache.figures(qs, cycle, whole_cycle=whole_cycle)
    risk_page = Paginator(risk_pks, RISKS_PER_PAGE).get_page(request.GET.get("pagina"))
    reports_made = (
        list(ProgressReport.objects.filter(cycle=cycle).select_related("created_by")[:10])
        if whole_cycle
        else []
    )
    return render(
        request,
        "uitvoering/results.html",
        {
            **figures,
            **reports.chart_context(
                figures, departments=None if request.GET.get("diensten") == "alle" else 25
            ),
            "at_risk": results_cache.page_at_risk(risk_page.object_list, figures["today"]),
            "risk_page": risk_page,
            "whole_cycle": whole_cycle,
            "may_report": access.may_report_to_college(request.user),
            "reports": reports_made,
        },
    )


def results_pdf(request, pk):
    cycle = _cycle_for(request.user, pk)
    _require(access.sees_whole_cycle(request.user))
    return _pdf(reports.report_pdf(cycle), f"voortgangsrapport-{cycle.pk}.pdf")


def results_xlsx(request, pk):
    cycle = _cycle_for(request.user, pk)
    qs = _results_advices(request.user, cycle, access.sees_whole_cycle(request.user))
    content = reports.xlsx(cycle_results(qs, cycle), qs)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="resultaten-{cycle.pk}.xlsx"'
    return response


@require_POST
def report_to_college(request, pk):
    cycle = _cycle_for(request.user, pk)
    _require(access.may_report_to_college(request.user))
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
    report = get_object_or_404(ProgressReport.objects.select_related("cycle"), pk=report_pk)
    if not access.sees_whole_cycle(request.user):
        raise Http404
    return _pdf(bytes(report.pdf), f"voortgangsrapport-{report.cycle_id}-{report.pk}.pdf")


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
