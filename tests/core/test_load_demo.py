"""``manage.py load_demo``: the shared core's part of the demo (offices, the four ideal
communities and the 27 villages they rehouse, the role groups) and the demo logins, which
exist only in development (DEBUG on).

The whole demo is loaded once per test session (tests/support/demo.py); each test runs in
a savepoint of it.
"""

from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.demo import sync
from cuizhai.core.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERS
from cuizhai.core.models import Community, Village

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [username for username, _group, _is_staff in DEMO_USERS]
CORE_MODELS = ["core.Department", "core.Community", "core.Village"]


def row_counts(labels):
    """Rows of each model and of its history table."""
    counts = {}
    for label in labels:
        model = apps.get_model(label)
        counts[label] = model._default_manager.count()
        counts[f"{label} history"] = model.history.count()
    return counts


@pytest.fixture
def loaded(demo):
    """The core's rows and history rows as the first load left them."""
    counts = {}
    for label in CORE_MODELS:
        model = apps.get_model(label)
        counts[label] = demo.first[label]
        counts[f"{label} history"] = demo.first[model.history.model._meta.label]
    return counts


@pytest.fixture
def api(loaded, leader, api_client_for):
    return api_client_for(leader, "en")


def listed(api, name, **params):
    response = api.get(reverse(f"core-api:{name}-list"), {"limit": 1000, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def load_demo(*args):
    """The command's output in English, whatever language an earlier test left active."""
    output = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=output)
    return output.getvalue()


# --- places and roles -------------------------------------------------------------------------
def test_four_ideal_communities(api):
    communities = listed(api, "community")
    assert {c["name"] for c in communities} == {"凤凰社区", "清宁社区", "河润社区", "怡河社区"}
    assert {c["kind"]["value"] for c in communities} == {"ideal"}


def test_the_27_relocated_villages_each_rehoused_in_an_ideal_community(api):
    villages = listed(api, "village", is_relocated="true")
    assert len(villages) == 27
    names = {v["name"] for v in villages}
    assert {"高道口村", "花二庄村", "王河村", "东万村", "韩家村", "程袁村"} <= names
    per_community = Counter(v["resettled_in"]["display"] for v in villages)
    assert set(per_community) == {"凤凰社区", "清宁社区", "河润社区", "怡河社区"}
    codes = [v["code"] for v in villages]
    assert len(set(codes)) == 27
    assert all(len(code) == 12 and code.isdigit() for code in codes)


def test_the_offices_of_the_subdistrict(api):
    departments = {d["code"]: d["name"] for d in listed(api, "department")}
    assert {"projects-office", "economic-development", "resettlement-office", "safety-office",
            "party-office", "planning-construction", "social-affairs",
            "environment-enforcement"} <= set(departments)
    assert departments["projects-office"] == "项目建设服务中心"


def test_the_role_groups_are_in_place(loaded):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.SYSTEM_ADMIN, roles.LEADERS, roles.DASHBOARD, *roles.offices(),
    }
    assert Group.objects.get(name=roles.LEADERS).permissions.exists()


def test_loading_again_writes_no_place_twice_and_no_history(loaded):
    load_demo("--no-users")
    assert row_counts(CORE_MODELS) == loaded
    # The 27 source villages (the core's table) and the 42 others whose committees party
    # building evaluates (its table): the subdistrict's 69.
    assert loaded["core.Village"] == 69
    assert loaded["core.Village history"] == 69  # one "created" entry each, nothing more


def test_loading_again_keeps_a_village_edited_since_and_says_so(loaded):
    # Changed behind the history's back: the values still show the demo did not write it.
    Village.objects.filter(name="王河村").update(code="370115999999")

    output = load_demo("--no-users")

    village = Village.objects.get(name="王河村")
    assert (village.code, village.version) == ("370115999999", 1)
    assert row_counts(CORE_MODELS) == loaded
    assert "kept 1 record(s) edited since the demo loaded them: village “王河村”" in output


def test_sync_validates_the_fields_of_new_records(loaded):
    with pytest.raises(ValidationError) as error:
        sync(Village, ["name"], [{"name": "新村", "code": "12345"}])
    assert "code" in error.value.message_dict
    assert not Village.objects.filter(name="新村").exists()


def test_sync_keys_on_several_fields_and_returns_the_records_by_key(loaded):
    phoenix = Community.objects.get(name="凤凰社区")
    records = sync(Village, ["name", "resettled_in"], [
        {"name": "高道口村", "resettled_in": phoenix, "code": "370115106201",
         "is_relocated": True},
    ])
    assert records == {("高道口村", phoenix.pk): Village.objects.get(name="高道口村")}
    assert row_counts(CORE_MODELS) == loaded  # it held those values already: nothing written


# --- demo logins --------------------------------------------------------------------------------
def test_no_users_option_creates_no_login(loaded):
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()


def test_with_debug_on_the_demo_logins_are_created_in_their_roles(loaded, settings, client):
    settings.DEBUG = True

    output = load_demo()

    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == set(DEMO_USERNAMES)
    for username, group, is_staff in DEMO_USERS:
        user = users[username]
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_staff is is_staff
        assert user.is_superuser is (group is None)
        assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
        assert username in output
    assert DEMO_PASSWORD in output
    assert client.login(username="leader", password=DEMO_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200


def test_loading_again_keeps_a_changed_demo_password(loaded, settings):
    settings.DEBUG = True
    load_demo()
    leader = get_user_model().objects.get(username="leader")
    leader.set_password("a-new-secret-2024")
    leader.save()
    count = get_user_model().objects.count()

    load_demo()

    leader.refresh_from_db()
    assert leader.check_password("a-new-secret-2024")
    assert get_user_model().objects.count() == count


def test_with_debug_off_no_demo_login_is_created(loaded, settings):
    settings.DEBUG = False

    output = load_demo()

    assert "DEBUG is off" in output
    assert DEMO_PASSWORD not in output
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
