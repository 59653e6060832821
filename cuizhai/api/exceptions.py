from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from cuizhai.core.exceptions import IllegalTransition, StaleVersion


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the record's current state.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record changed since you read it.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send the version you are editing (the “version” field or an If-Match header), "
        "so that nobody's change is overwritten."
    )
    default_code = "precondition_required"


def _messages(error):
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in DjangoValidationError(error.error_dict).message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    """Turn the services' Django errors into API errors with translated messages."""
    if isinstance(exc, StaleVersion):
        exc = Conflict(detail={"detail": exc.messages[0], "version": exc.current_version})
    elif isinstance(exc, IllegalTransition):
        exc = Conflict(detail={"detail": exc.messages[0]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_messages(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    return drf_exception_handler(exc, context)
