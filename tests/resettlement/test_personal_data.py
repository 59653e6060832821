"""Residents' personal data — heads of household, members, repair reporters — shown only to
holders of each model's "view personal data" permission, on every output path
(``tests/personal_contract.py``): API record, list, history, CSV/XLSX, the admin's list,
change form, history pages, export, import preview and refused rows; a masked value sent
back keeps the stored one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from resettlement import services
from resettlement.models import Household, HouseholdMember
from tests.factories import VillageFactory
from tests.import_files import headers
from tests.personal_contract import PersonalDataContract
from tests.resettlement import factories as f
from tests.support.clients import role_client

HEAD_ID = f.synthetic_id(321, datetime.date(1966, 6, 6))
MEMBER_ID = f.synthetic_id(322, datetime.date(1995, 9, 9))


class TestHouseholdPersonalData(PersonalDataContract):
    model = Household
    api = "resettlement-api:household"
    values = {"head_name": "高某某", "head_id_number": HEAD_ID, "head_phone": "13800005678"}
    masked = {"head_name": "高***", "head_id_number": HEAD_ID[:3] + "*" * 11 + HEAD_ID[-4:],
              "head_phone": "138****5678"}
    changed = {"head_phone": "13900004321"}
    resource = "HouseholdResource"

    def make(self, **values):
        return services.household_create(data={
            "code": "GDK-0009", "village": VillageFactory(relocated=True),
            "entitled_area": Decimal("120"), **values})

    def import_rows(self, record, values):
        # The contract changes a plain column ("name"): here the note; blanked, the row is
        # refused (its entitled area, required, is left blank too).
        columns = ("code", "village", "head_name", "head_id_number", "head_phone",
                   "entitled_area", "note")
        row = {name: getattr(record, name) for name in columns}
        row["village"] = record.village.code
        row["note"] = values["name"]
        if not values["name"]:
            row["entitled_area"] = ""
        return [headers(Household, columns), [row[name] for name in columns]]


class TestHouseholdMemberPersonalData(PersonalDataContract):
    model = HouseholdMember
    api = "resettlement-api:householdmember"
    values = {"name": "花某某", "id_number": MEMBER_ID}
    changed = {"name": "花某"}
    resource = "HouseholdMemberResource"

    def make(self, **values):
        return services.member_create(data={"household": f.HouseholdFactory(),
                                            "relation": "child", **values})

    def import_rows(self, record, values):
        # The contract changes a plain column ("name"): here the relation; blank, the row
        # is refused.
        columns = ("household", "name", "relation", "id_number")
        row = {"household": record.household.code, "name": record.name,
               "relation": "spouse" if values["name"] else "", "id_number": record.id_number}
        return [headers(HouseholdMember, columns), [row[name] for name in columns]]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "sees"), [
    (roles.office_group("resettlement"), True), (roles.SYSTEM_ADMIN, True),
    (roles.LEADERS, False), (roles.DASHBOARD, False), (roles.office_group("safety"), False),
])
def test_a_repair_reporter_is_shown_to_the_resettlement_office_only(role, sees):
    item = f.report_repair(reporter_name="王某某", reporter_phone="13800005678")
    client = role_client(role)
    detail = client.get(reverse("resettlement-api:repairrequest-detail", args=[item.pk])).json()
    exported = client.get(reverse("resettlement-api:repairrequest-list"), {"format": "csv"})
    text = b"".join(exported.streaming_content).decode("utf-8")
    if sees:
        assert (detail["reporter_name"], detail["reporter_phone"]) == ("王某某", "13800005678")
        assert "13800005678" in text
    else:
        assert (detail["reporter_name"], detail["reporter_phone"]) == ("王***", "138****5678")
        assert "13800005678" not in text and "138****5678" in text


def test_an_id_number_and_a_name_are_masked_as_the_issue_says():
    from cuizhai.core.base.personal import masker_for

    assert masker_for(None, Household, "head_id_number")(HEAD_ID) == \
        TestHouseholdPersonalData.masked["head_id_number"]
    assert masker_for(None, Household, "head_name")("高某某") == "高***"
