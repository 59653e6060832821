"""Office time, and the services run as if it were a chosen moment."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    """A moment in office time (Asia/Shanghai): ``at(2024, 10, 8, 10)``."""
    return datetime(*args, tzinfo=SHANGHAI)


@contextmanager
def clock(moment):
    """Run the services as if it were ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
