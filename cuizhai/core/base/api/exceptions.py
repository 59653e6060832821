from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from cuizhai.core.base.exceptions import (
    DeleteRefused,
    IllegalTransition,
    RecordLocked,
    StaleVersion,
)
from cuizhai.core.base.services.records import CONCURRENT_CONFLICT


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


# How many of the records that block a delete are named in the message.
BLOCKING_RECORDS_SHOWN = 5


def _blocked_delete(error):
    blocking = list(error.protected_objects if isinstance(error, ProtectedError)
                    else error.restricted_objects)
    names = [f"{obj._meta.verbose_name} “{obj}”" for obj in blocking[:BLOCKING_RECORDS_SHOWN]]
    if len(blocking) > BLOCKING_RECORDS_SHOWN:
        names.append("…")
    return Conflict(detail={
        "detail": _("This record cannot be deleted while other records use it: %(records)s.")
        % {"records": ", ".join(names)},
    })


def exception_handler(exc, context):
    """Turn the services' Django errors into API errors with translated messages."""
    if isinstance(exc, StaleVersion):
        exc = Conflict(detail={"detail": exc.messages[0], "version": exc.current_version})
    elif isinstance(exc, IllegalTransition | RecordLocked | DeleteRefused):
        exc = Conflict(detail={"detail": exc.messages[0]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_messages(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = _blocked_delete(exc)
    elif isinstance(exc, OverflowError | DataError):
        # A number or date beyond what the database stores (an id of 20 digits in a filter,
        # a year 0001 in a time zone): bad input, not a server error.
        exc = exceptions.ValidationError(detail={"non_field_errors": [
            _("A value in the request is out of range.")
        ]})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, IntegrityError):
        # The services explain the conflicts they know (a unique key taken meanwhile); a
        # write that reaches the database without them still gets an answer, not a 500.
        exc = Conflict(detail={"detail": CONCURRENT_CONFLICT})
    response = drf_exception_handler(exc, context)
    # DRF turns every value of an error's detail into a string; the record's current
    # version is a number, as in the record itself.
    if response is not None and isinstance(response.data, dict):
        version = response.data.get("version")
        if isinstance(version, str) and version.isdigit():
            response.data["version"] = int(version)
    return response
