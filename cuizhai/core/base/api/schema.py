"""The OpenAPI schema of every endpoint: what drf-spectacular infers, made complete.

``AutoSchema`` (``DEFAULT_SCHEMA_CLASS``) adds to each operation the error answers the API
gives — 400 with the field messages, 401, 403, 404, 409, 412, 415, 428 and 429 with a
``detail`` — where they apply, and documents the CSV and XLSX exports as files of the lists
only. Every app's viewsets get this without declaring anything; ``make fuzz`` (Schemathesis)
holds the server to it.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers

from cuizhai.core.base.api.export import EXPORT_FORMATS, CSVRenderer, XLSXRenderer
from cuizhai.core.base.api.negotiation import exports_list

ERROR_COMPONENT = "Error"
VALIDATION_ERROR_COMPONENT = "ValidationError"

_MESSAGES = {"type": "array", "items": {"type": "string"}}

COMPONENTS = {
    ERROR_COMPONENT: {
        "type": "object",
        "description": _("Why the request was refused, in the request's language."),
        "properties": {
            "detail": {"type": "string"},
            "version": {
                "type": "integer",
                "description": _("The record's current version (409 and 412: someone saved "
                                 "it since you read it)."),
            },
        },
        "required": ["detail"],
    },
    VALIDATION_ERROR_COMPONENT: {
        "type": "object",
        "description": _(
            "The messages for each field that was refused (a list of messages; an object for "
            "the items of a list field), “non_field_errors” for the record as a whole, or a "
            "“detail” when the request itself could not be read."
        ),
        "properties": {
            "non_field_errors": _MESSAGES,
            "detail": {"type": "string"},
        },
        "additionalProperties": {
            "anyOf": [
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
                {"type": "object"},
            ]
        },
    },
}

# Status → (component, description). The descriptions say when the API gives them.
ERROR_STATUSES = {
    "400": (VALIDATION_ERROR_COMPONENT,
            _("Invalid input: a field, a filter, a value out of range or a body that "
              "cannot be read.")),
    "401": (ERROR_COMPONENT, _("No credentials, or a wrong token.")),
    "403": (ERROR_COMPONENT, _("The user's role does not allow this.")),
    "404": (ERROR_COMPONENT, _("No such record (or an unknown “format”).")),
    "409": (ERROR_COMPONENT,
            _("The record's state does not allow this: a stale version, a closed item, a "
              "workflow step out of order, a delete that other records block.")),
    "412": (ERROR_COMPONENT, _("The If-Match version is not the record's current one.")),
    "415": (ERROR_COMPONENT, _("The body's Content-Type is not one the operation reads.")),
    "428": (ERROR_COMPONENT,
            _("The version being edited was not sent (“version” or If-Match), or "
              "If-Match was “*”.")),
    "429": (ERROR_COMPONENT, _("Too many requests; “Retry-After” says when to try again.")),
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BODY_METHODS = {"POST", "PUT", "PATCH"}
FILE_SCHEMA = {"type": "string", "format": "binary"}
EXPORT_MEDIA_TYPES = {CSVRenderer.media_type, XLSXRenderer.media_type}


def error_statuses(*, method, authenticated, checks_version, reads_body):
    """The error statuses an operation answers."""
    statuses = ["400", "404", "429"]
    if authenticated:
        statuses += ["401", "403"]
    if method in WRITE_METHODS:
        statuses.append("409")
    if checks_version:
        statuses += ["412", "428"]
    if reads_body:
        statuses.append("415")
    return sorted(statuses)


def _decimal_pattern(field):
    """A decimal string with at least one digit (drf-spectacular's pattern also matches
    "", "-" and ".", which the API refuses)."""
    places = field.decimal_places
    fraction = rf"\.\d{{1,{places}}}" if places else None
    whole = field.max_whole_digits
    number = "0" if whole == 0 else rf"\d{{1,{whole}}}"
    if places:
        number = rf"(?:{number}(?:\.\d{{0,{places}}})?|{fraction})"
    return rf"^-?{number}$"


class AutoSchema(openapi.AutoSchema):
    def _checks_version(self):
        """Writes of one record say which version they edit (If-Match or ``version``)."""
        from cuizhai.core.base.api.viewsets import VersionedRecordMixin

        if not isinstance(self.view, VersionedRecordMixin):
            return False
        if self.method in ("PUT", "PATCH", "DELETE"):
            return True
        return self.method == "POST" and bool(getattr(self.view, "detail", False))

    def _authenticated(self):
        return any(not isinstance(p, permissions.AllowAny)
                   for p in self.view.get_permissions())

    def _register_error_components(self):
        for name, schema in COMPONENTS.items():
            self.registry.register_on_missing(ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema,
            ))

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self._checks_version():
            parameters.append(OpenApiParameter(
                "If-Match", str, OpenApiParameter.HEADER,
                description=_("The record's ETag as read (\"<version>\"); or send the "
                              "“version” field."),
            ))
        return parameters

    def _get_filter_parameters(self):
        # A filter left empty (``?status=``, as the browsable API's filter form sends every
        # field) is read as not given: say so, or a client (and Schemathesis) takes the
        # answer to ``?id=`` for an accepted invalid value.
        # A multiple-choice filter refuses an empty value (400: not one of the choices).
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters if filterset is not None else {}
        for parameter in parameters:
            if (parameter.get("in") == "query" and not parameter.get("required")
                    and not isinstance(filters.get(parameter["name"]),
                                       django_filters.MultipleChoiceFilter)):
                parameter["allowEmptyValue"] = True
        return parameters

    def map_renderers(self, attribute):
        # CSV and XLSX are files of a list; anything else answers JSON (ExportNegotiation).
        renderers = super().map_renderers(attribute)
        if exports_list(self.view):
            return renderers
        other = EXPORT_FORMATS if attribute == "format" else EXPORT_MEDIA_TYPES
        return [r for r in renderers if r not in other]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            for media_type, content in response.get("content", {}).items():
                if media_type in EXPORT_MEDIA_TYPES:
                    content["schema"] = dict(FILE_SCHEMA)
        if direction != "response":
            return responses
        self._register_error_components()
        statuses = error_statuses(
            method=self.method,
            authenticated=self._authenticated(),
            checks_version=self._checks_version(),
            reads_body=self.method in BODY_METHODS,
        )
        for status in statuses:
            component, description = ERROR_STATUSES[status]
            responses.setdefault(status, {
                "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{component}"}
                }},
                "description": description,
            })
        return dict(sorted(responses.items()))

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.DecimalField) and "pattern" in schema:
            schema["pattern"] = _decimal_pattern(field)
        return schema
