"""A write the services refused, shown on the page it came from.

The admin validates a page, then writes it through the services in one transaction. A
service may still refuse (a row changed since the page was loaded, a rule checked under a
lock): the transaction is rolled back and the page is processed once more with the refusal
attached, so that Django shows it like any form error, on the field or the row concerned,
and nothing is saved. The second pass cannot write: the refusal makes its forms invalid.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin.forms import show_error

PAGE = "page"  # the key of the page's own form among a refusal's errors
REFUSAL_ATTRIBUTE = "cuizhai_write_refused"


class WriteRefused(Exception):
    """``errors`` maps PAGE, or an inline row's (formset prefix, form index), to the
    service's ValidationError."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def write_or_show_refusal(request, view):
    """Run ``view`` (a page that writes on POST); if a service refused a write, undo every
    write of the page and run it again with the refusal shown."""
    try:
        with transaction.atomic():
            return view()
    except WriteRefused as refusal:
        setattr(request, REFUSAL_ATTRIBUTE, refusal)
        return view()


def refusal_of(request):
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def showing_refusal_on_form(form_class, refusal):
    class Form(form_class):
        def _post_clean(self):
            super()._post_clean()
            if PAGE in refusal.errors:
                show_error(self, refusal.errors[PAGE])
            else:
                self.add_error(None, _("Nothing on this page was saved: see the rows marked "
                                       "below."))

    Form.__name__ = form_class.__name__
    return Form


def showing_refusal_on_formset(formset_class, refusal):
    class FormSet(formset_class):
        def clean(self):
            super().clean()
            refused_deletions = []
            for key, error in refusal.errors.items():
                if key == PAGE or key[0] != self.prefix or key[1] >= len(self.forms):
                    continue
                row = self.forms[key[1]]
                show_error(row, error)
                if self.can_delete and self._should_delete_form(row):
                    # A row marked for deletion is not validated: say it above the rows.
                    refused_deletions.extend(error.messages)
            if refused_deletions:
                raise ValidationError(refused_deletions)

    FormSet.__name__ = formset_class.__name__
    return FormSet
