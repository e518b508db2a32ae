from .facts import Beneficiary, RetainedTax, VerifiedFigures, masked_name
from .installments import Installment, NotPayable, Objection, slot_label
from .policy import CapTier, IntensityFactor, OperatingRate, PolicyVersion

__all__ = [
    "Beneficiary",
    "CapTier",
    "Installment",
    "IntensityFactor",
    "NotPayable",
    "Objection",
    "OperatingRate",
    "PolicyVersion",
    "RetainedTax",
    "VerifiedFigures",
    "masked_name",
    "slot_label",
]
