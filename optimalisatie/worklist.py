"""What awaits each role in the optimisation cycle, for "Mijn werk" (a query per role held)."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType, Role
from accounts.roles import roles_of
from core.worklist import WorkItem

from .constants import AdviesState, Phase
from .models import Advies, Cycle, Priority, Standpunt, portfolio_domain_ids
from .workflow import step_due

PARTICIPANT_ROLES = {
    Role.DIENSTHOOFD,
    Role.MANAGER,
    Role.SCHEPEN,
    Role.BURGEMEESTER,
    Role.ALGEMEEN_DIRECTEUR,
    Role.ADJUNCT_ALGEMEEN_DIRECTEUR,
    Role.FINANCIEEL_DIRECTEUR,
    Role.LID_MT,
}


def is_participant(user):
    return any(h.role in PARTICIPANT_ROLES for h in roles_of(user))


def is_mt_member(user):
    return any(h.orgaan and h.orgaan.type == OrgaanType.MANAGEMENTTEAM for h in roles_of(user))


def _items(queryset, text):
    return [
        WorkItem(
            title=text % {"title": a.title, "dienst": a.dienst.name},
            url=reverse("optimalisatie:advies-detail", args=[a.pk]),
            due=step_due(a),
        )
        for a in queryset.select_related("cycle", "dienst")[:50]
    ]


def _overdue_for_takeover(open_cycle):
    """Steps past their due date, which the algemeen directeur may take over (one query)."""
    today = timezone.localdate()
    # not drafts: they stay with their department and manager, even when late
    waiting = Advies.objects.filter(
        open_cycle,
        state__in=[
            AdviesState.INGEDIEND,
            AdviesState.VOORGELEGD_MT,
            AdviesState.GEVALIDEERD,
        ],
    ).select_related("cycle", "dienst")[:500]
    found = []
    for advies in waiting:
        due = step_due(advies)
        if due and due < today:
            found.append(
                WorkItem(
                    title=_("Overdue, you can take over: “%(title)s” (%(dienst)s)")
                    % {"title": advies.title, "dienst": advies.dienst.name},
                    url=reverse("optimalisatie:advies-detail", args=[advies.pk]),
                    due=due,
                )
            )
    return found[:50]


def work_items(user):
    held = roles_of(user)
    roles = {h.role for h in held}
    types = {h.orgaan.type for h in held if h.orgaan}
    open_cycle = ~Q(cycle__phase=Phase.CLOSED)
    items = []
    if Role.DIENSTHOOFD in roles:
        items += _items(
            Advies.objects.filter(open_cycle, dienst__head=user, state=AdviesState.ONTWERP),
            _("Finish and submit: “%(title)s” (%(dienst)s)"),
        )
    if Role.MANAGER in roles:
        items += _items(
            Advies.objects.filter(
                open_cycle, dienst__cluster__manager=user, state=AdviesState.INGEDIEND
            ),
            _("Review: “%(title)s” (%(dienst)s)"),
        )
    if OrgaanType.MANAGEMENTTEAM in types:
        items += _items(
            Advies.objects.filter(open_cycle, state=AdviesState.VOORGELEGD_MT),
            _("Validate in the MT: “%(title)s” (%(dienst)s)"),
        )
        items += _items(
            Advies.objects.filter(open_cycle, state=AdviesState.GEVALIDEERD),
            _("Bundle or mark ready for the college: “%(title)s” (%(dienst)s)"),
        )
    if Role.ALGEMEEN_DIRECTEUR in roles:
        items += _overdue_for_takeover(open_cycle)
    if OrgaanType.COLLEGE in types:
        mine = Advies.objects.filter(open_cycle, dienst__domain__in=portfolio_domain_ids(user))
        items += _items(
            mine.filter(state=AdviesState.VOORGELEGD_MT).exclude(
                Exists(Standpunt.objects.filter(advies=OuterRef("pk"), schepen=user))
            ),
            _("Give your standpoint: “%(title)s” (%(dienst)s)"),
        )
        items += _items(
            mine.filter(
                validated_at__isnull=False,
                state__in=[
                    AdviesState.GEVALIDEERD,
                    AdviesState.IN_BUNDEL,
                    AdviesState.KLAAR_VOOR_COLLEGE,
                ],
            ).exclude(Exists(Priority.objects.filter(advies=OuterRef("pk"), schepen=user))),
            _("Set your priority: “%(title)s” (%(dienst)s)"),
        )
    return items


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
