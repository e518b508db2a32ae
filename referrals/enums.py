from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferrerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")
    LOCAL_ENTERPRISE = "local_enterprise", _("Local enterprise bringing a partner")
    HOMETOWN = "hometown", _("Hometown entrepreneur")


class ReferralStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting triage")
    DUPLICATE = "duplicate", _("Duplicate report")
    ACCEPTED = "accepted", _("Accepted into the ledger")
    MERGED = "merged", _("Merged into an existing project")
    REJECTED = "rejected", _("Not taken up")


# Statuses a triage step may start from.
OPEN_STATUSES = {ReferralStatus.SUBMITTED, ReferralStatus.DUPLICATE}
IN_LEDGER_STATUSES = {ReferralStatus.ACCEPTED, ReferralStatus.MERGED}


class ConfirmingParty(models.TextChoices):
    """Domain §4: a referral is confirmed by the promotion centre and by the host unit."""

    CENTRE = "centre", _("Promotion centre")
    HOST = "host", _("Host unit")


class ReferralStep(models.TextChoices):
    """The steps of referrals.services.transitions.STEPS, the only ways a referral changes."""

    ACCEPT = "accept", _("Accept into the ledger")
    MERGE = "merge", _("Merge into a project")
    REJECT = "reject", _("Reject")
    CONFIRM_CENTRE = "confirm_centre", _("Confirm for the promotion centre")
    CONFIRM_HOST = "confirm_host", _("Confirm for the host unit")
