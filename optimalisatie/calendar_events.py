"""The deadlines of the steps a person takes in the open exercises, for their calendar
(core.calendar): one whole-day entry per deadline, by the roles they hold today."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.constants import OrgaanType, Role
from accounts.roles import roles_of
from core.calendar import Event

from .models import Cycle

# role test -> (the cycle's deadline field, what the person does by then)
STEPS = [
    (
        lambda roles, types: Role.ALGEMEEN_DIRECTEUR in roles,
        "preparation_until",
        _("Prepare the exercise"),
    ),
    (lambda roles, types: Role.DIENSTHOOFD in roles, "advices_until", _("Submit your advices")),
    (lambda roles, types: Role.MANAGER in roles, "manager_review_until", _("Review the advices")),
    (
        lambda roles, types: OrgaanType.MANAGEMENTTEAM in types,
        "mt_validation_until",
        _("Validate the advices in the MT"),
    ),
    (
        lambda roles, types: OrgaanType.COLLEGE in types or Role.ALGEMEEN_DIRECTEUR in roles,
        "college_decision_until",
        _("College decision on the advices"),
    ),
    (
        lambda roles, types: Role.DIENSTHOOFD in roles,
        "implementation_until",
        _("Implementation finished"),
    ),
]


def events(user) -> list[Event]:
    """One query for the open cycles (the roles are read once per request)."""
    held = roles_of(user)
    roles = {h.role for h in held}
    types = {h.orgaan.type for h in held if h.orgaan}
    mine = [(field, text) for test, field, text in STEPS if test(roles, types)]
    if not mine:
        return []
    found = []
    for cycle in Cycle.objects.open().values("pk", "title", *(f for f, _t in mine)):
        for field, text in mine:
            found.append(
                Event(
                    uid=f"cycle-{cycle['pk']}-{field}",
                    summary=f"{text} ({cycle['title']})",
                    start=cycle[field],
                    url=reverse("optimalisatie:cycle-detail", args=[cycle["pk"]]),
                )
            )
    return found
