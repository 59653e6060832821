from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cuizhai.core"
    label = "core"
    verbose_name = _("Shared core")

    def ready(self):
        from cuizhai.core.roles import sync_roles_after_migrate

        # Runs after every migrate, so a model added later joins its office's group
        # without anyone editing a list.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="cuizhai.core.sync_roles")
