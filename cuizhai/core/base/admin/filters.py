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
