"""The investor list's pages: two-ended like the ledger's, with its own cache of counts."""

from projects.pagination import TwoEndedPaginator
from xianju_invest.cache import VersionedCache

investor_counts = VersionedCache(
    "investors:list-count",
    timeout=60,
    moved_by="post_save / post_delete of Investor; writes that bypass signals: the one-minute expiry",
)


class InvestorPaginator(TwoEndedPaginator):
    count_cache = investor_counts
