"""The field types that recur across apps: amounts of money, years and months.

Each is a plain Django field with its limits filled in, and deconstructs as that plain field:
migrations never name these classes, so moving or renaming one never breaks a migration.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Amounts are kept in 万元 (10,000 yuan) to two places (100 yuan). Sixteen digits hold every
# amount the office deals with (up to 10¹⁴ 万元) and every sum of them that a list or summary
# adds up, so columns, annotations and serializers share one precision.
MONEY_MAX_DIGITS = 16
MONEY_DECIMAL_PLACES = 2

# The years a record of this office can be about (plans, funding, statistics, campaigns).
YEAR_MIN = 2000
YEAR_MAX = 2100


class _PlainDeconstruct:
    """Deconstruct as the Django field this class extends (see the module docstring)."""

    plain_path: str

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_path, args, kwargs


class MoneyField(_PlainDeconstruct, models.DecimalField):
    """An amount in 万元. Put the unit in the verbose name (``_("amount (万元)")``); an amount
    in yuan, should one ever be needed, is a plain ``DecimalField`` named ``…_yuan``."""

    plain_path = "django.db.models.DecimalField"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        super().__init__(*args, **kwargs)


class _BoundedSmallIntegerField(_PlainDeconstruct, models.PositiveSmallIntegerField):
    plain_path = "django.db.models.PositiveSmallIntegerField"
    min_value: int
    max_value: int

    def __init__(self, *args, **kwargs):
        # Given as ``validators`` rather than ``default_validators`` so that they stay in the
        # migrations written before these classes existed, unchanged.
        kwargs.setdefault(
            "validators", [MinValueValidator(self.min_value), MaxValueValidator(self.max_value)]
        )
        super().__init__(*args, **kwargs)


class YearField(_BoundedSmallIntegerField):
    """A calendar year from ``YEAR_MIN`` to ``YEAR_MAX``; pair it with ``year_range()`` in
    ``Meta.constraints``."""

    min_value = YEAR_MIN
    max_value = YEAR_MAX


class MonthField(_BoundedSmallIntegerField):
    """A month, 1 to 12; pair it with ``month_range()`` in ``Meta.constraints``."""

    min_value = 1
    max_value = 12
