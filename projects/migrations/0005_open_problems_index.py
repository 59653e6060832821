"""The open problems (``?is_open=true`` and the summary's open figures) read from a partial
index of their own.

EXPLAIN ANALYZE on generated data (``generate_scale --subdistricts 5 --years 10``: 16,645
problems, 923 open; PostgreSQL 15):

- first page of 50 open problems, newest first: before, a backward scan of
  ``projects_problem_reported_idx`` skipping the finished ones, 24.3 ms; after, an index-only
  scan of this index, 0.06 ms;
- the count of open problems: before, a sequential scan, 39.8 ms; after, 0.24 ms.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_department_office'),
        ('projects', '0004_enterprise_moved_to_core'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='projectproblem',
            index=models.Index(condition=models.Q(('status__in', ('resolved', 'closed')), _negated=True), fields=['reported_at', 'id'], name='projects_problem_open_idx'),
        ),
    ]
