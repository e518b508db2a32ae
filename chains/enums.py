from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainStrategy(models.TextChoices):
    """What the county plan asks of a chain (延链 / 强链 / 布链)."""

    EXTEND = "extend", _("Extend the chain")
    STRENGTHEN = "strengthen", _("Strengthen the chain")
    SEED = "seed", _("Seed a new chain")


class LinkPosition(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class LinkState(models.TextChoices):
    STRONG = "strong", _("Strong")
    WEAK = "weak", _("Weak")
    MISSING = "missing", _("Missing")


class TargetSource(models.TextChoices):
    LEADER_SUPPLIERS = "leader_suppliers", _("A chain leader's suppliers")
    LITTLE_GIANTS = "little_giants", _("Specialised “little giant” firms")
    OTHER = "other", _("Other list")


class FunnelStage(models.TextChoices):
    TARGETS = "targets", _("Targets")
    CONTACTED = "contacted", _("Contacted")
    LEADS = "leads", _("Leads")
    SIGNED = "signed", _("Signed")
    LANDED = "landed", _("Landed")
