"""The shared core's part of the demo data: the subdistrict's offices, the four ideal
communities and the 27 villages they rehouse (the first six named in the 2024 summary).

Tables: ``departments.csv``, ``communities.csv`` and ``villages.csv`` (a village's
``resettled_in`` is the community's name). Idempotent: loading twice changes nothing.
"""

from cuizhai.core.base.demo import read_table, sync
from cuizhai.core.models import Community, Department, Village


def load():
    sync(Department, ["code"], read_table(__name__, "departments.csv"))
    communities = sync(Community, ["name"], read_table(__name__, "communities.csv"))
    sync(Village, ["name"], [
        {**row, "resettled_in": communities[(row["resettled_in"],)]}
        for row in read_table(__name__, "villages.csv")
    ])
