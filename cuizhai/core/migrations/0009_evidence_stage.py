from django.db import migrations, models

# A file attached to a step shows that step's phase: the situation as reported or being
# taken in hand (before rectification), or as rectified (after).
AFTER_ACTIONS = ("resolve", "verify", "return")


def stage_from_step(apps, schema_editor):
    TransitionEvidence = apps.get_model("core", "TransitionEvidence")
    TransitionEvidence.objects.filter(transition__action__in=AFTER_ACTIONS).update(stage="after")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0008_checklists"),
    ]

    operations = [
        migrations.AddField(
            model_name="transitionevidence",
            name="stage",
            field=models.CharField(
                choices=[("before", "Before rectification"), ("after", "After rectification")],
                default="before", max_length=10, verbose_name="shows",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(stage_from_step, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="transitionevidence",
            constraint=models.CheckConstraint(
                condition=models.Q(("stage__in", ["before", "after"])),
                name="core_transitionevidence_stage_valid",
                violation_error_message="An evidence file shows the situation before or after rectification.",
            ),
        ),
    ]
