from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The history's change-reason column holds this many characters (django-simple-history).
HISTORY_REASON_MAX_LENGTH = 100


class TrackedModel(models.Model):
    """Base of every business record: timestamps, an edit version and a full history.

    ``version`` grows by one on every save through the services; an edit that was
    started from an older version is refused instead of silently overwriting
    somebody else's change (see ``cuizhai.core.base.services.records.claim_version``).
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
