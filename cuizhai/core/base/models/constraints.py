"""Constraints that recur across models, named ``%(app_label)s_%(class)s_<rule>``.

Each returns a constraint for ``Meta.constraints``: the database enforces the rule, and
``full_clean()`` reports its translated message before a save is tried.
"""

from django.db import models
from django.db.models import F, Q
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


def not_before(later, earlier, *, rule, message):
    """``later`` is not before ``earlier`` when both are given (an end and its start)."""
    condition = (Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": True})
                 | Q(**{f"{later}__gte": F(earlier)}))
    return _check(condition, rule, message)


def unique(*fields, rule, message):
    """One row per combination of ``fields`` (one value per indicator and month...)."""
    return models.UniqueConstraint(
        fields=list(fields), name=f"%(app_label)s_%(class)s_{rule}",
        violation_error_message=message,
    )


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
