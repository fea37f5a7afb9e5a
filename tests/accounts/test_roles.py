import datetime

import pytest

from accounts.constants import Function, OrgaanType, Role
from accounts.roles import has_role, is_member, members_of, responsible_schepenen, roles_of

from .factories import (
    BeleidsdomeinFactory,
    ClusterFactory,
    DienstFactory,
    MandateFactory,
    OrgaanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAN_2025 = datetime.date(2025, 1, 15)
JUL_2025 = datetime.date(2025, 7, 1)


def test_a_running_mandate_gives_its_role():
    mandate = MandateFactory(function=Function.SCHEPEN)
    held = roles_of(mandate.user, on=JAN_2025)
    assert [h.role for h in held] == [Role.SCHEPEN]
    assert held[0].orgaan.type == OrgaanType.COLLEGE
    assert held[0].since == datetime.date(2025, 1, 1)


def test_an_ended_mandate_no_longer_gives_its_role():
    mandate = MandateFactory(ended=True)  # ends 30 June 2025
    assert has_role(mandate.user, Role.SCHEPEN, on=datetime.date(2025, 6, 30))
    assert not has_role(mandate.user, Role.SCHEPEN, on=JUL_2025)
    assert roles_of(mandate.user, on=JUL_2025) == []


def test_a_mandate_that_has_not_started_gives_no_role_yet():
    mandate = MandateFactory(start=datetime.date(2026, 1, 1))
    assert not has_role(mandate.user, Role.SCHEPEN, on=JAN_2025)
    assert has_role(mandate.user, Role.SCHEPEN, on=datetime.date(2026, 1, 1))


def test_a_person_can_hold_two_roles():
    user = UserFactory()
    MandateFactory(user=user, function=Function.SCHEPEN)
    MandateFactory(
        user=user, orgaan=OrgaanFactory(type=OrgaanType.BCSD), function=Function.VOORZITTER
    )
    assert {h.role for h in roles_of(user, on=JAN_2025)} == {Role.SCHEPEN, Role.VOORZITTER_BCSD}
    assert is_member(user, OrgaanType.BCSD, on=JAN_2025)
    assert not is_member(user, OrgaanType.MANAGEMENTTEAM, on=JAN_2025)


def test_positions_give_manager_and_diensthoofd_roles():
    manager, head = UserFactory(), UserFactory()
    cluster = ClusterFactory(manager=manager)
    dienst = DienstFactory(cluster=cluster, head=head)
    assert [(h.role, h.cluster) for h in roles_of(manager, on=JAN_2025)] == [
        (Role.MANAGER, cluster)
    ]
    assert [(h.role, h.dienst) for h in roles_of(head, on=JAN_2025)] == [(Role.DIENSTHOOFD, dienst)]


def test_a_manager_in_the_mt_and_of_a_cluster_holds_both():
    user = UserFactory()
    MandateFactory(user=user, in_mt=True)
    ClusterFactory(manager=user)
    held = roles_of(user, on=JAN_2025)
    assert [h.role for h in held] == [Role.MANAGER, Role.MANAGER]
    assert {bool(h.orgaan) for h in held} == {True, False}


def test_members_of_the_college_on_a_date():
    mayor = MandateFactory(burgemeester=True)
    schepen = MandateFactory()
    gone = MandateFactory(ended=True)
    MandateFactory(in_mt=True)  # another body
    assert members_of(OrgaanType.COLLEGE, on=JAN_2025) == [
        mayor,
        *sorted([schepen, gone], key=lambda m: m.user.full_name),
    ]
    assert members_of(OrgaanType.COLLEGE, on=JUL_2025) == [mayor, schepen]


def test_the_responsible_schepen_of_a_department_holds_its_domain():
    welzijn, cultuur = BeleidsdomeinFactory(name="Welzijn"), BeleidsdomeinFactory(name="Cultuur")
    schepen_welzijn = MandateFactory(domains=[welzijn])
    MandateFactory(domains=[cultuur])
    dienst = DienstFactory(domain=welzijn)
    assert responsible_schepenen(dienst, on=JAN_2025) == [schepen_welzijn.user]


def test_the_responsible_schepen_changes_when_a_mandate_ends():
    welzijn = BeleidsdomeinFactory(name="Welzijn")
    before = MandateFactory(domains=[welzijn], ended=True)
    after = MandateFactory(domains=[welzijn], start=JUL_2025)
    dienst = DienstFactory(domain=welzijn)
    assert responsible_schepenen(dienst, on=JAN_2025) == [before.user]
    assert responsible_schepenen(dienst, on=JUL_2025) == [after.user]


def test_a_domain_outside_the_college_makes_nobody_responsible():
    dienst = DienstFactory()
    MandateFactory(in_mt=True)
    assert responsible_schepenen(dienst, on=JAN_2025) == []


def test_roles_are_cached_per_user_object_and_day(django_assert_num_queries):
    mandate = MandateFactory()
    user = mandate.user
    with django_assert_num_queries(3):
        roles_of(user, on=JAN_2025)
    with django_assert_num_queries(0):
        roles_of(user, on=JAN_2025)


def test_an_anonymous_user_has_no_roles():
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == []


def test_the_admin_form_refuses_a_second_mayor_at_the_same_time(client):
    from django.urls import reverse

    MandateFactory(burgemeester=True, user__full_name="Eerste Burgemeester")
    other = UserFactory()
    client.force_login(UserFactory(permissions=["manage_organisation"]))
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    response = client.post(
        reverse("admin:accounts_mandate_add"),
        {
            "user": other.pk,
            "orgaan": college.pk,
            "function": "burgemeester",
            "start": "01/03/2025",
            "end": "",
        },
    )
    assert response.status_code == 200
    assert "Eerste Burgemeester bekleedt deze functie" in response.content.decode()
