"""factory_boy factories of the party-building models; a test states the fields it relies
on. Factories write rows directly: tests of a rule go through the services."""

import datetime
from decimal import Decimal

import factory

from cuizhai.core.choices import PersonKind
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, Person
from partybuilding.choices import OrganisationKind, TrainingKind
from partybuilding.models import CadreProfile, PartyOrganisation, TrainingSession
from tests.factories import VillageFactory


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"示例·干部{n}")
    kind = PersonKind.VILLAGE_CADRE
    birth_year = 1980

    class Meta:
        model = Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"第{n}村党支部")
    kind = OrganisationKind.VILLAGE_BRANCH
    village = factory.SubFactory(VillageFactory)

    class Meta:
        model = PartyOrganisation


class CadreFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = CadreProfile


class SessionFactory(factory.django.DjangoModelFactory):
    kind = TrainingKind.VILLAGE_CADRE
    title = factory.Sequence(lambda n: f"村干部培训第{n}期")
    held_on = datetime.date(2024, 5, 10)
    hours = Decimal("3")

    class Meta:
        model = TrainingSession


def evaluation_template(*scores, code="DJ-CWPG"):
    """A current checklist of scored criteria, one per maximum score given."""
    template = ChecklistTemplate.objects.create(code=code, name="村级班子运行评估",
                                                area="partybuilding")
    for position, max_score in enumerate(scores, start=1):
        ChecklistCriterion.objects.create(template=template, position=position,
                                          text=f"评估项{position}", kind="score",
                                          max_score=Decimal(max_score))
    return template
