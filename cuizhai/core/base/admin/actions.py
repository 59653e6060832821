"""Admin actions that ask for input (a reason, a choice) before they run on the chosen rows."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def action_form_response(modeladmin, request, *, template, action, title, form, selected,
                         submit_label, **context):
    """The page of ``action`` asking for ``form`` about the ``selected`` rows; ``template``
    extends ``admin/core/action_form.html`` (its intro and the rows as the app lists them),
    and posting it runs the action again with ``apply``."""
    return TemplateResponse(request, template, {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": title,
        "form": form,
        "selected": selected,
        "action": action,
        "submit_label": submit_label,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        **context,
    })
