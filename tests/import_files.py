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
    """A CSV of the records in the import's own layout with their versions (``columns``:
    resource field names), as the office gets from a list's export and keeps to edit,
    in the client's language, read back. The export itself — the same file as the API's —
    is tested in tests/projects/test_export.py, its re-import there too."""
    from django.contrib import admin

    model_admin = admin.site._registry[model]
    resource_class = next(r for r in model_admin.get_import_resource_classes(None)
                          if r.__name__.lower() == resource_name)
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    with translation.override(language.value if language else "zh-hans"):
        resource = resource_class()
        dataset = resource.export(queryset=model._default_manager.order_by("pk"),
                                  export_fields=columns)
        text = dataset.export("csv")
    content = ("\ufeff" + text).encode("utf-8")
    assert content.startswith("\ufeff".encode())  # the BOM: Excel reads the file as UTF-8
    return tablib.Dataset().load(content.decode("utf-8").lstrip("\ufeff"), format="csv")
