"""The closed-loop admin (ClosedLoopAdmin), seen through SampleTicket's admin pages."""

from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cuizhai.core import roles
from cuizhai.core.base.models import ClosedLoopItem
from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence
from projects.models import ProjectProblem
from resettlement.models import RepairRequest
from safety.models import Hazard
from tests.workflow_app.models import SampleTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00" + b"\x00" * 64
CHANGELIST = reverse("admin:workflow_app_sampleticket_changelist")


def change_url(ticket):
    return reverse("admin:workflow_app_sampleticket_change", args=[ticket.pk])


def step_url(ticket):
    return reverse("admin:workflow_app_sampleticket_transition", args=[ticket.pk])


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="workflow_app", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


def snapshot(ticket):
    ticket = SampleTicket.objects.get(pk=ticket.pk)
    return (ticket.status, ticket.version, ticket.assignee_id, ticket.resolved_by_id,
            list(ticket.transitions.values_list("pk", flat=True)),
            TransitionEvidence.objects.count())


def report(people, title="Dust on site 5", **fields):
    return closed_loop.closed_loop_report(model=SampleTicket, by=people.reporter, title=title,
                                       **fields)


def assigned(people, title="Dust on site 5", **fields):
    return closed_loop.closed_loop_assign(report(people, title, **fields), by=people.reporter,
                                       assignee=people.worker)


def resolved_by(user, people, title="Dust on site 5"):
    ticket = closed_loop.closed_loop_start(assigned(people, title), by=people.worker)
    return closed_loop.closed_loop_resolve(ticket, by=user, note="Site covered with nets.")


def messages_of(response):
    return [(m.level, m.message) for m in response.context["messages"]]


def english(client, user):
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        # Tickets are owned by whoever may change them; staff of an office are assigned them.
        reporter=grant(make_user("reporter"), "view_sampleticket", "add_sampleticket",
                       "change_sampleticket"),
        worker=make_user("worker", roles.office_group("safety")),
        editor=grant(make_user("safety-editor", roles.office_group("safety")), "view_sampleticket",
                     "add_sampleticket", "change_sampleticket"),
        # Of another office than the worker's: not the office handling the tickets.
        viewer=grant(make_user("viewer", roles.office_group("projects")), "view_sampleticket"),
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


# --- the change list ---------------------------------------------------------------------------
def test_the_change_list_shows_timeliness_and_filters_on_it(people, client):
    now = timezone.now()
    late = report(people, "Forgotten", reported_at=now - timedelta(days=30))
    fine = assigned(people, "In hand", reported_at=now - timedelta(hours=1))
    client = english(client, people.editor)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    html = response.content.decode()
    # A late item wears a red badge; one on time shows nothing (no green "on time").
    assert '<span class="badge badge-danger">Overdue</span>' in html
    assert "On time</span>" not in html
    shown = {t.pk: t.timeliness for t in response.context["cl"].result_list}
    assert shown == {late.pk: "overdue", fine.pk: "on_time"}

    filtered = client.get(CHANGELIST, {"timeliness": "overdue"})
    assert [t.pk for t in filtered.context["cl"].result_list] == [late.pk]


def test_the_change_list_runs_a_fixed_number_of_queries(people, client,
                                                        django_assert_max_num_queries):
    client.force_login(people.editor)
    for n in range(2):
        assigned(people, f"Ticket {n}")
    client.get(CHANGELIST)
    with django_assert_max_num_queries(20) as few:
        client.get(CHANGELIST)

    for n in range(2, 15):
        assigned(people, f"Ticket {n}")
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(CHANGELIST).context["cl"].result_list) == 15


# --- the change page ---------------------------------------------------------------------------
def test_the_change_page_links_to_the_workflow_step_and_shows_the_log(people, client,
                                                                      media_root):
    ticket = assigned(people, reported_at=datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI))
    ticket = closed_loop.closed_loop_start(ticket, by=people.worker)
    closed_loop.closed_loop_resolve(
        ticket, by=people.worker, note="Nets {fixed} on 100% of the site",
        evidence=[SimpleUploadedFile("after.jpg", JPEG_BYTES)],
    )
    client = english(client, people.editor)

    response = client.get(change_url(ticket))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{step_url(ticket)}"' in html
    assert "Nets {fixed} on 100% of the site" in html
    # A photo: its thumbnail, linked to the file, with what it shows.
    evidence = TransitionEvidence.objects.get(original_name="after.jpg")
    assert (f'<a href="{reverse("core-api:evidence-download", args=[evidence.pk])}" '
            'title="after.jpg">') in html
    assert f'src="{reverse("core-api:evidence-thumbnail", args=[evidence.pk])}"' in html
    assert "<figcaption>After rectification</figcaption>" in html
    assert "Report → Reported" in html
    assert "Resolve → Resolved" in html


def test_the_log_is_shown_in_beijing_time(people, client):
    ticket = report(people, reported_at=datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI))
    ticket.transitions.update(at=datetime(2024, 10, 8, 10, 5, tzinfo=SHANGHAI))

    response = english(client, people.editor).get(change_url(ticket))

    assert "2024-10-08 10:05 · reporter · Report" in response.content.decode()


def test_adding_in_the_admin_reports_through_the_service(people, client):
    client = english(client, people.editor)

    response = client.post(reverse("admin:workflow_app_sampleticket_add"), {
        "title": "Blocked fire exit", "description": "", "location": "清宁社区",
        "severity": "general",
        "reported_at_0": "2024-09-27", "reported_at_1": "10:00:00",
    })

    assert response.status_code == 302, response.context["adminform"].form.errors
    ticket = SampleTicket.objects.get(title="Blocked fire exit")
    assert ticket.reported_by == people.editor
    assert ticket.response_due == datetime(2024, 9, 28, 10, 0, tzinfo=SHANGHAI)
    # Fri Sep 27 + 5: Sun 29 (make-up) 1, Mon 30 2, [Oct 1-7 off], Tue 8 3, Wed 9 4, Thu 10 5
    assert ticket.resolution_due == datetime.combine(date(2024, 10, 10), time(23, 59, 59),
                                                     tzinfo=SHANGHAI)
    assert list(ticket.transitions.values_list("action", "actor")) == [
        ("report", people.editor.pk)
    ]


def test_moving_the_report_time_in_the_admin_moves_the_deadlines(people, client):
    ticket = report(people, reported_at=datetime(2024, 9, 27, 10, 0, tzinfo=SHANGHAI))
    client = english(client, people.editor)

    response = client.post(change_url(ticket), {
        "title": ticket.title, "description": "", "location": "", "severity": "general",
        "reported_at_0": "2024-10-09", "reported_at_1": "10:00:00",
        "loaded_version": ticket.version,
    })

    assert response.status_code == 302, response.context["adminform"].form.errors
    ticket.refresh_from_db()
    assert ticket.response_due == datetime(2024, 10, 10, 10, 0, tzinfo=SHANGHAI)
    # Wed Oct 9 + 5: Thu 10 1, Fri 11 2, Sat 12 (make-up) 3, [Sun 13 off], Mon 14 4, Tue 15 5
    assert ticket.resolution_due == datetime.combine(date(2024, 10, 15), time(23, 59, 59),
                                                     tzinfo=SHANGHAI)
    assert ticket.version == 2


def test_an_answered_items_report_time_is_fixed_in_the_admin(people, client):
    ticket = assigned(people)  # reported just now, with microseconds
    shown = timezone.localtime(ticket.reported_at)
    client = english(client, people.editor)
    form = {"title": "Dust on site 5, north gate", "description": "", "location": "",
            "severity": "general",
            "reported_at_0": shown.date().isoformat(), "reported_at_1": shown.strftime("%H:%M:%S"),
            "loaded_version": ticket.version}

    moved = client.post(change_url(ticket), {**form, "reported_at_0": "2024-10-09"})

    assert moved.status_code == 200
    assert "The report time cannot change once the item has been answered." in (
        moved.content.decode())
    assert SampleTicket.objects.get(pk=ticket.pk).version == ticket.version

    # Saved as shown (whole seconds), the stored time keeps its precision.
    kept = client.post(change_url(ticket), form)

    assert kept.status_code == 302, kept.context["adminform"].form.errors
    saved = SampleTicket.objects.get(pk=ticket.pk)
    assert saved.title == "Dust on site 5, north gate"
    assert saved.reported_at == ticket.reported_at
    assert saved.response_due == ticket.response_due


def test_a_future_report_time_is_refused_in_the_admin(people, client):
    tomorrow = timezone.localtime() + timedelta(days=1)

    response = english(client, people.editor).post(
        reverse("admin:workflow_app_sampleticket_add"),
        {"title": "Not yet", "description": "", "location": "", "severity": "general",
         "reported_at_0": tomorrow.date().isoformat(), "reported_at_1": "10:00:00"},
    )

    assert response.status_code == 200
    assert "The report time cannot be in the future." in response.content.decode()
    assert not SampleTicket.objects.exists()


# --- the workflow step page --------------------------------------------------------------------
def test_the_step_page_offers_only_the_allowed_actions(people, client):
    ticket = assigned(people)

    response = english(client, people.editor).get(step_url(ticket))

    assert response.status_code == 200
    assert [value for value, _label in response.context["form"].fields["action"].choices] == [
        "assign", "start", "resolve"
    ]


def test_a_legal_step_in_the_admin(people, client):
    ticket = assigned(people)
    client = english(client, people.editor)

    response = client.post(step_url(ticket), {"action": "start", "note": "On my way.",
                                              "loaded_version": ticket.version}, follow=True)

    assert response.redirect_chain == [(change_url(ticket), 302)]
    assert (messages.SUCCESS, "“Start work” done.") in messages_of(response)
    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    step = ticket.transitions.last()
    assert (step.action, step.actor, step.note) == ("start", people.editor, "On my way.")


def test_assigning_in_the_admin(people, client):
    ticket = report(people)

    response = english(client, people.editor).post(step_url(ticket), {
        "action": "assign", "assignee": people.worker.pk, "loaded_version": ticket.version,
    })

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == ("assigned", people.worker)


def test_resolving_in_the_admin_with_several_photos(people, client, media_root):
    ticket = closed_loop.closed_loop_start(assigned(people), by=people.worker)

    response = english(client, people.editor).post(step_url(ticket), {
        "action": "resolve", "note": "Nets in place.", "loaded_version": ticket.version,
        "evidence": [SimpleUploadedFile("before.jpg", JPEG_BYTES),
                     SimpleUploadedFile("after.jpg", JPEG_BYTES)],
    })

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert list(ticket.transitions.last().evidence.values_list("original_name", flat=True)) == [
        "before.jpg", "after.jpg"
    ]
    assert len([p for p in Path(media_root).rglob("*") if p.is_file()]) == 2


@pytest.mark.parametrize(
    ("setup", "form", "error"),
    [
        # An action the status does not allow is not even a choice.
        ("assigned", {"action": "verify"}, "Select a valid choice."),
        ("assigned", {"action": "return", "note": "x"}, "Select a valid choice."),
        ("assigned", {"action": "resolve"}, "Describe how the item was resolved."),
        ("reported", {"action": "assign"},
         "Name the person or the department the item is assigned to."),
        # The resolver is not offered the verify step: a forged one is refused as such.
        ("resolved-by-editor", {"action": "verify"}, "Select a valid choice."),
        ("assigned", {"action": "start", "stale": True}, "changed by someone else"),
        ("in_progress", {"action": "resolve", "note": "Done.",
                         "evidence": [SimpleUploadedFile("photo.jpg", EXE_BYTES)]},
         "photo.jpg: The file&#x27;s content does not match its .jpg extension."),
    ],
    ids=["illegal-verify", "illegal-return", "no-note", "no-assignee", "four-eyes", "stale",
         "fake-photo"],
)
def test_a_refused_step_shows_why_and_changes_nothing(setup, form, error, people, client,
                                                      media_root):
    ticket = {
        "reported": lambda: report(people),
        "assigned": lambda: assigned(people),
        "in_progress": lambda: closed_loop.closed_loop_start(assigned(people), by=people.worker),
        "resolved-by-editor": lambda: resolved_by(people.editor, people),
    }[setup]()
    before = snapshot(ticket)
    data = {k: v for k, v in form.items() if k != "stale"}
    data["loaded_version"] = ticket.version - 1 if form.get("stale") else ticket.version

    response = english(client, people.editor).post(step_url(ticket), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert error in response.content.decode()
    assert snapshot(ticket) == before
    assert not any(p.is_file() for p in Path(media_root).rglob("*"))


def test_a_closed_item_offers_no_step(people, client):
    ticket = closed_loop.closed_loop_verify(resolved_by(people.worker, people), by=people.reporter)

    response = english(client, people.editor).get(step_url(ticket))

    assert "This item is closed: no further step is possible." in response.content.decode()


def test_view_permission_alone_cannot_take_a_step(people, client):
    ticket = assigned(people)
    before = snapshot(ticket)
    client.force_login(people.viewer)

    assert client.get(change_url(ticket)).status_code == 200
    assert client.get(step_url(ticket)).status_code == 403
    response = client.post(step_url(ticket), {"action": "start",
                                              "loaded_version": ticket.version})

    assert response.status_code == 403
    assert snapshot(ticket) == before
    assert f'href="{step_url(ticket)}"' not in client.get(change_url(ticket)).content.decode()


# --- bulk actions ------------------------------------------------------------------------------
def test_bulk_start_moves_what_it_can_and_names_the_rest(people, client):
    ready = [assigned(people, "Ready 1"), assigned(people, "Ready 2")]
    waiting = report(people, "Not assigned yet")
    client = english(client, people.editor)

    response = client.post(CHANGELIST, {
        "action": "start_selected", "index": "0",
        "_selected_action": [t.pk for t in [*ready, waiting]],
    }, follow=True)

    assert response.status_code == 200
    shown = messages_of(response)
    assert (messages.SUCCESS, "2 item(s): “Start work” done.") in shown
    assert (messages.WARNING,
            "Not assigned yet: “Start work” is not allowed while the item is “Reported”.") in shown
    assert {t.title: t.status for t in SampleTicket.objects.all()} == {
        "Ready 1": "in_progress", "Ready 2": "in_progress", "Not assigned yet": "reported",
    }
    assert SampleTicket.objects.get(pk=waiting.pk).version == waiting.version


def test_bulk_verify_respects_the_four_eyes_rule(people, client):
    by_worker = resolved_by(people.worker, people, "Fixed by the worker")
    by_editor = resolved_by(people.editor, people, "Fixed by the editor")
    client = english(client, people.editor)

    response = client.post(CHANGELIST, {
        "action": "verify_selected", "index": "0",
        "_selected_action": [by_worker.pk, by_editor.pk],
    }, follow=True)

    shown = messages_of(response)
    assert (messages.SUCCESS, "1 item(s): “Verify and close” done.") in shown
    assert (messages.WARNING, "Fixed by the editor: The person who resolved an item cannot "
                              "also verify it.") in shown
    by_worker.refresh_from_db()
    by_editor.refresh_from_db()
    assert (by_worker.status, by_worker.verified_by) == ("closed", people.editor)
    assert (by_editor.status, by_editor.verified_by) == ("resolved", None)


def test_bulk_actions_are_not_offered_to_viewers(people, client):
    assigned(people)
    client.force_login(people.viewer)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "start_selected" not in response.content.decode()


# --- what the step page offers -----------------------------------------------------------------
def offered(client, ticket, **query):
    response = client.get(step_url(ticket), query)
    assert response.status_code == 200
    return response


def test_the_resolver_is_never_offered_the_verify_step(people, client):
    ticket = resolved_by(people.editor, people)

    by_resolver = offered(english(client, people.editor), ticket)
    by_reporter = offered(english(client, people.reporter), ticket)

    assert [a for a, _ in by_resolver.context["form"].fields["action"].choices] == ["return"]
    assert [a for a, _ in by_reporter.context["form"].fields["action"].choices] == [
        "verify", "return"]


def test_only_the_assign_step_shows_assignee_and_department(people, client):
    ticket = assigned(people)
    client = english(client, people.editor)

    assign = offered(client, ticket, action="assign").context["form"]
    start = offered(client, ticket, action="start").context["form"]

    assert {"assignee", "department"} <= set(assign.fields)
    assert not {"assignee", "department"} & set(start.fields)
    html = offered(client, ticket, action="start").content.decode()
    assert 'name="assignee"' not in html
    assert '<input type="submit" class="default" value="Start work">' in html


def test_the_note_is_labelled_as_the_resolution_where_it_is_required(people, client):
    ticket = closed_loop.closed_loop_start(assigned(people), by=people.worker)

    html = offered(english(client, people.editor), ticket, action="resolve").content.decode()

    assert '<label for="id_note" class="required">resolution:</label>' in html
    assert "It becomes the item&#x27;s resolution." in html


def test_the_assignee_list_names_office_staff_by_name_under_their_office(people, client):
    people.worker.first_name = "王磊"
    people.worker.save()
    ticket = report(people)

    html = offered(english(client, people.editor), ticket, action="assign").content.decode()

    assert f'<optgroup label="{roles.office_group("safety")}">' in html
    assert f'<option value="{people.worker.pk}">王磊</option>' in html
    assert f'<option value="{people.reporter.pk}">' not in html  # no office role: may not act


def test_status_and_action_read_differently_in_the_log(people, client):
    ticket = closed_loop.closed_loop_verify(resolved_by(people.worker, people),
                                            by=people.reporter)
    client.force_login(people.reporter)  # Chinese

    html = client.get(change_url(ticket)).content.decode()

    assert "复核销号 → 已销号" in html


# --- the workflow log ---------------------------------------------------------------------------
def test_the_log_links_each_item_with_its_kind(people, client, admin_user_):
    ticket = assigned(people)
    client.force_login(admin_user_)

    response = client.get(reverse("admin:core_workflowtransition_changelist"))

    html = response.content.decode()
    assert f'Sample ticket: <a href="{change_url(ticket)}">Dust on site 5</a>' in html
    assert "登记 → 已交办" in html
    kinds = dict(next(f for f in response.context["cl"].filter_specs
                      if getattr(f, "parameter_name", None) == "content_type").lookup_choices)
    assert list(kinds.values()) == sorted(kinds.values())
    # Closed-loop kinds only: every app's (problems, needs, hazards…) and the test-only
    # apps' tickets and cases; no other model of the log's content types.
    models = {ContentType.objects.get_for_id(int(pk)).model_class() for pk in kinds}
    assert all(issubclass(model, ClosedLoopItem) for model in models)
    assert {SampleTicket, ProjectProblem, Hazard, RepairRequest} <= models


def test_the_api_offers_each_user_the_steps_the_page_offers(people, api_client_for):
    """allowed_actions is the user's: the same rule as the step page (one function)."""
    ticket = resolved_by(people.editor, people)
    url = reverse("sample-api:sampleticket-detail", args=[ticket.pk])

    def allowed(user):
        return api_client_for(user).get(url).json()["allowed_actions"]

    assert allowed(people.reporter) == ["verify", "return"]
    assert allowed(people.editor) == ["return"]  # resolved it: may not verify it
    assert allowed(people.viewer) == []
