"""The demo county's default scoring policy (domain §5), seeded by migration 0002."""

import datetime as dt
from decimal import Decimal

DEFAULT_EFFECTIVE_FROM = dt.date(2020, 1, 1)
DEFAULT_NAME = "晾晒比拼默认赋分办法"
# (total investment from, in yuan; points)
DEFAULT_SIZE_CLASSES = [
    (Decimal("1000000000"), Decimal("20")),
    (Decimal("500000000"), Decimal("10")),
    (Decimal("100000000"), Decimal("6")),
    (Decimal("0"), Decimal("3")),
]
DEFAULT_WEIGHTS = {
    "industrial": Decimal("1.0"),
    "culture_tourism": Decimal("0.9"),
    "service": Decimal("0.8"),
    "agriculture": Decimal("0.6"),
}


def create_default_policy(policy_model, size_class_model, weight_model, **overrides):
    """The default version (the model's field defaults are the default figures) with its rows."""
    fields = {"name": DEFAULT_NAME, "effective_from": DEFAULT_EFFECTIVE_FROM, **overrides}
    policy = policy_model.objects.create(**fields)
    size_class_model.objects.bulk_create(
        [size_class_model(policy=policy, min_investment=m, points=p) for m, p in DEFAULT_SIZE_CLASSES]
    )
    weight_model.objects.bulk_create(
        [weight_model(policy=policy, category=c, weight=w) for c, w in DEFAULT_WEIGHTS.items()]
    )
    return policy
