from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The line of work whose indicators and campaigns this app reports (core ``area``)."""

    SAFETY = "safety", _("Safety")
