"""Factories of the resettlement app's records. Each builds a valid record; a unit, a
selection and a handover are built in the state their status says (as the services would
leave them), so that a test starting from "a handed-over unit" starts from a true one."""

import datetime
from decimal import Decimal

import factory

from cuizhai.core.base.personal_values import id_check_character
from cuizhai.core.models import Person
from resettlement import models
from resettlement.choices import HouseholdStatus, Relation, UnitStatus
from tests.factories import CommunityFactory, VillageFactory


def synthetic_id(serial, born=datetime.date(1970, 1, 1)):
    """A resident ID number that passes the GB 11643 check and belongs to nobody: region
    370199 is not assigned to any district."""
    first17 = f"370199{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_character(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"干部{n}")
    kind = "cadre"

    class Meta:
        model = Person


class BuildingFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: f"{n + 1}号楼")
    floors = 18
    units_planned = 72

    class Meta:
        model = models.Building


class HouseholdFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"H-{n:05d}")
    village = factory.SubFactory(VillageFactory, relocated=True)
    head_name = factory.Sequence(lambda n: f"户主{n}")
    head_id_number = factory.Sequence(
        lambda n: synthetic_id(n % 1000, datetime.date(1960, 1, 1) + datetime.timedelta(n // 1000)))
    head_phone = ""
    entitled_area = Decimal("120.00")
    status = HouseholdStatus.SIGNED
    contract_date = datetime.date(2024, 3, 1)

    class Meta:
        model = models.Household


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"成员{n}")
    relation = Relation.CHILD
    id_number = factory.Sequence(
        lambda n: synthetic_id(n % 1000, datetime.date(1990, 1, 1) + datetime.timedelta(n // 1000)))

    class Meta:
        model = models.HouseholdMember


class HousingUnitFactory(factory.django.DjangoModelFactory):
    building = factory.SubFactory(BuildingFactory)
    entrance = "1"
    floor = 5
    room = factory.Sequence(lambda n: f"{500 + n}")
    area = Decimal("90.00")
    layout = "2b1l"
    status = UnitStatus.AVAILABLE

    class Meta:
        model = models.HousingUnit


class SelectionFactory(factory.django.DjangoModelFactory):
    household = factory.SubFactory(HouseholdFactory)
    unit = factory.SubFactory(HousingUnitFactory, status=UnitStatus.SELECTED)
    selected_on = datetime.date(2024, 5, 1)
    order_number = factory.Sequence(lambda n: n + 1)

    class Meta:
        model = models.Selection


class HandoverFactory(factory.django.DjangoModelFactory):
    unit = factory.LazyAttribute(
        lambda o: SelectionFactory(unit__status=UnitStatus.HANDED_OVER).unit)
    handed_over_on = datetime.date(2024, 9, 1)
    keys_handed = 2

    class Meta:
        model = models.Handover


def handed_over_unit(**fields):
    return HandoverFactory(**fields).unit


class LandAcquisitionFactory(factory.django.DjangoModelFactory):
    parcel_code = factory.Sequence(lambda n: f"CZ-2024-{n:03d}")
    village = factory.SubFactory(VillageFactory)
    area_mu = Decimal("10.00")
    acquired_on = datetime.date(2024, 4, 1)
    purpose = "崔寨污水处理厂"

    class Meta:
        model = models.LandAcquisition


class MerchantDemolitionFactory(factory.django.DjangoModelFactory):
    street = "中心大街"
    merchant_name = factory.Sequence(lambda n: f"商户{n}")
    demolished_on = datetime.date(2024, 6, 1)

    class Meta:
        model = models.MerchantDemolition


class ServiceCentreFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"党群服务中心{n}")

    class Meta:
        model = models.ServiceCentre


class CommunityScenarioFactory(factory.django.DjangoModelFactory):
    community = factory.SubFactory(CommunityFactory)
    scenario = "neighbourhood"
    state = "planned"

    class Meta:
        model = models.CommunityScenario


def _reporter():
    from tests.factories import UserFactory

    return UserFactory()


def report_repair(by=None, **fields):
    """A repair request reported through the service, on a handed-over unit."""
    from resettlement import services

    if "unit" not in fields:
        fields["unit"] = handed_over_unit()
    fields.setdefault("category", "leak")
    fields.setdefault("title", "卫生间漏水")
    return services.repair_request_report(by=by or _reporter(), **fields)


def report_ticket(by=None, **fields):
    """A help-line ticket reported through the service."""
    from resettlement import services

    fields.setdefault("scenario", "community_management")
    fields.setdefault("title", "楼道灯不亮")
    return services.help_line_ticket_report(by=by or _reporter(), **fields)
