from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reward(models.TextChoices):
    REFERRAL = "referral", _("Referral reward")
    INVESTMENT = "investment", _("Investment reward")
    OPERATING = "operating", _("Operating reward")


class InstallmentState(models.TextChoices):
    CALCULATED = "calculated", _("Calculated")
    CHECKED = "checked", _("Checked")
    APPROVED = "approved", pgettext_lazy("reward state", "Approved")
    NOTICED = "noticed", _("Publicly noticed")
    HELD = "held", _("Held by an objection")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which an amount stands: a policy version used by one of them is read-only.
CHECKED_OR_LATER = [
    InstallmentState.CHECKED,
    InstallmentState.APPROVED,
    InstallmentState.NOTICED,
    InstallmentState.HELD,
    InstallmentState.PAID,
]
# Every state but withdrawn counts towards the cap.
GRANTED_STATES = [s for s in InstallmentState if s != InstallmentState.WITHDRAWN]
# Shown on the public notice page.
PUBLIC_STATES = [InstallmentState.NOTICED, InstallmentState.HELD]


class BeneficiaryKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class ObjectionOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed: the notice continues")
    UPHELD = "upheld", _("Upheld: the installment is withdrawn")


class FactState(models.TextChoices):
    ENTERED = "entered", _("Entered, awaiting verification")
    VERIFIED = "verified", _("Verified")
