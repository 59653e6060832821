"""An uploaded file kept beside the record it documents (a workflow step's evidence, a
checklist result's photos): where it is stored, its name as uploaded, its size, when."""

import datetime
import posixpath
from pathlib import Path

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.validators import EVIDENCE_EXTENSIONS, IMAGE_KINDS, validate_evidence_file


def upload_path(instance, filename):
    """``<upload_folder>/<year>/<month>/<name>``, as ``upload_to="<folder>/%Y/%m/"``."""
    folder = datetime.datetime.now().strftime(f"{instance.upload_folder}/%Y/%m/")
    return posixpath.join(folder, filename)


class UploadedFile(models.Model):
    """A subclass names its ``upload_folder`` (``"evidence"``, ``"checklists"``)."""

    upload_folder = None

    file = models.FileField(_("file"), upload_to=upload_path,
                            validators=[validate_evidence_file])
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    @property
    def kind(self):
        """What the file is (``"jpeg"``, ``"heif"``, ``"pdf"``…): its extension, whose
        content was checked against it on upload."""
        return EVIDENCE_EXTENSIONS.get(Path(self.file.name).suffix.lower())

    @property
    def is_photo(self):
        return self.kind in IMAGE_KINDS
