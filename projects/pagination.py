"""Page numbers that stay fast at both ends of a long ledger.

OFFSET costs grow with the page number: for pages in the second half the query runs in reverse
order with the smaller offset from the end, so the last page costs what the first one does. The
ordering must be total (the ledger always ends it with the id) for the reversal to be exact.

COUNT(*) over the whole ledger costs more than the page itself, so counts are cached under the
count's WHERE clause and a stamp of the table (highest id, latest update, deletions): a save,
creation or deletion of a project changes the stamp. Two transactions committing out of order
could leave the stamp unchanged, so a count is also kept only for a minute.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

COUNT_TTL = 60
_DELETIONS_KEY = "projects:ledger:deletions"


def ledger_stamp():
    from .models import Project

    found = Project.objects.order_by().aggregate(last_id=Max("id"), last_update=Max("updated_at"))
    return f"{found['last_id']}:{found['last_update']}:{cache.get(_DELETIONS_KEY, 0)}"


def project_deleted(**kwargs):
    """post_delete receiver: deletions do not move the highest id or the latest update."""
    try:
        cache.incr(_DELETIONS_KEY)
    except ValueError:
        cache.set(_DELETIONS_KEY, 1, None)


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
        digest = hashlib.sha1(f"{qs.model.__name__}|{sql}|{params}|{ledger_stamp()}".encode()).hexdigest()
        key = f"projects:ledger:count:{digest}"
        found = cache.get(key)
        if found is None:
            found = qs.count()
            cache.set(key, found, COUNT_TTL)
        return found

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
