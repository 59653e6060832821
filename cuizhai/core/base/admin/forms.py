"""Forms of the tracked admin: they carry the version the editor loaded, which the services
check when the page is saved (see ``writes``)."""

import os

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

LOADED_VERSION = "loaded_version"


class LoadedVersionField(forms.IntegerField):
    """The version the page was loaded at: hidden, and never itself a change (a row that
    someone else saved since is compared by its values; the service refuses it if the
    page would write over it)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class VersionedAdminForm(forms.ModelForm):
    """The page's record, with the version the editor loaded."""

    loaded_version = LoadedVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The stored version, not the instance's: when the history page reverts to an
            # old version, the instance is that old copy, but the edit starts from now.
            self.fields[LOADED_VERSION].initial = (
                type(self.instance)._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True).first()
            )


class TrackedInlineForm(forms.ModelForm):
    """An inline row, with the version the editor loaded (the page read it just now)."""

    loaded_version = LoadedVersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields[LOADED_VERSION].initial = self.instance.version


def show_error(form, error):
    """A service's ValidationError on the form: each field's messages beside the field,
    the rest (and those of fields the form does not show) at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.error_dict.items():
        shown = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(shown, messages)


def on_field(field, error):
    """``error`` beside ``field`` unless the service already named its field."""
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({field: error})


class _ProtectedLink:
    """A stored file as the file input shows it: its name, linked to its protected download."""

    def __init__(self, file, url):
        self.file, self.url = file, url

    def __str__(self):
        return os.path.basename(self.file.name)


class ProtectedFileInput(forms.ClearableFileInput):
    """A file input whose "currently" link is the file's protected download
    (``url_name``, with the record's id: a ``ProtectedFileView``), not its media URL, which
    is not served: the files may carry personal data."""

    def __init__(self, url_name, attrs=None):
        self.url_name = url_name
        super().__init__(attrs)

    def format_value(self, value):
        value = super().format_value(value)
        record = getattr(value, "instance", None)
        if value and record is not None and record.pk:
            return _ProtectedLink(value, reverse(self.url_name, args=[record.pk]))
        return value
