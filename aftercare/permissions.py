"""Who may do what with an enterprise request; used by services, views and the API alike."""

from .enums import AssignmentRole


def _signed_in(user):
    return user is not None and user.is_authenticated


def is_enterprise(user):
    return _signed_in(user) and user.has_perm("aftercare.file_request") and hasattr(user, "enterprise")


def is_centre(user):
    """The promotion centre routes requests, settles objections, decides extensions."""
    return _signed_in(user) and user.has_perm("aftercare.route_request")


def can_read_all(user):
    return _signed_in(user) and user.has_perm("org.view_all")


def owns(user, request):
    """The enterprise whose company filed (or was served by) the request."""
    return is_enterprise(user) and user.enterprise.company_key == request.company_key


def is_cadre(user, request):
    """The project's service cadre or its deputy."""
    if not _signed_in(user):
        return False
    project = request.project
    if project.service_cadre_id == user.pk:
        return True
    deputy = getattr(project, "cadre_deputy", None)
    return deputy is not None and deputy.deputy_id == user.pk


def unit_role(user, request):
    """ "lead", "assist" or None: the user's unit's active part on the request."""
    if not _signed_in(user) or user.unit_id is None or not user.has_perm("aftercare.handle_request"):
        return None
    for assignment in request.assignments.all():
        if assignment.active and assignment.unit_id == user.unit_id:
            return assignment.role
    return None


def is_lead_unit(user, request):
    return unit_role(user, request) == AssignmentRole.LEAD


def can_file_for(user, project):
    """An enterprise files for its own projects; a cadre on behalf of the projects it serves."""
    if is_enterprise(user):
        return project.investor_key == user.enterprise.company_key
    return _signed_in(user) and (project.service_cadre_id == user.pk or is_centre(user))


def can_view(user, request):
    return (
        can_read_all(user)
        or owns(user, request)
        or is_cadre(user, request)
        or unit_role(user, request) is not None
    )


def can_read_statistics(user):
    return can_read_all(user) or (_signed_in(user) and user.has_perm("aftercare.handle_request"))
