"""The history page's "revert": an edit like any other.

django-simple-history's form on an old version saves the old copy as it is, for anyone who
may view the record. Here a revert needs the right to change the record and is written
through the admin's update hook, so through the app's services: only the fields the form
shows are restored (workflow fields of a closed-loop item never are), a status move must be
legal, rules are checked under their locks, and a page loaded before a newer edit is
refused. An admin whose records cannot be reverted safely that way returns True from
``revert_disabled``: its history stays readable and its old versions cannot be posted.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import capfirst

from cuizhai.core.base.admin.refusals import write_or_show_refusal
from cuizhai.core.base.history import (
    changes_between,
    history_fields,
    related_records,
    value_text,
)
from cuizhai.core.base.personal import hidden_fields, masker_for


class RevertThroughServicesMixin:
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        view = super().history_form_view
        if request.method != "POST":
            return view(request, object_id, version_id, extra_context)
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if self.revert_disabled(request, current) or not self.has_change_permission(
            request, current
        ):
            raise PermissionDenied
        return write_or_show_refusal(
            request, lambda: view(request, object_id, version_id, extra_context)
        )


class HistoryOfEveryFieldMixin:
    """The History page lists what each version changed in every stored field — the
    workflow's too (status, resolved at, verified by…), which simple-history leaves out
    as not editable —, values as a clerk reads them (choice labels, names, office time),
    under Chinese column headers, with an empty reason left empty."""

    object_history_list_template = "admin/core/object_history_list.html"

    def set_history_delta_changes(self, request, historical_records,
                                  foreign_keys_are_objs=True):
        records = list(historical_records)  # newest first (the page's order)
        # Personal values masked for a user who may not see them; keyed hashes left out.
        hidden = hidden_fields(self.model)
        fields = [f for f in history_fields(self.model) if f.name not in hidden]
        maskers = {f.name: masker_for(request.user, self.model, f.name) for f in fields}
        related = related_records(fields, records)

        def shown(field, value):
            text = value_text(field, value, related)
            mask = maskers[field.name]
            return text if mask is None or value in (None, "") else mask(value)

        for record, previous in zip(records, records[1:], strict=False):
            record.history_delta_changes = [
                {"field": capfirst(field.verbose_name),
                 "old": shown(field, old), "new": shown(field, new)}
                for field, old, new in changes_between(previous, record, fields)
            ]
