"""How the admin's lists show values a clerk reads at a glance: money with thousands
separators and two places, figures without needless decimals, growth rates signed, and
problems as badges (a red "逾期" where something is late, nothing where all is well) rather
than yes/no icons whose colours say the opposite of what they mean.

The classes used here are styled in ``core/admin.css``.
"""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

EMPTY = ""

# Badge tones, as classes of core/admin.css.
DANGER = "danger"
WARNING = "warning"
INFO = "info"


def money(value):
    """An amount (万元) as ``98,000.00``: thousands separators whatever the language (the
    Chinese locale groups by nothing), two places, right-aligned in its column."""
    if value is None:
        return EMPTY
    return format_html('<span class="num">{}</span>', f"{Decimal(value):,.2f}")


def figure(value):
    """A figure without needless decimals (``390.2``, not ``390.2000``), grouped by
    thousands, right-aligned."""
    if value is None:
        return EMPTY
    value = Decimal(value)
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return format_html('<span class="num">{}</span>', text)


def percent(value, *, places=2, signed=False):
    """A percentage (``+115.41%``; ``85%`` with ``places=0``), right-aligned; empty when
    unknown."""
    if value is None:
        return EMPTY
    sign = "+" if signed else ""
    return format_html('<span class="num">{}</span>',
                       f"{Decimal(value):{sign},.{places}f}%")


def badge(text, tone=DANGER):
    return format_html('<span class="badge badge-{}">{}</span>', tone, text)


def flag(condition, text, tone=DANGER):
    """A badge where ``condition`` holds, nothing otherwise: a list shows what needs
    attention, not a column of ticks."""
    return badge(text, tone) if condition else EMPTY


def overdue_flag(condition):
    return flag(condition, _("Overdue"))


def person(user):
    """A person by name (the user's full name; the login only when no name is known)."""
    if user is None:
        return EMPTY
    return user.get_full_name() or user.get_username()
