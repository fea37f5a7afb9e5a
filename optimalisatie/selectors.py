"""Reads across relations for the optimisation pages, each with a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

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
    Sum,
    Window,
)
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.diff import word_diff
from core.threads import thread_rows, url_pattern

from .constants import VERSIONED_FIELDS, AdviesState, BundleState, PriorityLevel
from .forms import ANCHOR_CHOICES
from .models import Advies, Priority, Standpunt
from .workflow import step_due

OPEN_STEPS = [
    AdviesState.ONTWERP,
    AdviesState.INGEDIEND,
    AdviesState.VOORGELEGD_MT,
    AdviesState.GEVALIDEERD,
]
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
    """One page of the advice list, each advice with its `state_label` and its
    `priority_labels` (priority_labels; empty unless `political`).

    One query whatever it finds: the page's rows carry the number of matches
    (COUNT(*) OVER ()), so the search runs once instead of once for the count and once for
    the page, and an empty result costs the same. Only a page number past the end (an old
    link) needs the count on its own and then the last page: two more queries."""
    queryset = advies_list(user, filters=filters, political=political).annotate(
        total=Window(Count("pk"))
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE])
    if rows or number == 1:
        paginator.count = rows[0].total if rows else 0
        page = paginator.page(number)
        page.object_list = rows
    else:
        page = paginator.get_page(number)
        page.object_list = list(page.object_list)
    # Labels looked up once per page: get_state_display builds the dict of every state's
    # (lazily translated) label on each call.
    states = {value: str(label) for value, label in AdviesState.choices}
    levels = level_labels()
    for advies in page.object_list:
        advies.state_label = states.get(advies.state, advies.state)
        advies.priority_labels = priority_labels(getattr(advies, "priority_rows", None), levels)
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


def advies_threads(advies, user, *, reply_to=""):
    """The comment threads on the advice as the detail page shows them (two queries)."""
    per_comment = ("thread", "comment")
    detail = reverse("optimalisatie:advies-detail", args=[advies.pk])
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
    return rows


def display_value(name, raw):
    """A frozen value as people read it: labels for choices, ja/nee, amounts in euro."""
    from core.templatetags.formatting import euro

    field = Advies._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if field.get_internal_type() == "BooleanField":
        return _("yes") if raw in ("True", True) else _("no")
    if field.get_internal_type() == "DecimalField":
        try:
            return euro(Decimal(raw)) if name != "fte_impact" else str(Decimal(raw).normalize())
        except ArithmeticError:
            return str(raw)
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


def dashboard(user, cycle):
    """Figures for the cycle dashboard, over the advices this person may see."""
    qs = Advies.objects.visible_to(user).filter(cycle=cycle)
    by_state = dict(qs.values_list("state").annotate(n=Count("pk")).order_by())
    live = qs.exclude(state=AdviesState.INGETROKKEN)

    def total(q):
        return live.filter(q).aggregate(s=Sum("savings_recurring", default=ZERO))["s"]

    funnel = [
        ("proposed", total(Q(submitted_at__isnull=False))),
        ("validated", total(Q(validated_at__isnull=False) & ~Q(state=AdviesState.NIET_WEERHOUDEN))),
        (
            "ready",
            total(
                Q(state=AdviesState.KLAAR_VOOR_COLLEGE)
                | Q(bundle__state=BundleState.KLAAR_VOOR_COLLEGE)
            ),
        ),
    ]
    today = timezone.localdate()
    waiting = live.filter(state__in=OPEN_STEPS).select_related("cycle", "dienst")
    overdue = []
    for advies in waiting:
        advies.due = step_due(advies)
        if advies.due and advies.due < today:
            overdue.append(advies)
    per = {}
    for key, field in (("dienst", "dienst__name"), ("domain", "dienst__domain__name")):
        per[key] = list(
            live.filter(submitted_at__isnull=False)
            .values(field)
            .annotate(n=Count("pk"), recurring=Sum("savings_recurring"))
            .order_by("-recurring", field)
        )
        for row in per[key]:
            row["name"] = row.pop(field)
    targets = dict(cycle.domain_targets.values_list("domain__name", "target_recurring"))
    for row in per["domain"]:
        row["target"] = targets.get(row["name"])
    return {
        "states": [(state, by_state.get(state.value, 0)) for state in AdviesState],
        "total": sum(by_state.values()),
        "funnel": funnel,
        "target": cycle.target_recurring,
        "overdue": overdue,
        "per_dienst": per["dienst"],
        "per_domain": per["domain"],
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
