"""The register of the office's people (issue 8 §2): API, filters, rules, the user link,
personal data (the contract, one declaration) and the demo's people."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.personal import personal_permission
from cuizhai.core.choices import PersonKind
from cuizhai.core.models import Person
from cuizhai.core.services.people import person_create
from tests.factories import CommunityFactory, DepartmentFactory, VillageFactory
from tests.personal_contract import PersonalDataContract

pytestmark = pytest.mark.django_db

LIST = reverse("core-api:person-list")


def person(**data):
    return person_create(data={"name": "示例·张三", "kind": PersonKind.CADRE, **data})


class TestPersonPersonalData(PersonalDataContract):
    model = Person
    api = "core-api:person"
    values = {"phone": "13800000101"}
    changed = {"phone": "0531-88120101"}

    def make(self, **values):
        return person(**values)


def test_an_office_adds_a_person_with_a_normalised_phone(make_user, api_client_for):
    clerk = make_user("clerk", roles.office_group("resettlement"))
    community = CommunityFactory()
    response = api_client_for(clerk).post(LIST, {
        "name": "示例·胡静", "kind": "helper", "community": community.pk, "post": "小崔帮办员",
        "phone": "138-0000-0131", "birth_year": 1991,
    }, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == "13800000131"  # the office holds the permission
    assert response.json()["kind"] == {"value": "helper", "label": "帮办员"}


def test_a_leader_reads_people_with_masked_phones_and_changes_nothing(leader, api_client_for):
    person(phone="13800000101")
    client = api_client_for(leader)
    assert client.get(LIST).json()["results"][0]["phone"] == "138****0101"
    assert client.post(LIST, {"name": "x", "kind": "cadre"}, format="json").status_code == 403


def test_every_office_and_the_system_administrator_see_the_phones(db):
    codename = personal_permission(Person).split(".")[1]
    holders = {g.name for g in Group.objects.filter(permissions__codename=codename)}
    assert holders == {roles.SYSTEM_ADMIN, *roles.offices()}


@pytest.mark.parametrize("data, field", [
    ({"birth_year": 1900}, "non_field_errors"),
    ({"phone": "12345"}, "phone"),
    ({"kind": "boss"}, "kind"),
])
def test_bad_people_are_refused_with_a_400(admin_user_, api_client_for, data, field):
    response = api_client_for(admin_user_).post(
        LIST, {"name": "示例·张三", "kind": "cadre", **data}, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_person_belongs_to_one_place_at_most(admin_user_, api_client_for):
    response = api_client_for(admin_user_).post(LIST, {
        "name": "示例·张三", "kind": "cadre", "department": DepartmentFactory().pk,
        "village": VillageFactory().pk,
    }, format="json")
    assert response.status_code == 400
    assert "最多只属于一个" in str(response.json())


def test_a_user_linked_to_a_person_is_shown_by_the_person_s_name(admin_user_, make_user,
                                                                  api_client_for):
    user = make_user("hj")
    created = api_client_for(admin_user_).post(
        LIST, {"name": "示例·胡静", "kind": "helper", "user": user.pk}, format="json")
    assert created.status_code == 201
    user.refresh_from_db()
    assert user.get_full_name() == "示例·胡静"
    assert user.person.pk == created.json()["id"]


# --- filters: one line each -------------------------------------------------------------

def test_filters(admin_user_, api_client_for):
    department, village, community = DepartmentFactory(), VillageFactory(), CommunityFactory()
    a = person(name="示例·甲", kind="cadre", department=department, post="主任",
               birth_year=1980)
    b = person(name="示例·乙", kind="grid_worker", village=village, is_active=False)
    c = person(name="示例·丙", kind="helper", community=community)
    client = api_client_for(admin_user_)

    def ids(**params):
        return {row["id"] for row in client.get(LIST, params).json()["results"]}

    assert ids(kind="helper") == {c.pk}
    assert ids(kind=["cadre", "grid_worker"]) == {a.pk, b.pk}
    assert ids(is_active="false") == {b.pk}
    assert ids(birth_year=1980) == {a.pk}
    assert ids(department_id=department.pk) == ids(department=department.name) == {a.pk}
    assert ids(village_id=village.pk) == ids(village=village.name) == {b.pk}
    assert ids(community_id=community.pk) == ids(community=community.name) == {c.pk}
    assert ids(q="主任") == ids(q="甲") == {a.pk}


def test_the_list_takes_a_fixed_number_of_queries(admin_user_, api_client_for,
                                                  django_assert_max_num_queries):
    for n in range(5):
        person(name=f"示例·{n}", department=DepartmentFactory())
    client = api_client_for(admin_user_)
    client.get(LIST)  # warm the permission caches
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


# --- the demo ---------------------------------------------------------------------------

def test_the_demo_holds_the_office_s_people_and_links_the_demo_users(settings):
    settings.DEBUG = True  # demo users are created in development only
    call_command("load_demo", verbosity=0)
    assert Person.objects.filter(kind=PersonKind.HELPER).count() == 9  # 9 帮办员 recruited
    assert set(Person.objects.values_list("kind", flat=True)) == set(PersonKind.values)
    assert all(p.name.startswith("示例") for p in Person.objects.all())
    assert all(p.phone.startswith(("1380000", "0531-8812")) for p in Person.objects.all())
    leader = Person.objects.get(user__username="leader")
    assert leader.user.get_full_name() == leader.name
    before = Person.history.count()
    call_command("load_demo", verbosity=0)
    assert Person.history.count() == before  # a second run writes nothing


# --- the projects' lead official --------------------------------------------------------

def test_the_lead_official_text_becomes_a_link_where_one_person_matches(db):
    from importlib import import_module

    from django.apps import apps

    from tests.projects.factories import ProjectFactory

    migration = import_module("projects.migrations.0008_lead_official_to_person")
    li = person(name="李新华")
    person(name="王强")
    person(name="王强", kind=PersonKind.MENTOR)  # two of that name: no link
    exact = ProjectFactory(code="P-1", lead_official="李新华")
    titled = ProjectFactory(code="P-2", lead_official="李新华 管委会主任")
    ambiguous = ProjectFactory(code="P-3", lead_official="王强")
    unknown = ProjectFactory(code="P-4", lead_official="赵六")

    migration.lead_official_to_person(apps, None)

    rows = {p.code: (p.lead_id, p.lead_official) for p in
            type(exact).objects.filter(pk__in=[exact.pk, titled.pk, ambiguous.pk, unknown.pk])}
    assert rows == {"P-1": (li.pk, ""), "P-2": (li.pk, "李新华 管委会主任"),
                    "P-3": (None, "王强"), "P-4": (None, "赵六")}


def test_a_project_names_its_lead_by_a_person(admin_user_, api_client_for):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(lead_official="")
    lead = person(name="示例·赵明远")
    client = api_client_for(admin_user_)
    url = reverse("projects-api:project-detail", args=[project.pk])
    response = client.patch(url, {"lead": lead.pk, "version": project.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["lead"] == {"id": lead.pk, "display": "示例·赵明远"}
    listed = client.get(reverse("projects-api:project-list"), {"lead": "示例·赵明远"})
    assert [row["id"] for row in listed.json()["results"]] == [project.pk]
