from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig
from safety.choices import Area


class SafetyConfig(BusinessAppConfig):
    name = "safety"
    verbose_name = _("Safety")
    office_group = "安全办"
    office_description = _("Edits safety data; views the rest.")
    # Verifies major hazards (Hazard.action_permissions): put the office's leader in both.
    office_lead_group = "安全办负责人"
    areas = Area.choices
    api_urls = "safety.api.urls"
    closed_loop_items = {"Hazard": Area.SAFETY}
    # Inspections and hazards name enterprises of the core's register, which the safety
    # office registers when it inspects one that is not there yet.
    office_edits = ("core.Enterprise",)
