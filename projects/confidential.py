"""Confidential projects (保密项目): who may read the real name, and the name everyone else reads.

The one place that decides it: `Project.name_for(user)`, the `shown_name` template filter and
`shown_name_expression` (for `.values()` rows) all read `knows_q` / `knows` below. A need to know:
whoever reads the whole ledger (the centre, leaders, administrators), and the project's own
people (task force lead, members and experts, service cadre). Everyone else — a department
reviewer, say — reads the code name.
"""

from django.db.models import Case, CharField, F, Q, When

from org.permissions import can_view_all


def _people_q(user, prefix=""):
    return (
        Q(**{f"{prefix}service_cadre": user})
        | Q(**{f"{prefix}task_force__lead": user})
        | Q(**{f"{prefix}task_force__members": user})
        | Q(**{f"{prefix}task_force__experts": user})
    )


def knows(user, project):
    """May `user` read the real name of `project`?"""
    if not project.confidential or (user is not None and can_view_all(user)):
        return True
    if user is None or not user.is_authenticated:
        return False
    from .models import Project

    return Project.objects.filter(_people_q(user), pk=project.pk).exists()


def shown_name(project, user):
    return project.name if knows(user, project) else project.code_name


def shown_name_expression(user, prefix=""):
    """The name `user` may read, as a database expression over projects (or `prefix`-ed relations)."""
    name = F(f"{prefix}name")
    if user is not None and can_view_all(user):
        return name
    hidden = Q(**{f"{prefix}confidential": True})
    if user is not None and user.is_authenticated:
        from .models import Project

        people = Project.objects.filter(_people_q(user)).values("pk")
        hidden &= ~Q(**{f"{prefix}pk__in": people})
    return Case(When(hidden, then=F(f"{prefix}code_name")), default=name, output_field=CharField())


def code_name_everywhere(name, code_name, confidential):
    """For texts sent to many (deadline titles, digests): the code name whenever it is confidential."""
    return code_name if confidential and code_name else name
