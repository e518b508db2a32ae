"""Page numbers that stay fast at both ends of a long ledger.

OFFSET costs grow with the page number: for pages in the second half the query runs in reverse
order with the smaller offset from the end, so the last page costs what the first one does. The
ordering must be total (the ledger always ends it with the id) for the reversal to be exact.

COUNT(*) over the whole ledger costs more than the page itself, so counts are cached by the
count's WHERE clause in `projects.caches.ledger_figures`, whose version every save or deletion of a
project, and of what a filter or a light rule reads, moves on; writes that bypass the signals are
covered by a one-minute expiry.
"""

import hashlib

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from .caches import ledger_figures


class TwoEndedPaginator(Paginator):
    count_cache = ledger_figures  # a subclass for another table names the cache its writes move

    @cached_property
    def count(self):
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().count
        try:
            # The WHERE clause alone identifies the count; compiling the whole SELECT costs more.
            sql, params = qs.query.get_compiler(qs.db).compile(qs.query.where)
        except EmptyResultSet:
            return 0
        except FullResultSet:
            sql, params = "", []
        digest = hashlib.blake2b(f"{qs.model.__name__}|{sql}|{params}".encode(), digest_size=16).hexdigest()
        return self.count_cache.get_or_set(digest, qs.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and hasattr(self.object_list, "reverse"):
            rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
            return Page(rows, number, self)
        return self._get_page(self.object_list[bottom:top], number, self)


class LedgerPagination(PageNumberPagination):
    django_paginator_class = TwoEndedPaginator
    page_size = 50
