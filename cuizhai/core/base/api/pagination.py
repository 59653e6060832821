import re

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

# PostgreSQL's largest OFFSET (a bigint); a larger one could not be asked of the database.
MAX_OFFSET = 2**63 - 1


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=&offset=``. A value that is not a whole number in range is a 400 naming the
    parameter (DRF would silently use the default page instead); a limit above
    ``max_limit`` is cut to it."""

    default_limit = 50
    max_limit = 1000

    def get_limit(self, request):
        value = self._number(request, self.limit_query_param, minimum=1, maximum=None)
        if value is None:
            return self.default_limit
        return min(value, self.max_limit)

    def get_offset(self, request):
        value = self._number(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)
        return 0 if value is None else value

    @staticmethod
    def _number(request, name, *, minimum, maximum):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        # Plain ASCII digits only: int() would also take " 5", "1_000" and other scripts' digits.
        value = int(raw) if re.fullmatch(r"-?[0-9]+", raw) else None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            raise ValidationError({name: [
                _("Enter a whole number from %(minimum)s.") % {"minimum": minimum}
            ]})
        return value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: {"minimum": 1},
                  self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
