"""Who may do what with rewards (domain §1), shared by pages, the API and services."""

from rest_framework.permissions import BasePermission


def can_view(user):
    return user.is_authenticated and (
        user.has_perm("org.view_all") or user.has_perm("incentives.pay_rewards")
    )


def can_enter_facts(user):
    """Promotion staff enter and verify figures, tax and beneficiaries (two different people)."""
    return user.is_authenticated and user.has_perm("org.manage_pipeline")


def can_check(user):
    return user.is_authenticated and user.has_perm("incentives.check_rewards")


def can_approve(user):
    return user.is_authenticated and user.has_perm("org.approve_rewards")


def can_pay(user):
    return user.is_authenticated and user.has_perm("incentives.pay_rewards")


def can_open_approvals(user):
    """The approval queue: approvers act on it, everyone who sees the rewards may follow it."""
    return can_approve(user) or can_view(user)


def sees_payee_names(user):
    """A natural person's name in full: those who handle referrers (the centre's triage staff) and
    finance, who pays them; everyone else reads it masked, as the public notice prints it."""
    return user.is_authenticated and (user.has_perm("org.triage_referrals") or can_pay(user))


def sees_payee_details(user):
    """Bank account and ID number in full: the finance role only."""
    return can_pay(user)


class CanViewRewards(BasePermission):
    def has_permission(self, request, view):
        return can_view(request.user)
