"""What awaits each role in the optimisation cycle, for "Mijn werk" (a query per list)."""

from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType, Role
from accounts.models import Dienst
from accounts.roles import roles_of
from core.kept import ids_digest, kept, stamp
from core.links import url_pattern
from core.worklist import WorkItem, WorkList, bounded

from .access import is_participant, portfolio_domain_ids
from .constants import AdviesState, BundleState
from .models import Advies, Bundle, Cycle, Priority, Standpunt
from .workflow import overdue_q, step_due_sql


def _work_list(queryset, text, *, label, url, kept_as):
    """The advices of a list, the nearest deadline first, then the longest waiting, as a
    WorkList of at most LIST_LIMIT items with the total: one query, kept until the cycle's
    advices change (core.kept; `kept_as` is the cycle's pk, its stamp and what else the list
    depends on). The items' texts are made on each request, in the person's language."""
    # the department's name by subquery: a join would be made for every row the count reads
    # (thousands of overdue steps for the algemeen directeur), the subquery for the ten shown
    dienst_name = Subquery(
        Dienst.objects.filter(pk=OuterRef("dienst_id")).order_by().values("name")
    )

    def first_rows():
        return bounded(
            queryset.annotate(step_due=step_due_sql())
            .values("pk", "title", "cycle_id", "step_due", dienst__name=dienst_name)
            .order_by(F("step_due").asc(nulls_last=True), "updated_at", "pk")
        )

    cycle_pk, version, parts = kept_as
    rows, total = kept(("cycle", cycle_pk), ("worklist", *parts), first_rows, version=version)
    detail = url_pattern("optimalisatie:advies-detail", slots=("pk",))
    items = [
        WorkItem(
            title=text % {"title": row["title"], "dienst": row["dienst__name"]},
            url=detail.format(pk=row["pk"]),
            due=row["step_due"],
        )
        for row in rows
    ]
    if callable(url):
        url = url(rows)
    return WorkList(items=items, total=total, label=label, url=url)


def _advies_list_url(state):
    return f"{reverse('optimalisatie:advies-list')}?{urlencode({'state': state})}"


def _overdue_url(rows):
    """The overdue steps of the first listed advice's exercise, on its dashboard."""
    if not rows:
        return ""
    return reverse("optimalisatie:cycle-detail", args=[rows[0]["cycle_id"]]) + "#achterstand"


def _overdue_for_takeover(cycle_pk, version, today):
    """Steps past their due date, which the algemeen directeur may take over (one query).
    Not drafts: they stay with their department and manager, even when late."""
    waiting = [AdviesState.SUBMITTED, AdviesState.WITH_MT, AdviesState.VALIDATED]
    overdue = Advies.objects.filter(
        overdue_q(today, waiting),
        cycle=cycle_pk,
        state__in=waiting,  # lets the (cycle, state) index do the first cut
    )
    return _work_list(
        overdue,
        _("Overdue, you can take over: “%(title)s” (%(dienst)s)"),
        label=_("overdue steps you can take over"),
        url=_overdue_url,
        kept_as=(cycle_pk, version, ("overdue", today)),
    )


def _for_the_college():
    """What is ready for the college (or postponed by it) and on no agenda yet, for the
    algemeen directeur who plans the meetings: each item links to the agenda of the
    college's next planned meeting, or to planning one. Its deadline is the cycle's for the
    college's decision. A query per list, and one for the meeting when there is something."""
    from .selectors import awaiting_an_agenda, college_elsewhere, next_college_meeting

    dienst_name = Subquery(
        Dienst.objects.filter(pk=OuterRef("dienst_id")).order_by().values("name")
    )
    due = F("cycle__college_decision_until")
    advices = awaiting_an_agenda(
        Advies, [AdviesState.READY_FOR_COLLEGE, AdviesState.POSTPONED]
    ).filter(bundle__isnull=True)
    bundles = awaiting_an_agenda(Bundle, [BundleState.READY_FOR_COLLEGE, BundleState.POSTPONED])
    found = [
        (
            bounded(
                advices.values("pk", "title", dienst_name=dienst_name, due=due).order_by(
                    "due", "pk"
                )
            ),
            _("“%(title)s” (%(dienst_name)s)"),
            _("advices ready for the college"),
        ),
        (
            bounded(bundles.values("pk", "title", due=due).order_by("due", "pk")),
            _("the bundle “%(title)s”"),
            _("bundles ready for the college"),
        ),
    ]
    if not any(total for (_rows, total), _subject, _label in found):
        return []
    elsewhere = college_elsewhere()
    meeting = None if elsewhere else next_college_meeting()
    if elsewhere is not None:
        text, meeting_title = _("Decide in the official decision system: %(subject)s"), ""
        url = reverse("vergaderingen:body-decisions", args=[elsewhere])
    elif meeting is None:
        text, meeting_title = _("Plan a college meeting for: %(subject)s"), ""
        url = reverse("vergaderingen:meeting-create")
    else:
        text = _("Put on the agenda of %(meeting)s: %(subject)s")
        meeting_title, url = meeting
    return [
        WorkList(
            items=[
                WorkItem(
                    title=text % {"meeting": meeting_title, "subject": subject % row},
                    url=url,
                    due=row["due"],
                )
                for row in rows
            ],
            total=total,
            label=label,
            url=url,
        )
        for (rows, total), subject, label in found
    ]


def work_items(user):
    """A WorkList per role held, of the open cycle's advices (one query each, kept until the
    cycle's advices change: core.kept), and a query or two for what the lists' keys need."""
    held = roles_of(user)
    roles = {h.role for h in held}
    types = {h.orgaan.type for h in held if h.orgaan}
    college = _for_the_college() if Role.ALGEMEEN_DIRECTEUR in roles else []
    cycle_pk = Cycle.objects.open().values_list("pk", flat=True).first()  # at most one
    if cycle_pk is None:
        return college
    today, version = timezone.localdate(), stamp("cycle", cycle_pk)
    in_cycle = Advies.objects.filter(cycle=cycle_pk)
    lists = []
    if roles & {Role.DIENSTHOOFD, Role.MANAGER}:
        # which departments the person heads and manages: the lists' keys (an organisation
        # change raises no stamp, but changes these)
        rows = list(
            Dienst.objects.filter(Q(head=user) | Q(cluster__manager=user)).values_list(
                "pk", "head_id", "cluster__manager_id"
            )
        )
        headed = [pk for pk, head, _manager in rows if head == user.pk]
        managed = [pk for pk, _head, manager in rows if manager == user.pk]
    if Role.DIENSTHOOFD in roles:
        lists.append(
            _work_list(
                in_cycle.filter(dienst__head=user, state=AdviesState.DRAFT),
                _("Finish and submit: “%(title)s” (%(dienst)s)"),
                label=_("draft advices to finish and submit"),
                url=_advies_list_url(AdviesState.DRAFT),
                kept_as=(cycle_pk, version, ("drafts", today, ids_digest(headed))),
            )
        )
    if Role.MANAGER in roles:
        lists.append(
            _work_list(
                in_cycle.filter(dienst__cluster__manager=user, state=AdviesState.SUBMITTED),
                _("Review: “%(title)s” (%(dienst)s)"),
                label=_("submitted advices to review"),
                url=_advies_list_url(AdviesState.SUBMITTED),
                kept_as=(cycle_pk, version, ("review", today, ids_digest(managed))),
            )
        )
    if OrgaanType.MANAGEMENTTEAM in types:  # the same lists for every MT member
        lists.append(
            _work_list(
                in_cycle.filter(state=AdviesState.WITH_MT),
                _("Validate in the MT: “%(title)s” (%(dienst)s)"),
                label=_("advices to validate in the MT"),
                url=reverse("optimalisatie:mt-queue") + "#te-valideren",
                kept_as=(cycle_pk, version, ("mt-validate", today)),
            )
        )
        lists.append(
            _work_list(
                in_cycle.filter(state=AdviesState.VALIDATED),
                _("Bundle or mark ready for the college: “%(title)s” (%(dienst)s)"),
                label=_("validated advices to bundle or mark ready for the college"),
                url=reverse("optimalisatie:mt-queue") + "#gevalideerd",
                kept_as=(cycle_pk, version, ("mt-bundle", today)),
            )
        )
    if Role.ALGEMEEN_DIRECTEUR in roles:
        lists.append(_overdue_for_takeover(cycle_pk, version, today))
        lists += college
    if OrgaanType.COLLEGE in types:
        # their standpoints and priorities raise the stamp (services); the departments of
        # their portfolio are the key
        portfolio = Dienst.objects.filter(domain__in=portfolio_domain_ids(user))
        key = (user.pk, ids_digest(portfolio.values_list("pk", flat=True)))
        mine = in_cycle.filter(dienst__in=portfolio.values("pk"))
        lists.append(
            _work_list(
                mine.filter(state=AdviesState.WITH_MT).exclude(
                    Exists(Standpunt.objects.filter(advies=OuterRef("pk"), schepen=user))
                ),
                _("Give your standpoint: “%(title)s” (%(dienst)s)"),
                label=_("advices awaiting your standpoint"),
                url=_advies_list_url(AdviesState.WITH_MT),
                kept_as=(cycle_pk, version, ("standpoint", today, *key)),
            )
        )
        lists.append(
            _work_list(
                mine.filter(
                    validated_at__isnull=False,
                    state__in=[
                        AdviesState.VALIDATED,
                        AdviesState.IN_BUNDLE,
                        AdviesState.READY_FOR_COLLEGE,
                    ],
                ).exclude(Exists(Priority.objects.filter(advies=OuterRef("pk"), schepen=user))),
                _("Set your priority: “%(title)s” (%(dienst)s)"),
                label=_("advices awaiting your priority"),
                url=_advies_list_url(AdviesState.VALIDATED),
                kept_as=(cycle_pk, version, ("priority", today, *key)),
            )
        )
    return lists


def nota_notices(user):
    """Each participant's role in the open exercise, according to its afsprakennota."""
    from afsprakennota import worklist as nota_worklist

    if not is_participant(user):
        return []
    notices = []
    for cycle in (
        Cycle.objects.open().filter(afsprakennota__isnull=False).select_related("afsprakennota")
    ):
        notice = nota_worklist.role_notice(cycle.afsprakennota, user, context=cycle.title)
        if notice:
            notices.append(notice)
    return notices
