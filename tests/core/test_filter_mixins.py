"""The ``<relation>_id`` + ``<relation>`` filter pairs of ``related_filters``: the filters the
pairs add where a list had only the id, how both halves behave, their labels, and that every
FilterSet pairs its id filters."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_filters import ModelMultipleChoiceFilter

import cuizhai.core.filtersets  # noqa: F401  (the FilterSets the contract below walks)
import projects.filtersets  # noqa: F401
from cuizhai.core.base.filtersets import SearchFilterSet
from projects.filtersets import ProjectFilterSet, VisitFilterSet
from tests.factories import CampaignFactory, CampaignOutputFactory, DepartmentFactory
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(projects_editor, api_client_for):
    return api_client_for(projects_editor, "en")


def listed_ids(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# --- the readable halves that were missing ------------------------------------------------------
def test_visits_by_department_name(reader):
    f.VisitFactory(department=DepartmentFactory(name="党政办"))
    f.VisitFactory()
    wanted = f.VisitFactory(department=DepartmentFactory(name="招商部"))
    assert listed_ids(reader, reverse("projects-api:visit-list"), {"department": "招商部"}) \
        == [wanted.pk]


def test_campaigns_by_department_name(reader):
    CampaignFactory(department=DepartmentFactory(name="党政办"))
    wanted = CampaignFactory(department=DepartmentFactory(name="综合执法办"))
    assert listed_ids(reader, reverse("core-api:campaign-list"),
                      {"department": "综合执法办"}) == [wanted.pk]


def test_campaign_outputs_by_campaign_name(reader):
    CampaignOutputFactory(campaign=CampaignFactory(name="千企万户大走访"))
    wanted = CampaignOutputFactory(campaign=CampaignFactory(name="比亚迪周边服务"))
    assert listed_ids(reader, reverse("core-api:campaignoutput-list"),
                      {"campaign": "比亚迪周边服务"}) == [wanted.pk]


# --- how a pair behaves ----------------------------------------------------------------------
def test_the_id_half_takes_several_ids(reader):
    first, second, _other = (f.FundingLineFactory() for _ in range(3))
    url = reverse("projects-api:fundingline-list")
    assert listed_ids(reader, url, {"project_id": [first.project_id, second.project_id]}) == \
        sorted([first.pk, second.pk])


def test_an_unknown_id_is_a_400_naming_the_filter(reader):
    f.FundingLineFactory()
    response = reader.get(reverse("projects-api:fundingline-list"), {"project_id": 999999})
    assert response.status_code == 400
    assert list(response.json()) == ["project_id"]


def test_an_unknown_readable_key_finds_nothing(reader):
    f.FundingLineFactory(project__code="XM-1")
    assert listed_ids(reader, reverse("projects-api:fundingline-list"),
                      {"project": "XM-404"}) == []


# --- labels -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ("responsible department (id)", "responsible department (name)")),
     ("zh-hans", ("责任部门（ID）", "责任部门（名称）"))],
)
def test_a_pair_is_labelled_after_the_relation_and_the_readable_key(language, expected):
    filters = ProjectFilterSet().filters
    with translation.override(language):
        assert (str(filters["department_id"].label), str(filters["department"].label)) \
            == expected


def test_a_shared_pair_takes_the_related_models_name():
    filters = VisitFilterSet().filters
    with translation.override("en"):
        assert [str(filters[name].label) for name in ("department_id", "department",
                                                      "enterprise_id", "enterprise")] == [
            "department (id)", "department (name)", "enterprise (id)", "enterprise (name)"]


# --- the contract -------------------------------------------------------------------------------
def all_filtersets(base=SearchFilterSet):
    for subclass in base.__subclasses__():
        if subclass._meta.model is not None:
            yield subclass
        yield from all_filtersets(subclass)


FILTERSETS = sorted(set(all_filtersets()), key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda cls: cls.__qualname__)
def test_every_id_filter_has_its_readable_partner(filterset):
    id_filters = [name for name, filter_ in filterset.base_filters.items()
                  if isinstance(filter_, ModelMultipleChoiceFilter) and name.endswith("_id")]
    assert [name for name in id_filters
            if name.removesuffix("_id") not in filterset.base_filters] == []


def test_the_contract_sees_the_filtersets():
    names = {cls.__qualname__ for cls in FILTERSETS}
    assert {"ProjectFilterSet", "VisitFilterSet", "CampaignOutputFilterSet",
            "VillageFilterSet"} <= names


def test_a_pair_reaches_a_record_further_away_by_its_path():
    from cuizhai.core.base.filtersets import related_filters
    from cuizhai.core.models import Community
    from tests.factories import CommunityFactory, VillageFactory

    class VillageByCommunity(related_filters("community", Community, by="name",
                                             path="resettled_in"), SearchFilterSet):
        class Meta:
            model = VillageFactory._meta.model
            fields = ["id"]

    wanted = VillageFactory(relocated=True, resettled_in=CommunityFactory(name="怡河社区"))
    VillageFactory(relocated=True)
    villages = VillageFactory._meta.model.objects.all()
    assert list(VillageByCommunity({"community": "怡河社区"}, villages).qs) == [wanted]
    assert list(VillageByCommunity({"community_id": [wanted.resettled_in_id]}, villages).qs) \
        == [wanted]
