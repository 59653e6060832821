"""The core's services; its modules declare the writes of the core's records when
imported (``services.writes`` imports this package to find them)."""

from cuizhai.core.services import checklists, enterprises, people  # noqa: F401
