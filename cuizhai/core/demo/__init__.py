"""The shared core's part of the demo data: the subdistrict's offices, the four ideal
communities and the 27 villages they rehouse (the first six named in the 2024 summary), and
the register of the enterprises the apps' demos serve (鼎点数控, 紫燕食品…).

Tables: ``departments.csv``, ``communities.csv`` and ``villages.csv`` (a village's
``resettled_in`` is the community's name); ``enterprises.csv`` in the layout of the
enterprise import (Chinese headers, 是/否), read with the import's own fields.
Idempotent: loading twice changes nothing.
"""

from cuizhai.core.base.demo import read_import_table, read_table, sync
from cuizhai.core.models import Community, Department, Enterprise, Village
from cuizhai.core.resources import EnterpriseResource


def load():
    sync(Department, ["code"], read_table(__name__, "departments.csv"))
    communities = sync(Community, ["name"], read_table(__name__, "communities.csv"))
    sync(Village, ["name"], [
        {**row, "resettled_in": communities[(row["resettled_in"],)]}
        for row in read_table(__name__, "villages.csv")
    ])
    sync(Enterprise, ["credit_code"], read_import_table(__name__, "enterprises.csv",
                                                        EnterpriseResource))
