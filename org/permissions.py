"""Predicates shared by views, the API and services."""

from rest_framework.permissions import BasePermission

from .enums import UnitKind


def is_promotion_staff(user):
    return user.is_authenticated and user.has_perm("org.manage_pipeline")


def can_view_all(user):
    return user.is_authenticated and user.has_perm("org.view_all")


def can_sign_for(user, unit):
    """A reviewer acts only for their own unit."""
    return (
        user.is_authenticated
        and user.has_perm("org.sign_review")
        and user.unit_id is not None
        and user.unit_id == getattr(unit, "pk", unit)
    )


def is_leader(user):
    return user.is_authenticated and user.has_perm("org.decide")


def is_administrator(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm("org.administer"))


def is_reviewer(user):
    return user.is_authenticated and user.has_perm("org.sign_review")


def is_expert(user):
    return user.is_authenticated and user.unit_id is not None and user.unit.kind == UnitKind.EXPERT


class HasPerm(BasePermission):
    """DRF permission: `HasPerm.of("org.view_all")`."""

    perm = None

    @classmethod
    def of(cls, perm):
        return type(f"HasPerm_{perm.replace('.', '_')}", (cls,), {"perm": perm})

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))
