"""``?ordering=`` with the primary key last, so that rows that tie on the asked order keep
one order from page to page: by offset, a tie left to the database may come back in
another order on the next page (a row seen twice, another never), and ``?cursor=`` pages
by the same key (``pagination.keyset_ordering``)."""

from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        names = [name for name in ordering if isinstance(name, str)]
        if any(name.lstrip("-") in ("pk", "id") for name in names):
            return ordering
        last = names[-1] if names else ""
        return [*ordering, "-pk" if last.startswith("-") else "pk"]
