from .facts import Beneficiary, RetainedTax, VerifiedFigures, masked_name
from .installments import Installment, Objection, RewardReview, slot_label
from .policy import CapTier, IntensityFactor, OperatingRate, PolicyVersion

__all__ = [
    "Beneficiary",
    "CapTier",
    "Installment",
    "IntensityFactor",
    "Objection",
    "OperatingRate",
    "PolicyVersion",
    "RetainedTax",
    "RewardReview",
    "VerifiedFigures",
    "masked_name",
    "slot_label",
]
