"""Check constraints that recur across models, named ``%(app_label)s_%(class)s_<rule>``.

Each returns a ``CheckConstraint`` for ``Meta.constraints``: the database enforces the rule,
and ``full_clean()`` reports its translated message before a save is tried.
"""

from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .fields import YEAR_MAX, YEAR_MIN


def _check(condition, rule, message):
    return models.CheckConstraint(
        condition=condition,
        name=f"%(app_label)s_%(class)s_{rule}",
        violation_error_message=message,
    )


def choices_constraint(field, choices, *, message):
    """``field`` holds one of ``choices`` (a ``TextChoices`` class or a list of values):
    rule ``<field>_valid``."""
    values = list(getattr(choices, "values", choices))
    return _check(Q(**{f"{field}__in": values}), f"{field}_valid", message)


def non_negative(field, *, message, rule=None):
    """``field`` is zero or more: rule ``<rule or field>_not_negative``.

    A NULL passes, in the database as in ``full_clean()`` (which counts an unknown result
    as passing), so a nullable amount needs no ``isnull`` clause.
    """
    return _check(Q(**{f"{field}__gte": 0}), f"{rule or field}_not_negative", message)


def value_range(field, low, high, *, message, rule=None):
    """``low <= field <= high``: rule ``<rule or field>_range``."""
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return _check(condition, f"{rule or field}_range", message)


def year_range(field="year"):
    """The database's half of ``YearField``."""
    return value_range(
        field, YEAR_MIN, YEAR_MAX,
        message=format_lazy(_("The year must be between {low} and {high}."),
                            low=YEAR_MIN, high=YEAR_MAX),
    )


def month_range(field="month"):
    """The database's half of ``MonthField``."""
    return value_range(field, 1, 12, message=_("Month must be between 1 and 12."))
