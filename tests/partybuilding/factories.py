"""factory_boy factories of the party-building models; a test states the fields it relies
on. Factories write rows directly: tests of a rule go through the services."""

import datetime
import itertools
from decimal import Decimal

import factory

from cuizhai.core.base.services.closed_loop import closed_loop_report
from cuizhai.core.choices import PersonKind
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, Person
from partybuilding.choices import CollectiveAssetProblemKind, OrganisationKind, TrainingKind
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)
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


_template_codes = itertools.count(1)


def evaluation_template(*scores):
    """A current checklist of scored criteria, one per maximum score given."""
    template = ChecklistTemplate.objects.create(code=f"DJ-CWPG-{next(_template_codes)}",
                                                name="村级班子运行评估",
                                                area="partybuilding")
    for position, max_score in enumerate(scores, start=1):
        ChecklistCriterion.objects.create(template=template, position=position,
                                          text=f"评估项{position}", kind="score",
                                          max_score=Decimal(max_score))
    return template


class ElectionFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    held_on = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    members_elected = 7

    class Meta:
        model = Election


class PlacementFactory(factory.django.DjangoModelFactory):
    cadre = factory.SubFactory(CadreFactory)
    region = "浙江省湖州市"
    start_date = datetime.date(2024, 4, 1)

    class Meta:
        model = Placement


class AttendanceFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    hours = factory.LazyAttribute(lambda row: row.session.hours)

    class Meta:
        model = Attendance


class QuotaFactory(factory.django.DjangoModelFactory):
    year = factory.Sequence(lambda n: 2000 + n % 100)
    person_kind = PersonKind.VILLAGE_CADRE
    hours = Decimal("12")

    class Meta:
        model = TrainingQuota


class EvaluationFactory(factory.django.DjangoModelFactory):
    village = factory.SubFactory(VillageFactory)
    template = factory.LazyFunction(lambda: evaluation_template("50", "50"))
    year = 2024
    assessed_on = datetime.date(2024, 6, 30)

    class Meta:
        model = VillageEvaluation


def report_evaluation_problem(*, by=None, evaluation=None, title="三会一课记录不全", **fields):
    return closed_loop_report(model=EvaluationProblem, by=by,
                              evaluation=evaluation or EvaluationFactory(), title=title,
                              **fields)


def report_asset_problem(*, by=None, title="村集体资金未及时入账",
                         kind=CollectiveAssetProblemKind.FUNDS, **fields):
    return closed_loop_report(model=CollectiveAssetProblem, by=by, title=title, kind=kind,
                              **fields)
