"""Evidence files are served only to the offices the item concerns (see
``closed_loop_access.evidence_visibility``): its owner office, its handling office, the
leaders, the system administrator and whoever uploaded the file — never the dashboard.
The photos of a checklist's results likewise (``may_see_assessment_photos``): the office
that keeps the assessments, the leaders and the system administrator.

They are never exposed under a public media URL: rectification photos and residents'
documents can carry personal data.
"""

import io
import os

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from cuizhai.core.base.services.closed_loop_access import (
    may_see_assessment_photos,
    may_see_evidence,
    may_see_record_files,
)
from cuizhai.core.models import CriterionPhoto, TransitionEvidence

THUMBNAIL_PIXELS = 240
# Decoded by Pillow; a HEIC photo is shown as a placeholder (no HEIF decoder installed).
THUMBNAIL_KINDS = frozenset({"jpeg", "png"})
PLACEHOLDER = "core/photo-placeholder.svg"


def user_may_see_evidence(user, evidence):
    transition = evidence.transition
    return may_see_evidence(user, transition.item, uploaded_by_id=transition.actor_id)


def _visible_evidence(request, pk):
    evidence = (
        TransitionEvidence.objects.select_related("transition__content_type")
        .filter(pk=pk).first()
    )
    # The same answer for "no such file" and "not yours": no probing of ids.
    if evidence is None or not user_may_see_evidence(request.user, evidence):
        raise Http404
    return evidence


class EvidenceDownloadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        evidence = _visible_evidence(request, pk)
        return FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name)


def thumbnail_bytes(file):
    """A JPEG at most ``THUMBNAIL_PIXELS`` wide and high, turned as the phone held it; None
    when the file cannot be decoded."""
    try:
        with Image.open(file) as image:
            image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))  # JPEG: decode small
            image = ImageOps.exif_transpose(image)
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


class EvidenceThumbnailView(APIView):
    """A small JPEG of a photo (the admin's log shows them); a placeholder picture for a
    HEIC photo, which browsers other than Safari cannot show, or a file that cannot be
    decoded. Seen by those who may download the file."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return thumbnail_response(_visible_evidence(request, pk))


def thumbnail_response(stored):
    """The thumbnail of a stored photo (``TransitionEvidence``, ``CriterionPhoto``)."""
    if not stored.is_photo:
        raise Http404
    content = None
    if stored.kind in THUMBNAIL_KINDS:
        with stored.file.open("rb") as file:
            content = thumbnail_bytes(file)
    if content is None:
        with open(finders.find(PLACEHOLDER), "rb") as placeholder:
            response = HttpResponse(placeholder.read(), content_type="image/svg+xml")
    else:
        response = HttpResponse(content, content_type="image/jpeg")
    # The file never changes under its id; the user's own cache only (personal data).
    patch_cache_control(response, private=True, max_age=3600)
    return response


def _visible_criterion_photo(request, pk):
    photo = CriterionPhoto.objects.select_related("result__content_type").filter(pk=pk).first()
    assessment = photo.result.assessment if photo is not None else None
    # As for evidence: the same answer for "no such photo" and "not yours".
    if assessment is None or not may_see_assessment_photos(request.user, assessment):
        raise Http404
    return photo


class ProtectedFileView(APIView):
    """A stored file, downloaded by a signed-in user who may see it, never from a public
    media URL. A subclass says which record's file ``pk`` names and who may see it
    (``visible``: the record, or ``Http404`` alike for "no such file" and "not yours") and
    where its file and name are (``file_of``, ``name_of``)."""

    permission_classes = [IsAuthenticated]

    def visible(self, request, pk):
        raise NotImplementedError

    def file_of(self, record):
        return record.file

    def name_of(self, record):
        return record.original_name

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        record = self.visible(request, pk)
        file = self.file_of(record)
        if not file:
            raise Http404
        return FileResponse(file.open("rb"), as_attachment=True, filename=self.name_of(record))


class CriterionPhotoDownloadView(ProtectedFileView):
    """A photo (or document) of a checklist's result, for those who may see them."""

    def visible(self, request, pk):
        return _visible_criterion_photo(request, pk)


class RecordFileView(ProtectedFileView):
    """The file of a record's ``file_field`` (a handover's signed acceptance), seen as a
    checklist's photos are (``may_see_record_files``); ``personal_model``: the file carries
    that model's personal data."""

    queryset = None
    file_field = None
    personal_model = None

    def visible(self, request, pk):
        record = self.queryset.filter(pk=pk).first()
        if record is None or not may_see_record_files(request.user, record,
                                                      personal_model=self.personal_model):
            raise Http404
        return record

    def file_of(self, record):
        return getattr(record, self.file_field)

    def name_of(self, record):
        return os.path.basename(self.file_of(record).name)


class CriterionPhotoThumbnailView(APIView):
    """A small JPEG of a result's photo (the assessment's admin page shows them)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return thumbnail_response(_visible_criterion_photo(request, pk))
