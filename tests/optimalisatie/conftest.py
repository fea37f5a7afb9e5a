from dataclasses import dataclass

import pytest

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import (
    BeleidsdomeinFactory,
    ClusterFactory,
    DienstFactory,
    MandateFactory,
    OrgaanFactory,
    UserFactory,
)


@dataclass
class World:
    diensthoofd: object
    other_diensthoofd: object
    manager: object
    other_manager: object
    mt_member: object
    algemeen_directeur: object
    schepen: object
    other_schepen: object
    staff: object
    dienst: object
    other_dienst: object

    def roles(self):
        return {
            name: getattr(self, name)
            for name in [
                "diensthoofd",
                "other_diensthoofd",
                "manager",
                "other_manager",
                "mt_member",
                "algemeen_directeur",
                "schepen",
                "other_schepen",
                "staff",
            ]
        }


@pytest.fixture
def world(db):
    """One organisation with a person in every role around one department."""
    mt = OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM)
    domain, other_domain = (
        BeleidsdomeinFactory(name="Welzijn"),
        BeleidsdomeinFactory(name="Cultuur"),
    )
    manager, other_manager = (
        UserFactory(full_name="Mia Manager"),
        UserFactory(full_name="Otto Manager"),
    )
    dienst = DienstFactory(
        name="Sociale dienst",
        cluster=ClusterFactory(manager=manager),
        domain=domain,
        head=UserFactory(full_name="Dina Diensthoofd"),
    )
    other_dienst = DienstFactory(
        name="Bibliotheek",
        cluster=ClusterFactory(manager=other_manager),
        domain=other_domain,
        head=UserFactory(full_name="Bert Hoofd"),
    )
    MandateFactory(user=manager, orgaan=mt, function=Function.MANAGER)
    MandateFactory(user=other_manager, orgaan=mt, function=Function.MANAGER)
    mt_member = MandateFactory(
        orgaan=mt, function=Function.FINANCIEEL_DIRECTEUR, user__full_name="Fien Financieel"
    ).user
    ad = MandateFactory(
        orgaan=mt, function=Function.ALGEMEEN_DIRECTEUR, user__full_name="Albert Directeur"
    ).user
    schepen = MandateFactory(domains=[domain], user__full_name="Sara Schepen").user
    other_schepen = MandateFactory(domains=[other_domain], user__full_name="Olaf Schepen").user
    return World(
        diensthoofd=dienst.head,
        other_diensthoofd=other_dienst.head,
        manager=manager,
        other_manager=other_manager,
        mt_member=mt_member,
        algemeen_directeur=ad,
        schepen=schepen,
        other_schepen=other_schepen,
        staff=UserFactory(full_name="Staf Lid"),
        dienst=dienst,
        other_dienst=other_dienst,
    )
