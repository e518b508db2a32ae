"""Enterprise accounts: staff create a login bound to a landed project's company."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.enums import Role
from projects.enums import SIGNED_STATES

from .. import permissions as can
from ..models import EnterpriseAccount


def enterprise_account_create(*, project, username, password, contact_name, mobile, by):
    """A login for the company of `project` (a signed project); it sees every project of the company."""
    if not can.is_centre(by):
        raise PermissionDenied(_("Only the promotion centre creates enterprise accounts."))
    User = get_user_model()
    errors = {}
    if project.state not in SIGNED_STATES:
        errors["project"] = _("Enterprise accounts are for companies of signed projects.")
    if not (username or "").strip():
        errors["username"] = _("Choose a login name.")
    elif User.objects.filter(username=username.strip()).exists():
        errors["username"] = _("This login name is taken.")
    if len(password or "") < 8:
        errors["password"] = _("The password needs at least 8 characters.")
    if not (contact_name or "").strip():
        errors["contact_name"] = _("Give the contact person's name.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username.strip(), password=password, last_name=contact_name.strip(), mobile=mobile or ""
        )
        user.groups.add(Group.objects.get(name=Role.ENTERPRISE))
        account = EnterpriseAccount.objects.create(
            user=user, company_name=project.investor_name, company_key=project.investor_key
        )
        audit_record(
            obj=account,
            action="aftercare.account_created",
            actor=by,
            project_id=project.pk,
            data={"username": user.username},
        )
    return account
