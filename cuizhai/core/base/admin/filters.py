"""List filters every app's admin can use: yes/no on a derived condition, timeliness and
response in time of closed-loop items."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cuizhai.core.choices import Timeliness


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no list filter; a subclass says which rows are "yes" in ``matching``."""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.matching(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=self.matching(queryset).values("pk"))
        return queryset

    def matching(self, queryset):
        raise NotImplementedError


class RespondedInTimeFilter(YesNoFilter):
    title = _("responded within the deadline")
    parameter_name = "responded_in_time"

    def matching(self, queryset):
        return queryset.responded_in_time()


class TimelinessFilter(admin.SimpleListFilter):
    title = _("timeliness")
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return Timeliness.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(timeliness=self.value())
        return queryset


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """A relation's list filter as one search box (the admin's autocomplete, as on a change
    form) instead of a link per related record: a sidebar of 1,208 departments is neither
    readable nor cheap. The admin base gives it to every relation filter whose related
    model's admin can be searched (``TrackedModelAdmin.get_list_filter``)."""

    template = "admin/cuizhai/autocomplete_filter.html"

    def field_choices(self, field, request, model_admin):
        # Only the chosen record is read, to show its name; the rest come as one types.
        if not self.lookup_val:
            return []
        related = field.remote_field.model._default_manager.filter(
            **{f"{field.target_field.name}__in": self.lookup_val}
        )
        return [(getattr(obj, field.target_field.attname), str(obj)) for obj in related]

    def has_output(self):
        return True

    def choices(self, changelist):
        from django import forms
        from django.contrib.admin.views.main import PAGE_VAR
        from django.contrib.admin.widgets import AutocompleteSelect

        name = f"filter-{self.field_path}"
        widget = AutocompleteSelect(self.field, changelist.model_admin.admin_site, attrs={
            "class": "cuizhai-autocomplete-filter",
            "data-filter-param": self.lookup_kwarg,
            "data-filter-query": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull, PAGE_VAR]),
        })
        # The field gives the widget its choices (the chosen record only, when rendered).
        field = forms.ModelChoiceField(
            queryset=self.field.remote_field.model._default_manager.all(), widget=widget,
            required=False,
        )
        value = self.lookup_val[0] if self.lookup_val else None
        yield {"widget": field.widget.render(name, value, attrs={"id": name}),
               "selected": bool(self.lookup_val)}


def autocomplete_filter_for(model, spec, admin_site):
    """``(spec, AutocompleteFilter)`` for a list filter named by a path that ends in a
    foreign key whose related model's admin has search fields; else ``spec`` as it is."""
    from django.contrib.admin.utils import get_fields_from_path

    if not isinstance(spec, str):
        return spec
    try:
        field = get_fields_from_path(model, spec)[-1]
    except Exception:
        return spec
    if not (getattr(field, "many_to_one", False) and field.concrete):
        return spec
    remote = field.remote_field.model
    if not admin_site.is_registered(remote) or not admin_site.get_model_admin(remote).search_fields:
        return spec
    return (spec, AutocompleteFilter)


class OwnTableValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by each value a plain column holds, with the values read from the
    column's own table (``SELECT DISTINCT`` over that table or its index), not from the
    admin's queryset: a selector's annotations keep their joins in that query, and the
    progress list's year and month filters took 130 ms each over 220,000 rows. Every
    admin here shows all its rows, so the values are the same."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        # The queryset the parent built is lazy: replaced before anything reads it.
        self.lookup_choices = (field.model._default_manager.order_by(field.name)
                               .values_list(field.name, flat=True).distinct())


def own_table_values_filter_for(model, spec):
    """``(spec, OwnTableValuesFilter)`` where Django would list a column's values from the
    admin's queryset (a path on the model's own plain column without choices); else
    ``spec``."""
    from django.contrib.admin.utils import get_fields_from_path
    from django.db import models

    if not isinstance(spec, str) or "__" in spec:
        return spec
    try:
        field = get_fields_from_path(model, spec)[-1]
    except Exception:
        return spec
    if (field.is_relation or field.choices or not field.concrete
            or isinstance(field, models.BooleanField | models.DateField)):
        return spec
    return (spec, OwnTableValuesFilter)
