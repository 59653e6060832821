from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig
from safety.choices import Area


class SafetyConfig(BusinessAppConfig):
    name = "safety"
    verbose_name = _("Safety")
    office_group = "安全办"
    office_description = _("Edits safety data; views the rest.")
    areas = Area.choices
