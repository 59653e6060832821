"""The resettlement part of the 2024 demo: the brief's figures through the summary and the
lists its links open; loading twice duplicates nothing; residents' ID numbers pass the
check and belong to nobody (region 370199).

The demo is loaded once per test session (see tests/support/demo.py).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core.base.personal_values import validate_resident_id
from resettlement.models import Household, HouseholdMember

pytestmark = pytest.mark.django_db

DEMO_MODELS = [
    "resettlement.Building", "resettlement.ServiceCentre", "resettlement.CommunityScenario",
    "resettlement.Household", "resettlement.HouseholdMember", "resettlement.HousingUnit",
    "resettlement.Selection", "resettlement.Handover", "resettlement.RepairRequest",
    "resettlement.HelpLineTicket", "resettlement.LandAcquisition",
    "resettlement.MerchantDemolition",
]


@pytest.fixture
def summary(demo, leader, api_client_for):
    client = api_client_for(leader, "en")
    response = client.get(reverse("resettlement-api:summary"), {"year": 2024})
    assert response.status_code == 200, response.content
    return client, response.json()


def count_at(client, link):
    response = client.get(link)
    assert response.status_code == 200, link
    return response.json()["count"]


def test_loading_twice_duplicates_nothing(demo):
    for label in DEMO_MODELS:
        assert demo.first[label] > 0, f"the demo loads no {label}"
        assert demo.second[label] == demo.first[label], label
        history = f"resettlement.Historical{label.split('.')[1]}"
        assert demo.second[history] == demo.first[history], history


def test_the_brief_figures(summary):
    client, body = summary
    figures = {
        "communities": (body["communities"], 4),
        "source villages": (body["source_villages"], 27),
        "land parcels": (body["land"], 6),
        "merchants": (body["merchants"], 64),
        "helpers": (body["help_line"]["helpers"], 9),
    }
    for name, (figure, expected) in figures.items():
        assert figure["count"] == expected, name
        assert count_at(client, figure["link"]) == expected, name
    assert body["land"]["area_mu"] == "2085.00"
    assert body["selection"]["selected"]["rate"] == "100.00"
    assert body["selection"]["eligible"]["count"] >= 6100
    assert body["handovers"]["in_year"]["count"] >= 6100
    assert count_at(client, body["handovers"]["in_year"]["link"]) == \
        body["handovers"]["in_year"]["count"]
    assert body["help_line"]["resolved"]["count"] >= 930
    assert Decimal(body["hotline_12345"]["mom_growth"]) == Decimal("-35.00")


def test_at_least_21000_residents_counted_by_village(summary):
    client, _body = summary
    villages = client.get(reverse("resettlement-api:sourcevillage-list"),
                          {"limit": 100}).json()["results"]
    assert len(villages) == 27
    assert sum(v["resident_count"] for v in villages) >= 21000
    assert all(v["selected_household_count"] == v["eligible_household_count"] > 0
               for v in villages)


def test_repairs_are_open_overdue_and_closed(summary):
    _client, body = summary
    repairs = body["repairs"]
    assert repairs["open"]["count"] > 0 and repairs["closed"]["count"] > 0
    assert repairs["overdue"]["count"] > 0
    assert repairs["closed"]["median_days_to_close"] is not None


def test_residents_id_numbers_are_valid_and_nobodys(demo):
    numbers = [*Household.objects.values_list("head_id_number", flat=True)[:500],
               *HouseholdMember.objects.values_list("id_number", flat=True)[:500]]
    for number in numbers:
        validate_resident_id(number)
        assert number.startswith("370199")
    assert Household.objects.filter(head_name__startswith="示例").count() == \
        Household.objects.count()
