"""Reads across relations for the optimisation pages, each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Dienst
from accounts.roles import sees_political_input
from core.audit import audit_trail
from core.diff import word_diff
from core.kept import kept
from core.links import url_pattern
from core.numbers import format_number
from core.paging import CountedPaginator
from core.threads import thread_rows

from . import access, links, summary
from .constants import VERSIONED_FIELDS, AdviesState, PriorityLevel
from .forms import ANCHOR_CHOICES
from .models import Advies, Bundle, Cycle, Priority, ReviewMark, Standpunt
from .workflow import (
    STEPS,
    is_overdue,
    is_past,
    overdue_states,
    step_deadlines,
    step_due,
    step_due_sql,
)

ZERO = Decimal("0")


def search(queryset, text):
    """PostgreSQL: full-text search with the Dutch configuration; SQLite: plain contains."""
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(
            "title", "proposal", "substantiation", "current_situation", config="dutch"
        )
        # alias, not annotate: the vector is only tested (through the GIN index of migration
        # 0004), never selected, so PostgreSQL does not build it for every row it returns.
        return queryset.alias(search=vector).filter(
            search=SearchQuery(text, config="dutch", search_type="websearch")
        )
    return queryset.filter(
        Q(title__icontains=text)
        | Q(proposal__icontains=text)
        | Q(substantiation__icontains=text)
        | Q(current_situation__icontains=text)
    )


def advies_filtered(user, *, cycle=None, filters=None):
    """The advices this person sees, filtered and sorted as the list's form asks. Nothing is
    joined or loaded beyond what the filters need: the list and the export each pick their
    columns (advies_list, exports.advies_export)."""
    filters = filters or {}
    qs = Advies.objects.visible_to(user)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("dienst"):
        qs = qs.filter(dienst=filters["dienst"])
    if filters.get("domain"):
        qs = qs.filter(dienst__domain=filters["domain"])
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("priority"):
        qs = qs.filter(
            Exists(Priority.objects.filter(advies=OuterRef("pk"), level=filters["priority"]))
        )
    qs = search(qs, filters.get("q"))
    return qs.order_by(filters.get("sort") or "-updated_at", "-pk")


# What a row of the advice list shows (templates/optimalisatie/advies_list.html); a bundle's
# state too, which its state machine reads when the bundle is loaded.
LIST_COLUMNS = (
    "title",
    "state",
    "savings_recurring",
    "updated_at",
    "dienst__name",
    "bundle__title",
    "bundle__state",
)


def advies_list(user, *, cycle=None, filters=None, political=False):
    """The advice list's rows: the columns it shows, with each advice's priorities when the
    person sees political input (`political`; see with_priorities)."""
    qs = advies_filtered(user, cycle=cycle, filters=filters)
    qs = qs.select_related("dienst", "bundle").only(*LIST_COLUMNS)
    return with_priorities(qs) if political else qs


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array: jsonb_agg on PostgreSQL, json_group_array on
    SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def with_priorities(queryset):
    """Adds `priority_rows` to each advice: the schepenen's priorities as
    [{"level": ..., "schepen": full name}], or None without any. A subquery of the list's own
    query: a prefetch would run one more query only when the page lists something, so the
    number of queries would depend on what the search finds."""
    rows = (
        Priority.objects.filter(advies=OuterRef("pk"))
        .order_by()
        .values("advies")
        .annotate(rows=JSONArrayAgg(JSONObject(level="level", schepen="schepen__full_name")))
        .values("rows")
    )
    return queryset.annotate(priority_rows=Subquery(rows, output_field=JSONField()))


PAGE_SIZE = 25


def advies_page(user, *, filters=None, number=None, political=False):
    """One page of the advice list, each advice with its `state_label`, its
    `priority_labels` (priority_labels; empty unless `political`) and whether its step is
    `overdue` (from its `step_due`, the deadline of the step it waits for).

    One query whatever it finds: the page's rows carry the number of matches
    (COUNT(*) OVER ()), so the search runs once instead of once for the count and once for
    the page, and an empty result costs the same. Only a page number past the end (an old
    link) needs the count on its own and then the last page: two more queries."""
    queryset = advies_list(user, filters=filters, political=political).annotate(
        total=Window(Count("pk")), step_due=step_due_sql()
    )
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE])
    if rows or number == 1:
        count = rows[0].total if rows else 0
        page = CountedPaginator(queryset, PAGE_SIZE, count=count).page(number)
        page.object_list = rows
    else:
        page = Paginator(queryset, PAGE_SIZE).get_page(number)
        page.object_list = list(page.object_list)
    page.object_list = with_state_labels(page.object_list)
    levels = level_labels()
    today = timezone.localdate()
    for advies in page.object_list:
        advies.priority_labels = priority_labels(getattr(advies, "priority_rows", None), levels)
        advies.overdue = is_past(advies.step_due, today)
    return page


def priority_labels(rows, levels=None):
    """with_priorities' rows as (level label, schepen) pairs, by the schepen's name. `levels`:
    the level labels (level_labels()), to look them up once for many rows."""
    levels = levels or level_labels()
    return [
        (levels.get(row["level"], row["level"]), row["schepen"])
        for row in sorted(rows or [], key=lambda row: row["schepen"])
    ]


def level_labels():
    return {value: str(label) for value, label in PriorityLevel.choices}


def advies_detail(user, pk):
    # Not the department head and cluster manager as people (only their ids are compared):
    # each further join with the staff table costs PostgreSQL about a millisecond of
    # planning on every view of an advice. What notifies them loads them when it does.
    return (
        Advies.objects.visible_to(user)
        .with_relations()
        .prefetch_related(
            "attachments",
            "versions",
            Prefetch("standpunten", queryset=Standpunt.objects.select_related("schepen")),
            Prefetch("priorities", queryset=Priority.objects.select_related("schepen")),
        )
    )


def advies_detail_context(user, advies, *, reply_to="") -> dict:
    """What the advice's page shows besides the advice: its versions and what changed since
    the one the person reviewed, the comment threads, the person's own standpoint and
    priority, and the audit trail."""
    versions = list(advies.versions.all())
    mark = ReviewMark.objects.filter(advies=advies, user=user).first()
    since = next((v for v in versions if mark and v.number == mark.version_number), None)
    latest = versions[-1] if versions else None
    entries = list(audit_trail(advies)[:TRAIL_SHOWN])
    return {
        "due": step_due(advies),
        "overdue": is_overdue(advies),
        "returned": returned(advies, entries),
        "versions": versions,
        "since": since,
        "changes": version_changes(since, latest) if since and since != latest else [],
        "threads": advies_threads(advies, user, reply_to=reply_to),
        "sees_coaching": access.sees_coaching(user, advies),
        "starts_confidential": access.starts_confidential(user),
        "detail_url": reverse("optimalisatie:advies-detail", args=[advies.pk]),
        "my_standpunt": _own(advies.standpunten.all(), user),
        "my_priority": _own(advies.priorities.all(), user),
        "trail": trail_rows(entries),
        "advies_links": links.advies_links(advies),
        "references": (
            references(advies, advies.bundle if advies.bundle_id else None)
            if advies.state in COLLEGE_DECIDED
            else []
        ),
    }


# The states after a college decision: only then can a decision's reference exist.
COLLEGE_DECIDED = {
    AdviesState.APPROVED,
    AdviesState.REJECTED,
    AdviesState.POSTPONED,
    AdviesState.IN_IMPLEMENTATION,
    AdviesState.REALISED,
    AdviesState.STOPPED,
}


def references(*subjects) -> list:
    """Decisions on these subjects taken in the official decision system (vergaderingen is
    read, never written)."""
    from vergaderingen.selectors import references_for

    return references_for(*subjects)


TRAIL_SHOWN = 50  # the history on an advice's page: its latest steps


# The audit actions of the steps that send an advice back, and what it then reads as.
RETURNS = {f"advies.{step.key}": step.outcome for step in STEPS.values() if step.outcome}


def returned(advies, entries=None) -> dict | None:
    """When the advice was sent back and has not moved since: who sent it back (as its
    step's outcome: "returned by the manager"), when and why, from its audit trail (the
    latest rows, newest first, as the page shows them; read here when not given)."""
    if entries is None or len(entries) >= TRAIL_SHOWN:
        entries = audit_trail(advies).exclude(to_state="").exclude(action="advies.priority")[:1]
    last_move = next((e for e in entries if e.to_state and e.action != "advies.priority"), None)
    if last_move is None or last_move.action not in RETURNS or last_move.to_state != advies.state:
        return None
    return {
        "label": RETURNS[last_move.action],
        "reason": last_move.reason,
        "by": last_move.actor_name,
        "at": last_move.at,
    }


def _own(records, user):
    """The person's own record among a schepen's standpoints or priorities, if any."""
    return next((r for r in records if r.schepen_id == user.pk), None)


def trail_rows(entries):
    """Audit rows in words: the step's label and the states' labels instead of codes."""
    actions = {f"advies.{key}": step.label for key, step in STEPS.items()}
    actions.update(
        {
            "advies.create": _("created"),
            "advies.edit": _("edited"),
            "advies.standpoint": _("standpoint given"),
            "advies.priority": _("priority set"),
            "advies.bundle": _("included in a bundle"),
            "advies.thread-share": _("coaching thread shared with the college"),
            "college.approved": _("decided by the college"),
            "college.rejected": _("decided by the college"),
            "college.postponed": _("postponed by the college"),
        }
    )
    states = dict(AdviesState.choices)
    return [
        (
            e,
            actions.get(e.action, e.action),
            states.get(e.from_state, e.from_state),
            states.get(e.to_state, e.to_state),
        )
        for e in entries
    ]


@dataclass(frozen=True)
class Coaching:
    """Whether a thread is confidential coaching (access.py), whether and by whom it was
    shared with the college, and where the viewer shares it (when they may)."""

    confidential: bool
    shared_by: str = ""
    shared_at: object = None
    shared_reason: str = ""
    share_url: str = ""


def _coaching(advies, user) -> dict:
    """Per thread on the advice its Coaching, for the threads the person reads (one query)."""
    from core.models import Thread

    sees_all = access.sees_coaching(user, advies)
    may_share = sees_all and access.is_mt(user)
    share = url_pattern("optimalisatie:thread-share", advies.pk, slots=("thread",))
    found = {}
    for pk, confidential, shared_at, shared_by, reason, created_by in Thread.objects.filter(
        content_type=ContentType.objects.get_for_model(advies), object_id=str(advies.pk)
    ).values_list(
        "pk", "confidential", "shared_at", "shared_by__full_name", "shared_reason", "created_by"
    ):
        shared = shared_at is not None
        if sees_all or access.reads_thread(
            user, advies, confidential=confidential, shared=shared, created_by_id=created_by
        ):
            found[str(pk)] = Coaching(
                confidential=confidential,
                shared_by=shared_by or "",
                shared_at=timezone.localtime(shared_at) if shared_at else None,
                shared_reason=reason,
                share_url=share.format(thread=pk)
                if may_share and confidential and not shared
                else "",
            )
    return found


def advies_threads(advies, user, *, reply_to=""):
    """The comment threads on the advice the person reads, as the detail page shows them
    (three queries): (ThreadRow, Coaching) pairs. Coaching the person may not read is
    left out entirely, as if it did not exist."""
    per_comment = ("thread", "comment")
    detail = reverse("optimalisatie:advies-detail", args=[advies.pk])
    coaching = _coaching(advies, user)
    if not coaching:
        return []
    rows = thread_rows(
        advies,
        viewer=user,
        reply_to=reply_to,
        urls={
            "reply_link": detail + "?antwoord={comment}#antwoord-{comment}",
            "reply": url_pattern("optimalisatie:comment-reply", advies.pk, slots=per_comment),
            "edit": url_pattern("optimalisatie:comment-edit", advies.pk, slots=per_comment),
            "withdraw": url_pattern("optimalisatie:comment-withdraw", advies.pk, slots=per_comment),
            "resolve": url_pattern("optimalisatie:thread-resolve", advies.pk, slots=("thread",)),
        },
    )
    fields = dict(ANCHOR_CHOICES)
    headings = {"": _("About the advice")}
    for row in rows:
        if row.anchor not in headings:
            label = fields.get(row.anchor, row.anchor)
            headings[row.anchor] = _("About: %(field)s") % {"field": label}
        row.heading = headings[row.anchor]
    return [(row, coaching[row.pk]) for row in rows if row.pk in coaching]


def display_value(name, raw):
    """A frozen value as people read it: labels for choices, ja/nee, amounts in euro."""
    from core.templatetags.formatting import euro

    field = Advies._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if field.get_internal_type() == "BooleanField":
        return _("yes") if raw in ("True", True) else _("no")
    if field.get_internal_type() == "DecimalField":
        # as the form shows and reads it: "€ 42.500,00", "0,5" (never "5" for 0,50)
        try:
            amount = Decimal(raw)
        except ArithmeticError:
            return str(raw)
        return euro(amount) if name != "fte_impact" else format_number(amount, trim=True)
    return str(raw)


def version_changes(old_version, new_version):
    """Per changed field: (label, diff html), between two frozen versions."""
    if old_version is None or new_version is None:
        return []
    changes = []
    for name in VERSIONED_FIELDS:
        before = display_value(name, old_version.data.get(name, ""))
        after = display_value(name, new_version.data.get(name, ""))
        if before != after:
            label = Advies._meta.get_field(name).verbose_name
            changes.append((label, word_diff(before, after)))
    return changes


OVERDUE_SHOWN = 10  # the dashboard lists the most overdue steps; all of them are a page away
DIENSTEN_SHOWN = 10  # and the departments with the largest savings; all of them likewise


def _figures(user, cycle) -> tuple[list[dict], dict]:
    """The figures of the advices of the cycle this person may see, per department and in
    total.

    Per department (a dict each): the advices submitted (withdrawn ones left out) and their
    recurring savings. In total: the number of advices per state, and the recurring savings
    proposed, validated and ready for the college. The numbers come from the summary table
    the services keep (optimalisatie.summary: a few rows per department, whatever the number
    of advices), kept until the cycle's advices change (core.kept); the departments' names are
    a query of their own on every request. The totals are the columns' sums."""
    sums = summary.aggregates(rows=True)
    viewer = Advies.objects.visibility_key(user)
    rows = kept(
        ("cycle", cycle.pk), ("dashboard", *viewer), lambda: summary.per_department(user, cycle)
    )
    names = {
        pk: (name, domain)
        for pk, name, domain in Dienst.objects.filter(pk__in=[row[0] for row in rows])
        .order_by()
        .values_list("pk", "name", "domain__name")
    }
    diensten = [
        {"name": names[pk][0], "domain": names[pk][1], "n": n, "recurring": recurring}
        for pk, n, recurring, *_rest in rows
    ]
    columns = list(zip(*rows, strict=True))[1:] or [()] * len(sums)
    totals = dict(zip(sums, map(sum, columns), strict=True))
    return diensten, totals


def _by_savings(rows):
    return sorted(rows, key=lambda row: (-row["recurring"], row["name"]))


def per_dienst(user, cycle) -> list[dict]:
    """The departments with submitted advices this person may see, largest savings first."""
    diensten, _totals = _figures(user, cycle)
    return _by_savings([row for row in diensten if row["n"]])


def overdue(user, cycle, today=None, *, states=None):
    """The advices this person may see whose step is overdue, most overdue first (the
    deadline of a step depends on the cycle and the state only, so the test is SQL);
    `states` limits them to some of the overdue states."""
    late = [s for s in overdue_states(cycle, today) if states is None or s in states]
    if not late:
        return Advies.objects.none()
    return (
        Advies.objects.visible_to(user)
        .filter(cycle=cycle, state__in=late)
        .annotate(due=step_due_sql())
        .select_related("dienst")
        .only("title", "state", "cycle_id", "dienst__name")
        .order_by("due", "pk")
    )


def with_state_labels(advices):
    """The advices, each with its state's label (get_state_display() hashes the field's
    choices on every call: some 80 µs, against 5 µs for the label)."""
    advices = list(advices)
    for advies in advices:
        advies.state_label = AdviesState(advies.state).label
    return advices


def _first_overdue(cycle, late, by_state):
    """The overdue states that hold the first OVERDUE_SHOWN overdue steps, from the counts per
    state: the earliest deadline first, all states of a deadline together (they are sorted
    by number). The query for them then reads those states only, not all waiting advices."""
    deadlines = step_deadlines(cycle)
    states, found = [], 0
    for due in sorted({deadlines[state] for state in late}):
        if found >= OVERDUE_SHOWN:
            break
        group = [state for state in late if deadlines[state] == due and by_state[state]]
        states += group
        found += sum(by_state[state] for state in group)
    return states


def dashboard(user, cycle):
    """Figures for the cycle dashboard, over the advices this person may see: a fixed number
    of queries whatever the number of advices (the figures per department, kept until the
    advices change, and the departments' names; the targets per domain; the first overdue
    steps)."""
    rows, totals = _figures(user, cycle)
    by_state = {state: totals[state] for state in AdviesState}
    funnel = [(key, totals[key] or ZERO) for key in ("proposed", "validated", "ready")]
    diensten = _by_savings([row for row in rows if row["n"]])
    domains = {}
    for row in diensten:
        domain = domains.setdefault(
            row["domain"], {"name": row["domain"], "n": 0, "recurring": ZERO}
        )
        domain["n"] += row["n"]
        domain["recurring"] += row["recurring"]
    targets = dict(cycle.domain_targets.values_list("domain__name", "target_recurring"))
    per_domain = _by_savings(domains.values())
    for row in per_domain:
        row["target"] = targets.get(row["name"])
    late = overdue_states(cycle)
    return {
        "states": [(state, by_state[state]) for state in AdviesState],
        "total": sum(by_state.values()),
        "funnel": funnel,
        "target": cycle.target_recurring,
        "overdue": with_state_labels(
            overdue(user, cycle, states=_first_overdue(cycle, late, by_state))[:OVERDUE_SHOWN]
        ),
        "overdue_count": sum(by_state[state] for state in late),
        "per_dienst": diensten[:DIENSTEN_SHOWN],
        "diensten_count": len(diensten),
        "per_domain": per_domain,
    }


BAR_AREA = 330  # SVG units of the widest bar: the chart is 640 wide, labels take 190


def funnel_bars(funnel, target, labels):
    """Bars for the server-rendered SVG funnel: widths relative to the largest figure."""
    values = [("target", target), *funnel]
    largest = max([v for _k, v in values] + [Decimal("1")])
    return [
        {
            "key": key,
            "label": labels[key],
            "value": value,
            "width": round(float(value / largest) * BAR_AREA, 1),
            "y": i * 44,
        }
        for i, (key, value) in enumerate(values)
    ]


# --- the cycle's page ---------------------------------------------------------------------------


def cycle_page(user, cycle) -> dict:
    """What the cycle's page shows: the dashboard's figures and funnel, the schepenen's policy
    notes and (for who reads political input) their own advices, and the exercise's
    afsprakennota with the person's role in it (through afsprakennota's public functions)."""
    from afsprakennota import access as nota_access
    from afsprakennota import worklist as nota_worklist

    figures = dashboard(user, cycle)
    labels = {
        "target": _("target"),
        "proposed": _("proposed"),
        "validated": _("validated"),
        "ready": _("ready for the college"),
    }
    bars = funnel_bars(figures["funnel"], figures["target"], labels)
    nota = cycle.afsprakennota
    return {
        **figures,
        "bars": bars,
        "chart_height": len(bars) * 44,
        "beleidsnotas": cycle.beleidsnotas.select_related("schepen").order_by("schepen__full_name"),
        "schepen_inputs": cycle.schepen_inputs.select_related("schepen")
        if sees_political_input(user)
        else [],
        "nota": nota if nota and nota_access.may_see(user, nota) else None,
        "role_notice": nota_worklist.role_notice(nota, user, context=_("this exercise"))
        if nota
        else None,
        "cycle_links": links.cycle_links(cycle),
    }


def nota_cycles(nota) -> list[tuple[str, str]]:
    """The exercises that use this afsprakennota, as (title, URL of the cycle's page): shown
    on the nota's page (afsprakennota.links)."""
    detail = url_pattern("optimalisatie:cycle-detail", slots=("pk",))
    return [
        (title, detail.format(pk=pk))
        for pk, title in Cycle.objects.filter(afsprakennota=nota)
        .order_by("-created_at")
        .values_list("pk", "title")
    ]


# --- the MT's pages and bundles -----------------------------------------------------------------


def mt_queue(user) -> dict:
    """The MT's queue: the advices to validate, to bundle or to mark ready, and the bundles."""
    visible = Advies.objects.visible_to(user).with_relations()
    return {
        "sections": [
            (
                _("To validate"),
                visible.filter(state=AdviesState.WITH_MT).order_by("forwarded_at"),
                "te-valideren",
            ),
            (
                _("Validated: to bundle or to mark ready for the college"),
                visible.filter(state=AdviesState.VALIDATED).order_by("validated_at"),
                "gevalideerd",
            ),
            (
                _("Ready for the college"),
                visible.filter(state=AdviesState.READY_FOR_COLLEGE),
                "klaar",
            ),
        ],
        "bundles": Bundle.objects.with_savings()
        .select_related("cycle")
        .prefetch_related("adviezen__dienst"),
    }


def bundle_candidates(user, cycle):
    """The validated advices of the cycle the person sees, to combine into a bundle."""
    return (
        Advies.objects.visible_to(user)
        .filter(cycle=cycle, state=AdviesState.VALIDATED)
        .select_related("dienst")
    )


def bundle_detail():
    """Bundles as their page shows them: with their savings and their advices."""
    return Bundle.objects.with_savings().prefetch_related("adviezen__dienst")


# --- what is ready for the college --------------------------------------------------------------


def college_elsewhere() -> int | None:
    """The college's id when it decides in the official decision system, else None (one
    query; vergaderingen is read, never written)."""
    from accounts.constants import OrgaanType
    from vergaderingen.constants import DecisionSystem
    from vergaderingen.models import BodySettings

    return (
        BodySettings.objects.filter(
            orgaan__type=OrgaanType.COLLEGE, decides_in=DecisionSystem.OFFICIAL
        )
        .values_list("orgaan_id", flat=True)
        .first()
    )


def next_college_meeting():
    """The college's next meeting whose agenda is still open, as (its title, the URL of its
    agenda), or None when none is planned (vergaderingen is read, never written)."""
    from accounts.constants import OrgaanType
    from vergaderingen.constants import MeetingState
    from vergaderingen.models import Meeting

    meeting = (
        Meeting.objects.filter(
            orgaan__type=OrgaanType.COLLEGE,
            state=MeetingState.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .select_related("orgaan")
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    return str(meeting), reverse("vergaderingen:meeting-detail", args=[meeting.pk]) + "#agenda"


def awaiting_an_agenda(model, states):
    """The `model`'s rows (advices or bundles) in `states` that are on no agenda of a meeting
    not yet held: what still has to be put on the college's agenda."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from vergaderingen.constants import MeetingState
    from vergaderingen.models import AgendaItem

    on_agenda = AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(model),
        subject_id=Cast(OuterRef("pk"), CharField()),
        meeting__state__in=[MeetingState.PLANNED, MeetingState.AGENDA_FIXED, MeetingState.OPEN],
    )
    return model.objects.filter(state__in=states).exclude(Exists(on_agenda))
