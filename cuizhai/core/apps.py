from django.core import checks
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig, check_business_apps


class CoreConfig(BusinessAppConfig):
    name = "cuizhai.core"
    label = "core"
    verbose_name = _("Shared core")
    api_urls = "cuizhai.core.api.urls"

    def ready(self):
        from django.contrib.auth import get_user_model

        from cuizhai.core.base.admin.display import person
        from cuizhai.core.evidence_files import delete_file_with_row
        from cuizhai.core.roles import sync_roles_after_migrate

        # Runs after every migrate, so a model added later joins its office's group
        # without anyone editing a list.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="cuizhai.core.sync_roles")
        checks.register(check_business_apps)
        # People are named by their name wherever a user is shown — admin lists and
        # choices, the history, the API's {"id", "display"} — never by their login (the
        # login stays where a login is meant: the users admin, the sign-in form).
        get_user_model().__str__ = person
        post_delete.connect(delete_file_with_row, sender="core.TransitionEvidence",
                            dispatch_uid="cuizhai.core.delete_evidence_file")
        post_delete.connect(delete_file_with_row, sender="core.CriterionPhoto",
                            dispatch_uid="cuizhai.core.delete_criterion_photo")
