"""The enterprise register moves from ``projects`` into the core (issue 6 §2): every row,
its id and its history are kept.

The state gains ``core.Enterprise`` and its history model; in the database, the tables the
projects app created are renamed (``projects_enterprise`` → ``core_enterprise``,
``projects_historicalenterprise`` → ``core_historicalenterprise``), with the check
constraint's name, rather than copied: a rename keeps every row, id and history entry, the
sequences and the foreign keys that point at the table (PostgreSQL refers to a table by its
identity; SQLite ≥ 3.26 rewrites the references), and takes no time. Projects' migration
0004 then points its foreign keys at ``core.Enterprise`` and moves the content types.

Where the projects app is installed, this migration runs after its 0003 (the dependency is
added only then, so that the core never needs an app); a database without the projects
tables gets new, empty ones.
"""

import django.db.models.deletion
import simple_history.models
from django.apps import apps as installed_apps
from django.conf import settings
from django.db import migrations, models

import cuizhai.core.validators

OLD_TABLES = {
    "Enterprise": "projects_enterprise",
    "HistoricalEnterprise": "projects_historicalenterprise",
}
OLD_CONSTRAINT = "projects_enterprise_output_not_negative"


def _renamed_check(enterprise, name):
    (constraint,) = enterprise._meta.constraints
    renamed = constraint.clone()
    renamed.name = name
    return constraint, renamed


def adopt_projects_tables(apps, schema_editor):
    """Rename the projects app's enterprise tables to the core's; create them if absent."""
    tables = set(schema_editor.connection.introspection.table_names())
    for name, old_table in OLD_TABLES.items():
        model = apps.get_model("core", name)
        if old_table in tables:
            schema_editor.alter_db_table(model, old_table, model._meta.db_table)
        else:
            schema_editor.create_model(model)
    if OLD_TABLES["Enterprise"] in tables:
        enterprise = apps.get_model("core", "Enterprise")
        constraint, old = _renamed_check(enterprise, OLD_CONSTRAINT)
        schema_editor.remove_constraint(enterprise, old)
        schema_editor.add_constraint(enterprise, constraint)


def return_projects_tables(apps, schema_editor):
    """Backwards: give the tables back to the projects app if it is there, else drop them."""
    try:
        projects_enterprise = apps.get_model("projects", "Enterprise")
    except LookupError:
        for name in OLD_TABLES:
            schema_editor.delete_model(apps.get_model("core", name))
        return
    for name, old_table in OLD_TABLES.items():
        model = apps.get_model("core", name)
        schema_editor.alter_db_table(model, model._meta.db_table, old_table)
    old, _new = _renamed_check(projects_enterprise, "core_enterprise_output_not_negative")
    schema_editor.remove_constraint(projects_enterprise, _new)
    schema_editor.add_constraint(projects_enterprise, old)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_department_office'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        *([('projects', '0003_scale_list_indexes')] if installed_apps.is_installed('projects')
          else []),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Enterprise',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('credit_code', models.CharField(max_length=18, unique=True, validators=[cuizhai.core.validators.validate_credit_code], verbose_name='unified social credit code')),
                        ('industry', models.CharField(blank=True, max_length=100, verbose_name='industry')),
                        ('park', models.CharField(blank=True, max_length=100, verbose_name='park')),
                        ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                        ('is_relocating', models.BooleanField(default=False, verbose_name='relocating into a park')),
                        ('expected_output_value', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='expected output value (万元)')),
                    ],
                    options={
                        'verbose_name': 'enterprise',
                        'verbose_name_plural': 'enterprises',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('expected_output_value__gte', 0)), name='core_enterprise_output_not_negative', violation_error_message='The expected output value cannot be negative.')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalEnterprise',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('name', models.CharField(db_index=True, max_length=200, verbose_name='name')),
                        ('credit_code', models.CharField(db_index=True, max_length=18, validators=[cuizhai.core.validators.validate_credit_code], verbose_name='unified social credit code')),
                        ('industry', models.CharField(blank=True, max_length=100, verbose_name='industry')),
                        ('park', models.CharField(blank=True, max_length=100, verbose_name='park')),
                        ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                        ('is_relocating', models.BooleanField(default=False, verbose_name='relocating into a park')),
                        ('expected_output_value', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='expected output value (万元)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical enterprise',
                        'verbose_name_plural': 'historical enterprises',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.RunPython(adopt_projects_tables, return_projects_tables),
    ]
