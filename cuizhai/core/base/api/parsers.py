"""Request parsing that refuses, with a 400, what would otherwise crash later."""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, plus two refusals:

    - nesting deeper than Python's decoder can follow (``RecursionError``);
    - a lone UTF-16 surrogate (``"\\ud800"``): valid JSON, but no valid text — the 400 that
      echoes it back could not be encoded, so it would become a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("JSON parse error: the data is nested too deeply.")) from None
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(
                _("The request contains a character that is not valid text (a lone "
                  "surrogate).")
            ) from None
        return data


def _refuse_constant(name):
    # NaN and Infinity are not JSON (RFC 8259); DRF refuses them the same way.
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")


# What every API view parses: JSON, forms, and multipart for evidence files.
DEFAULT_PARSERS = [JSONParser, parsers.FormParser, parsers.MultiPartParser]
