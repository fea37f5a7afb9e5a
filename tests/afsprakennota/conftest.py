import pytest
from django.core.management import call_command

from accounts.constants import Function, OrgaanType
from tests.accounts.factories import MandateFactory, OrgaanFactory
from tests.optimalisatie.factories import TermFactory


@pytest.fixture
def org(db):
    mt = OrgaanFactory(type=OrgaanType.MANAGEMENTTEAM)
    college = OrgaanFactory(type=OrgaanType.COLLEGE)
    vast = OrgaanFactory(type=OrgaanType.VAST_BUREAU)
    bcsd = OrgaanFactory(type=OrgaanType.BCSD)
    ad = MandateFactory(orgaan=mt, function=Function.ALGEMEEN_DIRECTEUR).user
    fd = MandateFactory(orgaan=mt, function=Function.FINANCIEEL_DIRECTEUR).user
    mayor = MandateFactory(orgaan=college, function=Function.BURGEMEESTER).user
    MandateFactory(user=mayor, orgaan=vast, function=Function.VOORZITTER)
    schepenen = [MandateFactory(orgaan=college, function=Function.SCHEPEN).user for _i in range(4)]
    for schepen in schepenen:
        MandateFactory(user=schepen, orgaan=vast, function=Function.LID)
    bcsd_chair = MandateFactory(orgaan=bcsd, function=Function.VOORZITTER).user
    bcsd_members = [MandateFactory(orgaan=bcsd, function=Function.LID).user for _i in range(2)]
    return {
        "ad": ad,
        "fd": fd,
        "mayor": mayor,
        "schepenen": schepenen,
        "college": college,
        "vast": vast,
        "bcsd": bcsd,
        "bcsd_chair": bcsd_chair,
        "bcsd_members": bcsd_members,
        "term": TermFactory(),
    }


@pytest.fixture
def seal_certificate(tmp_path, settings):
    """A fresh development certificate, made by the management command, for the seal."""
    path = tmp_path / "zegel.p12"
    call_command("seal_certificate", path=str(path), password="test-zegel", verbosity=0)
    settings.NOTA_SEAL_PKCS12 = str(path)
    settings.NOTA_SEAL_PASSWORD = "test-zegel"
    return path
