"""The repeat flag (``is_repeat``: an earlier hazard of the same category at the same target
within a year) is read from an index, one probe per hazard (issue 10: compared with every
hazard of its category, the hazards CSV's query took 88 s for 100,163 hazards at one tenth
of the city and the summary's repeat figure most of its 26 s). The table is built and
analysed in the test, so that the plan does not depend on statistics earlier tests left."""

import pytest

from safety import selectors
from safety.models import Hazard
from tests.factories import VillageFactory
from tests.safety import factories as f
from tests.support.clock import at, clock
from tests.support.plans import analyse, plan

pytestmark = pytest.mark.django_db




@pytest.fixture
def hazards_at_many_sites():
    """300 site hazards over 30 sites and two years, and one at an enterprise."""
    with clock(at(2024, 1, 2, 9)):
        first = f.report_hazard(site="村口", village=VillageFactory(),
                                reported_at=at(2024, 1, 2, 9))
    copies = []
    for index in range(300):
        copy = Hazard.objects.get(pk=first.pk)
        copy.pk = None
        copy.site = f"场所{index % 30}"
        copy.reported_at = at(2023 + index % 2, 1 + index % 12, 1 + index % 28, 9)
        copies.append(copy)
    Hazard.objects.bulk_create(copies)
    f.report_hazard()
    analyse(Hazard)


def test_the_repeat_flag_probes_the_site_index(hazards_at_many_sites):
    explained = plan(selectors.hazard_list().values("pk", "is_repeat"))
    assert "safety_hazard_site_repeat_idx" in explained


def test_the_repeat_figure_of_a_year_probes_the_site_index(hazards_at_many_sites):
    repeats = selectors.hazard_list().filter(reported_at__year=2024, is_repeat=True)
    assert "safety_hazard_site_repeat_idx" in plan(repeats.values("pk"))
