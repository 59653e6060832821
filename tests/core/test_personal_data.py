"""Personal data (issue 8 §1): the field types, masking on every output path (the contract
in ``tests/personal_contract.py``, declared once per model), the permission the roles grant,
search by keyed hash, evidence files and logs."""

import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.filtersets import SearchFilterSet
from cuizhai.core.base.logs import PersonalDataLogFilter
from cuizhai.core.base.models.personal import ResidentIdField
from cuizhai.core.base.personal import (
    can_view_personal,
    forget_personal_permissions,
    masker_for,
    personal_permission,
)
from cuizhai.core.base.personal_values import keyed_hash
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.records import record_create
from cuizhai.core.models import TransitionEvidence
from tests.factories import evidence_photo
from tests.import_files import CSV, client_for, confirm, csv_upload, headers, preview
from tests.personal_app.apps import installed_as_office_app
from tests.personal_app.models import SampleCase, SampleResident
from tests.personal_contract import PersonalDataContract

ID_NUMBER = "370102199003071238"
ID_NUMBER_X = "37010219851120002X"
COLUMNS = ("code", "name", "id_number", "mobile", "landline", "address", "circumstances")


def resident(**values):
    return record_create(model=SampleResident, data={"code": "R-1", "name": "Li", **values})


# --- the contract, for the test-only register -------------------------------------------

class TestSampleResidentPersonalData(PersonalDataContract):
    model = SampleResident
    api = "personal-api:sampleresident"
    resource = "sampleresidentresource"
    values = {"id_number": ID_NUMBER, "mobile": "13800005678", "landline": "0531-88001234",
              "address": "凤凰社区3号楼2单元", "circumstances": "低保户，独居"}
    changed = {"mobile": "13900004321", "address": "清宁社区5号楼"}

    def make(self, **values):
        return resident(**values)

    def import_rows(self, record, values):
        row = {name: getattr(record, name) for name in COLUMNS}
        row.update(values)
        return [headers(SampleResident, COLUMNS), [row[name] for name in COLUMNS]]


def test_the_contract_masks_as_the_issue_says(db):
    record = resident(id_number=ID_NUMBER, mobile="13800005678", address="凤凰社区")
    shown = {name: masker_for(None, SampleResident, name)(getattr(record, name))
             for name in ("id_number", "mobile", "address")}
    assert shown == {"id_number": "370***********1238", "mobile": "138****5678",
                     "address": "凤***"}
    assert masker_for(None, SampleResident, "name") is None  # not personal
    assert masker_for(None, SampleResident, "id_number_hash")("abc") == ""  # never shown


# --- the field types --------------------------------------------------------------------

@pytest.mark.parametrize("written, stored", [
    (ID_NUMBER, ID_NUMBER),
    ("37010219851120002x", ID_NUMBER_X),
    (" 370102 19851120 002X ", ID_NUMBER_X),
])
def test_id_numbers_are_stored_normalised(db, written, stored):
    assert resident(id_number=written).id_number == stored


@pytest.mark.parametrize("written, code", [
    ("370102900307123", "legacy_id_number"),  # 15 digits
    ("370102199003071239", "id_number_check_character"),
    ("370102199002301234", "id_number_birth_date"),  # 30 February
    ("37010219900307123", "id_number_format"),  # 17 characters
    ("070102199003071238", "id_number_format"),  # no region starts with 0
])
def test_bad_id_numbers_are_refused_with_their_reason(db, written, code):
    with pytest.raises(ValidationError) as refused:
        resident(id_number=written)
    assert refused.value.error_dict["id_number"][0].code == code


def test_a_15_digit_number_is_refused_in_chinese_through_the_api(admin_user_, api_client_for):
    response = api_client_for(admin_user_).post(
        reverse("personal-api:sampleresident-list"),
        {"code": "R-9", "name": "Wang", "id_number": "370102900307123"}, format="json")
    assert response.status_code == 400
    assert "15 位" in response.json()["id_number"][0]


@pytest.mark.parametrize("field, written, stored", [
    ("mobile", "138 0000 5678", "13800005678"),
    ("mobile", "+86 138-0000-5678", "13800005678"),
    ("landline", "0531 88001234", "0531-88001234"),
    ("landline", "(0531)88001234", "0531-88001234"),
    ("landline", "01088001234", "010-88001234"),
    ("landline", "0531-88001234转12", "0531-88001234-12"),
])
def test_phone_numbers_are_stored_normalised(db, field, written, stored):
    assert getattr(resident(**{field: written}), field) == stored


@pytest.mark.parametrize("field, written", [
    ("mobile", "12800005678"), ("mobile", "1380000567"), ("mobile", "0531-88001234"),
    ("landline", "88001234"), ("landline", "0531-0800123"), ("landline", "13800005678"),
])
def test_bad_phone_numbers_are_refused(db, field, written):
    with pytest.raises(ValidationError) as refused:
        resident(**{field: written})
    assert field in refused.value.error_dict


def test_a_bad_phone_is_a_translated_400_not_a_500(admin_user_, api_client_for):
    response = api_client_for(admin_user_).post(
        reverse("personal-api:sampleresident-list"),
        {"code": "R-9", "name": "Wang", "mobile": "12345"}, format="json")
    assert response.status_code == 400
    assert "11 位" in response.json()["mobile"][0]


def test_a_case_takes_a_mobile_or_a_landline(db):
    assert SampleCase._meta.get_field("phone").to_python("0531 8800 1234") == "0531-88001234"
    assert SampleCase._meta.get_field("phone").to_python("138-0000-5678") == "13800005678"


# --- search: an exact match on a keyed hash ---------------------------------------------

def test_id_numbers_are_found_exactly_and_never_by_a_substring(admin_user_, api_client_for):
    resident(id_number=ID_NUMBER_X)
    record_create(model=SampleResident, data={"code": "R-2", "name": "Zhao",
                                              "id_number": ID_NUMBER})
    client = api_client_for(admin_user_)
    url = reverse("personal-api:sampleresident-list")

    def codes(**params):
        return [r["code"] for r in client.get(url, params).json()["results"]]

    assert codes(id_number="37010219851120002x") == ["R-1"]  # normalised, then hashed
    assert codes(q=ID_NUMBER) == ["R-2"]
    assert codes(id_number="370102") == codes(q="1985112") == []


def test_the_hash_is_keyed_and_kept_by_the_field(db, settings):
    record = resident(id_number=ID_NUMBER)
    assert record.id_number_hash == keyed_hash(ID_NUMBER) != ""
    assert ID_NUMBER not in record.id_number_hash
    record.id_number = ""
    record.save()
    assert SampleResident.objects.get().id_number_hash == ""


def test_a_filterset_cannot_search_id_numbers_by_substring():
    with pytest.raises(ImproperlyConfigured):
        type("BadFilterSet", (SearchFilterSet,), {
            "search_fields": ("id_number",),
            "Meta": type("Meta", (), {"model": SampleResident, "fields": []}),
        })


def test_the_admin_finds_an_id_number_exactly(admin_user_):
    resident(id_number=ID_NUMBER)
    client = client_for(admin_user_)
    url = reverse("admin:personal_app_sampleresident_changelist")
    assert client.get(url, {"q": ID_NUMBER}).context["cl"].result_count == 1
    assert client.get(url, {"q": "370102"}).context["cl"].result_count == 0


# --- the permission and the roles -------------------------------------------------------

def test_the_roles_grant_the_permission_to_the_office_keeping_the_data(db):
    codename = personal_permission(SampleResident)
    with installed_as_office_app():
        roles.sync_roles()
        holders = {group.name for group in Group.objects.filter(
            permissions__codename=codename.split(".")[1])}
    assert holders == {"拆迁安置办", roles.SYSTEM_ADMIN}  # not leaders, not the dashboard


def test_a_per_user_grant_survives_the_roles_sync(make_user):
    leader = make_user("leader-with-grant", roles.LEADERS)
    app_label, codename = personal_permission(SampleResident).split(".")
    leader.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                       codename=codename))
    roles.sync_roles()
    roles.sync_roles()
    forget_personal_permissions(leader)
    leader.refresh_from_db()
    assert can_view_personal(leader, SampleResident)
    assert not can_view_personal(make_user("plain-leader", roles.LEADERS), SampleResident)


def test_the_dashboard_never_sees_personal_data(dashboard_user, admin_user_):
    app_label, codename = personal_permission(SampleResident).split(".")
    dashboard_user.user_permissions.add(Permission.objects.get(
        content_type__app_label=app_label, codename=codename))
    assert not can_view_personal(dashboard_user, SampleResident)
    assert can_view_personal(admin_user_, SampleResident)


def test_a_masked_export_imported_back_keeps_the_stored_values(make_user):
    record = resident(id_number=ID_NUMBER, mobile="13800005678", address="凤凰社区3号楼")
    clerk = make_user("clerk")
    clerk.user_permissions.set(Permission.objects.filter(
        content_type__app_label="personal_app",
        codename__in=["view_sampleresident", "add_sampleresident", "change_sampleresident"]))
    client = client_for(clerk)
    row = [record.code, "Renamed", "370***********1238", "138****5678", "", "凤***", ""]
    previewed = preview(client, SampleResident,
                        csv_upload([headers(SampleResident, COLUMNS), row]), CSV)
    assert previewed.context["confirm_form"] is not None
    confirm(client, SampleResident, previewed)
    record.refresh_from_db()
    assert (record.name, record.id_number, record.mobile, record.address) == (
        "Renamed", ID_NUMBER, "13800005678", "凤凰社区3号楼")


# --- evidence files ---------------------------------------------------------------------

@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_evidence_of_a_record_holding_personal_data_needs_the_permission(
    media_root, admin_user_, make_user, api_client_for
):
    closed_loop.closed_loop_report(
        model=SampleCase, title="Household visit", phone="13800005678", by=admin_user_,
        evidence=[evidence_photo("身份证.jpg")],
    )
    evidence = TransitionEvidence.objects.get()
    leader = make_user("leader", roles.LEADERS)
    leader.user_permissions.add(Permission.objects.get(codename="view_samplecase"))
    url = reverse("core-api:evidence-download", args=[evidence.pk])

    assert api_client_for(leader).get(url).status_code == 404
    app_label, codename = personal_permission(SampleCase).split(".")
    roles.sync_roles()
    leader.user_permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                       codename=codename))
    forget_personal_permissions(leader)
    leader.refresh_from_db()
    assert api_client_for(leader).get(url).status_code == 200


def test_evidence_of_a_record_without_personal_values_is_not_gated(
    media_root, admin_user_, make_user, api_client_for
):
    closed_loop.closed_loop_report(model=SampleCase, title="Site photo", by=admin_user_,
                                   evidence=[evidence_photo("现场.jpg")])
    leader = make_user("leader", roles.LEADERS)
    leader.user_permissions.add(Permission.objects.get(codename="view_samplecase"))
    url = reverse("core-api:evidence-download", args=[TransitionEvidence.objects.get().pk])
    assert api_client_for(leader).get(url).status_code == 200


# --- logs -------------------------------------------------------------------------------

def test_logs_carry_no_id_numbers_or_mobile_numbers():
    record = logging.LogRecord("cuizhai", logging.WARNING, __file__, 1,
                               "Refused %s for %s (phone %s)", ("R-1", ID_NUMBER, "13800005678"),
                               None)
    PersonalDataLogFilter().filter(record)
    assert record.getMessage() == "Refused R-1 for 370***********1238 (phone 138****5678)"


def test_the_settings_filter_the_console_log():
    from django.conf import settings

    console = settings.LOGGING["handlers"]["console"]
    assert "personal_data" in console["filters"]


def test_the_messages_are_translated():
    field = ResidentIdField()
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            field.clean("370102199003071239", None)
        # The message is lazy: read it while Chinese is active, not in whatever language
        # an earlier test left active.
        assert "校验码" in refused.value.messages[0]


def test_a_new_hash_key_is_applied_by_rehash_personal_data(db, settings):
    from django.core.management import call_command

    resident(id_number=ID_NUMBER)
    settings.CUIZHAI_PERSONAL_HASH_KEY = "a-new-key-for-the-search-hashes"
    assert not SampleResident.objects.filter(id_number_hash=keyed_hash(ID_NUMBER)).exists()
    call_command("rehash_personal_data", verbosity=0)
    assert SampleResident.objects.filter(id_number_hash=keyed_hash(ID_NUMBER)).count() == 1


def test_an_admin_cannot_search_id_numbers_by_substring():
    from django.contrib import admin

    from tests.personal_app.admin import SampleResidentAdmin

    bad = type("BadAdmin", (SampleResidentAdmin,), {"search_fields": ("name", "id_number")})
    errors = bad(SampleResident, admin.site).check()
    assert [error.id for error in errors] == ["core.E102"]
