from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    CONCLUDED = "concluded", _("Concluded")


class Verdict(models.TextChoices):
    AGREE = "agree", _("Agree")
    CONDITIONAL = "conditional", _("Agree with conditions")
    DISAGREE = "disagree", _("Disagree")


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    CONDITIONAL_PASS = "conditional_pass", _("Conditional pass")
    FAIL = "fail", _("Fail")


class ConclusionKind(models.TextChoices):
    AUTOMATIC = "automatic", _("Every required opinion was in")
    CONVENER = "convener", _("Closed by the convener")


class OpinionLight(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")
    DONE = "done", pgettext_lazy("review opinion", "Signed")
