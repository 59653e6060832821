"""Forms of the tracked admin: they carry the version the editor loaded."""

from django import forms

from cuizhai.core.base.exceptions import StaleVersion


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor loaded; saving over a newer version is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The stored version, not the instance's: when the history page reverts to an
            # old version, the instance is that old copy, but the edit starts from now.
            self.fields["loaded_version"].initial = self._stored_version()

    def _stored_version(self):
        return (
            type(self.instance)._default_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True).first()
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            current = self._stored_version()
            if loaded is None or loaded != current:
                raise StaleVersion(current_version=current)
        return cleaned
