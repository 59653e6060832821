"""A record's display name (``str()``) as an SQL expression, where the model declares what
it is made of: lists and exports read the names with the rows, instead of loading each
related record to call ``str()`` on it. A test holds every declaration to ``str()``."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Case, F, Func, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

# Python's whitespace (``str.strip()``), for the database to strip the same characters.
_WHITESPACE = "".join(chr(code) for code in range(0x10000) if chr(code).isspace())


class StripSpace(Func):
    """``str.strip()`` in SQL: the characters Python counts as whitespace, at both ends."""

    function = "TRIM"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(_WHITESPACE))

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="BTRIM", **extra)


def user_display(prefix):
    """``str(user)`` here (``cuizhai.core.base.admin.display.person``): the full name, else
    the login."""
    full = StripSpace(Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name"),
                             output_field=models.TextField()))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"),
                    output_field=models.TextField())


# The display name (``str()``) of the models the project cannot declare it on.
DISPLAY_EXPRESSIONS = {"auth.user": user_display}


def display_columns(model):
    """The text columns whose values, joined by a space, are ``str()`` of a ``model`` record,
    as the model declares them (``display_columns = ("code", "name")``, kept true by a
    test; a column may be reached through a foreign key that cannot be empty:
    ``("community__name", "number")``), or None. Only columns that can never be NULL:
    ``str()`` would print "None"."""
    declared = model.__dict__.get("display_columns")
    if not declared:
        return None
    for name in declared:
        model_field = field_through_required_relations(model, name)
        if (not isinstance(model_field, models.CharField | models.TextField)
                or model_field.null or model_field.choices):
            return None
    return tuple(declared)


def field_through_required_relations(model, path):
    """The field at ``path`` (``community__name``, ``pk``) when every foreign key on the
    way cannot be empty — so that each record has exactly one value there; else None."""
    *relations, last = path.split("__")
    try:
        for part in relations:
            relation = model._meta.get_field(part)
            if not relation.many_to_one or relation.null:
                return None
            model = relation.related_model
        return model._meta.pk if last == "pk" else model._meta.get_field(last)
    except FieldDoesNotExist:
        return None


def display_expression(path, model):
    """The SQL expression of the display name of the ``model`` record at ``path`` (a
    foreign key of the list's model; ``""``: the list's own record) — NULL where there is
    none — or None where only Python can tell."""
    prefix = f"{path}__" if path else ""
    expression = DISPLAY_EXPRESSIONS.get(model._meta.label_lower)
    if expression is not None:
        return expression(prefix)
    if "display_sql" in model.__dict__:
        # A name made otherwise than of columns joined by spaces: the model says how
        # (``display_sql(prefix)``, a classmethod), with ``at(prefix, …)`` for its parts.
        return _none_without_record(prefix, model.display_sql(prefix))
    names = display_columns(model)
    if names is None:
        return None
    if len(names) == 1:
        return F(f"{prefix}{names[0]}")
    parts = []
    for name in names:
        parts.extend([F(f"{prefix}{name}"), Value(" ")])
    return _none_without_record(prefix, Concat(*parts[:-1], output_field=models.TextField()))


def _none_without_record(prefix, expression):
    if not prefix:
        return expression
    return Case(When(**{f"{prefix}pk__isnull": True}, then=Value(None)),
                default=expression, output_field=models.TextField())


def related_display(prefix, model, relation):
    """The display expression of ``model``'s ``relation`` (a foreign key) at ``prefix``,
    for a ``display_sql`` built of its related records' names."""
    related_model = model._meta.get_field(relation).related_model
    return display_expression(f"{prefix}{relation}", related_model)


def as_text(expression):
    """A value as ``str()`` prints it, for the simple types whose text SQL gives alike (a
    date: ISO 8601; an integer; text)."""
    return Cast(expression, output_field=models.TextField())
