"""Cell text made by the database for the CSV, where Python would only parse a value to
print it again.

psycopg turns each ``timestamptz`` cell into a ``datetime`` (about 20–35 µs a cell here;
a problem row has eight), which the CSV then converts to the site's time zone and writes
as ISO text. On PostgreSQL the query writes that text itself, character for character
what ``value.astimezone(zone).isoformat()`` gives (``2024-03-01T09:30:00+08:00``;
``.ffffff`` only when there are microseconds; an offset with seconds when the zone's
history has one).
"""

from zoneinfo import ZoneInfo

from django.db.models import DecimalField, F, Func, TextField

# {c}: the column; {z}: the zone's name (a parameter); {s}: the zone's offset in seconds.
_LOCAL = "({c} AT TIME ZONE {z})"
_OFFSET = f"(EXTRACT(EPOCH FROM {_LOCAL} - ({{c}} AT TIME ZONE 'UTC'))::integer)"
_TEMPLATE = (
    f"to_char({_LOCAL}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    f" || CASE WHEN to_char({_LOCAL}, 'US') = '000000' THEN ''"
    f" ELSE '.' || to_char({_LOCAL}, 'US') END"
    " || CASE WHEN {s} < 0 THEN '-' ELSE '+' END"
    " || lpad((abs({s}) / 3600)::text, 2, '0')"
    " || ':' || lpad((abs({s}) % 3600 / 60)::text, 2, '0')"
    " || CASE WHEN abs({s}) % 60 = 0 THEN '' ELSE ':' || lpad((abs({s}) % 60)::text, 2, '0')"
    " END"
)


class LocalIsoText(Func):
    """``timestamptz`` → ISO 8601 text in ``zone`` (a ``ZoneInfo``), on PostgreSQL."""

    output_field = TextField()

    def __init__(self, expression, zone):
        super().__init__(expression)
        self.zone = zone

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError("LocalIsoText is written by PostgreSQL only")

    def as_postgresql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        sql, params = [], []
        template = _TEMPLATE.replace("{s}", _OFFSET)
        for piece in _split(template):
            if piece == "{c}":
                sql.append(column)
                params.extend(column_params)
            elif piece == "{z}":
                sql.append("%s")
                params.append(self.zone.key)
            else:
                sql.append(piece.replace("%", "%%"))
        return "".join(sql), params


def _split(template):
    """The template in pieces: text, ``{c}`` and ``{z}``."""
    pieces, rest = [], template
    while rest:
        found = [(rest.find(token), token) for token in ("{c}", "{z}") if token in rest]
        if not found:
            pieces.append(rest)
            break
        at, token = min(found)
        pieces.extend([rest[:at], token])
        rest = rest[at + len(token):]
    return [piece for piece in pieces if piece]


def local_iso_text(path, zone, connection):
    """The expression reading ``path`` as that text, or None where the database or the
    zone cannot (then Python formats each cell)."""
    if connection.vendor != "postgresql" or not isinstance(zone, ZoneInfo):
        return None
    return LocalIsoText(F(path), zone)


class HoursTaken(Func):
    """An interval as hours to one place, a half away from zero, on PostgreSQL: exact
    (``EXTRACT(EPOCH …)`` is a numeric to the microsecond), as ``columns.hours`` rounds
    it in Python. psycopg parsed each interval into a ``timedelta`` for Python to round
    (the problems CSV has two a row)."""

    template = "ROUND(EXTRACT(EPOCH FROM %(expressions)s)::numeric / 3600, 1)"
    output_field = DecimalField(max_digits=12, decimal_places=1)

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError("HoursTaken is computed by PostgreSQL only")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, **extra)


def hours_taken(path, connection):
    """The expression reading the interval at ``path`` as rounded hours, or None where the
    database cannot (then Python rounds each cell, the same way)."""
    if connection.vendor != "postgresql":
        return None
    return HoursTaken(F(path))
