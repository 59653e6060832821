"""The core's resources, each declared once against the contracts every resource keeps
(tests/support/contracts.py): places are kept by the system administrator and read by
everyone; every office adds and changes the shared indicators and campaigns."""

from cuizhai.core import roles
from tests.factories import (
    CampaignFactory,
    CampaignOutputFactory,
    CommunityFactory,
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    VillageFactory,
)
from tests.support.contracts import OFFICES, ResourceContract


class PlaceResource(ResourceContract):
    namespace = "core-api"
    readers = (*OFFICES, roles.LEADERS, roles.DASHBOARD)
    # The request's savepoint and its release, the user's own and group permissions, the
    # count, the page, and for campaigns the prefetched outputs.
    list_query_bound = 7


class SharedResource(PlaceResource):
    writers = OFFICES
    readers = (roles.LEADERS, roles.DASHBOARD)


class TestDepartment(PlaceResource):
    basename, factory = "department", DepartmentFactory
    update_data = {"phone": "0531-1"}

    def create_data(self):
        return {"name": "新部门", "code": "new-dept"}


class TestCommunity(PlaceResource):
    basename, factory = "community", CommunityFactory
    update_data = {"address": "路1号"}

    def create_data(self):
        return {"name": "新社区", "kind": "urban"}


class TestVillage(PlaceResource):
    basename, factory = "village", VillageFactory
    update_data = {"name": "改名村"}

    def create_data(self):
        return {"name": "新村", "code": "370112000999"}

    def list_row(self):
        return VillageFactory(is_relocated=True, resettled_in=CommunityFactory())


class TestIndicator(SharedResource):
    basename, factory = "indicator", IndicatorFactory
    update_data = {"description": "说明"}

    def create_data(self):
        return {"code": "new-ind", "name": "新指标", "unit": "万元", "area": "economy"}


class TestIndicatorValue(SharedResource):
    basename, factory = "indicatorvalue", IndicatorValueFactory
    update_data = {"value": "7.25"}

    def create_data(self):
        return {"indicator": IndicatorFactory().pk, "year": 2024, "month": 5, "value": "12.5"}

    def list_row(self):
        # With last year's value, for the growth computed beside it.
        value = IndicatorValueFactory(year=2024)
        IndicatorValueFactory(indicator=value.indicator, year=2023, month=value.month)
        return value


class TestCampaign(SharedResource):
    basename, factory = "campaign", CampaignFactory
    update_data = {"description": "说明"}

    def create_data(self):
        return {"name": "新行动", "area": "safety", "year": 2024}

    def list_row(self):
        campaign = CampaignFactory(department=DepartmentFactory())
        CampaignOutputFactory.create_batch(2, campaign=campaign)
        return campaign


class TestCampaignOutput(SharedResource):
    basename, factory = "campaignoutput", CampaignOutputFactory
    update_data = {"value": "12"}

    def create_data(self):
        return {"campaign": CampaignFactory().pk, "metric": "车位", "unit": "个", "value": "3600"}
