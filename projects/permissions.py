"""Who may do what with projects; used by views, the API and services alike."""

from org.permissions import can_view_all, is_leader, is_promotion_staff

from .enums import ProjectState

S = ProjectState


def may_transition(user, project, to):
    """Leaders record a decision's "no"; promotion staff move the rest; either may record an exit."""
    if not user or not user.is_authenticated:
        return False
    if to == S.REJECTED and project.state == S.DECISION:
        return user.has_perm("org.decide")
    if to == S.EXITED:
        return user.has_perm("org.manage_pipeline") or user.has_perm("org.decide")
    return user.has_perm("org.manage_pipeline")


def can_view_project(user, project=None):
    return can_view_all(user)


def can_edit_project(user, project=None):
    return is_promotion_staff(user)


def can_record_decision(user, project=None):
    return is_leader(user)
