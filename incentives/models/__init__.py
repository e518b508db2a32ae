from .facts import Beneficiary, NewBeneficiary, RetainedTax, VerifiedFigures, masked_name
from .installments import Installment, NewInstallment, Objection, RewardBasis, RewardReview, slot_label
from .policy import CapTier, IntensityFactor, OperatingRate, PolicyVersion

__all__ = [
    "Beneficiary",
    "CapTier",
    "Installment",
    "IntensityFactor",
    "NewBeneficiary",
    "NewInstallment",
    "Objection",
    "OperatingRate",
    "PolicyVersion",
    "RetainedTax",
    "RewardBasis",
    "RewardReview",
    "VerifiedFigures",
    "masked_name",
    "slot_label",
]
