from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from cuizhai.core.base.models.personal import KeyedHashField
from cuizhai.core.base.personal import models_holding_personal_data
from cuizhai.core.base.personal_values import keyed_hash

BATCH = 2000


class Command(BaseCommand):
    help = ("Recompute the keyed hashes that ID numbers are searched by, after "
            "CUIZHAI_PERSONAL_HASH_KEY or DJANGO_SECRET_KEY changed.")

    def handle(self, *args, **options):
        for model in models_holding_personal_data():
            hashes = [f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)]
            if not hashes:
                continue
            sources = [model._meta.get_field(f.of) for f in hashes]
            changed = []
            rows = model._default_manager.only("pk", *(f.attname for f in sources + hashes))
            with transaction.atomic():
                for row in rows.iterator(chunk_size=BATCH):
                    for hashed, source in zip(hashes, sources, strict=True):
                        value = keyed_hash(source.get_prep_value(getattr(row, source.attname)))
                        if getattr(row, hashed.attname) != value:
                            setattr(row, hashed.attname, value)
                            changed.append(row)
                # Only the hash columns: no version, no history entry (nothing a user
                # changed).
                model._default_manager.bulk_update(
                    list({id(r): r for r in changed}.values()),
                    [f.name for f in hashes], batch_size=BATCH,
                )
            self.stdout.write(_("%(model)s: %(count)d hash(es) recomputed.")
                              % {"model": model._meta.label, "count": len(changed)})
