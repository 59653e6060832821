"""The request transaction of API views that take themselves out of ``ATOMIC_REQUESTS``.

A request that only reads runs without one: ``ATOMIC_REQUESTS`` costs a BEGIN and a COMMIT,
two round trips to the database, per request. Any other request runs in one transaction
per database, as ``ATOMIC_REQUESTS`` would run it. A read made inside a caller's
transaction (a test's, a script's) still gets its savepoint: on an error DRF marks the
enclosing atomic block for rollback, which must be the request's own.
"""

from contextlib import ExitStack

from django.db import connections, transaction


def outside_request_transaction(view):
    """``view`` (an ``as_view()`` function) not wrapped by ``ATOMIC_REQUESTS``."""
    return transaction.non_atomic_requests(view)


def request_transaction(*, reading):
    """A context manager: the request's transactions (none for a read on its own)."""
    transactions = ExitStack()
    for database in connections.all(initialized_only=False):
        if database.settings_dict["ATOMIC_REQUESTS"] and (
                not reading or database.in_atomic_block):
            transactions.enter_context(transaction.atomic(using=database.alias))
    return transactions
