"""The API side of ``cuizhai.core.base.summary``: the serializer a summary's declaration
implies (which also documents it in the OpenAPI schema) and the view that serves it."""

from functools import cache

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cuizhai.core.base.api.fields import LabelledChoiceField
from cuizhai.core.base.api.permissions import ViewPermission
from cuizhai.core.base.api.transactions import outside_request_transaction, request_transaction
from cuizhai.core.base.cache import cached
from cuizhai.core.base.summary import (
    MAX_YEAR,
    MIN_YEAR,
    Breakdown,
    Figure,
    MedianDays,
    Monthly,
    Percent,
    Period,
    Rows,
    Share,
    Total,
    period_figures,
)


class LinkField(serializers.URLField):
    """A path and query string on this site, read as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("link"))
        kwargs.setdefault("help_text", _("The list of the records that make up this figure."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


def _measure_field(measure):
    if isinstance(measure, Rows):
        return serializers.IntegerField()
    if isinstance(measure, Percent | Share):
        return serializers.DecimalField(
            max_digits=6, decimal_places=2, allow_null=True,
            help_text=_("Percentage; null when the figure it is a share of is zero."),
        )
    if isinstance(measure, Total):
        return serializers.DecimalField(max_digits=20, decimal_places=measure.places)
    if isinstance(measure, MedianDays):
        return serializers.DecimalField(
            max_digits=8, decimal_places=1, allow_null=True,
            help_text=_("Median days; null when no row has both moments."),
        )
    raise TypeError(f"No serializer field for {type(measure).__name__}")


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


# One class per shape of figure, shared by every summary: the schema has one component
# per shape (e.g. "SummaryFigureCount"), not one per figure.
_FIGURE_SERIALIZERS = {}


def _figure_serializer(figure):
    shape = tuple((name, type(m), getattr(m, "places", None))
                  for name, m in figure.measures.items())
    if shape not in _FIGURE_SERIALIZERS:
        fields = {name: _measure_field(m) for name, m in figure.measures.items()}
        fields.update(
            link=LinkField(),
            caption=serializers.CharField(help_text=_("What the figure counts.")),
            units=serializers.DictField(
                child=serializers.CharField(),
                help_text=_(
                    "The unit of each value that has one: 万元 for money, per cent for a rate."
                ),
            ),
        )
        name = "SummaryFigure" + "".join(_camel(n) for n in figure.measures)
        _FIGURE_SERIALIZERS[shape] = type(f"{name}Serializer", (serializers.Serializer,),
                                          fields)
    return _FIGURE_SERIALIZERS[shape]


def _breakdown_serializer(breakdown, name):
    _value, first = breakdown.items[0]
    choices = [(value, figure.caption) for value, figure in breakdown.items]
    fields = {breakdown.field: LabelledChoiceField(choices=choices)}
    fields.update(_figure_serializer(first)().get_fields())
    return type(f"{name}ItemSerializer", (serializers.Serializer,), fields)


def _monthly_serializer(monthly, name):
    fields = {"month": serializers.CharField(
        help_text=_("The month, as 2024-01."))}
    fields.update(_figure_serializer(monthly.figure)().get_fields())
    return type(f"{name}MonthSerializer", (serializers.Serializer,), fields)


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(
        source="__str__",
        help_text=_("The period as given in ?period=: 2024, 2024-Q4, 2024-11 or "
                    "2024-01..2024-11."))
    start = serializers.DateField(help_text=_("Its first day."))
    end = serializers.DateField(help_text=_("Its last day."))


def _node_serializer(node, name, **extra_fields):
    fields = dict(extra_fields)
    for key, child in node.items():
        child_name = name + _camel(key)
        if isinstance(child, Figure):
            fields[key] = _figure_serializer(child)()
        elif isinstance(child, Breakdown):
            fields[key] = _breakdown_serializer(child, child_name)(many=True)
        elif isinstance(child, Monthly):
            fields[key] = _monthly_serializer(child, child_name)(many=True, help_text=_(
                "One figure per month of the period, each with its own link."))
        else:
            fields[key] = _node_serializer(child, child_name)()
    return type(f"{name}Serializer", (serializers.Serializer,), fields)


@cache
def summary_serializer(summary):
    """The serializer of ``summary.evaluate()``'s result, with ``year`` (the year the period
    ends in) and ``period``: output only, it formats the values (decimals, choices with
    their labels, absolute links). Its schema components are named after the summary
    (``ProjectsSummaryProblems``...)."""
    return _node_serializer(summary.figures, summary.name, year=serializers.IntegerField(
        help_text=_("The year the period ends in.")), period=PeriodSerializer())


class SummaryQuerySerializer(serializers.Serializer):
    """``?year=2024`` or ``?period=`` (one of them): the period the figures are for."""

    year = serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, label=_("year"), required=False,
        help_text=_("The year the figures are for (the same as ?period=2024)."))
    period = serializers.CharField(
        label=_("reporting period"), required=False,
        help_text=_("The period the figures are for, instead of ?year=: 2024 (a year), "
                    "2024-Q4 (a quarter), 2024-11 (a month) or 2024-01..2024-11 (a run of "
                    "months, e.g. January to November). Figures of what happened (completed, "
                    "found, handed over...) count the period; figures of a state (under "
                    "construction, open) are as of now; yearly figures (a plan year, an "
                    "annual quota) take the year the period ends in."))

    def validate_period(self, value):
        try:
            return Period.parse(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate(self, attrs):
        # Under "year" when neither is given: ?year= was required before ?period= came.
        if "year" not in attrs and "period" not in attrs:
            raise serializers.ValidationError(
                {"year": [_("Give the year (?year=) or the period (?period=).")]},
                code="required")
        if "year" in attrs and "period" in attrs:
            raise serializers.ValidationError(
                {"period": [_("Give the year (?year=) or the period (?period=), not both.")]},
                code="invalid")
        if "year" in attrs:
            attrs["period"] = Period.year(attrs.pop("year"))
        return attrs


class SummaryView(APIView):
    """``GET ?year=`` or ``?period=``: a summary's figures, each with the link of the list
    behind it.

    A subclass sets ``queryset`` (reading needs view permission on its model) and
    ``summary``; ``serializer_class`` (by default ``summary_serializer(summary)``) and
    ``figures(period)`` only if it adds data beside the declared figures.

    The answer is cached until the next write (``cuizhai.core.base.cache``), per period,
    language and site address (its labels and links); permissions are checked first, on
    every request. The figures are the same for every user who may read them.
    """

    summary = None
    serializer_class = None
    permission_classes = [ViewPermission]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    # Read-only: no transaction around the request (ATOMIC_REQUESTS would add a BEGIN and
    # a COMMIT, two round trips to the database, to an answer served from the cache after
    # one query for the token). Each aggregate is one statement. See ``transactions``.
    @classmethod
    def as_view(cls, **initkwargs):
        return outside_request_transaction(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        with request_transaction(reading=request.method in ("GET", "HEAD", "OPTIONS")):
            return super().dispatch(request, *args, **kwargs)

    def get_serializer_class(self):
        return self.serializer_class or summary_serializer(self.summary)

    def figures(self, period):
        return period_figures(period, self.summary.evaluate(period=period))

    @extend_schema(parameters=[SummaryQuerySerializer])
    def get(self, request, format=None):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data["period"]

        def compute():
            serializer = self.get_serializer_class()(self.figures(period),
                                                     context={"request": request})
            return serializer.data

        key = ("summary", type(self).__module__, type(self).__qualname__, str(period),
               get_language(), request.build_absolute_uri("/"))
        return Response(cached(key, compute))

