"""Page numbers that stay fast at the far end of a long ledger.

OFFSET costs grow with the page number; for pages in the second half the query runs in reverse
order with the smaller offset from the end, so the last page costs what the first one does.
The ordering must be total (the ledger always ends it with the id) for the reversal to be exact.
"""

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination


class TwoEndedPaginator(Paginator):
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
