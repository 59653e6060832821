from django.contrib.admin.apps import AdminConfig


class CuizhaiAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site ordered by the work (``site``); INSTALLED_APPS
    names this class. Kept apart from the site: it is imported before the models are."""

    default_site = "cuizhai.core.base.admin.site.CuizhaiAdminSite"
