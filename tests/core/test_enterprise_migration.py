"""The enterprise register's move from projects into the core, as a database that holds
enterprises lives through it: migrated back to before the move, filled as the projects app
left it, and migrated forward again with Django's own executor."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cuizhai.core.models import Enterprise
from projects.models import Visit
from tests.factories import UserFactory
from tests.projects.factories import credit_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("core", "0006_department_office"), ("projects", "0003_scale_list_indexes")]
AFTER = [("core", "0007_enterprise_register"), ("projects", "0004_enterprise_moved_to_core")]
CODE = credit_code(777)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_state():
    """The database as it was before the move; put back to the latest state afterwards."""
    old_apps = migrate(BEFORE)
    yield old_apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_the_move_keeps_every_row_its_id_its_history_and_what_points_at_it(old_state):
    assert "projects_enterprise" in connection.introspection.table_names()
    assert "core_enterprise" not in connection.introspection.table_names()
    OldEnterprise = old_state.get_model("projects", "Enterprise")
    OldHistory = old_state.get_model("projects", "HistoricalEnterprise")
    OldVisit = old_state.get_model("projects", "Visit")
    OldHistoricalVisit = old_state.get_model("projects", "HistoricalVisit")
    OldContentType = old_state.get_model("contenttypes", "ContentType")
    clerk = UserFactory(username="clerk")

    # Some enterprises first, so that the one followed here is not id 1.
    for n in range(3):
        OldEnterprise.objects.create(name=f"先来企业{n}", credit_code=credit_code(n))
    OldEnterprise.objects.filter(name__startswith="先来企业").delete()
    when = datetime(2024, 6, 1, 8, tzinfo=UTC)
    enterprise = OldEnterprise.objects.create(
        name="济南鼎点数控科技有限公司", credit_code=CODE, park="新能源新材料产业园", version=2,
    )
    for version, (kind, park) in enumerate([("+", ""), ("~", "新能源新材料产业园")], start=1):
        OldHistory.objects.create(
            id=enterprise.pk, name=enterprise.name, credit_code=CODE, park=park, version=version,
            created_at=when, updated_at=when, history_date=when, history_type=kind,
            history_user_id=clerk.pk, history_change_reason="入园",
        )
    visit = OldVisit.objects.create(enterprise=enterprise, date=date(2024, 6, 12),
                                    visitors="王强")
    OldHistoricalVisit.objects.create(
        id=visit.pk, enterprise_id=enterprise.pk, date=visit.date, visitors="王强", version=1,
        created_at=when, updated_at=when, history_date=when, history_type="+",
    )
    # Content types and permissions as the projects app had them: a group holding the
    # change permission, the admin's log of a change.
    old_type = OldContentType.objects.get_or_create(app_label="projects", model="enterprise")[0]
    assert not OldContentType.objects.filter(app_label="core", model="enterprise").exists()
    change = Permission.objects.get_or_create(
        content_type_id=old_type.pk, codename="change_enterprise",
        defaults={"name": "Can change enterprise"},
    )[0]
    office = Group.objects.create(name="某科室")
    office.permissions.add(change)
    LogEntry.objects.create(user=clerk, content_type_id=old_type.pk,
                            object_id=str(enterprise.pk), object_repr=enterprise.name,
                            action_flag=CHANGE)

    migrate(AFTER)
    ContentType.objects.clear_cache()

    tables = connection.introspection.table_names()
    assert {"core_enterprise", "core_historicalenterprise"} <= set(tables)
    assert not {"projects_enterprise", "projects_historicalenterprise"} & set(tables)
    moved = Enterprise.objects.get(pk=enterprise.pk)
    assert (moved.name, moved.credit_code, moved.park, moved.version) == (
        "济南鼎点数控科技有限公司", CODE, "新能源新材料产业园", 2)
    assert list(moved.history.order_by("history_id").values_list(
        "history_type", "park", "history_user__username", "history_change_reason")) == [
        ("+", "", "clerk", "入园"), ("~", "新能源新材料产业园", "clerk", "入园")]
    moved_visit = Visit.objects.get(pk=visit.pk)
    assert moved_visit.enterprise == moved
    assert list(moved.visits.all()) == [moved_visit]
    assert Visit.history.get(id=visit.pk).enterprise == moved

    # One content type, the projects app's own row relabelled: its permission and log follow.
    core_type = ContentType.objects.get_for_model(Enterprise)
    assert core_type.pk == old_type.pk
    assert not ContentType.objects.filter(app_label="projects", model="enterprise").exists()
    assert list(office.permissions.values_list("content_type__app_label", "codename")) == [
        ("core", "change_enterprise")]
    assert LogEntry.objects.get().get_edited_object() == moved

    # New rows carry on after the old ids, and the database still guards the references.
    assert Enterprise.objects.create(name="济南温声玻璃有限公司",
                                     credit_code=credit_code(778)).pk > enterprise.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_enterprise WHERE id = %s", [enterprise.pk])
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "core_enterprise")
    assert "core_enterprise_output_not_negative" in constraints
    assert "projects_enterprise_output_not_negative" not in constraints


def test_the_move_goes_back_as_it_came(old_state):
    OldEnterprise = old_state.get_model("projects", "Enterprise")
    enterprise = OldEnterprise.objects.create(name="济南紫燕食品有限公司", credit_code=CODE)

    migrate(AFTER)
    assert Enterprise.objects.get(pk=enterprise.pk).name == "济南紫燕食品有限公司"
    back = migrate(BEFORE)

    assert back.get_model("projects", "Enterprise").objects.get(pk=enterprise.pk).credit_code \
        == CODE
    assert "core_enterprise" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "projects_enterprise")
    assert "projects_enterprise_output_not_negative" in constraints
