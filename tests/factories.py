"""factory_boy factories for the shared core models, for every app's tests.

Each factory builds a valid record with unique names and codes; a test states the fields
it relies on (``IndicatorValueFactory(year=2024, month=11, value=Decimal("95800"))``).
"""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from cuizhai.core.choices import CommunityKind, IndicatorPeriodKind
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Community,
    Department,
    Indicator,
    IndicatorValue,
    Village,
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("pass-123456")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class DepartmentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"dept-{n}")
    phone = ""
    is_active = True

    class Meta:
        model = Department


class CommunityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"社区{n}")
    kind = CommunityKind.IDEAL
    address = ""

    class Meta:
        model = Community


class VillageFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"村{n}")
    code = factory.Sequence(lambda n: f"{370100000000 + n:012d}")
    is_relocated = False
    resettled_in = None

    class Meta:
        model = Village

    class Params:
        relocated = factory.Trait(
            is_relocated=True, resettled_in=factory.SubFactory(CommunityFactory)
        )


class IndicatorFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "万元"
    area = "economy"
    period_kind = IndicatorPeriodKind.CUMULATIVE

    class Meta:
        model = Indicator


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    month = factory.Sequence(lambda n: n % 12 + 1)
    value = Decimal("100")
    source = ""

    class Meta:
        model = IndicatorValue


class CampaignFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"专项行动{n}")
    area = "projects"
    year = 2024
    start_date = None
    end_date = None
    department = None
    description = ""

    class Meta:
        model = Campaign


class CampaignOutputFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    metric = factory.Sequence(lambda n: f"成果{n}")
    unit = "个"
    value = Decimal("1")

    class Meta:
        model = CampaignOutput


class OfficeStaffFactory(UserFactory):
    """Staff of an office (the projects office unless ``office=`` names another): someone
    a closed-loop item may be assigned to."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def office(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        from cuizhai.core import roles

        if create:
            self.groups.add(Group.objects.get(name=extracted or roles.office_group("projects")))


# The first bytes of a JPEG: enough for the evidence type check.
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def evidence_photo(name="现场照片.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


# Moved to tests/support; kept importable from here for the tests that name them.
from tests.support.admin import admin_form_data  # noqa: E402,F401
from tests.support.users import with_model_rights  # noqa: E402,F401
