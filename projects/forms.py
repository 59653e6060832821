"""Admin forms of the projects app: the business rules of services.py, checked on the page
where the staff can correct them (a form error, never a server error)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin.forms import VersionedAdminForm
from cuizhai.core.base.exceptions import IllegalTransition
from projects.models import FundingLine, Project
from projects.services import (
    REASON_MAX_LENGTH,
    check_funding_fits,
    check_status_change,
    funding_total,
)


class ProjectAdminForm(VersionedAdminForm):
    """The project page: only legal status moves; a reopening carries its reason, which is
    kept in the project's history."""

    reason = forms.CharField(
        label=_("reason for the change"), required=False, max_length=REASON_MAX_LENGTH,
        help_text=_("Required when a system administrator reopens a completed project; "
                    "kept in the project's history."),
    )
    # Set by ProjectAdmin.get_form: the rules depend on who is editing.
    current_user = None

    class Meta:
        model = Project
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        new_status = cleaned.get("status")
        if self.instance.pk and new_status:
            try:
                check_status_change(old=self.instance.status, new=new_status,
                                    by=self.current_user, reason=cleaned.get("reason", ""))
            except IllegalTransition as error:
                self.add_error("status", error)
            except ValidationError as error:
                self.add_error(None, error)  # a dict error: lands on its field ("reason")
        return cleaned


class FundingLineInlineFormSet(BaseInlineFormSet):
    """The funding lines on the project page: together no more than the total investment
    (the project's total as entered on the same page)."""

    def clean(self):
        super().clean()
        investment = self.instance.total_investment
        if not isinstance(investment, Decimal):
            return  # the project form reports the missing or bad total itself
        total = Decimal("0")
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or data.get("amount") is None:
                continue
            total += data["amount"]
        try:
            check_funding_fits(self.instance, total)
        except ValidationError as error:
            raise ValidationError(error.messages, code="funding_exceeds_investment") from None


class FundingLineAdminForm(VersionedAdminForm):
    """A funding line on its own page: with the project's other lines, within its total."""

    class Meta:
        model = FundingLine
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        project, amount = cleaned.get("project"), cleaned.get("amount")
        if project is not None and amount is not None:
            others = funding_total(
                project,
                excluding=self.instance if self.instance.project_id == project.pk else None,
            )
            try:
                check_funding_fits(project, others + amount)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
