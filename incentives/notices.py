"""How rewards read on a project's timeline (registered from IncentivesConfig.ready with
audit.labels): every action the rewards app writes and the states its rows carry."""

from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_label, register_state_choices

from .enums import FactState, InstallmentState

TIMELINE = {
    "reward.adjustment": _("Reward adjustment recorded"),
    "reward.figures_entered": _("Verified figures entered"),
    "reward.figures_verified": _("Verified figures confirmed by a second person"),
    "reward.tax_entered": _("Retained tax entered"),
    "reward.tax_verified": _("Retained tax confirmed by a second person"),
    "reward.beneficiaries_set": _("Reward beneficiaries set"),
}


def register():
    register_state_choices(InstallmentState, FactState)
    # One action per installment state (incentives.services.installment_move): "Reward installment: 已核对".
    for state in InstallmentState.values:
        register_action_label(f"reward.{state}", _("Reward installment"), states=InstallmentState)
    for action, label in TIMELINE.items():
        register_action_label(action, label, with_state=False)
