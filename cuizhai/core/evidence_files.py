"""An evidence file lives as long as its row: a deleted row takes its file off the disk.

A signal rather than a service, because the rows also go by cascade (a transition, a
content type) where no service runs; the file is removed only once the deletion is
committed, so a rolled-back delete keeps both.
"""

from django.db import transaction


def delete_file_with_row(sender, instance, using=None, **kwargs):
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name), using=using)
