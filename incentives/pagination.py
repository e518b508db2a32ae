"""Pages of the rewards register that cost the same at both ends (page and API alike).

The register is ordered by (due date, id), a total order the (trigger_date, id) index serves in
both directions, so the two-ended paginator of the ledger applies: pages in the second half are
read in reverse from the end. The count comes from the register's totals cache (the page knows it
already from its totals; the API's is cached there by the count's WHERE clause).
"""

from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from projects.pagination import TwoEndedPaginator

from .selectors import register_totals_cache

PAGE_SIZE = 50


class RegisterPaginator(TwoEndedPaginator):
    count_cache = register_totals_cache

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return super().count if self.known_count is None else self.known_count


class RegisterPagination(PageNumberPagination):
    django_paginator_class = RegisterPaginator
    page_size = PAGE_SIZE
