"""Writing an admin page through the services: the page's record through its admin's
hooks, each inline row through its inline's hooks, with the version the editor loaded.

The hooks (``RecordWrites``) mirror ``TrackedModelViewSet``'s and are the same on an admin
and on an inline: ``create_record``, ``update_record`` and ``delete_record`` call the
services the model declares (``services.writes``), the generic record services if none.
``data`` is the form's cleaned input (as a serializer's ``validated_data`` is for the API);
``instance`` is the record as stored, never the form's copy that already carries the new
values.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin.forms import LOADED_VERSION, on_field
from cuizhai.core.base.admin.refusals import PAGE, WriteRefused
from cuizhai.core.base.exceptions import IllegalTransition, StaleVersion
from cuizhai.core.base.services.writes import writes_for


class RecordWrites:
    """The write hooks of an admin or an inline; the user who acts is ``request.user``.

    They call the services the model declares (``services.writes``). What only the admin
    does is said here: ``transition_field``, the form field beside which a refused status
    move (``IllegalTransition``) is shown; ``delete_options()``, what the admin's delete
    confirmation page stands for (e.g. ``{"confirm_cascade": True}``), as the API's
    viewsets say what their delete request stands for."""

    transition_field = None

    def delete_options(self, request):
        return {}

    @property
    def writes(self):
        return writes_for(self.model)

    def create_record(self, request, data, **given):
        return self.writes.create(data=data, by=request.user, reason=data.pop("reason", ""),
                                  **given)

    def update_record(self, request, instance, data, *, expected_version):
        try:
            return self.writes.update(instance, data=data, expected_version=expected_version,
                                      by=request.user, reason=data.pop("reason", ""))
        except IllegalTransition as error:
            if self.transition_field is None:
                raise
            raise on_field(self.transition_field, error) from None

    def delete_record(self, request, instance, *, expected_version=None):
        self.writes.delete(instance, by=request.user, expected_version=expected_version,
                           **self.delete_options(request))


def stored(model, pk):
    return model._default_manager.filter(pk=pk).first()


def mirror(saved, onto):
    """Copy the saved record onto the form's instance, which Django goes on to use (the
    parent of the inline rows, the log entry, the redirect)."""
    for field in saved._meta.concrete_fields:
        setattr(onto, field.attname, getattr(saved, field.attname))
    onto._state.adding = False
    onto._state.db = saved._state.db


def write_page(model_admin, request, obj, form, change):
    data = {name: value for name, value in form.cleaned_data.items() if name != LOADED_VERSION}
    try:
        if change:
            instance = stored(model_admin.model, obj.pk)
            if instance is None:
                raise Http404
            saved = model_admin.update_record(
                request, instance, data, expected_version=form.cleaned_data.get(LOADED_VERSION)
            )
        else:
            saved = model_admin.create_record(request, data)
    except ValidationError as error:
        raise WriteRefused({PAGE: error}) from error
    mirror(saved, obj)


def write_rows(request, formset):
    """Delete, change and add the formset's rows through its inline's hooks (deletions
    first, so that rules over the rows count what stays). Every refused row is reported,
    each on its own line; the caller's transaction undoes the others."""
    inline = formset.tracked_inline
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    refused = {}

    def attempt(index, write):
        try:
            # A savepoint per row: a refused row leaves the transaction usable, so that
            # the other rows are checked too and every problem is shown at once.
            with transaction.atomic():
                write()
        except ValidationError as error:
            refused[(formset.prefix, index)] = error

    rows = list(enumerate(formset.forms))
    initial = formset.initial_form_count()
    for index, row in rows:
        if index < initial and formset.can_delete and formset._should_delete_form(row):
            attempt(index, lambda row=row: _delete(request, inline, formset, row))
    for index, row in rows:
        if index < initial and row.has_changed() and not _deleted(formset, row):
            attempt(index, lambda row=row: _update(request, inline, formset, row))
    for index, row in rows:
        if index >= initial and row.has_changed() and not _deleted(formset, row):
            attempt(index, lambda row=row: _create(request, inline, formset, row))
    if refused:
        raise WriteRefused(refused)


def _deleted(formset, row):
    return formset.can_delete and formset._should_delete_form(row)


def _parent_field(formset):
    """The name under which a row holds its parent: the inline's foreign key, or a generic
    inline's generic foreign key (results of an assessment, linked like the workflow log)."""
    fk = getattr(formset, "fk", None)
    if fk is not None:
        return fk.name
    return next(
        field.name for field in formset.model._meta.private_fields
        if isinstance(field, GenericForeignKey)
        and field.ct_field == formset.ct_field.name and field.fk_field == formset.ct_fk_field.name
    )


def _row_data(formset, row):
    left_out = {formset.model._meta.pk.name, _parent_field(formset), DELETION_FIELD_NAME,
                ORDERING_FIELD_NAME, LOADED_VERSION}
    return {name: value for name, value in row.cleaned_data.items() if name not in left_out}


def _stored_row(inline, row):
    instance = stored(inline.model, row.instance.pk)
    if instance is None:
        raise ValidationError(_("Someone else deleted this row meanwhile."), code="row_deleted")
    return instance


def _loaded_version(row, instance):
    loaded = row.cleaned_data.get(LOADED_VERSION)
    if loaded is None:
        raise StaleVersion(current_version=instance.version)
    return loaded


def _delete(request, inline, formset, row):
    instance = stored(inline.model, row.instance.pk)
    if instance is None:
        return  # deleted meanwhile: what the editor asked for
    inline.delete_record(request, instance, expected_version=_loaded_version(row, instance))
    formset.deleted_objects.append(row.instance)


def _update(request, inline, formset, row):
    instance = _stored_row(inline, row)
    saved = inline.update_record(request, instance, _row_data(formset, row),
                                 expected_version=_loaded_version(row, instance))
    mirror(saved, row.instance)
    formset.changed_objects.append((row.instance, row.changed_data))


def _create(request, inline, formset, row):
    data = {**_row_data(formset, row), _parent_field(formset): formset.instance}
    mirror(inline.create_record(request, data), row.instance)
    formset.new_objects.append(row.instance)
