"""The admin pages of the shared core, for each role."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Community,
    Indicator,
    IndicatorValue,
)
from tests.factories import (
    CampaignFactory,
    CampaignOutputFactory,
    CommunityFactory,
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    VillageFactory,
    admin_form_data,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "department": DepartmentFactory,
    "community": CommunityFactory,
    "village": lambda: VillageFactory(is_relocated=True, resettled_in=CommunityFactory()),
    "indicator": IndicatorFactory,
    "indicatorvalue": IndicatorValueFactory,
    "campaign": lambda: CampaignOutputFactory().campaign,
    "campaignoutput": CampaignOutputFactory,
}
REGISTERED = ["department", "community", "village", "indicator", "indicatorvalue", "campaign"]


def login(client, user, language=None):
    client.force_login(user)
    if language:
        # The admin follows the language switch (its cookie), not the browser's language.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("model", REGISTERED)
def test_system_admin_opens_every_core_admin_page(client, admin_user_, model):
    login(client, admin_user_)
    record = FACTORIES[model]()
    for url in (
        reverse(f"admin:core_{model}_changelist"),
        reverse(f"admin:core_{model}_changelist") + "?q=1",
        reverse(f"admin:core_{model}_add"),
        reverse(f"admin:core_{model}_change", args=[record.pk]),
        reverse(f"admin:core_{model}_history", args=[record.pk]),
        reverse(f"admin:core_{model}_delete", args=[record.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", REGISTERED)
def test_a_leader_sees_every_core_page_read_only(client, leader, model):
    login(client, leader)
    record = FACTORIES[model]()
    change_url = reverse(f"admin:core_{model}_change", args=[record.pk])
    assert client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse(f"admin:core_{model}_add")).status_code == 403
    assert client.post(change_url, {}).status_code == 403


def test_an_office_editor_views_places_but_cannot_change_them(client, projects_editor):
    login(client, projects_editor)
    department = DepartmentFactory(name="项目办")
    url = reverse("admin:core_department_change", args=[department.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "改名", "code": department.code,
                                 "loaded_version": 1})
    assert response.status_code == 403
    department.refresh_from_db()
    assert department.name == "项目办"
    assert client.get(reverse("admin:core_department_add")).status_code == 403


def test_an_office_editor_adds_an_indicator_with_values_in_the_admin(client, safety_editor):
    login(client, safety_editor)
    add_url = reverse("admin:core_indicator_add")
    data = admin_form_data(client.get(add_url))
    data.update({
        "code": "road-deaths", "name": "道路交通死亡人数", "unit": "人", "area": "safety",
        "period_kind": "monthly", "values-0-year": "2024", "values-0-month": "12",
        "values-0-value": "3",
    })
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["errors"]
    indicator = Indicator.objects.get(code="road-deaths")
    assert indicator.values.get().value == Decimal("3")
    assert indicator.history.get().history_user == safety_editor


def test_the_admin_refuses_a_negative_campaign_output(client, projects_editor):
    login(client, projects_editor, "en")
    add_url = reverse("admin:core_campaign_add")
    data = admin_form_data(client.get(add_url))
    data.update({"name": "比亚迪周边服务", "area": "projects", "year": "2024",
                 "outputs-0-metric": "新增车位", "outputs-0-unit": "个",
                 "outputs-0-value": "-3600"})
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "An output cannot be negative." in response.content.decode()
    assert not Campaign.objects.exists() and not CampaignOutput.objects.exists()


def test_the_admin_refuses_an_end_date_before_the_start(client, projects_editor):
    login(client, projects_editor, "en")
    campaign = CampaignFactory(start_date=date(2024, 3, 1))
    url = reverse("admin:core_campaign_change", args=[campaign.pk])
    data = admin_form_data(client.get(url))
    response = client.post(url, {**data, "end_date": "2024-02-01"})
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    campaign.refresh_from_db()
    assert (campaign.end_date, campaign.version) == (None, 1)


def test_the_admin_refuses_a_duplicate_indicator_period(client, projects_editor):
    login(client, projects_editor, "en")
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, year=2024, month=11)
    add_url = reverse("admin:core_indicatorvalue_add")
    data = admin_form_data(client.get(add_url))
    data.update({"indicator": str(indicator.pk), "year": "2024", "month": "11", "value": "1"})
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert IndicatorValue.objects.count() == 1


def test_a_change_in_the_admin_moves_the_version(client, admin_user_):
    login(client, admin_user_)
    department = DepartmentFactory(phone="")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(client.get(url))
    assert client.post(url, {**data, "phone": "0531-1"}).status_code == 302
    department.refresh_from_db()
    assert (department.phone, department.version) == ("0531-1", 2)


def test_the_version_is_shown_read_only(client, admin_user_):
    login(client, admin_user_)
    department = DepartmentFactory()
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(client.get(url))
    assert "version" not in data
    # A real change (a save that changes nothing keeps its version, see test_noop_patch).
    client.post(url, {**data, "phone": "0531-88880000", "version": "99"})
    department.refresh_from_db()
    assert department.version == 2


def test_the_dashboard_account_cannot_use_the_admin(client, dashboard_user):
    login(client, dashboard_user)
    response = client.get(reverse("admin:core_department_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_admin_is_chinese_by_default_with_a_language_switch(client, admin_user_):
    login(client, admin_user_)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-hans"' in html
    assert 'id="language-switch"' in html
    assert f'action="{reverse("set_language")}"' in html
    # Each language in its own name.
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in html


def test_the_language_switch_turns_the_admin_english(client, admin_user_):
    login(client, admin_user_)
    url = reverse("admin:core_department_changelist")
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302
    page = client.get(url)
    assert '<html lang="en"' in page.content.decode()
    assert "Select department to change" in page.content.decode()


def test_site_header_is_the_systems_name(client, admin_user_):
    login(client, admin_user_, "en")
    html = client.get(reverse("admin:index")).content.decode()
    assert '<div id="site-name"><a href="/admin/">Cuizhai Works</a></div>' in html


def test_admin_changelists_run_a_fixed_number_of_queries(client, admin_user_,
                                                         django_assert_max_num_queries):
    login(client, admin_user_)

    def changelist_queries():
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("admin:core_indicatorvalue_changelist")).status_code \
                == 200
        return len(captured)

    for _ in range(3):
        IndicatorValueFactory()
    few = changelist_queries()
    for _ in range(30):
        IndicatorValueFactory()
    assert changelist_queries() <= few


def test_deleting_a_used_community_in_the_admin_is_refused(client, admin_user_):
    login(client, admin_user_, "en")
    community = CommunityFactory(name="凤凰社区")
    VillageFactory(is_relocated=True, resettled_in=community, name="高道口村")
    url = reverse("admin:core_community_delete", args=[community.pk])
    page = client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "高道口村" in page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Community.objects.filter(pk=community.pk).exists()
