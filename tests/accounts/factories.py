import datetime

import factory
from django.contrib.auth.models import Permission

from accounts.constants import Function, OrgaanType
from accounts.models import Beleidsdomein, Cluster, Dienst, Mandate, Orgaan, User

PASSWORD = "Een-goed-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@gemeente.example")
    full_name = factory.Faker("name", locale="nl_BE")
    job_title = "Medewerker"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def permissions(obj, create, extracted, **kwargs):
        """UserFactory(permissions=["manage_organisation"]) makes a functioneel beheerder."""
        if create and extracted:
            obj.user_permissions.add(*Permission.objects.filter(codename__in=extracted))


class OrgaanFactory(factory.django.DjangoModelFactory):
    """The body of a type: there is one per type, so this gets or creates it."""

    class Meta:
        model = Orgaan

    type = OrgaanType.COLLEGE

    @classmethod
    def _create(cls, model_class, *args, type=OrgaanType.COLLEGE, **kwargs):
        return model_class.objects.of_type(type)


class BeleidsdomeinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beleidsdomein
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Beleidsdomein {n}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    orgaan = factory.SubFactory(OrgaanFactory, type=OrgaanType.COLLEGE)
    function = Function.SCHEPEN
    start = datetime.date(2025, 1, 1)
    end = None

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.domains.set(extracted)

    class Params:
        ended = factory.Trait(end=datetime.date(2025, 6, 30))
        burgemeester = factory.Trait(function=Function.BURGEMEESTER)
        in_mt = factory.Trait(
            orgaan=factory.SubFactory(OrgaanFactory, type=OrgaanType.MANAGEMENTTEAM),
            function=Function.MANAGER,
        )


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    manager = factory.SubFactory(UserFactory)


class DienstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dienst

    name = factory.Sequence(lambda n: f"Dienst {n}")
    cluster = factory.SubFactory(ClusterFactory)
    domain = factory.SubFactory(BeleidsdomeinFactory)
    head = factory.SubFactory(UserFactory)
