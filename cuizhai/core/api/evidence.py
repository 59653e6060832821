"""Evidence files are served only to the offices the item concerns (see
``closed_loop_access.evidence_visibility``): its owner office, its handling office, the
leaders, the system administrator and whoever uploaded the file — never the dashboard.

They are never exposed under a public media URL: rectification photos and residents'
documents can carry personal data.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from cuizhai.core.base.services.closed_loop_access import may_see_evidence
from cuizhai.core.models import TransitionEvidence


def user_may_see_evidence(user, evidence):
    transition = evidence.transition
    return may_see_evidence(user, transition.item, uploaded_by_id=transition.actor_id)


class EvidenceDownloadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        evidence = (
            TransitionEvidence.objects.select_related("transition__content_type")
            .filter(pk=pk).first()
        )
        # The same answer for "no such file" and "not yours": no probing of ids.
        if evidence is None or not user_may_see_evidence(request.user, evidence):
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name)
