"""Page numbers that stay fast at both ends of a long ledger.

OFFSET costs grow with the page number: for pages in the second half the query runs in reverse
order with the smaller offset from the end, so the last page costs what the first one does. The
ordering must be total (the ledger always ends it with the id) for the reversal to be exact.

COUNT(*) over the whole ledger costs more than the page itself, so counts are cached under the
count's WHERE clause and a ledger version that every save or deletion of a project moves on: at
once (for the saving connection) and again after its commit (for everyone else, who could have
recounted in between). Writes that bypass the signals are covered by a one-minute expiry.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

COUNT_TTL = 60
_VERSION_KEY = "projects:ledger:version"


def _bump_version():
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def ledger_changed(**kwargs):
    """post_save / post_delete receiver for Project."""
    _bump_version()
    transaction.on_commit(_bump_version)


class TwoEndedPaginator(Paginator):
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
        digest = hashlib.sha1(f"{qs.model.__name__}|{sql}|{params}".encode()).hexdigest()
        key = f"projects:ledger:count:{digest}"
        found = cache.get_many([_VERSION_KEY, key])
        version = found.get(_VERSION_KEY, 0)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        count = qs.count()
        cache.set(key, (version, count), COUNT_TTL)
        return count

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
