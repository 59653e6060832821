from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig
from projects.choices import Area


class ProjectsConfig(BusinessAppConfig):
    name = "projects"
    verbose_name = _("Projects")
    office_group = "项目办"
    office_description = _("Edits projects and enterprise service; views the rest.")
    api_urls = "projects.api.urls"
    areas = Area.choices
    closed_loop_items = {"ProjectProblem": Area.PROJECTS, "EnterpriseNeed": Area.ECONOMY}
    # Enterprises are the core's register: the projects office registers the enterprises it
    # serves, and their visits and needs (this app's) show on the register's list and page.
    office_edits = ("core.Enterprise",)
    register_extensions = ("projects.registers.EnterpriseService",)
