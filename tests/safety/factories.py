"""Factories of the safety app. Inspections and hazards are made through the services
(``make_inspection`` / ``report_hazard``) so that checklists, deadlines and the first log
entry exist as in production; the other records are plain factories."""

import datetime
from decimal import Decimal

import factory

from cuizhai.core.base.services import assessments
from cuizhai.core.choices import CriterionKind, PersonKind
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, Person
from safety import services
from safety.models import (
    EnforcementCase,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)
from tests.factories import CommunityFactory, UserFactory, VillageFactory
from tests.projects.factories import EnterpriseFactory


class ExpertFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"示例专家{n}")
    kind = PersonKind.SAFETY_EXPERT

    class Meta:
        model = Person


class CadreFactory(ExpertFactory):
    name = factory.Sequence(lambda n: f"示例干部{n}")
    kind = PersonKind.CADRE


def checklist(code="AQ-SC", criteria=("消防通道畅通", "电气线路规范", "危化品分类存放")):
    """A current pass/fail safety checklist with the given criteria, numbered from 1."""
    template, _ = ChecklistTemplate.objects.get_or_create(
        code=code, version_number=1, defaults={"name": "安全生产检查表", "area": "safety"})
    for position, text in enumerate(criteria, start=1):
        ChecklistCriterion.objects.get_or_create(
            template=template, position=position,
            defaults={"text": text, "kind": CriterionKind.PASS_FAIL})
    return template


def make_inspection(*, by=None, inspectors=(), **fields):
    """An inspection (of a new enterprise unless a target is given), through the service."""
    data = {"template": checklist(), "assessed_on": datetime.date(2024, 5, 10),
            "kind": "production", "depth": "dissecting", **fields}
    if not any(data.get(name) for name in ("enterprise", "project", "site")):
        data["enterprise"] = EnterpriseFactory()
    data["inspectors"] = list(inspectors)
    return services.inspection_create(data=data, by=by)


def failed(inspection, position=1, *, by=None, note="通道堆放杂物"):
    """The criterion at ``position`` recorded as failed; returns the result."""
    criterion = inspection.template.criteria.get(position=position)
    return assessments.assessment_record_result(inspection, criterion=criterion, passed=False,
                                                note=note, by=by)


def report_hazard(by=None, evidence=(), **fields):
    """A hazard reported through the service (at a new enterprise unless a target is given)."""
    data = {"title": "配电箱未接地", "category": "electrical", **fields}
    if not any(data.get(name) for name in ("enterprise", "project", "site", "inspection")):
        data["enterprise"] = EnterpriseFactory()
    return services.hazard_report(data=data, by=by or UserFactory(), evidence=evidence)


class EnforcementCaseFactory(factory.django.DjangoModelFactory):
    enterprise = factory.SubFactory(EnterpriseFactory)
    date = datetime.date(2024, 6, 3)
    kind = "dust"
    violation = "工地裸土未覆盖"
    measure = "order_to_rectify"

    class Meta:
        model = EnforcementCase


class TrafficPublicityEventFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2024, 4, 12)
    title = "交通安全进社区"
    audience_count = 80

    class Meta:
        model = TrafficPublicityEvent


class TrafficPersuasionFactory(factory.django.DjangoModelFactory):
    village = factory.SubFactory(VillageFactory)
    date = datetime.date(2024, 4, 20)
    setting = "patrol"
    count = 3

    class Meta:
        model = TrafficPersuasion


class TrafficFacilityWorkFactory(factory.django.DjangoModelFactory):
    village = factory.SubFactory(VillageFactory)
    site = "村口路段"
    date = datetime.date(2024, 7, 1)
    kind = "speed_bumps"
    quantity = 2
    cost_yuan = Decimal("3600.00")

    class Meta:
        model = TrafficFacilityWork
