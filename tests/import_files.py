"""Excel and CSV files as the staff fill them in, and the admin's import driven as they drive
it (choose a file, preview, confirm). Shared by the import tests of the core and every app."""

import io

import openpyxl
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

XLSX, CSV = "0", "1"  # positions of the formats on the import form


def headers(model, names, language="zh-hans"):
    """The column headers as the staff see them: the verbose names, in Chinese."""
    with translation.override(language):
        return [str(model._meta.get_field(name).verbose_name) for name in names]


def xlsx_upload(rows, name="重点项目.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile(name, content.getvalue())


def csv_upload(rows, name="企业名录.csv", encoding="utf-8-sig"):
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    return SimpleUploadedFile(name, dataset.export("csv").encode(encoding))


def client_for(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def preview(client, model, upload, file_format):
    return client.post(_admin_url(model, "import"),
                       {"resource": "0", "format": file_format, "import_file": upload})


def confirm(client, model, previewed):
    form = previewed.context["confirm_form"]
    return client.post(_admin_url(model, "process_import"),
                       {name: form.initial.get(name, "") for name in form.fields})


def import_file(client, model, upload, file_format):
    previewed = preview(client, model, upload, file_format)
    assert previewed.status_code == 200
    assert previewed.context["confirm_form"] is not None, invalid_rows(previewed)
    return confirm(client, model, previewed)


def invalid_rows(response):
    """Row number → its error messages, as the result page lists them."""
    return errors_of(response.context["result"])


def errors_of(result):
    return {
        row.number: [str(m) for messages in row.error_dict.values() for m in messages]
        for row in result.invalid_rows
    }


def export_csv(client, model, resource_name, columns):
    """The admin's CSV export of ``columns`` (resource field names), read back."""
    data = {"format": CSV, "resource": "0",
            **{f"{resource_name}_{name}": "on" for name in columns}}
    response = client.post(_admin_url(model, "export"), data)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM: Excel reads the file as UTF-8
    return tablib.Dataset().load(text.lstrip("\ufeff"), format="csv")
