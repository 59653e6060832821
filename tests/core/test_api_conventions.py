"""The conventions every list and record of the API follows, shown on the core resources:
pagination, filters, ordering, search, labelled choices, decimals, brief related objects
and a fixed number of queries per list."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cuizhai.core.choices import CommunityKind, IndicatorPeriodKind
from cuizhai.core.models import Department, Village
from tests.factories import (
    CampaignFactory,
    CampaignOutputFactory,
    CommunityFactory,
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(leader, api_client_for):
    return api_client_for(leader)


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# --- pagination ------------------------------------------------------------------------------

def test_lists_are_paginated_by_50_with_a_count(client):
    Department.objects.bulk_create(
        Department(name=f"部门{i}", code=f"d-{i}") for i in range(60)
    )
    body = client.get(reverse("core-api:department-list")).json()
    assert body["count"] == 60
    assert len(body["results"]) == 50
    assert "limit=50" in body["next"] and "offset=50" in body["next"]
    assert body["previous"] is None


def test_limit_and_offset_pick_a_page(client):
    Department.objects.bulk_create(
        Department(name=f"部门{i:02d}", code=f"d-{i}") for i in range(10)
    )
    body = client.get(reverse("core-api:department-list"),
                      {"limit": 3, "offset": 6, "ordering": "name"}).json()
    assert [row["name"] for row in body["results"]] == ["部门06", "部门07", "部门08"]
    assert body["count"] == 10


def test_limit_is_capped_at_1000(client):
    Department.objects.bulk_create(
        Department(name=f"部门{i}", code=f"d-{i}") for i in range(1001)
    )
    body = client.get(reverse("core-api:department-list"), {"limit": 5000}).json()
    assert body["count"] == 1001
    assert len(body["results"]) == 1000


# --- filters: one short test per filter of each core FilterSet --------------------------------

def test_department_filters(client):
    url = reverse("core-api:department-list")
    a = DepartmentFactory(name="项目办公室", code="projects", is_active=True)
    b = DepartmentFactory(name="安全办公室", code="safety", is_active=False)
    assert ids(client.get(url, {"id": a.pk})) == [a.pk]
    assert ids(client.get(url, {"code": "safety"})) == [b.pk]
    assert ids(client.get(url, {"is_active": "false"})) == [b.pk]
    assert ids(client.get(url, {"is_active": "true"})) == [a.pk]
    assert ids(client.get(url, {"q": "项目"})) == [a.pk]
    assert ids(client.get(url, {"q": "SAFE"})) == [b.pk]


def test_community_filters(client):
    url = reverse("core-api:community-list")
    ideal = CommunityFactory(name="凤凰社区", kind=CommunityKind.IDEAL, address="凤凰路")
    urban = CommunityFactory(name="城市一社区", kind=CommunityKind.URBAN, address="黄河大道")
    assert ids(client.get(url, {"id": ideal.pk})) == [ideal.pk]
    assert ids(client.get(url, {"kind": "urban"})) == [urban.pk]
    assert ids(client.get(url, {"kind": ["urban", "ideal"]})) == sorted([ideal.pk, urban.pk])
    assert ids(client.get(url, {"q": "黄河"})) == [urban.pk]
    assert ids(client.get(url, {"q": "凤凰"})) == [ideal.pk]


def test_village_filters(client):
    url = reverse("core-api:village-list")
    fenghuang = CommunityFactory(name="凤凰社区")
    qingning = CommunityFactory(name="清宁社区")
    a = VillageFactory(name="高道口村", code="370112100001", is_relocated=True,
                       resettled_in=fenghuang)
    b = VillageFactory(name="王河村", code="370112100002", is_relocated=True,
                       resettled_in=qingning)
    c = VillageFactory(name="韩家村", code="370112100003", is_relocated=False)
    assert ids(client.get(url, {"id": a.pk})) == [a.pk]
    assert ids(client.get(url, {"code": "370112100002"})) == [b.pk]
    assert ids(client.get(url, {"is_relocated": "false"})) == [c.pk]
    assert ids(client.get(url, {"resettled_in_id": fenghuang.pk})) == [a.pk]
    assert ids(client.get(url, {"resettled_in_id": [fenghuang.pk, qingning.pk]})) == sorted(
        [a.pk, b.pk])
    assert ids(client.get(url, {"resettled_in": "清宁社区"})) == [b.pk]
    assert ids(client.get(url, {"q": "王河"})) == [b.pk]
    assert ids(client.get(url, {"q": "100003"})) == [c.pk]


def test_indicator_filters(client):
    url = reverse("core-api:indicator-list")
    revenue = IndicatorFactory(code="budget-revenue", name="一般公共预算收入",
                               area="economy", period_kind=IndicatorPeriodKind.CUMULATIVE)
    deaths = IndicatorFactory(code="road-deaths", name="道路交通死亡人数", area="safety",
                              period_kind=IndicatorPeriodKind.MONTHLY)
    assert ids(client.get(url, {"id": revenue.pk})) == [revenue.pk]
    assert ids(client.get(url, {"code": "road-deaths"})) == [deaths.pk]
    assert ids(client.get(url, {"area": "safety"})) == [deaths.pk]
    assert ids(client.get(url, {"area": ["safety", "economy"]})) == sorted(
        [revenue.pk, deaths.pk])
    assert ids(client.get(url, {"period_kind": "monthly"})) == [deaths.pk]
    assert ids(client.get(url, {"q": "预算"})) == [revenue.pk]
    assert ids(client.get(url, {"q": "ROAD"})) == [deaths.pk]


def test_indicator_value_filters(client):
    url = reverse("core-api:indicatorvalue-list")
    revenue = IndicatorFactory(code="budget-revenue", name="一般公共预算收入", area="economy")
    deaths = IndicatorFactory(code="road-deaths", name="道路交通死亡人数", area="safety")
    r_2024 = IndicatorValueFactory(indicator=revenue, year=2024, month=11)
    r_2023 = IndicatorValueFactory(indicator=revenue, year=2023, month=10)
    d_2024 = IndicatorValueFactory(indicator=deaths, year=2024, month=10)
    assert ids(client.get(url, {"id": r_2023.pk})) == [r_2023.pk]
    assert ids(client.get(url, {"year": 2023})) == [r_2023.pk]
    assert ids(client.get(url, {"month": 10})) == sorted([r_2023.pk, d_2024.pk])
    assert ids(client.get(url, {"indicator_id": deaths.pk})) == [d_2024.pk]
    assert ids(client.get(url, {"indicator": "budget-revenue"})) == sorted(
        [r_2024.pk, r_2023.pk])
    assert ids(client.get(url, {"area": "safety"})) == [d_2024.pk]
    assert ids(client.get(url, {"q": "预算"})) == sorted([r_2024.pk, r_2023.pk])


def test_campaign_filters(client):
    url = reverse("core-api:campaign-list")
    office = DepartmentFactory()
    byd = CampaignFactory(name="比亚迪周边服务", area="projects", year=2024,
                          department=office, description="停车场")
    dust = CampaignFactory(name="扬尘治理", area="safety", year=2023)
    assert ids(client.get(url, {"id": byd.pk})) == [byd.pk]
    assert ids(client.get(url, {"year": 2023})) == [dust.pk]
    assert ids(client.get(url, {"area": "safety"})) == [dust.pk]
    assert ids(client.get(url, {"department_id": office.pk})) == [byd.pk]
    assert ids(client.get(url, {"q": "停车"})) == [byd.pk]
    assert ids(client.get(url, {"q": "扬尘"})) == [dust.pk]


def test_campaign_output_filters(client):
    url = reverse("core-api:campaignoutput-list")
    byd, other = CampaignFactory(), CampaignFactory()
    spaces = CampaignOutputFactory(campaign=byd, metric="新增车位")
    vendors = CampaignOutputFactory(campaign=other, metric="入驻摊贩")
    assert ids(client.get(url, {"id": spaces.pk})) == [spaces.pk]
    assert ids(client.get(url, {"metric": "入驻摊贩"})) == [vendors.pk]
    assert ids(client.get(url, {"campaign_id": byd.pk})) == [spaces.pk]
    assert ids(client.get(url, {"q": "车位"})) == [spaces.pk]


@pytest.mark.parametrize(
    "basename, params",
    [
        ("community", {"kind": "castle"}),
        ("indicator", {"area": "space"}),
        ("village", {"resettled_in_id": 999999}),
        ("indicatorvalue", {"year": "last"}),
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_filter(client, basename, params):
    response = client.get(reverse(f"core-api:{basename}-list"), params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_a_blank_search_returns_everything(client):
    DepartmentFactory.create_batch(3)
    assert len(ids(client.get(reverse("core-api:department-list"), {"q": "  "}))) == 3


# --- ordering -----------------------------------------------------------------------------------

def test_ordering_by_an_allowed_field_both_ways(client):
    for name in ("乙", "甲", "丙"):
        DepartmentFactory(name=name)
    url = reverse("core-api:department-list")
    up = [r["name"] for r in client.get(url, {"ordering": "name"}).json()["results"]]
    down = [r["name"] for r in client.get(url, {"ordering": "-name"}).json()["results"]]
    assert up == sorted(up) and len(up) == 3
    assert down == list(reversed(up))


def test_default_order_is_newest_first(client):
    first, second = DepartmentFactory(), DepartmentFactory()
    assert [r["id"] for r in client.get(reverse("core-api:department-list")).json()[
        "results"]] == [second.pk, first.pk]


def test_ordering_by_a_field_not_allowed_is_ignored(client):
    first, second = DepartmentFactory(phone="2"), DepartmentFactory(phone="1")
    response = client.get(reverse("core-api:department-list"), {"ordering": "phone"})
    assert [r["id"] for r in response.json()["results"]] == [second.pk, first.pk]


def test_indicator_values_order_by_value(client):
    values = [IndicatorValueFactory(value=Decimal(v)) for v in ("3", "10", "2")]
    response = client.get(reverse("core-api:indicatorvalue-list"), {"ordering": "value"})
    assert [r["id"] for r in response.json()["results"]] == [
        values[2].pk, values[0].pk, values[1].pk]


# --- representation --------------------------------------------------------------------------

def test_choices_are_value_and_label_in_chinese_by_default(client):
    community = CommunityFactory(kind=CommunityKind.URBAN)
    body = client.get(reverse("core-api:community-detail", args=[community.pk])).json()
    with translation.override("zh-hans"):
        label = str(CommunityKind.URBAN.label)
    assert body["kind"] == {"value": "urban", "label": label}


def test_choice_labels_follow_accept_language(leader, api_client_for):
    indicator = IndicatorFactory(area="safety", period_kind=IndicatorPeriodKind.MONTHLY)
    body = api_client_for(leader, language="en").get(
        reverse("core-api:indicator-detail", args=[indicator.pk])).json()
    assert body["area"] == {"value": "safety", "label": "Safety"}
    assert body["period_kind"] == {"value": "monthly", "label": "For the month"}


def test_a_choice_is_written_by_value_or_by_the_object(make_user, api_client_for):
    from cuizhai.core import roles

    client = api_client_for(make_user("sa", roles.SYSTEM_ADMIN))
    url = reverse("core-api:community-list")
    by_value = client.post(url, {"name": "甲社区", "kind": "urban"}, format="json")
    by_object = client.post(url, {"name": "乙社区", "kind": {"value": "urban", "label": "x"}},
                            format="json")
    assert by_value.status_code == 201 and by_object.status_code == 201
    assert by_object.json()["kind"]["value"] == "urban"
    bad = client.post(url, {"name": "丙社区", "kind": "castle"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()


def test_decimals_are_strings(client):
    value = IndicatorValueFactory(value=Decimal("95800.5"))
    output = CampaignOutputFactory(value=Decimal("3600"))
    body = client.get(reverse("core-api:indicatorvalue-detail", args=[value.pk])).json()
    assert body["value"] == "95800.5000"
    body = client.get(reverse("core-api:campaignoutput-detail", args=[output.pk])).json()
    assert body["value"] == "3600.00"


def test_related_records_are_brief_objects(client):
    community = CommunityFactory(name="凤凰社区")
    village = VillageFactory(is_relocated=True, resettled_in=community)
    value = IndicatorValueFactory(indicator=IndicatorFactory(code="gdp", unit="亿元"))
    body = client.get(reverse("core-api:village-detail", args=[village.pk])).json()
    assert body["resettled_in"] == {"id": community.pk, "display": "凤凰社区"}
    body = client.get(reverse("core-api:indicatorvalue-detail", args=[value.pk])).json()
    assert body["indicator"] == {"id": value.indicator.pk, "display": str(value.indicator),
                                 "code": "gdp", "unit": "亿元"}
    assert body["version"] == 1


def test_a_related_record_is_written_by_id(make_user, api_client_for):
    from cuizhai.core import roles

    client = api_client_for(make_user("sa", roles.SYSTEM_ADMIN))
    community = CommunityFactory()
    response = client.post(reverse("core-api:village-list"),
                           {"name": "花二庄村", "code": "370112100009", "is_relocated": True,
                            "resettled_in": community.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["resettled_in"]["id"] == community.pk
    assert Village.objects.get(name="花二庄村").resettled_in == community


def test_a_wrong_related_id_is_a_400_and_creates_nothing(make_user, api_client_for):
    from cuizhai.core import roles

    client = api_client_for(make_user("sa", roles.SYSTEM_ADMIN), language="en")
    response = client.post(reverse("core-api:village-list"),
                           {"name": "花二庄村", "code": "370112100009", "is_relocated": True,
                            "resettled_in": 999999}, format="json")
    assert response.status_code == 400
    assert response.json()["resettled_in"] == ["No record with id 999999."]
    assert not Village.objects.exists()


def test_a_related_id_of_the_wrong_type_is_a_400(projects_editor, api_client_for):
    client = api_client_for(projects_editor)
    response = client.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": "revenue", "year": 2024, "month": 1, "value": "1"},
                           format="json")
    assert response.status_code == 400
    assert "indicator" in response.json()
