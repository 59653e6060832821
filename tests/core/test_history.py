"""The audit trail: who created and changed what, through the API and in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cuizhai.core.models import Campaign, Department
from tests.factories import CampaignFactory, DepartmentFactory, admin_form_data

pytestmark = pytest.mark.django_db


def test_history_endpoint_lists_entries_newest_first_with_changed_fields(
    projects_editor, safety_editor, api_client_for
):
    first = api_client_for(projects_editor, language="en")
    second = api_client_for(safety_editor)
    created = first.post(reverse("core-api:campaign-list"),
                         {"name": "扬尘治理", "area": "safety", "year": 2024}, format="json")
    url = reverse("core-api:campaign-detail", args=[created.json()["id"]])
    first.patch(url, {"description": "工地检查", "version": 1}, format="json")
    second.patch(url, {"year": 2025, "start_date": "2025-03-01", "version": 2}, format="json")

    response = first.get(reverse("core-api:campaign-history", args=[created.json()["id"]]))
    assert response.status_code == 200
    entries = response.json()
    assert [e["version"] for e in entries] == [3, 2, 1]
    assert [e["type"]["value"] for e in entries] == ["~", "~", "+"]
    assert [e["type"]["label"] for e in entries] == ["Changed", "Changed", "Created"]
    # People are related records, shown by name (the login when no name is known).
    assert [e["user"] for e in entries] == [
        {"id": safety_editor.pk, "display": "safety-editor"},
        {"id": projects_editor.pk, "display": "projects-editor"},
        {"id": projects_editor.pk, "display": "projects-editor"},
    ]
    newest = entries[0]
    assert sorted(c["field"] for c in newest["changes"]) == ["start_date", "year"]
    year = next(c for c in newest["changes"] if c["field"] == "year")
    assert (year["old"], year["new"], year["label"]) == (2024, 2025, "year")
    assert entries[1]["changes"] == [
        {"field": "description", "label": "description", "old": "", "new": "工地检查"}
    ]
    created_fields = {c["field"] for c in entries[2]["changes"]}
    assert {"name", "area", "year"} <= created_fields
    assert "description" not in created_fields  # empty values are not listed at creation
    assert entries[0]["date"] >= entries[1]["date"] >= entries[2]["date"]


def test_history_labels_are_in_chinese_by_default(projects_editor, api_client_for):
    campaign = CampaignFactory()
    client = api_client_for(projects_editor)
    client.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                 {"description": "x", "version": 1}, format="json")
    entries = client.get(reverse("core-api:campaign-history", args=[campaign.pk])).json()
    with translation.override("zh-hans"):
        expected = str(Campaign._meta.get_field("description").verbose_name)
    assert entries[0]["changes"][0]["label"] == expected


def test_history_of_a_decimal_and_a_foreign_key(projects_editor, api_client_for):
    from tests.factories import IndicatorValueFactory

    value = IndicatorValueFactory(value=Decimal("44480"))
    client = api_client_for(projects_editor)
    client.patch(reverse("core-api:indicatorvalue-detail", args=[value.pk]),
                 {"value": "95800", "version": 1}, format="json")
    entries = client.get(reverse("core-api:indicatorvalue-history", args=[value.pk])).json()
    change = entries[0]["changes"][0]
    # Decimals as strings, as everywhere in the API.
    assert (change["field"], change["old"], change["new"]) == ("value", "44480.0000",
                                                               "95800.0000")
    created = {c["field"]: c["new"] for c in entries[1]["changes"]}
    assert created["indicator"] == {"id": value.indicator_id, "display": str(value.indicator)}


def test_history_reads_times_choices_and_people_as_the_api_does(make_user, api_client_for):
    """Office time, {value, label} and {id, display}, and the workflow's own fields."""
    from cuizhai.core import roles
    from cuizhai.core.base.services import closed_loop
    from tests.workflow_app.models import SampleTicket

    owner = make_user("owner", roles.SYSTEM_ADMIN, is_superuser=True)
    worker = make_user("worker", roles.office_group("safety"))
    worker.first_name = "王磊"
    worker.save()
    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=owner, title="Dust")
    closed_loop.closed_loop_assign(ticket, by=owner, assignee=worker)

    entries = api_client_for(owner).get(
        reverse("sample-api:sampleticket-history", args=[ticket.pk])).json()

    assigned = {c["field"]: c for c in entries[0]["changes"]}
    assert assigned["status"]["old"] == {"value": "reported", "label": "登记"}
    assert assigned["status"]["new"] == {"value": "assigned", "label": "已交办"}
    assert assigned["assignee"]["new"] == {"id": worker.pk, "display": "王磊"}
    assert assigned["responded_at"]["new"].endswith("+08:00")
    assert entries[0]["date"].endswith("+08:00")
    assert entries[0]["reason"] == ""


def test_history_query_count_does_not_grow_with_entries(projects_editor, api_client_for,
                                                        django_assert_max_num_queries):
    campaign = CampaignFactory()
    client = api_client_for(projects_editor)
    url = reverse("core-api:campaign-history", args=[campaign.pk])
    with django_assert_max_num_queries(8) as captured:  # 7, and the count of its pages
        client.get(url)
    few = len(captured)  # now: the next request resets the connection's query log
    for version in range(1, 11):
        client.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                     {"description": f"v{version}", "version": version}, format="json")
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.json()) == 11


# --- admin --------------------------------------------------------------------------------

def test_admin_create_and_change_are_recorded_with_the_user(admin_client_en, admin_user_):
    add_url = reverse("admin:core_department_add")
    data = admin_form_data(admin_client_en.get(add_url))
    response = admin_client_en.post(add_url, {**data, "name": "党建办", "code": "party"})
    assert response.status_code == 302
    department = Department.objects.get(code="party")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(admin_client_en.get(url))
    assert admin_client_en.post(url, {**data, "phone": "0531-1"}).status_code == 302
    records = list(department.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.version, r.history_user) for r in records] == [
        ("+", 1, admin_user_), ("~", 2, admin_user_)]


def test_admin_history_page_lists_the_changes(admin_client_en, projects_editor,
                                              api_client_for):
    department = DepartmentFactory(name="项目办")
    campaign = CampaignFactory(department=department)
    api_client_for(projects_editor).patch(
        reverse("core-api:campaign-detail", args=[campaign.pk]),
        {"description": "from the API", "version": 1}, format="json")
    response = admin_client_en.get(reverse("admin:core_campaign_history", args=[campaign.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "projects-editor" in page
    assert response.context["page_obj"].object_list[0].history_user == projects_editor
    assert "<strong>Description:</strong> —&nbsp;&rarr;&nbsp;from the API" in page
    assert "None" not in page  # no reason given: nothing shown
    assert "Change reason" not in page and "Changes" not in page  # our own headers


def test_admin_history_page_shows_the_workflow_steps(client, make_user):
    """Status, resolved at, resolved by…: fields no form edits, shown all the same, by
    label and name, under Chinese headers."""
    from cuizhai.core import roles
    from cuizhai.core.base.services import closed_loop
    from tests.workflow_app.models import SampleTicket

    owner = make_user("owner", roles.SYSTEM_ADMIN, is_superuser=True)
    worker = make_user("worker", roles.office_group("safety"))
    worker.first_name = "王磊"
    worker.save()
    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=owner, title="Dust")
    ticket = closed_loop.closed_loop_assign(ticket, by=owner, assignee=worker)
    closed_loop.closed_loop_resolve(ticket, by=worker, note="Nets in place.")
    client.force_login(owner)

    page = client.get(reverse("admin:workflow_app_sampleticket_history",
                              args=[ticket.pk])).content.decode()

    assert "<strong>状态:</strong> 已交办&nbsp;&rarr;&nbsp;已办结" in page
    assert "<strong>办结人:</strong> —&nbsp;&rarr;&nbsp;王磊" in page
    assert "<strong>承办人:</strong> —&nbsp;&rarr;&nbsp;王磊" in page
    assert "<strong>办理结果:</strong> —&nbsp;&rarr;&nbsp;Nets in place." in page
    assert "变更内容" in page and "修改人" in page
    assert "None" not in page


def test_admin_history_page_of_a_historical_version_opens(admin_client_en):
    department = DepartmentFactory(name="安全办", phone="1")
    record = department.history.get()
    response = admin_client_en.get(
        reverse("admin:core_department_simple_history", args=[department.pk,
                                                              record.history_id]))
    assert response.status_code == 200
    assert "安全办" in response.content.decode()


def test_admin_reverts_to_an_old_version_as_a_new_edit(admin_client_en):
    department = DepartmentFactory(name="安全办", phone="1")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(admin_client_en.get(url))
    assert admin_client_en.post(url, {**data, "phone": "2"}).status_code == 302
    first = department.history.get(version=1)
    revert_url = reverse("admin:core_department_simple_history",
                         args=[department.pk, first.history_id])
    data = admin_form_data(admin_client_en.get(revert_url))
    assert data["phone"] == "1"
    assert data["loaded_version"] == "2"  # the edit starts from the stored version
    response = admin_client_en.post(revert_url, data)
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.phone, department.version) == ("1", 3)


def test_admin_revert_from_a_stale_page_is_refused(admin_client_en):
    department = DepartmentFactory(phone="1")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(admin_client_en.get(url))
    admin_client_en.post(url, {**data, "phone": "2"})
    first = department.history.get(version=1)
    revert_url = reverse("admin:core_department_simple_history",
                         args=[department.pk, first.history_id])
    stale = admin_form_data(admin_client_en.get(revert_url))
    data = admin_form_data(admin_client_en.get(url))
    admin_client_en.post(url, {**data, "phone": "3"})
    response = admin_client_en.post(revert_url, stale)
    assert response.status_code == 200
    department.refresh_from_db()
    assert (department.phone, department.version) == ("3", 3)
