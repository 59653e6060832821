import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import get_model_field
from drf_spectacular.utils import extend_schema_field

from cuizhai.core.base.models import FINISHED_STATUSES, RESPONDED_IN_TIME
from cuizhai.core.base.models.personal import (
    KeyedHashField,
    ResidentIdField,
    field_at,
    hash_field_of,
    hash_lookup,
)
from cuizhai.core.choices import (
    ReportChannel,
    Satisfaction,
    Severity,
    Timeliness,
    WorkflowStatus,
)


def multiplies_rows(model, path):
    """Whether filtering ``model`` on ``path`` (``status``, ``department``, ``needs__kind``)
    joins a to-many relation, and so may list a row once per matching child."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return part != "pk"  # unknown to us: keep DISTINCT, to be safe
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False  # the rest is a lookup or a transform (``__year``, ``__in``)
        model = field.related_model
    return False


class HashedExactFilter(django_filters.CharFilter):
    """An exact match on a personal value by its keyed hash (an ID number): the only way
    such a value is searched, so a substring of it can never be probed."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        return qs.filter(**hash_lookup(qs.model, self.field_name, value))


class StrictBooleanField(forms.Field):
    """``true`` / ``false`` (or ``1`` / ``0``, any case); empty = not filtered. Anything else
    is a 400 — django-filter's own field reads ``?is_active=null`` or ``=1`` as "not
    filtered", so a client's typo silently listed everything."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter true or false.")}
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _integer_field(model, field_name):
    field = get_model_field(model, field_name) if model is not None else None
    if field is not None and field.is_relation:
        field = field.target_field
    return isinstance(field, models.IntegerField)


class SearchFilterSet(django_filters.FilterSet):
    """Base FilterSet with ``q``: a case-insensitive search over ``search_fields``.

    A multiple-choice filter on a column of the row itself or of a row it points to
    (``?status=a&status=b``, ``?department_id=3&department_id=5``) cannot list a row twice,
    so it does not make the query ``SELECT DISTINCT`` (django-filter's default, which would
    compute every annotation of every matching row before paging).

    It also matches the model's ID numbers exactly (by their keyed hash; never a substring).

    Its filters take only what the schema says they take: a number filter on a whole-number
    field (an id, a year, a month) refuses ``0.5``, a yes/no filter refuses ``null``."""

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for declared in self.filters.values():
            if (getattr(declared, "distinct", False) and not declared.method
                    and not multiplies_rows(model, declared.field_name)):
                declared.distinct = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = getattr(getattr(cls, "Meta", None), "model", None)
        for name in cls.search_fields:
            field = field_at(model, name)
            if isinstance(field, ResidentIdField | KeyedHashField):
                raise ImproperlyConfigured(
                    f"{cls.__name__}.search_fields names {name!r}: an ID number is "
                    "searched exactly by its hash (HashedExactFilter), never by substring."
                )

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        for filter_ in filters.values():
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.field_class = StrictBooleanField
                filter_.extra.pop("widget", None)
            elif (type(filter_) is django_filters.NumberFilter
                  and filter_.lookup_expr in ("exact", "gt", "gte", "lt", "lte")
                  and _integer_field(model, filter_.field_name)):
                filter_.field_class = forms.IntegerField
        return filters

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        conditions = [Q(**{f"{f}__icontains": value}) for f in self.search_fields]
        conditions += [
            Q(**hash_lookup(queryset.model, f.name, value))
            for f in queryset.model._meta.concrete_fields
            if isinstance(f, ResidentIdField) and hash_field_of(queryset.model, f.name)
        ]
        if not conditions:
            return queryset
        return queryset.filter(reduce(or_, conditions))


# {model: {str(pk): record}}: the records of the id filters read once for many filtersets
# (``records_read``), e.g. every figure of a summary.
_RECORDS_READ = ContextVar("records_read", default=None)


class RelatedIdsField(django_filters.fields.ModelMultipleChoiceField):
    """The ids of a ``related_filters`` id filter: each is looked up in the records read for
    a batch of filtersets (``records_read``) when it is one of them, else read as Django
    does (one query; an unknown id is invalid)."""

    def _check_values(self, value):
        known = (_RECORDS_READ.get() or {}).get(self.queryset.model)
        if known is not None and self.to_field_name is None:
            try:
                return [known[str(item)] for item in value]
            except KeyError:
                pass  # an id not read: validated (and refused) as usual
        return super()._check_values(value)


class RelatedIdsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RelatedIdsField


@contextmanager
def records_read(ids_by_filter):
    """Within: the id filters (``RelatedIdsFilter``) of every filterset take the records of
    ``ids_by_filter`` ({filter: ids}) read here, one query per related model, instead of
    one query per filterset (a summary with a figure per village and per community
    validated each figure's village or community by a query of its own: 90 of the
    resettlement summary's 110 queries at one tenth of the city)."""
    ids_by_model = {}
    for id_filter, ids in ids_by_filter.items():
        ids_by_model.setdefault(id_filter.queryset.model, set()).update(ids)
    records = {}
    for model, ids in ids_by_model.items():
        clean_ids = [item for item in ids if str(item).isdigit()]
        records[model] = {str(record.pk): record for record in
                          model._default_manager.filter(pk__in=clean_ids)}
    token = _RECORDS_READ.set(records)
    try:
        yield
    finally:
        _RECORDS_READ.reset(token)


def related_filters(name, model, *, by, label=None, path=None):
    """A FilterSet mixin with the two filters of the relation ``name`` to ``model``, as NetBox's
    ``TenancyFilterSet`` gives every relation to a tenant:

    - ``<name>_id``: one or more ids (``?department_id=3&department_id=5``); an unknown id is
      a 400;
    - ``<name>``: the related record's readable key ``by``, e.g. a department's name or a
      project's code (``?project=XM-8``); an unknown key finds nothing.

    Declare it once per related model (``DepartmentFilters = related_filters("department",
    Department, by="name")``) and list it first among a FilterSet's bases. ``label`` (by
    default the model's verbose name) names the relation in the filter form. ``path``
    reaches a record further away under a short name (``related_filters("community",
    Community, by="name", path="building__community")``: a unit's community).
    """
    label = label or model._meta.verbose_name
    path = path or name
    attrs = {
        f"{name}_id": RelatedIdsFilter(
            queryset=model._default_manager.all(), field_name=path,
            label=format_lazy(_("{relation} (id)"), relation=label),
        ),
        name: django_filters.CharFilter(
            field_name=f"{path}__{by}",
            label=format_lazy(_("{relation} ({key})"), relation=label,
                              key=model._meta.get_field(by).verbose_name),
        ),
    }
    class_name = "".join(part.title() for part in name.split("_")) + "Filters"
    return type(class_name, (django_filters.FilterSet,), attrs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year, 1 to 9999: a whole number, else a 400. A year lookup on a date
    (``date__year``) cannot take any other value; the database would answer with a 500."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


def _local_midnight(day):
    """The moment ``day`` begins, local time; None when no date-time can hold it (in UTC):
    the local midnight of 0001-01-01 east of Greenwich, the day after 9999-12-31."""
    try:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return moment


def local_days(field_name, *, after=None, before=None):
    """A ``Q`` on the date-time ``field_name``: the rows whose local date is on or after
    the day ``after`` and on or before the day ``before`` (either may be None). The same
    rows as ``__date__gte`` / ``__date__lte``, as a range on the column itself: an index
    serves it and SQLite calls no function per row (``__date`` did, 3× slower on the demo's
    tickets).

    The first and last days a date takes (``0001-01-01``, ``9999-12-31``) bound nothing,
    as on a date column: their local midnight, or the next day's, lies beyond what a
    date-time can hold, and every moment a row holds is within."""
    condition = Q()
    if after is not None and (start := _local_midnight(after)) is not None:
        condition &= Q(**{f"{field_name}__gte": start})
    if before is not None and before < datetime.date.max:
        end = _local_midnight(before + datetime.timedelta(days=1))
        if end is not None:
            condition &= Q(**{f"{field_name}__lt": end})
    return condition


class LocalDayFilter(django_filters.DateFilter):
    """A day (``2024-11-30``) compared with a date-time by its local date (``local_days``):
    ``gte`` from that day's local midnight, ``lte`` up to (not including) the next day's."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        bound = "after" if self.lookup_expr == "gte" else "before"
        condition = local_days(self.field_name, **{bound: value})
        return self.get_method(qs)(condition) if condition else qs


def date_range_filters(name, field_name, *, label, of_datetime=False):
    """A FilterSet mixin with ``<name>_after`` and ``<name>_before``: the rows whose
    ``field_name`` falls on or after / on or before a day (``2024-11-30``, both days
    included; for a date-time, ``of_datetime``, its local date). A summary's period reaches
    a list through these (``cuizhai.core.base.summary.During``). ``label`` names the date
    ("reported")."""
    day_filter = LocalDayFilter if of_datetime else django_filters.DateFilter
    attrs = {
        f"{name}_after": day_filter(
            field_name=field_name, lookup_expr="gte",
            label=format_lazy(_("{date}: on or after"), date=label)),
        f"{name}_before": day_filter(
            field_name=field_name, lookup_expr="lte",
            label=format_lazy(_("{date}: on or before"), date=label)),
    }
    class_name = "".join(part.title() for part in name.split("_")) + "RangeFilters"
    return type(class_name, (django_filters.FilterSet,), attrs)


class YearMonthField(forms.CharField):
    """A month as ``2024-11``: (2024, 11); anything else is a 400."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2024-11.")}

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        year, _dash, month = value.partition("-")
        if not (len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()
                and 1 <= int(month) <= 12 and int(year) >= 1):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(year), int(month)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2024-11"})
class YearMonthFilter(django_filters.Filter):
    """Rows of a month kept as two fields, ``year`` and ``month`` (monthly reports), from
    (``lookup_expr="gte"``) or up to (``"lte"``) a month given as ``2024-11``."""

    field_class = YearMonthField

    def __init__(self, *args, year_field="year", month_field="month", **kwargs):
        self.year_field, self.month_field = year_field, month_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        year, month = value
        later = "gt" if self.lookup_expr == "gte" else "lt"
        return qs.filter(Q(**{f"{self.year_field}__{later}": year})
                         | Q(**{self.year_field: year,
                                f"{self.month_field}__{self.lookup_expr}": month}))


class ClosedLoopFilterSet(date_range_filters("reported", "reported_at", label=_("date reported"),
                                             of_datetime=True),
                          SearchFilterSet):
    """Filters every closed-loop list shares (problems, needs, hazards, tickets...).

    ``timeliness`` filters the annotation that ``ClosedLoopViewSetMixin`` adds per request.
    """

    search_fields = ("title", "description")
    status = django_filters.MultipleChoiceFilter(
        choices=WorkflowStatus.choices, label=_("status")
    )
    is_open = django_filters.BooleanFilter(method="filter_is_open", label=_("open"))
    timeliness = django_filters.ChoiceFilter(choices=Timeliness.choices, label=_("timeliness"))
    reported_year = YearFilter(
        field_name="reported_at", lookup_expr="year", label=_("year reported")
    )
    responded_in_time = django_filters.BooleanFilter(
        method="filter_responded_in_time", label=_("responded in time")
    )
    severity = django_filters.MultipleChoiceFilter(choices=Severity.choices, label=_("severity"))
    channel = django_filters.MultipleChoiceFilter(
        choices=ReportChannel.choices, label=_("channel")
    )
    satisfaction = django_filters.MultipleChoiceFilter(
        choices=Satisfaction.choices, label=_("satisfaction")
    )

    def filter_is_open(self, queryset, name, value):
        finished = Q(status__in=FINISHED_STATUSES)
        return queryset.exclude(finished) if value else queryset.filter(finished)

    def filter_responded_in_time(self, queryset, name, value):
        # "No" includes the items not answered at all.
        return (queryset.filter(RESPONDED_IN_TIME) if value
                else queryset.exclude(RESPONDED_IN_TIME))
