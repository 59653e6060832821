"""A CSV cell's text written by PostgreSQL, so that a whole CSV can be its ``COPY``.

Where every column of an export can be written by the database (``CellText``), the CSV's
rows are PostgreSQL's own ``COPY (…) TO STDOUT WITH (FORMAT csv)``, streamed as they come:
no row is parsed into Python values only to be printed again. The text is, character for
character, what ``files.csv_lines`` writes from the Python values (a test compares the two
files): an empty cell is NULL (COPY writes it unquoted, as Python's ``csv`` writes ``""``
and ``None``), text that a spreadsheet would run as a formula starts with ``'``, choices and
yes/no are their labels in the request's language, numbers have the column's places, dates
are ISO. A column that needs Python (a masked personal field, a name only ``str()`` knows, a
value computed in Python) has no ``CellText``, and then the whole file is written by Python.
"""

import json

from django.db.models import F, Func, TextField

# A text cell starting with one of these is run by a spreadsheet as a formula (OWASP "CSV
# injection"); the file prefixes it with ``'``. ``FORMULA_PATTERN`` is the same set for
# PostgreSQL's regular expressions.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_PATTERN = r"^([-=+@\t\r])"


def neutralised(text):
    """Text that no spreadsheet runs as a formula."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


TEXT, YES_NO, CHOICE, NUMBER, DATE, AS_IS = "text", "yes_no", "choice", "number", "date", "as_is"


def _text_sql(sql):
    # NULLIF: an empty text is an empty cell, as NULL is (COPY would quote '' as "").
    return f"regexp_replace(NULLIF(({sql})::text, ''), '{FORMULA_PATTERN}', '''\\1')"


class CellText(Func):
    """The CSV text of ``expression`` (a path or an expression) in one of the shapes above:
    ``TEXT`` (a text, or anything printed as one), ``YES_NO`` (``words``: the yes and no),
    ``CHOICE`` (``labels``: ``{value: label}``; another value is shown as text), ``NUMBER``
    (``places``: rounded to that many, else as stored), ``DATE``, ``AS_IS`` (already the
    cell's text: ``sql.LocalIsoText``)."""

    output_field = TextField()

    def __init__(self, expression, shape, *, places=None, words=None, labels=None):
        super().__init__(F(expression) if isinstance(expression, str) else expression)
        self.shape, self.places = shape, places
        self.words = tuple(neutralised(str(word)) for word in words or ())
        self.labels = tuple((value, neutralised(str(label)))
                            for value, label in (labels or {}).items())

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError("CellText is written by PostgreSQL only")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        params = tuple(params)
        if self.shape == TEXT:
            return _text_sql(sql), params
        if self.shape == YES_NO:
            return f"CASE ({sql}) WHEN true THEN %s WHEN false THEN %s END", (*params,
                                                                               *self.words)
        if self.shape == CHOICE:
            whens = " ".join("WHEN %s THEN %s" for _label in self.labels)
            pairs = tuple(item for pair in self.labels for item in pair)
            return (f"CASE ({sql}) {whens} ELSE {_text_sql(sql)} END",
                    (*params, *pairs, *params))
        if self.shape == NUMBER:
            if self.places is None:
                return f"({sql})::text", params
            return f"(ROUND(({sql})::numeric, {int(self.places)}))::text", params
        if self.shape == DATE:
            return f"to_char({sql}, 'YYYY-MM-DD')", params
        return sql, params  # AS_IS


class LookedUp(Func):
    """The text ``names`` (a dict, filled before the query is compiled) holds for the key at
    ``expression``, looked up by the database: the names of related records that only
    Python can make (``str()``), made once per export and sent with the query."""

    output_field = TextField()

    def __init__(self, expression, names):
        super().__init__(F(expression) if isinstance(expression, str) else expression)
        self.names = names

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError("LookedUp is written by PostgreSQL only")

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        names = json.dumps({str(key): value for key, value in self.names.items()},
                           ensure_ascii=False)
        return f"(%s::jsonb ->> ({sql})::text)", (names, *params)
