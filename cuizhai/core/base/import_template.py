"""The Excel file an import page offers to fill in: the headers the import expects, one
example row, and drop-down lists (data validation) on the choice and yes/no columns.

The headers and the lists come from the import resource itself (its columns, their
widgets' choices, in the user's language), so the template cannot drift from the import.
An example value comes from the resource's ``import_example`` (``{field name: value}``)
or, failing that, from the column's widget.
"""

import io
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from cuizhai.core.base.export.files import text_width
from cuizhai.core.base.imports import (
    NO,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    LookupWidget,
    MoneyWidget,
    NumberWidget,
    YesNoWidget,
)

TEMPLATE_ROWS = 2000  # rows the drop-down lists cover (the browser import's default limit)


def _example(field):
    widget = field.widget
    if isinstance(widget, ChoiceWidget):
        return str(widget.choices.labels[0])
    if isinstance(widget, YesNoWidget):
        return str(NO)
    if isinstance(widget, DateWidget):
        return date.today()
    if isinstance(widget, MoneyWidget):
        return Decimal("100.00")
    if isinstance(widget, IntegerWidget | NumberWidget):
        return 1
    if isinstance(widget, LookupWidget):
        record = widget.model._default_manager.order_by("pk").first()
        return str(record) if record is not None else ""
    return ""


def template_columns(resource):
    """The columns a file for ``resource`` has: every import field but the version (an
    export's, never typed in)."""
    return [field for field in resource.get_import_fields()
            if not field.readonly and field.attribute != "version"]


def import_template(resource):
    """The template as xlsx bytes."""
    columns = template_columns(resource)
    examples = getattr(resource, "import_example", {})
    names = {field: name for name, field in resource.fields.items()}
    content = io.BytesIO()
    book = xlsxwriter.Workbook(content, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False})
    sheet = book.add_worksheet(_("Import"))
    lists = book.add_worksheet(_("Choices"))
    lists.hide()
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    example_format = book.add_format({"font_color": "#7F7F7F", "italic": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd", "font_color": "#7F7F7F",
                                   "italic": True})
    money_format = book.add_format({"num_format": "0.00", "font_color": "#7F7F7F",
                                    "italic": True})
    list_col = 0
    for col, field in enumerate(columns):
        title = str(field.column_name)
        sheet.write_string(0, col, title, header)
        value = examples.get(names.get(field), None)
        if value is None:
            value = _example(field)
        width = text_width(title)
        if isinstance(value, date):
            sheet.write_datetime(1, col, value, date_format)
            width = max(width, 11)
        elif isinstance(value, Decimal):
            sheet.write_number(1, col, float(value), money_format)
        elif isinstance(value, int | float):
            sheet.write_number(1, col, value, example_format)
        else:
            sheet.write_string(1, col, str(value), example_format)
            width = max(width, text_width(str(value)))
        choices = _choices(field.widget)
        if choices:
            lists.write_column(0, list_col, choices)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            sheet.data_validation(1, col, TEMPLATE_ROWS, col, {
                "validate": "list",
                "source": f"='{lists.name}'!${letter}$1:${letter}${len(choices)}",
                "error_title": title,
                "error_message": _("Choose one of the values in the list."),
            })
            width = max(width, *(text_width(c) for c in choices))
            list_col += 1
        sheet.set_column(col, col, min(max(width, 8), 40) + 2)
    sheet.freeze_panes(1, 0)
    book.close()
    return content.getvalue()


def _choices(widget):
    if isinstance(widget, ChoiceWidget):
        return [str(label) for label in widget.choices.labels]
    if isinstance(widget, YesNoWidget):
        return [_("Yes"), _("No")]
    return []
