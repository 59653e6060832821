from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig
from partybuilding.choices import Area


class PartybuildingConfig(BusinessAppConfig):
    name = "partybuilding"
    verbose_name = _("Party building")
    office_group = "党建办"
    office_description = _("Edits party-building data; views the rest.")
    api_urls = "partybuilding.api.urls"
    areas = Area.choices
    closed_loop_items = {
        "EvaluationProblem": Area.PARTY_BUILDING,
        "CollectiveAssetProblem": Area.PARTY_BUILDING,
    }
