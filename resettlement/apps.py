from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig
from resettlement.choices import Area


class ResettlementConfig(BusinessAppConfig):
    name = "resettlement"
    verbose_name = _("Demolition and resettlement")
    office_group = "拆迁安置办"
    office_description = _("Edits resettlement data; views the rest.")
    areas = Area.choices
    api_urls = "resettlement.api.urls"
    closed_loop_items = {"RepairRequest": Area.RESETTLEMENT, "HelpLineTicket": Area.RESETTLEMENT}
