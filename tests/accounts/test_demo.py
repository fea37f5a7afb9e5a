import io

import pytest
from django.core.management import call_command

from accounts.constants import OrgaanType, Role
from accounts.models import Cluster, Dienst, Mandate, User
from accounts.roles import has_role, members_of

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (User, Mandate, Dienst, Cluster)]


def test_the_demo_is_complete_and_idempotent():
    call_command("demo", "--force", stdout=io.StringIO())
    first = counts()
    out = io.StringIO()
    call_command("demo", "--force", stdout=out)
    assert counts() == first
    assert "Heuvelbeke-2025" in out.getvalue()

    college = members_of(OrgaanType.COLLEGE)
    assert sorted(m.function for m in college).count("schepen") == 6
    assert len(college) == 7
    assert all(m.domains.exists() for m in college)
    assert {m.user for m in members_of(OrgaanType.VAST_BUREAU)} == {m.user for m in college}
    assert any(m.function == "voorzitter" for m in members_of(OrgaanType.BCSD))
    mt = {m.function for m in members_of(OrgaanType.MANAGEMENTTEAM)}
    assert {
        "algemeen_directeur",
        "adjunct_algemeen_directeur",
        "financieel_directeur",
        "manager",
    } <= mt
    assert Dienst.objects.count() == 12 and Cluster.objects.count() == 3
    assert all(d.head_id for d in Dienst.objects.all())
    assert all(has_role(d.head, Role.DIENSTHOOFD) for d in Dienst.objects.select_related("head"))
    beheerder = User.objects.get(email="beheer@heuvelbeke.example")
    assert beheerder.has_perm("accounts.manage_organisation")
