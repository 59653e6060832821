"""factory_boy factories for the projects app, shared by its API, admin and import tests.

Every factory builds a valid record (unique names and codes, a credit code with a correct
GB 32100-2015 check character, a project owned by a public body). A test names the fields
it relies on: ``ProjectFactory(status="construction", plan_year=2024)``.

Problems and needs are closed-loop items: they are created through the shared workflow
service (``report_problem`` / ``report_need``) so that their deadlines and first log entry
exist exactly as in production.
"""

import datetime
from decimal import Decimal

import factory

from cuizhai.core.base.services.closed_loop import closed_loop_report
from cuizhai.core.models import Enterprise
from cuizhai.core.validators import CREDIT_CODE_CHARSET, credit_code_check_character
from projects.choices import (
    BatchStage,
    FundingSource,
    MilestoneKind,
    NeedKind,
    ProjectCategory,
    ProjectStatus,
    SupportKind,
)
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)
from tests.factories import DepartmentFactory


def credit_code(n: int) -> str:
    """A valid 18-character unified social credit code, different for each ``n``.

    91 (enterprise, company) + 370100 (Jinan) + 9 body characters from ``n`` + check char.
    """
    body, digits = [], n
    for _ in range(9):
        digits, index = divmod(digits, len(CREDIT_CODE_CHARSET))
        body.append(CREDIT_CODE_CHARSET[index])
    first17 = "91370100" + "".join(reversed(body))
    return first17 + credit_code_check_character(first17)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"济南测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: credit_code(n + 1000))
    industry = "装备制造"
    park = ""
    address = ""
    is_relocating = False
    expected_output_value = None

    class Meta:
        model = Enterprise


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project in planning, owned by a public body (``owner_name``).

    Give ``owner_enterprise=...`` *and* ``owner_name=""`` for an enterprise-owned project,
    or use the ``enterprise_owned`` trait.
    """

    code = factory.Sequence(lambda n: f"XM-{n:05d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    category = ProjectCategory.INDUSTRY
    stage = BatchStage.PLANNED
    status = ProjectStatus.PLANNING
    plan_year = 2024
    total_investment = Decimal("10000.00")
    owner_enterprise = None
    owner_name = "济南新旧动能转换起步区建设管理部"
    department = factory.SubFactory(DepartmentFactory)
    lead_official = ""
    location = ""
    is_relocation = False
    planned_start = None
    planned_completion = None
    actual_start = None
    actual_completion = None
    progress_percent = 0
    description = ""

    class Meta:
        model = Project

    class Params:
        enterprise_owned = factory.Trait(
            owner_enterprise=factory.SubFactory(EnterpriseFactory), owner_name=""
        )
        completed = factory.Trait(
            status=ProjectStatus.COMPLETED,
            stage=BatchStage.STARTED,
            actual_start=datetime.date(2023, 3, 1),
            actual_completion=datetime.date(2024, 10, 31),
            progress_percent=100,
        )
        under_construction = factory.Trait(
            status=ProjectStatus.CONSTRUCTION,
            stage=BatchStage.STARTED,
            actual_start=datetime.date(2024, 3, 1),
            progress_percent=40,
        )


class FundingLineFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectFactory)
    source = FundingSource.LOCAL_FISCAL
    amount = Decimal("1000.00")
    year = 2024
    note = ""

    class Meta:
        model = FundingLine


class MilestoneFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.APPROVAL
    planned_date = datetime.date(2024, 6, 30)
    done_date = None
    note = ""

    class Meta:
        model = Milestone


class MonthlyProgressFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectFactory)
    year = 2024
    month = 1
    investment_completed = Decimal("500.00")
    narrative = ""

    class Meta:
        model = MonthlyProgress


class VisitFactory(factory.django.DjangoModelFactory):
    enterprise = factory.SubFactory(EnterpriseFactory)
    date = datetime.date(2024, 5, 20)
    visitors = "张伟、李娜"
    department = None
    notes = ""

    class Meta:
        model = Visit


class SupportOutcomeFactory(factory.django.DjangoModelFactory):
    """An honour by default; ``SupportOutcomeFactory(funds=True)`` for money won."""

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = SupportKind.HONOUR
    title = "专精特新中小企业"
    amount = None
    date = datetime.date(2024, 7, 1)
    granting_body = "山东省工业和信息化厅"

    class Meta:
        model = SupportOutcome

    class Params:
        funds = factory.Trait(
            kind=SupportKind.FUNDS, title="技术改造专项资金", amount=Decimal("100.00")
        )


def report_problem(*, project=None, by=None, title="施工用电手续办理慢", **fields):
    """Raise a project problem through the shared workflow (deadlines and log included)."""
    return closed_loop_report(
        model=ProjectProblem, by=by, project=project or ProjectFactory(), title=title, **fields
    )


def report_need(*, enterprise=None, by=None, title="流动资金贷款需求",
                kind=NeedKind.FINANCING, **fields):
    """Raise an enterprise need through the shared workflow (deadlines and log included)."""
    return closed_loop_report(
        model=EnterpriseNeed, by=by, enterprise=enterprise or EnterpriseFactory(), title=title,
        kind=kind, **fields
    )
