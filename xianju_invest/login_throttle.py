"""django-axes, counting failures per (username, address) and per address across accounts.

Axes compares one failure count with one limit. With AXES_LOCKOUT_PARAMETERS listing the pair and
then the address, this handler scales the address's count to the pair's limit, so each has its own:
one address spraying many accounts is stopped after AXES_ADDRESS_FAILURE_LIMIT failures in all,
while a colleague's five typos lock only their own name. A successful login clears only its own
pair, so a sprayer with one real account cannot wipe the address's count.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class PairAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        pair, address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        # floor(address * limit / address_limit) >= limit exactly when address >= address_limit.
        return max(pair, address * limit // settings.AXES_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None):
        pair = self.filter_user_attempts(request, credentials)[0]
        return pair.delete()[0]
