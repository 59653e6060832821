"""The enterprise register (企业), the core's since issue 6: the credit-code checksum, the
rules the database enforces, its API at /api/v1/core/enterprises/ (written by the projects
office; what enterprise service adds to it through the projects app's register extension),
its admin page and its Excel/CSV import and export."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.registers import extensions
from cuizhai.core.models import Enterprise
from cuizhai.core.services.enterprises import enterprise_create, enterprise_update
from cuizhai.core.validators import validate_credit_code
from tests.factories import UserFactory
from tests.import_files import (
    CSV,
    client_for,
    csv_upload,
    export_csv,
    headers,
    import_file,
    invalid_rows,
    preview,
)
from tests.projects import factories as f
from tests.projects.factories import EnterpriseFactory, credit_code

pytestmark = pytest.mark.django_db

ENTERPRISE_COLUMNS = ["name", "credit_code", "industry", "park", "is_relocating",
                      "expected_output_value"]


def list_url():
    return reverse("core-api:enterprise-list")


def detail_url(pk):
    return reverse("core-api:enterprise-detail", args=[pk])


@pytest.fixture
def editor_client(projects_editor, api_client_for):
    return api_client_for(projects_editor, "en")


@pytest.fixture
def office(projects_editor):
    return client_for(projects_editor)


def refused_by_database(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- the credit code -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("91370100MA3C5N7K4U", None),
        ("91370100ma3c5n7k4u", None),  # lower case is read as capitals
        ("91370100MA3C5N7K40", "credit_code_checksum"),
        ("91370100MA3C5N7K4", "credit_code_length"),
        ("", "credit_code_length"),
        ("91370100MA3C5I7K4U", "credit_code_characters"),
        ("91370100MA3C5O7K4U", "credit_code_characters"),
        ("91370100MA3C5Z7K4U", "credit_code_characters"),
        ("91370100MA3C5S7K4U", "credit_code_characters"),
        ("91370100MA3C5V7K4U", "credit_code_characters"),
        ("91370100MA3C5-7K4U", "credit_code_characters"),
    ],
)
def test_the_credit_code_checksum(code, error_code):
    if error_code is None:
        validate_credit_code(code)
        return
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == error_code


def test_every_factory_credit_code_is_valid():
    codes = {f.credit_code(n) for n in range(0, 100_000, 997)}
    for code in codes:
        validate_credit_code(code)
    assert len(codes) == len(range(0, 100_000, 997))


# --- the unified social credit code -------------------------------------------------------------
# GB 32100-2015, written out here independently of cuizhai.core.validators.
GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def by_hand(first17):
    total = sum(GB32100_CHARS.index(c) * w for c, w in zip(first17, GB32100_WEIGHTS,
                                                             strict=True))
    return first17 + GB32100_CHARS[(31 - total % 31) % 31]


VALID_CODES = [
    by_hand("91370100MA3C5N7K4"),  # = 91370100MA3C5N7K4U
    "91350100M000100Y43",  # a published example
    "91110000802100433B",
    by_hand("12370100004206531"),  # a public institution (事业单位)
]


def test_the_check_character_computed_by_hand_matches_published_codes():
    assert by_hand("91350100M000100Y4") == "91350100M000100Y43"
    assert by_hand("91110000802100433") == "91110000802100433B"
    assert by_hand("91370100MA3C5N7K4") == "91370100MA3C5N7K4U"


@pytest.mark.parametrize("code", VALID_CODES)
def test_a_valid_credit_code_is_accepted(code, editor_client):
    response = editor_client.post(list_url(),
                                  {"name": "济南紫燕食品有限公司", "credit_code": code.lower()},
                                  format="json")
    assert response.status_code == 201, response.json()
    assert Enterprise.objects.get().credit_code == code


def _wrong_check(code):
    return code[:17] + ("0" if code[17] != "0" else "1")


@pytest.mark.parametrize(
    "code",
    [
        _wrong_check("91370100MA3C5N7K4U"),
        "91370100MA3C5N7K4",  # 17 characters
        "91370100MA3C5N7K4U0",  # 19 characters
        *["91370100MA3C5N7K4U".replace("N", letter) for letter in "IOZSV"],
    ],
)
def test_an_invalid_credit_code_is_refused(code, api_client_for, projects_editor):
    response = api_client_for(projects_editor, "en").post(
        list_url(), {"name": "济南紫燕食品有限公司", "credit_code": code},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["credit_code"]
    assert not Enterprise.objects.exists()


def test_the_credit_code_error_says_what_is_wrong(api_client_for, projects_editor):
    client = api_client_for(projects_editor, "en")

    def error(code):
        return client.post(list_url(), {"name": "某企业", "credit_code": code},
                           format="json").json()["credit_code"][0]

    assert "expected U" in error("91370100MA3C5N7K40")
    assert "18 characters" in error("91370100MA3C5N7K4")
    assert "cannot contain O" in error("91370100MA3C5O7K4U")


def test_a_credit_code_is_unique(editor_client):
    enterprise = f.EnterpriseFactory()
    response = editor_client.post(list_url(),
                                  {"name": "另一家企业", "credit_code": enterprise.credit_code},
                                  format="json")
    assert response.status_code == 400
    assert "credit_code" in response.json()
    assert Enterprise.objects.count() == 1


# -- enterprises from CSV ------------------------------------------------------------------


def enterprise_rows(*rows):
    return [headers(Enterprise, ENTERPRISE_COLUMNS), *rows]


GOOD_ENTERPRISES = [
    ["济南鼎点数控设备有限公司", credit_code(501).lower(), "装备制造", "智能制造产业园", "是",
     "12000"],
    ["济南紫燕食品有限公司", credit_code(502), "食品加工", "", "否", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_good_csv_of_enterprises_imports(office, encoding):
    upload = csv_upload(enterprise_rows(*GOOD_ENTERPRISES), encoding=encoding)

    response = import_file(office, Enterprise, upload, CSV)

    assert response.status_code == 302
    dingdian = Enterprise.objects.get(name="济南鼎点数控设备有限公司")
    assert dingdian.credit_code == credit_code(501)  # stored in capitals
    assert (dingdian.is_relocating, dingdian.expected_output_value) == (True, Decimal("12000"))
    ziyan = Enterprise.objects.get(name="济南紫燕食品有限公司")
    assert (ziyan.is_relocating, ziyan.expected_output_value) == (False, None)


def test_importing_enterprises_twice_matches_on_the_credit_code(office):
    assert import_file(office, Enterprise, csv_upload(enterprise_rows(*GOOD_ENTERPRISES)),
                       CSV).status_code == 302
    renamed = [row[:] for row in GOOD_ENTERPRISES]
    renamed[1][2] = "食品制造"

    assert import_file(office, Enterprise, csv_upload(enterprise_rows(*renamed)),
                       CSV).status_code == 302

    assert Enterprise.objects.count() == 2
    assert Enterprise.objects.get(credit_code=credit_code(502)).industry == "食品制造"


def test_a_credit_code_with_a_wrong_check_character_imports_nothing(projects_editor):
    english = client_for(projects_editor, "en")
    good = credit_code(503)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    rows = enterprise_rows(*GOOD_ENTERPRISES, ["济南新材料有限公司", wrong, "", "", "", ""])

    previewed = preview(english, Enterprise, csv_upload(rows), CSV)

    errors = invalid_rows(previewed)
    assert list(errors) == [3]
    assert any("check character" in message for message in errors[3])
    assert "Line 4" in previewed.content.decode()  # the line as Excel numbers it
    assert not Enterprise.objects.exists()


def test_a_leader_cannot_import(leader):
    client = client_for(leader)
    upload = csv_upload(enterprise_rows(*GOOD_ENTERPRISES))

    assert preview(client, Enterprise, upload, CSV).status_code == 403
    assert not Enterprise.objects.exists()


def test_enterprises_export_to_csv_that_excel_opens(office):
    EnterpriseFactory(name="济南鼎点数控设备有限公司", is_relocating=True)

    exported = export_csv(office, Enterprise, "enterpriseresource",
                          ENTERPRISE_COLUMNS + ["address"])

    assert exported.headers[:2] == headers(Enterprise, ["name", "credit_code"])
    assert exported[0][0] == "济南鼎点数控设备有限公司"


# --- the database's own rules ---------------------------------------------------------------
def test_the_database_refuses_bad_enterprise_records():
    enterprise = f.EnterpriseFactory()
    refused_by_database(lambda: f.EnterpriseFactory(expected_output_value=Decimal("-1")))
    refused_by_database(lambda: f.EnterpriseFactory(credit_code=enterprise.credit_code))
    assert Enterprise.objects.count() == 1


# --- the services -------------------------------------------------------------------------
def test_the_services_keep_the_official_capitals_and_name_who_acted():
    clerk = UserFactory()
    code = credit_code(601)
    enterprise = enterprise_create(
        data={"name": "济南鼎点数控设备有限公司", "credit_code": f" {code[:9]} {code[9:]}".lower()},
        by=clerk,
    )
    assert enterprise.credit_code == code
    enterprise = enterprise_update(enterprise=enterprise, data={"park": "智能制造产业园"},
                                   expected_version=enterprise.version, by=clerk, reason="入园")
    assert [(h.history_type, h.history_user, h.history_change_reason)
            for h in enterprise.history.order_by("history_id")] == [
        ("+", clerk, None), ("~", clerk, "入园")]


# --- roles ----------------------------------------------------------------------------------
def test_the_projects_office_edits_enterprises_and_the_other_offices_only_read(
    make_user, api_client_for, projects_editor
):
    # The safety office edits the register too (its inspections name enterprises): the
    # party-building office is one that only reads it.
    enterprise = f.EnterpriseFactory(park="")
    reader = api_client_for(make_user("party-clerk", roles.office_group("partybuilding")), "en")
    assert reader.get(detail_url(enterprise.pk)).status_code == 200
    refused = reader.patch(detail_url(enterprise.pk),
                           {"park": "某园区", "version": enterprise.version}, format="json")
    assert refused.status_code == 403
    assert Enterprise.objects.get(pk=enterprise.pk).park == ""

    editor = api_client_for(projects_editor, "en")
    changed = editor.patch(detail_url(enterprise.pk),
                           {"park": "新能源新材料产业园", "version": enterprise.version},
                           format="json")
    assert changed.status_code == 200, changed.json()
    assert Enterprise.objects.get(pk=enterprise.pk).park == "新能源新材料产业园"


# --- what enterprise service adds to the register (projects.registers) ---------------------
def test_the_projects_app_extends_the_register_without_the_core_naming_it():
    assert [e.__module__ + "." + e.__name__ for e in extensions(Enterprise)] == [
        "projects.registers.EnterpriseService"]


def test_the_register_lists_each_enterprise_visits_and_open_needs(editor_client):
    visited = f.EnterpriseFactory(name="济南鼎点数控设备有限公司")
    f.VisitFactory(enterprise=visited)
    f.VisitFactory(enterprise=visited)
    f.report_need(enterprise=visited)
    f.EnterpriseFactory(name="济南紫燕食品有限公司")

    body = editor_client.get(list_url(), {"ordering": "-visit_count"}).json()

    assert [(r["name"], r["visit_count"], r["open_need_count"]) for r in body["results"]] == [
        ("济南鼎点数控设备有限公司", 2, 1), ("济南紫燕食品有限公司", 0, 0)]
    assert list(body["results"][0])[-3:] == ["created_at", "updated_at", "version"]


def test_the_register_is_filtered_by_the_year_an_enterprise_was_visited(editor_client):
    visited = f.VisitFactory(date="2024-05-06").enterprise
    f.VisitFactory(date="2023-05-06")
    f.EnterpriseFactory()

    body = editor_client.get(list_url(), {"visited_year": 2024}).json()

    assert [r["id"] for r in body["results"]] == [visited.pk]


def test_the_schema_documents_the_register_with_its_extension(editor_client):
    schema = editor_client.get(reverse("schema"), {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/core/enterprises/"]["get"]
                  ["parameters"]}
    assert {"visited_year", "credit_code", "is_relocating", "industry", "park"} <= parameters
    assert {"visit_count", "open_need_count"} <= set(
        schema["components"]["schemas"]["Enterprise"]["properties"])


def test_the_admin_page_of_an_enterprise_shows_its_visits_and_needs(projects_editor):
    admin_client_ = client_for(projects_editor)
    enterprise = f.EnterpriseFactory(name="济南鼎点数控设备有限公司")
    f.VisitFactory(enterprise=enterprise, visitors="王强")
    f.report_need(enterprise=enterprise, title="技术工人招聘")

    changelist = admin_client_.get(reverse("admin:core_enterprise_changelist"))
    page = admin_client_.get(reverse("admin:core_enterprise_change", args=[enterprise.pk]))

    assert changelist.status_code == page.status_code == 200
    assert "济南鼎点数控设备有限公司" in changelist.content.decode()
    assert "王强" in page.content.decode() and "技术工人招聘" in page.content.decode()


def test_the_import_page_says_rows_are_matched_on_the_credit_code(office):
    page = office.get(reverse("admin:core_enterprise_import"))
    assert page.status_code == 200
    assert "统一社会信用代码已登记的行将更新该企业" in page.content.decode()
