"""The personal-data contract: every output path shows a model's personal values to a user
holding its "view personal data" permission, and only masked values to a user without it
(or to the dashboard account, even when granted).

A model holding personal data needs one declaration in its tests:

    class TestResidentPersonalData(PersonalDataContract):
        model = SampleResident
        api = "personal-api:sampleresident"
        resource = "sampleresidentresource"        # None: no admin import/export
        values = {"id_number": "370102199003071238", "mobile": "13800005678", ...}
        masked = {"id_number": "370***********1238", "mobile": "138****5678", ...}

        def make(self, **values):               # the record, saved through its service
            return record_create(model=SampleResident, data={"code": "R-1", **values})

Paths covered: the API's record, list, history (old and new values), CSV and XLSX
exports, a write that sends the masked value back; the admin's list, change form, history
list and old-version pages, CSV export, import preview and its refused rows.
"""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from rest_framework.test import APIClient

from cuizhai.core import roles
from cuizhai.core.base.personal import personal_permission
from cuizhai.core.base.services.records import record_update
from tests.import_files import CSV, client_for, csv_upload, preview

# Who reads, and whether each sees the values as they are.
READERS = {"with permission": True, "without permission": False,
           "dashboard granted": False}


def _text(response):
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        content = b"".join(response.streaming_content) if response.streaming else \
            response.content
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(cell) for row in book.active.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


@pytest.mark.django_db
class PersonalDataContract:
    model = None
    api = None  # URL name prefix: "<namespace>:<basename>"
    resource = None  # the admin resource's class name, if the admin imports and exports
    values = {}  # field → a stored value, as the service stores it
    masked = {}  # field → that value masked
    changed = {}  # field → another valid value, for the history (defaults: none changed)

    def make(self, **values):
        raise NotImplementedError

    # --- who -----------------------------------------------------------------------------
    @pytest.fixture(params=list(READERS))
    def reader(self, request, db):
        """(user, sees values): view, add and change rights on the model, with or without
        its "view personal data" permission, granted per user."""
        meta = self.model._meta
        user = get_user_model().objects.create_user(
            username=f"reader-{request.param.replace(' ', '-')}", password="pass-123456",
            is_staff=True,
        )
        codenames = [f"{action}_{meta.model_name}" for action in ("view", "add", "change")]
        if request.param != "without permission":
            codenames.append(personal_permission(self.model).split(".", 1)[1])
        roles.sync_roles()  # creates the permission; a per-user grant survives it
        user.user_permissions.set(Permission.objects.filter(
            content_type__app_label=meta.app_label, codename__in=codenames))
        if request.param == "dashboard granted":
            user.groups.add(Group.objects.get(name=roles.DASHBOARD))
        return user, READERS[request.param]

    @pytest.fixture
    def record(self, db):
        record = self.make(**self.values)
        if self.changed:
            record = record_update(instance=record, data=self.changed,
                                   expected_version=record.version)
        return record

    def assert_shown(self, text, sees, *, stored=None):
        stored = stored or self.current()
        for name, value in stored.items():
            if sees:
                assert value in text, f"{name}: {value!r} missing"
            else:
                assert value not in text, f"{name}: {value!r} shown unmasked"
                assert self.mask_of(name, value) in text, f"{name}: mask missing"

    def current(self):
        return {**self.values, **self.changed}

    def mask_of(self, name, value):
        from cuizhai.core.base.models.personal import mask_value

        return mask_value(self.model._meta.get_field(name), value)

    # --- the API -------------------------------------------------------------------------
    def api_client(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_api_record_and_list(self, reader, record):
        user, sees = reader
        client = self.api_client(user)
        detail = client.get(reverse(f"{self.api}-detail", args=[record.pk]))
        listing = client.get(reverse(f"{self.api}-list"))
        assert detail.status_code == listing.status_code == 200
        for name, value in self.current().items():
            expected = value if sees else self.mask_of(name, value)
            assert detail.json()[name] == expected
            assert listing.json()["results"][0][name] == expected
        self.assert_shown(detail.content.decode(), sees)

    @pytest.mark.parametrize("export_format", ["csv", "xlsx"])
    def test_api_exports(self, reader, record, export_format):
        user, sees = reader
        response = self.api_client(user).get(reverse(f"{self.api}-list"),
                                             {"format": export_format})
        assert response.status_code == 200
        self.assert_shown(_text(response), sees)

    def test_api_history(self, reader, record):
        user, sees = reader
        response = self.api_client(user).get(reverse(f"{self.api}-history", args=[record.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        self.assert_shown(text, sees)
        if self.changed:  # the old values too
            self.assert_shown(text, sees, stored={n: self.values[n] for n in self.changed})
        assert "_hash" not in text

    def test_api_write_of_the_masked_value_keeps_the_stored_one(self, reader, record):
        user, sees = reader
        client = self.api_client(user)
        url = reverse(f"{self.api}-detail", args=[record.pk])
        shown = client.get(url).json()
        response = client.patch(url, {**{n: shown[n] for n in self.current()},
                                      "version": record.version}, format="json")
        assert response.status_code == 200, response.json()
        record.refresh_from_db()
        for name, value in self.current().items():
            assert getattr(record, name) == value

    # --- the admin -----------------------------------------------------------------------
    def admin_url(self, view, *args):
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)

    def test_admin_list(self, reader, record):
        user, sees = reader
        response = client_for(user).get(self.admin_url("changelist"))
        assert response.status_code == 200
        self.assert_shown(response.content.decode(), sees)

    def test_admin_change_form(self, reader, record):
        user, sees = reader
        response = client_for(user).get(self.admin_url("change", record.pk))
        assert response.status_code == 200
        self.assert_shown(response.content.decode(), sees)
        form = response.context["adminform"].form
        for name, value in self.current().items():
            # Without the permission the field is shown read-only (once): nothing to post
            # back.
            assert (name in form.fields) is sees
            if not sees:
                assert response.content.decode().count(self.mask_of(name, value)) == 1

    def test_admin_history_pages(self, reader, record):
        user, sees = reader
        client = client_for(user)
        listing = client.get(self.admin_url("history", record.pk))
        assert listing.status_code == 200
        if self.changed:
            self.assert_shown(listing.content.decode(), sees,
                              stored={n: self.values[n] for n in self.changed})
        oldest = record.history.order_by("history_id").first()
        old = client.get(self.admin_url("simple_history", record.pk, oldest.history_id))
        assert old.status_code == 200
        self.assert_shown(old.content.decode(), sees, stored=self.values)

    def test_admin_export(self, reader, record):
        if self.resource is None:
            pytest.skip("no admin export")
        user, sees = reader
        data = {"format": CSV, "resource": "0",
                **{f"{self.resource}_{name}": "on" for name in self.current()}}
        response = client_for(user).post(self.admin_url("export"), data)
        assert response.status_code == 200
        self.assert_shown(_text(response), sees)

    def import_rows(self, record, values):
        """A file updating ``record`` with ``values`` (header → cell), as its export reads."""
        raise NotImplementedError

    def test_admin_import_preview_and_refused_rows(self, reader, record):
        if self.resource is None:
            pytest.skip("no admin import")
        user, sees = reader
        client = client_for(user)
        # A row that updates the record: the preview shows its stored values.
        good = client.post(self.admin_url("import"), {
            "resource": "0", "format": CSV,
            "import_file": csv_upload(self.import_rows(record, {"name": "Renamed"})),
        })
        assert good.status_code == 200 and good.context["confirm_form"] is not None
        self.assert_shown(good.content.decode(), sees)
        # A refused row: the file's own cells are listed with the errors.
        bad = preview(client, self.model, csv_upload(self.import_rows(
            record, {"name": ""})), CSV)
        assert bad.context["result"].invalid_rows
        self.assert_shown(bad.content.decode(), sees)
