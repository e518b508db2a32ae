"""Writes for chains: target lists imported from a spreadsheet, contacts, targets made leads, firms placed.

A company is recognised as the ledger recognises it (projects.company: credit code, else the
normalised name); "already ours" is the referral office's own test (referrals' company_known: a
first report or a ledger project) plus the local firms. A target becomes a lead through the ledger's
intake service, project_create, never a copy of it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from projects.company import company_code_key, company_name_key
from projects.enums import ProjectState, Source
from projects.services import project_create
from referrals.services.submission import company_known

from . import permissions as can
from .enums import LinkState
from .models import LocalFirm, Target
from .target_rows import parse_target_rows


@dataclass
class ImportResult:
    target_list: object = None
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # RowNote: already local, in the pipeline, a target
    errors: list = field(default_factory=list)  # RowNote: nothing was imported

    @property
    def ok(self):
        return not self.errors


def is_local(*, name_key, code_key):
    same = Q(name_key=name_key)
    if code_key:
        same |= Q(code_key=code_key)
    return LocalFirm.objects.filter(same).exists()


def why_already_ours(*, name_key, code_key):
    """Why a company cannot be a target: it is local, or in the pipeline; "" if it can."""
    if is_local(name_key=name_key, code_key=code_key):
        return _("already a local firm")
    if company_known(name_key=name_key, code_key=code_key):
        return _("already in the pipeline (ledger or referrals)")
    return ""


def target_list_import(*, chain, name, source, file, by, default_link=None, default_owner=None):
    """Import a target list for `chain`: every row checked first, then all saved or none.

    Rows naming a company that is already local or in the pipeline, already a target on that link,
    or on a strong link are skipped and reported; rows that cannot be read or matched to a link are
    errors (with their line) and nothing is imported.
    """
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to import target lists."))
    from .selectors import links_with_state

    rows, errors = parse_target_rows(
        file, chain=chain, default_link=default_link, default_owner=default_owner
    )
    result = ImportResult(errors=errors)
    if errors:
        return result
    states = dict(links_with_state(chain.links.all()).values_list("pk", "link_state"))
    seen = set()
    keep = []
    for row in rows:
        name_key, code_key = company_name_key(row.name), company_code_key(row.credit_code)
        reason = why_already_ours(name_key=name_key, code_key=code_key)
        if not reason and states.get(row.link.pk) == LinkState.STRONG:
            reason = _("the link “%(link)s” is strong") % {"link": row.link.name}
        same_target = Q(name_key=name_key) | (Q(code_key=code_key) if code_key else Q(pk__in=[]))
        if not reason and (
            (row.link.pk, name_key) in seen
            or (code_key and (row.link.pk, code_key) in seen)
            or Target.objects.filter(same_target, chain_link=row.link).exists()
        ):
            reason = _("already a target on this link")
        if reason:
            result.skipped.append(row.note(reason))
            continue
        seen.update({(row.link.pk, name_key), (row.link.pk, code_key)})
        keep.append(row)
    with transaction.atomic():
        target_list = chain.target_lists.create(
            name=name, source=source, file_name=getattr(file, "name", "")[:255], imported_by=by
        )
        for row in keep:
            target = Target(
                target_list=target_list,
                chain_link=row.link,
                name=row.name,
                credit_code=row.credit_code,
                industry_code=row.industry_code,
                reason=row.reason,
                owner=row.owner,
            )
            target.full_clean(exclude=["target_list"])
            target.save()
            result.created.append(target)
        audit_record(
            obj=target_list,
            action="chains.targets_imported",
            actor=by,
            data={"created": len(result.created), "skipped": len(result.skipped), "chain": chain.code},
        )
    result.target_list = target_list
    return result


def target_contacted(*, target, by, on=None):
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to update targets."))
    with transaction.atomic():
        locked = Target.objects.select_for_update().get(pk=target.pk)
        if locked.contacted_on is None:
            locked.contacted_on = on or timezone.localdate()
            locked.save(update_fields=["contacted_on"])
            audit_record(
                obj=locked, action="chains.target_contacted", actor=by, data={"on": str(locked.contacted_on)}
            )
    return locked


def target_to_lead(*, target, by, note=""):
    """Make a target a lead: a ledger project in `lead` on the target's link, through project_create."""
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to make leads from targets."))
    with transaction.atomic():
        locked = Target.objects.select_for_update().select_related("chain_link__chain").get(pk=target.pk)
        if locked.project_id:
            raise ValidationError(_("This target is already a lead."), code="already_lead")
        reason = why_already_ours(name_key=locked.name_key, code_key=locked.code_key)
        if reason:
            raise ValidationError(
                _("This company cannot become a new lead: %(reason)s.") % {"reason": reason}, code="known"
            )
        chain = locked.chain_link.chain
        locked.project = project_create(
            by=by,
            state=ProjectState.LEAD,
            name=_("%(company)s investment project") % {"company": locked.name},
            investor_name=locked.name,
            investor_credit_code=locked.code_key,
            source=Source.CHAIN,
            platform=chain.platform,
            industry_chain=chain,
            industry_code=locked.industry_code,
            chain_link=locked.chain_link,
            chain_link_set_by_hand=True,
        )
        if locked.contacted_on is None:
            locked.contacted_on = timezone.localdate()
        locked.save(update_fields=["project", "contacted_on"])
        audit_record(
            obj=locked,
            action="chains.target_to_lead",
            actor=by,
            note=note,
            project_id=locked.project_id,
            data={"target": locked.pk, "link": locked.chain_link_id},
        )
    return locked
