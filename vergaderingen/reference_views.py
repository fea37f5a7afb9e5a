"""A body that decides in the official decision system (Gelinkt Notuleren, Notula, Cipal…):
its page lists what is ready for it, with each subject's draft decision as a Word document,
and the decisions the secretary recorded by their reference, with their corrections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import uploads
from core.audit import audit_trail
from core.files import safe_name
from core.paging import page_number
from core.transitions import StaleObject

from . import access, draft, services, subjects
from .constants import DecisionSystem
from .forms import ReferenceCorrectForm, ReferenceForm
from .models import BodySettings, Decision

EXTRACT = "extract"  # the form's file field, and what core.uploads keeps its file under
PER_PAGE = 25


def _subject_ref(obj) -> dict:
    return {"ct": ContentType.objects.get_for_model(obj).pk, "obj": str(obj.pk)}


def _candidates(orgaan) -> list[dict]:
    rows = []
    for subject in subjects.candidates_elsewhere(orgaan):
        kind = subjects.subject_type(subject)
        rows.append(
            {
                "subject": subject,
                "title": kind.title(subject),
                "url": kind.url(subject) if kind.url else "",
                "kind": subject._meta.verbose_name,
                **_subject_ref(subject),
            }
        )
    return rows


def _subject(orgaan, ct, obj):
    """A subject ready for this body in the official decision system (else 404)."""
    try:
        model = ContentType.objects.get_for_id(ct).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    kind = subjects.kind_of_model(model)
    if kind is None or not kind.elsewhere:
        raise Http404
    for subject in subjects.candidates_elsewhere(orgaan):
        if type(subject) is model and str(subject.pk) == obj:
            return subject, kind
    raise Http404


@require_safe
def body_decisions(request, orgaan_pk):
    orgaan = access.get_body_for(request.user, orgaan_pk)
    body_settings = BodySettings.for_orgaan(orgaan)
    elsewhere = body_settings.decides_in == DecisionSystem.OFFICIAL
    recorded = (
        Decision.objects.filter(orgaan=orgaan, item__isnull=True)
        .select_related("decided_by")
        .order_by("-reference_date", "-pk")
    )
    page = Paginator(recorded, PER_PAGE).get_page(page_number(request))
    return render(
        request,
        "vergaderingen/by_reference.html",
        {
            "orgaan": orgaan,
            "body_settings": body_settings,
            "elsewhere": elsewhere,
            "candidates": _candidates(orgaan) if elsewhere else [],
            "page": page,
            "may_record": access.records_by_reference(request.user),
        },
    )


@require_safe
def draft_download(request, orgaan_pk, ct, obj):
    """The subject's draft decision as a Word document, for the official decision system."""
    orgaan = access.get_body_for(request.user, orgaan_pk, record=True)
    if not access.decides_elsewhere(orgaan):
        raise Http404
    subject, kind = _subject(orgaan, ct, obj)
    text = draft.draft_for(subject, kind.title(subject))
    municipality = _municipality()
    response = HttpResponse(
        draft.document(text, orgaan=orgaan, municipality=municipality),
        content_type=draft.CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, draft.filename(text))
    return response


def _municipality() -> str:
    from accounts.models import Bestuur

    return Bestuur.objects.filter(pk=1).values_list("gemeente_name", flat=True).first() or ""


def _reference_form(request, form, *, call, done, orgaan, page):
    """Handle a reference form: on success `call(cleaned_data, extract)` and back to the
    body's page with `done`; refused, the form again with the errors at their fields, the
    input and the chosen extract kept (core.uploads)."""
    posted = request.method == "POST"
    kept = uploads.kept(request, EXTRACT) if posted else []
    if posted and form.is_valid():
        files = uploads.as_files(kept[:1])
        try:
            call(form.cleaned_data, form.cleaned_data["extract"] or (files[0] if files else None))
        except (ValidationError, StaleObject) as error:
            _form_errors(form, error)
        else:
            uploads.release(kept)
            messages.success(request, done)
            return redirect("vergaderingen:body-decisions", orgaan.pk)
        finally:
            for handle in files:
                handle.close()
    if posted and "extract" not in form.errors and form.cleaned_data.get("extract"):
        kept = uploads.keep(request, EXTRACT, [form.cleaned_data["extract"]])
    return render(
        request,
        "vergaderingen/reference_form.html",
        {"orgaan": orgaan, "form": form, "kept_uploads": kept[:1], **page},
        status=400 if posted else 200,
    )


def _form_errors(form, error) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if hasattr(error, "messages") else str(error))


@require_http_methods(["GET", "POST"])
def reference_record(request, orgaan_pk, ct, obj):
    """The secretary records the decision the body took in the official system."""
    orgaan = access.get_body_for(request.user, orgaan_pk, record=True)
    if not access.decides_elsewhere(orgaan):
        raise PermissionDenied
    subject, kind = _subject(orgaan, ct, obj)
    form = ReferenceForm(request.POST or None, request.FILES or None, prefix="besluit")
    title = kind.title(subject)
    return _reference_form(
        request,
        form,
        call=lambda data, extract: services.reference_record(
            orgaan=orgaan,
            subject=subject,
            by=request.user,
            outcome=data["outcome"],
            extract=extract,
            **{name: data[name] for name in services.REFERENCE_FIELDS},
        ),
        done=_("The decision on “%(title)s” is recorded.") % {"title": title},
        orgaan=orgaan,
        page={"title": title, "subject_url": kind.url(subject) if kind.url else ""},
    )


def _decision(orgaan, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("decided_by"), pk=pk, orgaan=orgaan, item__isnull=True
    )


@require_http_methods(["GET", "POST"])
def reference_correct(request, orgaan_pk, pk):
    """The secretary corrects a recorded reference, with a reason; the page shows every
    earlier correction."""
    orgaan = access.get_body_for(request.user, orgaan_pk, record=True)
    decision = _decision(orgaan, pk)
    form = ReferenceCorrectForm(
        request.POST or None,
        request.FILES or None,
        prefix="besluit",
        initial={
            **{name: getattr(decision, name) for name in services.REFERENCE_FIELDS},
            "lock_version": decision.lock_version,
        },
    )
    return _reference_form(
        request,
        form,
        call=lambda data, extract: services.reference_correct(
            decision=decision,
            by=request.user,
            reason=data["reason"],
            extract=extract,
            expected_lock=data["lock_version"],
            **{name: data[name] for name in services.REFERENCE_FIELDS},
        ),
        done=_("The correction is recorded."),
        orgaan=orgaan,
        page={
            "title": decision.title,
            "correcting": decision,
            "trail": audit_trail(decision)[:50],
        },
    )


@require_safe
def extract_download(request, orgaan_pk, pk):
    orgaan = access.get_body_for(request.user, orgaan_pk)
    decision = _decision(orgaan, pk)
    if not decision.extract:
        raise Http404
    return FileResponse(
        decision.extract.open("rb"),
        as_attachment=True,
        filename=safe_name(decision.extract_name or decision.extract.name),
        content_type="application/pdf",
    )
