"""Personal data in the admin: masked in the list, the change form and the history pages
for a user without the model's "view personal data" permission.

Such a user sees each personal field of a stored record as a read-only masked value: the
field is not on the form at all, so the masked text can never be posted back over the
stored value. The add form keeps the fields (nothing is stored to be seen yet): an office
enters the resident's phone it is given, and sees it masked afterwards. The
keyed hashes are never shown. Searching the list by an ID number is an exact match on its
hash, never a substring search.
"""

import dataclasses

from simple_history.template_utils import HistoricalRecordContextHelper

from cuizhai.core.base.models.personal import (
    ResidentIdField,
    hash_field_of,
    hash_lookup,
    mask_value,
    personal_fields,
)
from cuizhai.core.base.personal import can_view_personal, hidden_fields, masker_for

MASKED_SUFFIX = "__masked"


def _masked_display(field):
    def display(obj):
        return mask_value(field, getattr(obj, field.attname, None)) or "-"

    display.short_description = field.verbose_name
    display.__name__ = f"{field.name}{MASKED_SUFFIX}"
    return display


class PersonalDataAdminMixin:
    """Mixed into every tracked admin and inline (``TrackedModelAdmin``, ``TrackedInline``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._personal = {f.name: f for f in personal_fields(self.model)}
        for name, field in self._personal.items():
            # An attribute of the admin, so that list_display, readonly_fields and the
            # fieldsets can name it like any display method.
            setattr(self, f"{name}{MASKED_SUFFIX}", _masked_display(field))

    def masks_personal_data(self, request, obj=None, *, adding=False):
        if adding and obj is None:
            return False  # a new record: nothing stored to be seen
        return bool(self._personal) and not can_view_personal(request.user, self.model)

    def _masked_names(self, names):
        return [f"{n}{MASKED_SUFFIX}" if isinstance(n, str) and n in self._personal else n
                for n in names]

    # --- the change form (and the history page's old versions, which use it) ----------
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = hidden_fields(self.model)
        masking = self.masks_personal_data(request, obj, adding=True)
        result, seen = [], set()

        def shown(name):
            # The form's field and its masked display are one line, shown once.
            name = self._masked_names([name])[0] if masking else name
            keep = name not in hidden and name not in seen
            seen.add(name)
            return keep, name

        for title, options in fieldsets:
            fields = []
            for entry in options.get("fields", ()):
                if isinstance(entry, list | tuple):
                    line = [name for keep, name in map(shown, entry) if keep]
                    if line:
                        fields.append(type(entry)(line))
                else:
                    keep, name = shown(entry)
                    if keep:
                        fields.append(name)
            result.append((title, {**options, "fields": fields}))
        return result

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.masks_personal_data(request, obj, adding=True):
            return readonly
        shown = self._masked_names(self._personal)
        return [*self._masked_names(readonly), *(n for n in shown if n not in readonly)]

    # --- the list -----------------------------------------------------------------------
    def get_list_display(self, request):
        names = [n for n in super().get_list_display(request)
                 if n not in hidden_fields(self.model)]
        return self._masked_names(names) if self.masks_personal_data(request) else names

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if links and self.masks_personal_data(request):
            return self._masked_names(links)
        return links

    def get_search_results(self, request, queryset, search_term):
        """The admin's search, and an ID number found by its hash (exactly)."""
        found, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        term = search_term.strip()
        for field in self._personal.values():
            if term and isinstance(field, ResidentIdField) and hash_field_of(
                self.model, field.name
            ):
                found |= queryset.filter(**hash_lookup(self.model, field.name, term))
        return found, may_have_duplicates

    # --- the history page -----------------------------------------------------------------
    def get_historical_record_context_helper(self, request, historical_record):
        return PersonalHistoryHelper(self.model, historical_record, user=request.user)


class PersonalHistoryHelper(HistoricalRecordContextHelper):
    """The history page's "changes" column: personal values masked, hashes left out."""

    def __init__(self, model, historical_record, *, user, **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.user = user

    def context_for_delta_changes(self, delta):
        hidden = hidden_fields(self.model)
        return super().context_for_delta_changes(dataclasses.replace(
            delta, changes=[c for c in delta.changes if c.field not in hidden]
        ))

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        mask = masker_for(self.user, self.model, change.field)
        return value if mask is None else mask(value)
