"""Enterprises are the core's register now (core 0007 renamed the tables): the foreign keys
of visits, needs, support outcomes and projects (and of their history) point at
``core.Enterprise`` — in the state only, the database's constraints already point at the
renamed table — and the content types move to the core, so that the permissions
(``core.change_enterprise``…) and the admin's log follow the same rows. History entries are
rows of the renamed history table (django-simple-history keeps no content type), so every
entry stays with its record.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED_MODELS = ("enterprise", "historicalenterprise")


def _move_content_types(apps, schema_editor, old_label, new_label):
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(
        schema_editor.connection.alias
    )
    for model in MOVED_MODELS:
        moving = content_types.filter(app_label=old_label, model=model).first()
        if moving is None:
            continue  # a new database: post_migrate creates the content types
        # One created meanwhile for the new label (by a migrate stopped halfway) is still
        # empty: the permissions and log entries that count are the moving one's.
        content_types.filter(app_label=new_label, model=model).delete()
        moving.app_label = new_label
        moving.save(update_fields=["app_label"])
    content_types.clear_cache()
    CurrentContentType.objects.clear_cache()


def content_types_to_core(apps, schema_editor):
    _move_content_types(apps, schema_editor, "projects", "core")


def content_types_to_projects(apps, schema_editor):
    _move_content_types(apps, schema_editor, "core", "projects")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0007_enterprise_register'),
        ('projects', '0003_scale_list_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='visit',
                    name='enterprise',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.AlterField(
                    model_name='historicalproject',
                    name='owner_enterprise',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.enterprise', verbose_name='owner enterprise'),
                ),
                migrations.AlterField(
                    model_name='enterpriseneed',
                    name='enterprise',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='needs', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.AlterField(
                    model_name='historicalsupportoutcome',
                    name='enterprise',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.AlterField(
                    model_name='project',
                    name='owner_enterprise',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='core.enterprise', verbose_name='owner enterprise'),
                ),
                migrations.AlterField(
                    model_name='supportoutcome',
                    name='enterprise',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_outcomes', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.AlterField(
                    model_name='historicalvisit',
                    name='enterprise',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.AlterField(
                    model_name='historicalenterpriseneed',
                    name='enterprise',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='core.enterprise', verbose_name='enterprise'),
                ),
                migrations.RemoveField(
                    model_name='historicalenterprise',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='Enterprise',
                ),
                migrations.DeleteModel(
                    name='HistoricalEnterprise',
                ),
            ],
        ),
        migrations.RunPython(content_types_to_core, content_types_to_projects),
    ]
