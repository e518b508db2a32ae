"""The request lists' pages: two-ended like the ledger's (projects.pagination), with their own cache
of counts.

Every list is ordered by (filed_on, id), a total order that the (filed_on, id), (company_key,
filed_on, id) and (state, filed_on, id) indexes serve in both directions. The count is cached by
the count's WHERE clause (which carries the viewer's company, unit or id), so a page does not count
thousands of rows on every visit. The same cache keeps whether a viewer may file a request (the
projects it serves as cadre or deputy), moved by the same saves.
"""

from rest_framework.pagination import PageNumberPagination

from projects.pagination import TwoEndedPaginator
from xianju_invest.cache import VersionedCache

PAGE_SIZE = 25

request_counts = VersionedCache(
    "aftercare:list-count",
    timeout=60,
    moved_by=(
        "post_save / post_delete of ServiceRequest, RequestAssignment, ProjectDeputy and Project; "
        "writes that bypass signals: the one-minute expiry"
    ),
)


class RequestPaginator(TwoEndedPaginator):
    count_cache = request_counts


class RequestPagination(PageNumberPagination):
    django_paginator_class = RequestPaginator
    page_size = 50
