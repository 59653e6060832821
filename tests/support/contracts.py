"""Contracts every resource of the API keeps, inherited by one class per resource.

An app's tests declare each resource once and inherit its tests (NetBox's
``APIViewTestCases`` is the model)::

    class TestFundingLine(ResourceContract):
        namespace, basename = "projects-api", "fundingline"
        factory = f.FundingLineFactory
        writers = (roles.office_group("projects"),)
        readers = (roles.office_group("safety"), roles.LEADERS, roles.DASHBOARD)

        def create_data(self):
            return {"project": f.ProjectFactory().pk, "source": "central_special_bond",
                    "amount": "2000.00", "year": 2024}

        update_data = {"note": "第二批"}

``ResourceContract``: create, read, list and update by each role that writes; deleting by
the system administrator only; every other role reads and is refused every write with the
row unchanged; a stranger gets exactly 401; 428/409/412 for a missing or stale version; the
history endpoint; CSV and XLSX exports read back; a fixed number of queries per list.

``ClosedLoopContract``: every workflow action in every status, the refusals (missing input,
four eyes on verify, view permission alone, strangers, stale versions, evidence limits), the
deadlines and the timeliness filters, and bounded queries for the list and the log.

The contract classes are not collected themselves (their names do not start with Test).
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from tests.support import closed_loop as loop
from tests.support.clients import api_client, role_client, role_user
from tests.support.exports import headers, read_csv, read_xlsx, report_headers, table
from tests.support.users import fresh_user, make_user, with_model_rights

OFFICES = tuple(roles.office_group(label)
                for label in ("projects", "resettlement", "safety", "partybuilding"))


def stored_row(instance):
    """Every stored column of ``instance``, to show that a refused request changed nothing."""
    return type(instance).objects.filter(pk=instance.pk).values().get()


def _parametrize_roles(contract, metafunc):
    for name, values in contract.role_parameters().items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, values)


class ResourceContract:
    """The tests every API resource passes. Declare, in a class named ``Test<Model>``:

    - ``namespace`` and ``basename``: the URL names (``projects-api``, ``fundingline``);
    - ``factory``: builds one stored record; ``model`` defaults to its model;
    - ``create_data()``: a valid POST body (related records may be created here);
    - ``update_data``: a valid PATCH body that changes the record (its fields are checked);
    - ``writers``: the roles that add and change, but do not delete; ``readers``: the roles
      that only view. The system administrator's group does everything.
    - ``deletable``: False when nobody deletes (closed-loop items: 409 for everyone);
    - ``list_row()``: one list row with every relation filled in, for the query count
      (the factory by default); ``list_query_bound``: the most queries a list may run.
    """

    pytestmark = pytest.mark.django_db

    namespace = ""
    basename = ""
    factory = None
    model = None
    update_data = {}
    writers = ()
    readers = (roles.LEADERS, roles.DASHBOARD)
    deletable = True
    # The savepoint and release, permissions, the count, the page's ids and its rows.
    list_query_bound = 7

    def create_data(self):
        raise NotImplementedError

    def list_row(self):
        return self.factory()

    # --- declarations read by the tests --------------------------------------------------
    def role_parameters(self):
        return {"editor_role": (*self.writers, roles.SYSTEM_ADMIN), "reader_role": self.readers}

    def pytest_generate_tests(self, metafunc):
        _parametrize_roles(self, metafunc)

    @property
    def resource_model(self):
        return self.model or self.factory._meta.model

    def list_url(self):
        return reverse(f"{self.namespace}:{self.basename}-list")

    def detail_url(self, pk):
        return reverse(f"{self.namespace}:{self.basename}-detail", args=[pk])

    def history_url(self, pk):
        return reverse(f"{self.namespace}:{self.basename}-history", args=[pk])

    def serializer_class(self):
        viewset = resolve(self.list_url()).func.cls
        # A register extended by the apps builds its serializer when first asked.
        return viewset.serializer_class or viewset().get_serializer_class()

    def assert_stored(self, record, data):
        record = type(record).objects.get(pk=record.pk)
        for name, value in data.items():
            field = self.resource_model._meta.get_field(name)
            assert getattr(record, field.attname) == field.to_python(value), name

    # --- create, read, list, update ---------------------------------------------------------
    def test_an_editor_creates_reads_lists_and_updates(self, editor_role):
        client = role_client(editor_role)
        created = client.post(self.list_url(), self.create_data(), format="json")
        assert created.status_code == 201, created.json()
        record = self.resource_model.objects.get(pk=created.json()["id"])

        detail = client.get(self.detail_url(record.pk))
        assert detail.status_code == 200
        assert detail["ETag"] == f'"{record.version}"'
        listed = client.get(self.list_url()).json()
        assert [r["id"] for r in listed["results"]] == [record.pk]

        updated = client.patch(self.detail_url(record.pk),
                               {**self.update_data, "version": record.version}, format="json")
        assert updated.status_code == 200, updated.json()
        self.assert_stored(record, self.update_data)
        assert updated.json()["version"] == record.version + 1

    def test_deleting_is_for_the_system_admin_only(self):
        record = self.factory()
        for role in self.writers:
            assert role_client(role).delete(self.detail_url(record.pk)).status_code == 403
            assert self.resource_model.objects.filter(pk=record.pk).exists()

        response = role_client(roles.SYSTEM_ADMIN).delete(self.detail_url(record.pk))
        if not self.deletable:
            # A closed-loop item keeps its log and evidence: nobody deletes it
            # (tests/core/test_deletes.py).
            assert response.status_code == 409
            assert self.resource_model.objects.filter(pk=record.pk).exists()
            return
        assert response.status_code == 204
        assert not self.resource_model.objects.filter(pk=record.pk).exists()

    # --- refusals ---------------------------------------------------------------------------
    def test_a_reader_reads_but_cannot_write(self, reader_role):
        client = role_client(reader_role)
        record = self.factory()
        data = self.create_data()
        before, count = stored_row(record), self.resource_model.objects.count()

        assert client.get(self.list_url()).status_code == 200
        assert client.get(self.detail_url(record.pk)).status_code == 200
        assert client.get(self.history_url(record.pk)).status_code == 200
        assert client.post(self.list_url(), data, format="json").status_code == 403
        assert client.patch(self.detail_url(record.pk),
                            {**self.update_data, "version": record.version},
                            format="json").status_code == 403
        assert client.delete(self.detail_url(record.pk)).status_code == 403

        assert self.resource_model.objects.count() == count
        assert stored_row(record) == before

    def test_a_stranger_gets_exactly_401_and_changes_nothing(self):
        client = api_client()
        record = self.factory()
        data = self.create_data()
        before, count = stored_row(record), self.resource_model.objects.count()
        requests = [
            client.get(self.list_url()),
            client.get(self.detail_url(record.pk)),
            client.get(self.history_url(record.pk)),
            client.get(self.list_url(), {"format": "csv"}),
            client.post(self.list_url(), data, format="json"),
            client.patch(self.detail_url(record.pk),
                         {**self.update_data, "version": record.version}, format="json"),
            client.delete(self.detail_url(record.pk)),
        ]
        assert [r.status_code for r in requests] == [401] * len(requests)
        assert self.resource_model.objects.count() == count
        assert stored_row(record) == before

    def test_a_user_without_a_role_is_refused(self):
        client = api_client(make_user("nobody"))
        record = self.factory()
        before = stored_row(record)
        assert client.get(self.list_url()).status_code == 403
        assert client.get(self.detail_url(record.pk)).status_code == 403
        assert client.get(self.history_url(record.pk)).status_code == 403
        export = client.get(self.list_url(), {"format": "csv"})
        assert export.status_code == 403 and not export.streaming
        assert client.post(self.list_url(), self.create_data(),
                           format="json").status_code == 403
        assert stored_row(record) == before

    # --- versions: 428, 409, 412 ------------------------------------------------------------
    def editor(self):
        return role_client((*self.writers, roles.SYSTEM_ADMIN)[0])

    def someone_else_saves(self, record):
        """Another editor's save, as the database sees it: the version moves on."""
        self.resource_model.objects.filter(pk=record.pk).update(version=record.version + 1)
        return stored_row(record)

    def test_an_edit_without_a_version_gets_428(self):
        record = self.factory()
        before = stored_row(record)
        client = self.editor()
        for version in ({}, {"version": "latest"}):
            response = client.patch(self.detail_url(record.pk),
                                    {**self.update_data, **version}, format="json")
            assert response.status_code == 428
            assert "If-Match" in response.json()["detail"]
        star = client.patch(self.detail_url(record.pk), self.update_data, format="json",
                            HTTP_IF_MATCH="*")
        assert star.status_code == 428
        assert stored_row(record) == before

    def test_a_stale_version_gets_409_with_the_current_one(self):
        record = self.factory()
        after_the_other_save = self.someone_else_saves(record)
        response = self.editor().patch(self.detail_url(record.pk),
                                       {**self.update_data, "version": record.version},
                                       format="json")
        assert response.status_code == 409
        assert response.json()["version"] == record.version + 1
        assert response.json()["detail"]
        assert stored_row(record) == after_the_other_save

    def test_a_stale_if_match_gets_412_and_the_current_one_saves(self):
        record = self.factory()
        client = self.editor()
        etag = client.get(self.detail_url(record.pk))["ETag"]
        assert etag == f'"{record.version}"'
        after_the_other_save = self.someone_else_saves(record)
        stale = client.patch(self.detail_url(record.pk), self.update_data, format="json",
                             HTTP_IF_MATCH=etag)
        assert stale.status_code == 412
        assert stale.json()["version"] == record.version + 1
        assert f'"{record.version + 1}"' in stale.json()["detail"]
        assert stored_row(record) == after_the_other_save

        current = client.get(self.detail_url(record.pk))["ETag"]
        saved = client.patch(self.detail_url(record.pk), self.update_data, format="json",
                             HTTP_IF_MATCH=f"W/{current}")
        assert saved.status_code == 200, saved.json()
        assert saved["ETag"] == f'"{record.version + 2}"'
        self.assert_stored(record, self.update_data)

    # --- history ----------------------------------------------------------------------------
    def test_the_history_names_who_created_and_who_changed(self):
        editor_role = (*self.writers, roles.SYSTEM_ADMIN)[0]
        client = role_client(editor_role)
        created = client.post(self.list_url(), self.create_data(), format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        changed = client.patch(self.detail_url(pk), {**self.update_data, "version": 1},
                               format="json")
        assert changed.status_code == 200, changed.json()

        response = client.get(self.history_url(pk))
        assert response.status_code == 200
        entries = response.json()
        assert response["X-Total-Count"] == "2"
        assert [e["version"] for e in entries] == [2, 1]
        assert [e["type"]["value"] for e in entries] == ["~", "+"]
        editor = role_user(editor_role)
        assert {e["user"]["id"] for e in entries} == {editor.pk}
        assert {e["user"]["display"] for e in entries} == {str(editor)}
        assert set(self.update_data) <= {c["field"] for c in entries[0]["changes"]}

    # --- exports ----------------------------------------------------------------------------
    def exported(self, file_format, record, language="zh-hans"):
        """The header row and the data rows of the list's export of ``record``: the CSV has
        every readable field; the XLSX is the report (序号, no technical columns, no
        totals row)."""
        client = role_client(roles.LEADERS, language)
        response = client.get(self.list_url(), {"format": file_format, "id": record.pk})
        if file_format == "csv":
            labels = headers(self.serializer_class(), language)
            names, records = table(read_csv(response), labels[0])
        else:
            labels = report_headers(self.serializer_class(), language)
            names, records = table(read_xlsx(response), labels[0])
            records = [r for r in records if isinstance(r[labels[0]], int)]
        assert names == labels
        return labels, records

    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_an_export_reads_back_with_the_field_labels_as_headers(self, file_format):
        record = self.factory()
        self.factory()  # not asked for: the export applies the list's filters
        labels, records = self.exported(file_format, record)
        if file_format == "xlsx":  # the report: numbered rows, no id
            assert [r[labels[0]] for r in records] == [1]
            return
        serializer_class = self.serializer_class()
        never = {name for name, read in getattr(serializer_class, "export_reads", {}).items()
                 if read is None}
        fields = [name for name, field in serializer_class().fields.items()
                  if not field.write_only and name not in never]
        by_field = dict(zip(fields, labels, strict=True))
        assert [str(r[by_field["id"]]) for r in records] == [str(record.pk)]
        # The version an import checks the file against.
        assert str(records[0][by_field["version"]]) == str(record.version)

    def test_every_export_header_is_translated(self):
        record = self.factory()
        chinese, _rows = self.exported("csv", record)
        english, _rows = self.exported("csv", record, language="en")
        untranslated = [zh for zh, en in zip(chinese, english, strict=True)
                        if zh == en and en != "ID"]
        assert not untranslated

    def test_an_export_has_the_rows_in_the_list_s_order(self):
        for _ in range(3):
            self.list_row()
        client = role_client(roles.LEADERS)
        listed = [row["id"] for row in client.get(self.list_url()).json()["results"]]
        labels = headers(self.serializer_class(), "zh-hans")
        _names, records = table(read_csv(client.get(self.list_url(), {"format": "csv"})),
                                labels[0])
        assert labels[0] == "ID"
        assert [int(record["ID"]) for record in records] == listed
        assert len(listed) >= 3

    # Whether PostgreSQL writes this list's whole CSV (its COPY: every column has a
    # ``CellText``, ``cuizhai.core.base.export.text``), for a user who sees its personal data.
    csv_by_copy = True

    def test_the_csv_postgresql_writes_is_the_file_python_writes(self, monkeypatch):
        if connection.vendor != "postgresql":
            pytest.skip("COPY is PostgreSQL's")
        from cuizhai.core.base.export.columns import ColumnSet

        self.list_row()
        self.factory()
        client = role_client(self.writers[0] if self.writers else roles.SYSTEM_ADMIN)
        with CaptureQueriesContext(connection) as captured:
            by_database = b"".join(client.get(self.list_url(), {"format": "csv"})
                                   .streaming_content)
        copied = any(q["sql"].startswith("COPY (") for q in captured.captured_queries)
        assert copied == self.csv_by_copy
        monkeypatch.setattr(ColumnSet, "written_by_database", lambda self, columns: False)
        by_python = b"".join(client.get(self.list_url(), {"format": "csv"}).streaming_content)
        assert by_database == by_python, (by_database.decode(), by_python.decode())
        assert by_database.count(b"\n") >= 3  # the header and the two rows at least

    # --- a fixed number of queries per list --------------------------------------------------
    def test_a_list_runs_a_fixed_number_of_queries(self, django_assert_max_num_queries):
        # The request's savepoint and its release (ATOMIC_REQUESTS), the user's and the
        # groups' permissions, the count and the page (and any prefetch): never one per row.
        counts = []
        reader = role_user(roles.LEADERS)
        for total in (2, 20):
            while self.resource_model.objects.count() < total:
                self.list_row()
            client = api_client(fresh_user(reader))  # no permission cache
            with django_assert_max_num_queries(self.list_query_bound), \
                    CaptureQueriesContext(connection) as queries:
                response = client.get(self.list_url())
            assert response.status_code == 200
            assert response.json()["count"] == self.resource_model.objects.count() >= total
            counts.append(len(queries))
        assert counts[0] == counts[1]


class ClosedLoopContract:
    """The tests every closed-loop item passes through the API. Declare:

    - ``namespace``, ``basename`` and ``model``;
    - ``report_data()``: a valid POST body of a new item (title aside);
    - ``owner_office``: the role group that owns the items (assigns, verifies, returns);
      None for a model no office owns (its owners are given the model's rights);
    - ``viewer_office``: an office that only views these items;
    - ``reported_at``, ``response_due``, ``resolution_due``: a report moment and its two
      deadlines, worked out by hand from the statutory calendar;
    - ``list_query_bound`` and ``log_query_bound``.
    """

    pytestmark = pytest.mark.django_db

    namespace = ""
    basename = ""
    model = None
    owner_office = None
    viewer_office = roles.office_group("safety")
    worker_office = roles.office_group("projects")
    reported_at = response_due = resolution_due = None
    # With the assignees' roles and the user's own (allowed_actions is the user's), and the
    # page's ids before its rows; the log counts its pages; whether the user may see the
    # reporters' personal data.
    list_query_bound = 8
    log_query_bound = 6

    def report_data(self):
        return {}

    # --- people and items ---------------------------------------------------------------------
    def owner(self, name, *groups):
        """A member of the owner office (and of ``groups``)."""
        if self.owner_office is None:
            return with_model_rights(make_user(name, *groups), self.model)
        return make_user(name, self.owner_office, *groups)

    @pytest.fixture
    def people(self, db):
        """The reporter and two editors of the owner office, the editors colleagues of the
        worker: office staff the items are assigned to."""
        from types import SimpleNamespace

        return SimpleNamespace(
            reporter=self.owner("reporter"),
            worker=make_user("worker", self.worker_office),
            editor=self.owner("editor", self.worker_office),
            other_editor=self.owner("other-editor", self.worker_office),
        )

    def report(self, by, title="Street lamp out", **fields):
        data = {**self.report_fields(), **fields}
        return closed_loop.closed_loop_report(model=self.model, by=by, title=title, **data)

    def report_fields(self):
        """The fields of a new item besides its title, as model values."""
        return {}

    def item_in(self, status, people, **fields):
        """An item walked up to ``status``: the worker resolves it and the reporter
        verifies it, so the acting editor is neither."""
        item = self.report(people.reporter, title=f"Item {status}", **fields)
        return loop.walk(item, status, owner=people.reporter, worker=people.worker)

    def list_url(self):
        return reverse(f"{self.namespace}:{self.basename}-list")

    def detail_url(self, item):
        return reverse(f"{self.namespace}:{self.basename}-detail", args=[item.pk])

    def action_url(self, item, action):
        return reverse(f"{self.namespace}:{self.basename}-{action}", args=[item.pk])

    def transitions_url(self, item):
        return reverse(f"{self.namespace}:{self.basename}-transitions", args=[item.pk])

    # --- reporting and deadlines ------------------------------------------------------------
    def test_reporting_sets_the_deadlines_and_logs_the_report(self, people):
        response = api_client(people.editor).post(
            self.list_url(), {**self.report_data(), "title": "Dust on site 3",
                              "reported_at": self.reported_at.isoformat()}, format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["status"]["value"] == loop.REPORTED
        assert body["version"] == 1
        assert body["allowed_actions"] == ["assign"]
        assert body["reported_by"]["id"] == people.editor.pk
        item = self.model.objects.get(pk=body["id"])
        assert (item.response_due, item.resolution_due) == (self.response_due,
                                                            self.resolution_due)
        assert item.response_due == self.reported_at + timedelta(hours=self.model.response_hours)
        assert list(loop.log_of(item).values_list("action", "from_status", "to_status",
                                                  "actor")) == [
            ("report", "", loop.REPORTED, people.editor.pk)
        ]

    def test_status_and_deadlines_cannot_be_written_by_the_client(self, people):
        response = api_client(people.editor).post(
            self.list_url(),
            {**self.report_data(), "title": "Blocked drain", "status": loop.CLOSED,
             "resolution_due": "2030-01-01T00:00:00Z", "resolved_at": "2024-01-01T00:00:00Z"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        item = self.model.objects.get(pk=response.json()["id"])
        assert item.status == loop.REPORTED
        assert item.resolved_at is None
        assert item.resolution_due.year < 2030

    def test_a_report_time_in_the_future_is_refused(self, people):
        tomorrow = timezone.now() + timedelta(days=1)
        count = self.model.objects.count()
        response = api_client(people.editor, language="en").post(
            self.list_url(), {**self.report_data(), "title": "Not yet happened",
                              "reported_at": tomorrow.isoformat()}, format="json")
        assert response.status_code == 400
        assert response.json() == {"reported_at": ["The report time cannot be in the future."]}
        assert self.model.objects.count() == count

    # --- the whole status × action matrix -------------------------------------------------------
    @pytest.mark.parametrize("action", loop.ACTIONS)
    @pytest.mark.parametrize("status", loop.STATUSES)
    def test_every_action_in_every_status(self, status, action, people):
        item = self.item_in(status, people)
        before = loop.snapshot(item)
        payload = loop.payload_for(action, people.other_editor)

        response = api_client(people.editor).post(self.action_url(item, action), payload,
                                                  format="json")

        if (status, action) in loop.LEGAL:
            new_status = loop.LEGAL[(status, action)]
            assert response.status_code == 200, response.json()
            assert response.json()["status"]["value"] == new_status
            assert response.json()["version"] == before["version"] + 1
            assert response["ETag"] == f'"{before["version"] + 1}"'
            item.refresh_from_db()
            assert item.status == new_status
            assert item.version == before["version"] + 1
            new_log = loop.log_of(item).exclude(pk__in=before["log"])
            assert list(new_log.values_list("action", "from_status", "to_status", "actor",
                                            "note")) == [
                (action, status, new_status, people.editor.pk, payload.get("note", ""))
            ]
        else:
            assert response.status_code == 409, response.json()
            assert response.json()["detail"]
            assert loop.snapshot(item) == before

    @pytest.mark.parametrize(
        ("action", "payload", "field"),
        [
            ("assign", {}, "assignee"),
            ("assign", {"assignee": None, "department": None}, "assignee"),
            ("resolve", {}, "note"),
            ("resolve", {"note": "   "}, "note"),
            ("return", {"note": ""}, "note"),
        ],
    )
    def test_actions_that_need_input_refuse_without_it(self, action, payload, field, people):
        item = self.item_in(loop.STATUS_FOR[action], people)
        before = loop.snapshot(item)

        response = api_client(people.editor, language="en").post(
            self.action_url(item, action), payload, format="json")

        assert response.status_code == 400
        assert field in response.json()
        assert loop.snapshot(item) == before

    def test_assigning_to_an_unknown_user_is_refused(self, people):
        item = self.item_in(loop.REPORTED, people)
        before = loop.snapshot(item)
        response = api_client(people.editor).post(self.action_url(item, "assign"),
                                                  {"assignee": 999_999}, format="json")
        assert response.status_code == 400
        assert "assignee" in response.json()
        assert loop.snapshot(item) == before

    # --- four eyes ---------------------------------------------------------------------------
    def test_the_resolver_cannot_verify_their_own_work(self, people):
        item = self.item_in(loop.IN_PROGRESS, people)
        client = api_client(people.editor, language="en")
        assert client.post(self.action_url(item, "resolve"), {"note": "Done."},
                           format="json").status_code == 200
        before = loop.snapshot(item)

        response = client.post(self.action_url(item, "verify"), {"note": "Looks fine."},
                               format="json")

        assert response.status_code == 400
        assert response.json() == {
            "non_field_errors": ["The person who resolved an item cannot also verify it."]
        }
        assert loop.snapshot(item) == before
        # Somebody else may sign it off.
        response = api_client(people.other_editor).post(self.action_url(item, "verify"), {},
                                                        format="json")
        assert response.status_code == 200
        assert response.json()["status"]["value"] == loop.CLOSED

    # --- who may act ----------------------------------------------------------------------------
    def viewer(self):
        """Someone of another office than the worker's, who only views these items."""
        user = make_user("viewer", self.viewer_office)
        if self.owner_office is None:
            return with_model_rights(user, self.model, actions=("view",))
        return user

    @pytest.mark.parametrize("action", loop.ACTIONS)
    def test_view_permission_alone_cannot_act(self, action, people):
        item = self.item_in(loop.STATUS_FOR[action], people)
        before = loop.snapshot(item)
        client = api_client(self.viewer())

        assert client.get(self.detail_url(item)).status_code == 200
        assert client.get(self.transitions_url(item)).status_code == 200
        response = client.post(self.action_url(item, action),
                               loop.payload_for(action, people.other_editor), format="json")

        assert response.status_code == 403
        assert loop.snapshot(item) == before

    @pytest.mark.parametrize("action", loop.ACTIONS)
    def test_a_stranger_gets_exactly_401(self, action, people):
        item = self.item_in(loop.RESOLVED, people)
        before = loop.snapshot(item)
        client = api_client(None)

        assert client.get(self.list_url()).status_code == 401
        assert client.get(self.transitions_url(item)).status_code == 401
        response = client.post(self.action_url(item, action),
                               loop.payload_for(action, people.other_editor), format="json")

        assert response.status_code == 401
        assert loop.snapshot(item) == before

    # --- stale steps ----------------------------------------------------------------------------
    def test_a_stale_version_in_the_body_is_refused(self, people):
        item = self.item_in(loop.ASSIGNED, people)
        before = loop.snapshot(item)
        response = api_client(people.editor).post(
            self.action_url(item, "start"), {"version": item.version - 1}, format="json")
        assert response.status_code == 409
        assert response.json()["version"] == item.version
        assert loop.snapshot(item) == before

    def test_a_stale_if_match_is_refused_and_the_current_one_accepted(self, people):
        item = self.item_in(loop.IN_PROGRESS, people)
        before = loop.snapshot(item)
        client = api_client(people.editor)

        response = client.post(self.action_url(item, "resolve"), {"note": "Done."},
                               format="json", HTTP_IF_MATCH=f'"{item.version - 1}"')
        assert response.status_code == 412
        assert response.json()["version"] == item.version
        assert loop.snapshot(item) == before

        etag = client.get(self.detail_url(item))["ETag"]
        response = client.post(self.action_url(item, "resolve"), {"note": "Done."},
                               format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, response.json()
        assert response["ETag"] == f'"{item.version + 1}"'

    def test_of_two_editors_holding_the_same_version_only_the_first_moves_it(self, people):
        item = self.item_in(loop.ASSIGNED, people)
        read_version = api_client(people.editor).get(self.detail_url(item)).json()["version"]

        first = api_client(people.editor).post(self.action_url(item, "start"),
                                               {"version": read_version}, format="json")
        after_first = loop.snapshot(item)
        second = api_client(people.other_editor).post(
            self.action_url(item, "resolve"), {"version": read_version, "note": "Done."},
            format="json")

        assert first.status_code == 200
        assert second.status_code == 409
        assert loop.snapshot(item) == after_first
        assert after_first["status"] == loop.IN_PROGRESS

    # --- evidence limits --------------------------------------------------------------------------
    def test_evidence_beyond_the_limits_refuses_the_whole_step(self, people, settings, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.factories import evidence_photo

        settings.MEDIA_ROOT = str(tmp_path / "media")
        settings.CUIZHAI_MAX_FILES_PER_ACTION = 2
        item = self.item_in(loop.IN_PROGRESS, people)
        before = loop.snapshot(item)
        client = api_client(people.editor, language="en")
        for files in (
            [evidence_photo(f"照片{n}.jpg") for n in range(3)],  # one too many
            [SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 64)],  # not a type kept
            [SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 64)],  # not a JPEG
        ):
            response = client.post(self.action_url(item, "resolve"),
                                   {"note": "Done.", "evidence": files}, format="multipart")
            assert response.status_code == 400
            assert "evidence" in response.json()
            assert loop.snapshot(item) == before
        assert not [p for p in tmp_path.rglob("*") if p.is_file()]

        response = client.post(self.action_url(item, "resolve"),
                               {"note": "Done.", "evidence": [evidence_photo()]},
                               format="multipart")
        assert response.status_code == 200, response.json()
        log = client.get(self.transitions_url(item)).json()
        assert [e["name"] for e in log[-1]["evidence"]] == ["现场照片.jpg"]

    # --- timeliness ------------------------------------------------------------------------------
    def test_timeliness_and_hours_taken_are_listed_and_filterable(self, people, settings):
        settings.CUIZHAI_DUE_SOON_HOURS = 6
        now = timezone.now()
        owner, worker = people.reporter, people.worker
        # Unanswered for 30 days: both clocks have run out.
        self.report(owner, "Forgotten", reported_at=now - timedelta(days=30))
        # Unanswered for 25 hours: the 24-hour response clock has run out.
        self.report(owner, "Unanswered", reported_at=now - timedelta(hours=25))
        # Unanswered for 20 hours: 4 hours left to respond, within the 6-hour warning.
        self.report(owner, "Answer soon", reported_at=now - timedelta(hours=20))
        # Answered after 30 hours, and well within its working-day deadline.
        answered = self.report(owner, "Answered late", reported_at=now - timedelta(hours=30))
        loop.walk(answered, loop.ASSIGNED, owner=owner, worker=worker)
        # Resolved after 50 hours: on time.
        quick = self.report(owner, "Quick fix", reported_at=now - timedelta(hours=50))
        quick = closed_loop.closed_loop_assign(quick, by=owner, assignee=worker)
        closed_loop.closed_loop_resolve(quick, by=worker, note="Done.")
        # Resolved 30 days after the report: finished, but late.
        slow = self.report(owner, "Slow fix", reported_at=now - timedelta(days=30))
        slow = closed_loop.closed_loop_assign(slow, by=owner, assignee=worker)
        slow = closed_loop.closed_loop_resolve(slow, by=worker, note="Done at last.")
        closed_loop.closed_loop_verify(slow, by=owner)
        client = api_client(people.editor)

        rows = {r["title"]: r for r in client.get(self.list_url()).json()["results"]}

        assert {title: r["timeliness"]["value"] for title, r in rows.items()} == {
            "Forgotten": "overdue",
            "Unanswered": "overdue",
            "Answer soon": "due_soon",
            "Answered late": "on_time",
            "Quick fix": "on_time",
            "Slow fix": "overdue",
        }
        assert rows["Answered late"]["response_hours_taken"] == 30.0
        assert rows["Answered late"]["resolution_hours_taken"] is None
        assert rows["Quick fix"]["resolution_hours_taken"] == 50.0
        assert rows["Slow fix"]["resolution_hours_taken"] == 720.0
        assert rows["Forgotten"]["response_hours_taken"] is None
        assert rows["Answered late"]["responded_in_time"] is False
        assert rows["Answer soon"]["responded_in_time"] is None

        def titles(**params):
            response = client.get(self.list_url(), params)
            assert response.status_code == 200, response.json()
            return {r["title"] for r in response.json()["results"]}

        assert titles(timeliness="overdue") == {"Forgotten", "Unanswered", "Slow fix"}
        assert titles(timeliness="due_soon") == {"Answer soon"}
        assert titles(timeliness="on_time") == {"Answered late", "Quick fix"}
        assert titles(is_open="false") == {"Quick fix", "Slow fix"}
        assert client.get(self.list_url(), {"timeliness": "late"}).status_code == 400

    # --- query counts -----------------------------------------------------------------------------
    def test_the_list_runs_a_fixed_number_of_queries(self, people, django_assert_max_num_queries):
        from cuizhai.core.models import Department

        department = Department.objects.create(name="城市管理办公室", code="city-management")

        def make_items(count):
            # Spread over every status, with every relation filled in.
            for n in range(count):
                status = loop.STATUSES[n % len(loop.STATUSES)]
                item = self.item_in(status, people)
                if status != loop.REPORTED:
                    type(item).objects.filter(pk=item.pk).update(handling_department=department)

        client = api_client(people.editor)
        client.get(self.list_url())  # warm the user's permission cache
        make_items(3)
        with django_assert_max_num_queries(self.list_query_bound) as few:
            assert len(client.get(self.list_url()).json()["results"]) == 3
        make_items(20)
        with django_assert_max_num_queries(len(few)):
            assert len(client.get(self.list_url()).json()["results"]) == 23

    def test_the_transition_log_runs_a_fixed_number_of_queries(self, people,
                                                               django_assert_max_num_queries):
        client = api_client(people.editor)
        short = self.item_in(loop.REPORTED, people)
        long = self.item_in(loop.CLOSED, people)
        client.get(self.transitions_url(short))  # warm the user's permission cache

        with django_assert_max_num_queries(self.log_query_bound) as one_step:
            assert len(client.get(self.transitions_url(short)).json()) == 1
        with django_assert_max_num_queries(len(one_step)):
            log = client.get(self.transitions_url(long)).json()
        assert len(log) == 5
        times = [datetime.fromisoformat(r["at"]) for r in log]
        assert times == sorted(times)
