"""Admin forms of the projects app. The rules are the services'; a form only asks for
what a service needs besides the record's own fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin.forms import VersionedAdminForm
from projects.models import Project
from projects.services import REASON_MAX_LENGTH


class ProjectAdminForm(VersionedAdminForm):
    """The project page, with the reason for a change (required by the service when a
    system administrator reopens a completed project), kept in the project's history."""

    reason = forms.CharField(
        label=_("reason for the change"), required=False, max_length=REASON_MAX_LENGTH,
        help_text=_("Required when a system administrator reopens a completed project; "
                    "kept in the project's history."),
    )

    class Meta:
        model = Project
        fields = "__all__"
